package org.medcrypt.watermark;

import java.math.BigInteger;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

import org.medcrypt.cipher.PixelStreamCipher;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.UnsupportedImageException;

/**
 * STUDY ONLY: the hybrid method of Puech 2008, section 2 (figure 4). Sender A
 * encrypts the image with the stream cipher under a session key K, computes
 * K'' (eqs. 5-6, {@link TextbookRsa}) and embeds it by LSB substitution
 * ({@link KeyWatermark}) into the encrypted image; recipient B extracts K'',
 * recovers K (eq. 7), checks it ({@link SessionKeyCodec}) and decrypts.
 * <p>
 * Planes are 8-bit or 16-bit {@link PixelPlanes} (stack order), processed in
 * place. What is detected: any change of K'' (a modified carrier LSB, a crop
 * or resize that moves the carriers, a wrong recipient private key or sender
 * public key), because the recovered integer then fails the range checks of
 * {@link TextbookRsa#open} or the structure of {@link SessionKeyCodec#decode}
 * (false acceptance about 2^-864 for a 1024-bit modulus). Not detected: changes to any non-carrier pixel, or to a carrier's
 * other bits; the stream cipher then decrypts them silently into a local
 * error of at most k/2 + 1 pixels.
 * </p>
 */
public final class CryptoWatermark {

	private CryptoWatermark() {}

	/** What the sender did. */
	public static final class Embedding {

		/** Bits of K'' embedded ({@code L}), pixels per bit, carriers whose LSB changed, bits of K. */
		public final int bits, carriersChanged, keyIntegerBits;
		public final long pixelsPerBit;
		/** True if the paper's order (priv_a then pub_b) was used. */
		public final boolean paperOrder;

		Embedding(final int bits, final long pixelsPerBit, final int carriersChanged, final int keyIntegerBits,
			final boolean paperOrder)
		{
			this.bits = bits;
			this.pixelsPerBit = pixelsPerBit;
			this.carriersChanged = carriersChanged;
			this.keyIntegerBits = keyIntegerBits;
			this.paperOrder = paperOrder;
		}
	}

	/** Encrypts the planes in place with {@code key} (eq. 1), chaining across planes. */
	public static void encrypt(final PixelPlanes planes, final StreamCipherKey key) {
		PixelStreamCipher.encrypt(planes.integerImg(), key, Progress.NONE);
	}

	/** Decrypts the planes in place with {@code key} (eq. 4). */
	public static void decrypt(final PixelPlanes planes, final StreamCipherKey key) {
		PixelStreamCipher.decrypt(planes.integerImg(), key, Progress.NONE);
	}

	/** Embeds K'' for {@code key} into already encrypted planes (in place). */
	public static Embedding embedKey(final PixelPlanes encryptedPlanes, final StreamCipherKey key,
		final RSAPrivateKey senderPrivate, final RSAPublicKey recipientPublic) throws MedCryptException
	{
		final BigInteger na = senderPrivate.getModulus(), nb = recipientPublic.getModulus();
		final BigInteger k = SessionKeyCodec.encode(key);
		if (k.compareTo(na.min(nb)) >= 0) {
			throw new MedCryptException("The session key encodes to " + k.bitLength() + " bits, too long for the " +
				na.min(nb).bitLength() + "-bit RSA modulus (a key with its own IV needs moduli of at least " +
				(k.bitLength() + 1) + " bits; a generated session key, whose IV derives from K, needs 161).");
		}
		if (na.equals(nb)) throw new RefusedByPolicyException(
			"The sender's and the recipient's RSA keys are the same.");
		final int bits = TextbookRsa.bits(na, nb);
		final long pixels = encryptedPlanes.pixelCount();
		if (pixels < bits) {
			throw new UnsupportedImageException("The image has " + pixels + " pixels, too few to carry the " + bits +
				"-bit K'' (one bit per pixel at least).");
		}
		final BigInteger k2 = TextbookRsa.seal(k, senderPrivate, recipientPublic);
		final int changed = KeyWatermark.embed(encryptedPlanes, k2, bits);
		return new Embedding(bits, KeyWatermark.pixelsPerBit(pixels, bits), changed, k.bitLength(), TextbookRsa
			.paperOrder(na, nb));
	}

	/**
	 * Extracts K'' and recovers K; throws with the exact reason if the result
	 * is not a session key (tampered carriers, other image size, wrong keys).
	 */
	public static StreamCipherKey extractKey(final PixelPlanes watermarkedPlanes, final RSAPrivateKey recipientPrivate,
		final RSAPublicKey senderPublic) throws MedCryptException
	{
		final int bits = TextbookRsa.bits(senderPublic.getModulus(), recipientPrivate.getModulus());
		final long pixels = watermarkedPlanes.pixelCount();
		if (pixels < bits) {
			throw new DamagedFileException("The image has " + pixels + " pixels, too few to carry a " + bits +
				"-bit K''.");
		}
		final BigInteger k2 = KeyWatermark.extract(watermarkedPlanes, bits);
		try {
			return SessionKeyCodec.decode(TextbookRsa.open(k2, recipientPrivate, senderPublic));
		}
		catch (final TextbookRsa.OutOfRangeException | SessionKeyCodec.NotAKeyException e) {
			throw new AuthenticationFailedException("Key check failed: " + e.getMessage() + ". The image was altered " +
				"(a carrier pixel changed, or it was cropped or resized), or it was not sent by this sender to this " +
				"recipient; it cannot be decrypted.", e);
		}
	}

	/** Comparison of two images: PSNR (dB, peak 2^depth - 1; infinite if equal) and error counts. */
	public static final class Comparison {

		public final double psnr, mse;
		/** PSNR with the error measured modulo M, min(|d|, M - |d|): as if no value wrapped around. */
		public final double psnrModular;
		public final long differing, maxAbsDifference, wrapped;

		Comparison(final double psnr, final double mse, final double psnrModular, final long differing,
			final long maxAbs, final long wrapped)
		{
			this.psnr = psnr;
			this.mse = mse;
			this.psnrModular = psnrModular;
			this.differing = differing;
			this.maxAbsDifference = maxAbs;
			this.wrapped = wrapped;
		}

		@Override
		public String toString() {
			return String.format("PSNR %.2f dB (modular %.2f dB), MSE %.5f, %d differing, max |diff| %d, %d wrapped",
				psnr, psnrModular, mse, differing, maxAbsDifference, wrapped);
		}
	}

	/**
	 * Compares two 8-bit or two 16-bit images of the same size (peak
	 * {@code 2^bitsPerSample - 1}). {@code wrapped} counts pixels whose absolute
	 * difference exceeds half the range (e.g. 0 decrypted as 255: a small error
	 * modulo M that wrapped around).
	 */
	public static Comparison compare(final PixelPlanes a, final PixelPlanes b) {
		if (a.kind() != b.kind() || a.width() != b.width() || a.height() != b.height() || a.planes() != b.planes()) {
			throw new IllegalArgumentException("cannot compare " + a + " with " + b);
		}
		final int max = a.bitsPerSample() == 8 ? 255 : 65535;
		double sse = 0, sseModular = 0;
		long differing = 0, maxAbs = 0, wrapped = 0;
		final long n = a.pixelCount();
		for (long i = 0; i < n; i++) {
			final long d = Math.abs(a.value(i) - b.value(i));
			if (d != 0) differing++;
			if (2 * d > max) wrapped++;
			maxAbs = Math.max(maxAbs, d);
			sse += (double) d * d;
			final long m = Math.min(d, max + 1 - d);
			sseModular += (double) m * m;
		}
		final double mse = sse / n, mseModular = sseModular / n;
		return new Comparison(psnr(mse, max), mse, psnr(mseModular, max), differing, maxAbs, wrapped);
	}

	private static double psnr(final double mse, final int max) {
		return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10((double) max * max / mse);
	}
}
