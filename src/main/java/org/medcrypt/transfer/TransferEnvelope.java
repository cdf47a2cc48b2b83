package org.medcrypt.transfer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;

/**
 * The secure-transfer envelope, version 1: what the recipient needs besides
 * the encrypted pixels, carried inside the encrypted image by
 * {@link MsbPredictionWatermark}. All integers big-endian.
 *
 * <pre>
 * offset  size  field
 *  0       4    magic "MCST"
 *  4       1    version = 1
 *  5       1    suite = 1: AES-256-GCM (128-bit tag, 96-bit nonce); session key wrapped with
 *               RSA-OAEP (SHA-256, MGF1-SHA-256, label "MedCrypt secure transfer v1");
 *               signature RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt)
 *  6       1    bits per sample (8, 16)
 *  7       1    samples per pixel (1; 3 for RGB)
 *  8       4    width            12  4  height        16  4  planes
 * 20       8    payload bits P embedded in the image (this envelope, zero-padded)
 * 28       8    recipient's RSA public key fingerprint (SHA-256 of its X.509 encoding, first 8 bytes)
 * 36       8    sender's RSA public key fingerprint
 * 44      12    GCM nonce
 * 56       2    W, wrapped key length    58  2  G, signature length    60  4  T, encrypted tail length
 * 64      16    GCM tag
 * 80       W    the 32-byte AES key, RSA-OAEP-encrypted for the recipient
 * 80+W     T    encrypted tail: GCM ciphertext of [varint m][m bytes of metadata][error map]
 * 80+W+T   G    sender's signature over bytes 0 .. 80+W+T
 * </pre>
 *
 * The GCM plaintext is the pixel stream ({@link PixelBytes}) followed by the
 * tail, with bytes 0..64 and the wrapped key as associated data. Everything
 * in bytes 0..64 is public: geometry, the two key fingerprints and the length
 * of the tail (so roughly the number of mispredicted samples).
 */
public final class TransferEnvelope {

	static final byte[] MAGIC = "MCST".getBytes(StandardCharsets.US_ASCII);
	static final int VERSION = 1, SUITE = 1;
	/** Size of the fixed header and offset of the tag. */
	public static final int HEADER_BYTES = 64, TAG_BYTES = 16, NONCE_BYTES = 12, FINGERPRINT_BYTES = 8;

	final PixelBytes geometry;
	final long payloadBits;
	final byte[] recipient, sender, nonce;
	final int wrappedLength, signatureLength, tailLength;

	TransferEnvelope(final PixelBytes geometry, final long payloadBits, final byte[] recipient, final byte[] sender,
		final byte[] nonce, final int wrappedLength, final int signatureLength, final int tailLength)
	{
		this.geometry = geometry;
		this.payloadBits = payloadBits;
		this.recipient = recipient;
		this.sender = sender;
		this.nonce = nonce;
		this.wrappedLength = wrappedLength;
		this.signatureLength = signatureLength;
		this.tailLength = tailLength;
	}

	/** Bytes of the envelope: header, tag, wrapped key, tail, signature. */
	int bytes() {
		return bytes(wrappedLength, tailLength, signatureLength);
	}

	static int bytes(final int wrapped, final int tail, final int signature) {
		return HEADER_BYTES + TAG_BYTES + wrapped + tail + signature;
	}

	/** Offset of the signature: the signed bytes come before it. */
	int signedBytes() {
		return HEADER_BYTES + TAG_BYTES + wrappedLength + tailLength;
	}

	/** The 64-byte fixed header. */
	byte[] header() {
		final ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
		b.put(MAGIC).put((byte) VERSION).put((byte) SUITE).put((byte) geometry.bitsPerSample).put(
			(byte) geometry.channels);
		b.putInt(geometry.width).putInt(geometry.height).putInt(geometry.planes).putLong(payloadBits);
		b.put(recipient).put(sender).put(nonce);
		b.putShort((short) wrappedLength).putShort((short) signatureLength).putInt(tailLength);
		return b.array();
	}

	/**
	 * Parses and checks a header read from an image of geometry {@code actual}:
	 * a clear message if it is not an envelope, of another version, or if the
	 * image's size or type changed.
	 */
	static TransferEnvelope parse(final byte[] h, final PixelBytes actual) throws MedCryptException {
		if (!Arrays.equals(Arrays.copyOf(h, 4), MAGIC)) {
			throw new DamagedFileException("This image carries no MedCrypt secure-transfer envelope: either it was " +
				"not made by Secure Transfer Encrypt, or its first rows were changed, or it was saved in a lossy " +
				"format (JPEG) or converted. Ask the sender for the original encrypted TIFF.");
		}
		final ByteBuffer b = ByteBuffer.wrap(h, 4, HEADER_BYTES - 4);
		final int version = b.get(), suite = b.get();
		if (version != VERSION || suite != SUITE) {
			throw new DamagedFileException("This image uses secure-transfer format " + version + "/" + suite +
				"; this MedCrypt reads format " + VERSION + "/" + SUITE + ". Update MedCrypt.");
		}
		final int bits = b.get() & 0xFF, channels = b.get() & 0xFF, w = b.getInt(), ht = b.getInt(), planes = b
			.getInt();
		final long payloadBits = b.getLong();
		final byte[] recipient = new byte[FINGERPRINT_BYTES], sender = new byte[FINGERPRINT_BYTES],
			nonce = new byte[NONCE_BYTES];
		b.get(recipient).get(sender).get(nonce);
		final int wrapped = b.getShort() & 0xFFFF, signature = b.getShort() & 0xFFFF, tail = b.getInt();
		if (bits != actual.bitsPerSample || channels != actual.channels || w != actual.width || ht != actual.height ||
			planes != actual.planes)
		{
			throw new DamagedFileException("The image was encrypted as " + w + "x" + ht + "x" + planes + " " +
				(channels == 3 ? "RGB" : bits + "-bit") + " but is now " + actual + ": it was cropped, resized or " +
				"converted after encryption and cannot be decrypted.");
		}
		if (tail < 0 || payloadBits < 8L * bytes(wrapped, tail, signature) || payloadBits > MsbPredictionWatermark
			.maxBits(actual))
		{
			throw new DamagedFileException("The secure-transfer envelope is damaged (impossible lengths): the image " +
				"was altered after encryption.");
		}
		return new TransferEnvelope(actual, payloadBits, recipient, sender, nonce, wrapped, signature, tail);
	}

	/** 8 bytes of a 16-hex-digit fingerprint. */
	static byte[] fingerprintBytes(final String hex) {
		return Hex.parse(hex);
	}
}
