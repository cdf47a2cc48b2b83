package org.medcrypt.transfer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;

/**
 * The secure-transfer envelope: what the recipient needs besides the
 * encrypted pixels, carried inside the encrypted image by
 * {@link MsbPredictionWatermark}. All integers big-endian. Version 2 (issue
 * 10) is written; version 1 is still read.
 *
 * <h2>Version 2</h2>
 * <pre>
 * offset  size  field
 *  0       4    magic "MCST"
 *  4       1    version = 2
 *  5       1    suite = 1: AES-256-GCM (128-bit tag, 96-bit nonce); session key wrapped with
 *               RSA-OAEP (SHA-256, MGF1-SHA-256, label "MedCrypt secure transfer v1");
 *               signature RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt)
 *  6       1    bits per sample (8, 16)
 *  7       1    samples per pixel (1; 3 for RGB)
 *  8       4    width            12  4  height
 * 16       4    channels C       20  4  slices Z       24  4  frames T   (planes = C·Z·T)
 * 28       8    payload bits P embedded in the image (this envelope, zero-padded)
 * 36      32    recipient's RSA public key fingerprint: SHA-256 of its X.509 encoding (all 32 bytes)
 * 68      32    sender's RSA public key fingerprint (all 32 bytes)
 * 100     12    GCM nonce
 * 112      8    creation time, milliseconds since 1970-01-01 UTC (the sender's clock)
 * 120     32    identifier: 1 to 32 ASCII characters [A-Za-z0-9._:-], zero-padded (sender-chosen, default
 *               32 random hex digits)
 * 152      2    W, wrapped key length   154  2  G, signature length   156  4  T, encrypted tail length
 * 160     16    GCM tag
 * 176      W    the 32-byte AES key, RSA-OAEP-encrypted for the recipient
 * 176+W    T    encrypted tail: GCM ciphertext of [varint m][m bytes: zlib (RFC 1950) of the metadata][error map]
 * 176+W+T  G    sender's signature over bytes 0 .. 176+W+T
 * </pre>
 *
 * <h2>Version 1 (read only)</h2>
 * The same up to the geometry, then: 8 width, 12 height, 16 planes, 20 P, 28 and 36 the first 8 bytes of the
 * recipient's and sender's fingerprints, 44 nonce, 56 W, 58 G, 60 T; header 64 bytes, tag at 64; metadata not
 * compressed; no identifier, time or C/Z/T.
 *
 * <p>The GCM plaintext is the pixel stream ({@link PixelBytes}) followed by the
 * tail, with the header and the wrapped key as associated data; the sender's
 * signature covers header, tag, wrapped key and encrypted tail. Everything in
 * the header is public (whoever reads the image's top bits reads it) and
 * authenticated: geometry with C/Z/T, the two full key fingerprints, the
 * creation time, the identifier and the length of the tail.
 */
public final class TransferEnvelope {

	static final byte[] MAGIC = "MCST".getBytes(StandardCharsets.US_ASCII);
	/** The version written, and the oldest still read. */
	static final int VERSION = 2, VERSION_1 = 1, SUITE = 1;
	/** Size of the fixed header (version 2) and offset of the tag. */
	public static final int HEADER_BYTES = 160, TAG_BYTES = 16, NONCE_BYTES = 12, FINGERPRINT_BYTES = 32;
	/** Version 1: header size, and its short fingerprints. */
	static final int HEADER_BYTES_V1 = 64, FINGERPRINT_BYTES_V1 = 8;
	/** Longest identifier; its characters. */
	public static final int IDENTIFIER_BYTES = 32;
	private static final String IDENTIFIER_CHARS = "[A-Za-z0-9._:-]{1," + IDENTIFIER_BYTES + "}";

	final int version;
	final PixelBytes geometry;
	/** Hyperstack arrangement; 0 for version 1 (not recorded). */
	final int channels, slices, frames;
	final long payloadBits;
	/** Full (v2) or 8-byte (v1) fingerprints. */
	final byte[] recipient, sender, nonce;
	/** Creation time (ms since the epoch), -1 for version 1. */
	final long created;
	/** The identifier, "" for version 1. */
	final String identifier;
	final int wrappedLength, signatureLength, tailLength;

	/** A version-2 envelope. */
	TransferEnvelope(final PixelBytes geometry, final int channels, final int slices, final int frames,
		final long payloadBits, final byte[] recipient, final byte[] sender, final byte[] nonce, final long created,
		final String identifier, final int wrappedLength, final int signatureLength, final int tailLength)
	{
		this(VERSION, geometry, channels, slices, frames, payloadBits, recipient, sender, nonce, created, identifier,
			wrappedLength, signatureLength, tailLength);
	}

	private TransferEnvelope(final int version, final PixelBytes geometry, final int channels, final int slices,
		final int frames, final long payloadBits, final byte[] recipient, final byte[] sender, final byte[] nonce,
		final long created, final String identifier, final int wrappedLength, final int signatureLength,
		final int tailLength)
	{
		this.version = version;
		this.geometry = geometry;
		this.channels = channels;
		this.slices = slices;
		this.frames = frames;
		this.payloadBits = payloadBits;
		this.recipient = recipient;
		this.sender = sender;
		this.nonce = nonce;
		this.created = created;
		this.identifier = identifier;
		this.wrappedLength = wrappedLength;
		this.signatureLength = signatureLength;
		this.tailLength = tailLength;
	}

	/** Whether {@code id} is a valid identifier (1 to 32 of A-Z a-z 0-9 . _ : -). */
	public static boolean validIdentifier(final String id) {
		return id != null && id.matches(IDENTIFIER_CHARS);
	}

	/** Size of this envelope's header. */
	int headerBytes() {
		return version == VERSION_1 ? HEADER_BYTES_V1 : HEADER_BYTES;
	}

	/** Bytes of the envelope: header, tag, wrapped key, tail, signature. */
	int bytes() {
		return headerBytes() + TAG_BYTES + wrappedLength + tailLength + signatureLength;
	}

	/** Bytes of a version-2 envelope with these lengths. */
	static int bytes(final int wrapped, final int tail, final int signature) {
		return HEADER_BYTES + TAG_BYTES + wrapped + tail + signature;
	}

	/** Offset of the signature: the signed bytes come before it. */
	int signedBytes() {
		return headerBytes() + TAG_BYTES + wrappedLength + tailLength;
	}

	/** The 160-byte version-2 header. */
	byte[] header() {
		if (version != VERSION) throw new IllegalStateException("only version " + VERSION + " is written");
		final ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
		b.put(MAGIC).put((byte) VERSION).put((byte) SUITE).put((byte) geometry.bitsPerSample).put(
			(byte) geometry.channels);
		b.putInt(geometry.width).putInt(geometry.height).putInt(channels).putInt(slices).putInt(frames);
		b.putLong(payloadBits).put(recipient).put(sender).put(nonce).putLong(created);
		b.put(Arrays.copyOf(identifier.getBytes(StandardCharsets.US_ASCII), IDENTIFIER_BYTES));
		b.putShort((short) wrappedLength).putShort((short) signatureLength).putInt(tailLength);
		return b.array();
	}

	/**
	 * The version of a header whose first {@link #HEADER_BYTES_V1} bytes are
	 * {@code h}: a clear message if it is not an envelope or of an unknown version.
	 */
	static int version(final byte[] h) throws MedCryptException {
		if (!Arrays.equals(Arrays.copyOf(h, 4), MAGIC)) {
			throw new DamagedFileException("This image carries no MedCrypt secure-transfer envelope: either it was " +
				"not made by Secure Transfer Encrypt, or its first rows were changed, or it was saved in a lossy " +
				"format (JPEG) or converted. Ask the sender for the original encrypted TIFF.");
		}
		final int version = h[4], suite = h[5];
		if (version != VERSION && version != VERSION_1 || suite != SUITE) {
			throw new DamagedFileException("This image uses secure-transfer format " + version + "/" + suite +
				"; this MedCrypt reads formats " + VERSION_1 + " and " + VERSION + " (suite " + SUITE + "). Update " +
				"MedCrypt.");
		}
		return version;
	}

	/**
	 * Parses and checks a header read from an image of geometry {@code actual}
	 * ({@link #HEADER_BYTES_V1} or {@link #HEADER_BYTES} bytes as {@link #version}
	 * says): a clear message if the image's size or type changed, or a length or
	 * field is impossible.
	 */
	static TransferEnvelope parse(final byte[] h, final PixelBytes actual) throws MedCryptException {
		final int version = version(h);
		final ByteBuffer b = ByteBuffer.wrap(h, 6, h.length - 6);
		final int bits = b.get() & 0xFF, samplesPerPixel = b.get() & 0xFF, w = b.getInt(), ht = b.getInt();
		final int c, z, t;
		final long planes;
		if (version == VERSION_1) {
			c = z = t = 0;
			planes = b.getInt();
		}
		else {
			c = b.getInt();
			z = b.getInt();
			t = b.getInt();
			planes = c < 1 || z < 1 || t < 1 ? -1 : (long) c * z * t;
		}
		final long payloadBits = b.getLong();
		final int fp = version == VERSION_1 ? FINGERPRINT_BYTES_V1 : FINGERPRINT_BYTES;
		final byte[] recipient = new byte[fp], sender = new byte[fp], nonce = new byte[NONCE_BYTES];
		b.get(recipient).get(sender).get(nonce);
		long created = -1;
		String identifier = "";
		if (version == VERSION) {
			created = b.getLong();
			final byte[] id = new byte[IDENTIFIER_BYTES];
			b.get(id);
			int n = 0;
			while (n < id.length && id[n] != 0)
				n++;
			identifier = new String(id, 0, n, StandardCharsets.US_ASCII);
			for (int i = n; i < id.length; i++)
				if (id[i] != 0) identifier = "";
			if (!validIdentifier(identifier)) {
				throw new DamagedFileException("The secure-transfer envelope is damaged (invalid identifier): the " +
					"image was altered after encryption.");
			}
		}
		final int wrapped = b.getShort() & 0xFFFF, signature = b.getShort() & 0xFFFF, tail = b.getInt();
		if (bits != actual.bitsPerSample || samplesPerPixel != actual.channels || w != actual.width ||
			ht != actual.height || planes != actual.planes)
		{
			throw new DamagedFileException("The image was encrypted as " + w + "x" + ht + "x" + (version == VERSION_1
				? planes : c + "x" + z + "x" + t + " (CxZxT)") + " " + (samplesPerPixel == 3 ? "RGB" : bits + "-bit") +
				" but is now " + actual + ": it was cropped, resized or converted after encryption and cannot be " +
				"decrypted.");
		}
		final TransferEnvelope env = new TransferEnvelope(version, actual, c, z, t, payloadBits, recipient, sender,
			nonce, created, identifier, wrapped, signature, tail);
		if (tail < 0 || payloadBits < 8L * env.bytes() || payloadBits > MsbPredictionWatermark.maxBits(actual)) {
			throw new DamagedFileException("The secure-transfer envelope is damaged (impossible lengths): the image " +
				"was altered after encryption.");
		}
		return env;
	}
}
