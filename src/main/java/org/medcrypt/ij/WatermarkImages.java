package org.medcrypt.ij;

import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import ij.ImagePlus;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.watermark.CryptoWatermark;
import org.medcrypt.watermark.SessionKeyCodec;

/**
 * STUDY ONLY. The one entry point of each side of the paper's hybrid
 * crypto-watermark (Puech 2008, section 2) on ImageJ images, for the Fiji
 * commands and the command line.
 */
public final class WatermarkImages {

	private WatermarkImages() {}

	/** An image encrypted and watermarked with its wrapped session key. */
	public static final class Embedded {

		public final ImagePlus image;
		public final StreamCipherKey key;
		public final CryptoWatermark.Embedding embedding;
		/** The watermarked image against the encrypted one before embedding. */
		public final CryptoWatermark.Comparison comparison;
		public final double seconds;

		Embedded(final ImagePlus image, final StreamCipherKey key, final CryptoWatermark.Embedding embedding,
			final CryptoWatermark.Comparison comparison, final double seconds)
		{
			this.image = image;
			this.key = key;
			this.embedding = embedding;
			this.comparison = comparison;
			this.seconds = seconds;
		}
	}

	/**
	 * Sender side: encrypts a copy of the image with the stream cipher under
	 * {@code key} (null: a new {@code keyBits}-bit session key whose IV derives
	 * from K), wraps K with textbook RSA (sender's private key, then recipient's
	 * public key, eqs. 5-6) and embeds K'' by LSB substitution.
	 */
	public static Embedded embed(final ImagePlus imp, final StreamCipherKey key, final int keyBits,
		final RSAPrivateCrtKey sender, final RSAPublicKey recipient) throws MedCryptException
	{
		if (imp == null) throw new MedCryptException("Open the image to send first.");
		final StreamCipherKey k;
		if (key != null) k = key;
		else {
			if (keyBits % 8 != 0) throw new MedCryptException("The key length must be a multiple of 8 bits.");
			k = SessionKeyCodec.generate(keyBits, SecureRandoms.forThisThread());
		}
		final long start = System.nanoTime();
		final ImagePlus watermarked = StreamCipherImages.copy(imp, "Watermarked " + imp.getTitle());
		final PixelPlanes planes = ImagePlusImgs.planes(watermarked);
		CryptoWatermark.encrypt(planes, k);
		final PixelPlanes encrypted = planes.copy();
		final CryptoWatermark.Embedding e = CryptoWatermark.embedKey(planes, k, sender, recipient);
		final double seconds = (System.nanoTime() - start) / 1e9;
		final CryptoWatermark.Comparison cmp = CryptoWatermark.compare(encrypted, planes);
		StreamCipherImages.fullRange(watermarked);
		return new Embedded(watermarked, k, e, cmp, seconds);
	}

	/** A watermarked image's key recovered and the image decrypted. */
	public static final class Extracted {

		public final ImagePlus image;
		public final StreamCipherKey key;
		/** Against the original, if one was given; else null. */
		public final CryptoWatermark.Comparison comparison;

		Extracted(final ImagePlus image, final StreamCipherKey key, final CryptoWatermark.Comparison comparison) {
			this.image = image;
			this.key = key;
			this.comparison = comparison;
		}
	}

	/**
	 * Recipient side: extracts K'' from the watermarked encrypted image, recovers
	 * K (recipient's private key, then sender's public key, eq. 7), checks it and
	 * decrypts a copy; compares it with {@code original} if given.
	 */
	public static Extracted extract(final ImagePlus imp, final RSAPrivateCrtKey recipient, final RSAPublicKey sender,
		final ImagePlus original) throws MedCryptException
	{
		if (imp == null) throw new MedCryptException("Open the watermarked encrypted image first.");
		final ImagePlus decrypted = StreamCipherImages.copy(imp, "Decrypted " + imp.getTitle());
		final PixelPlanes planes = ImagePlusImgs.planes(decrypted);
		final StreamCipherKey key = CryptoWatermark.extractKey(planes, recipient, sender);
		CryptoWatermark.decrypt(planes, key);
		decrypted.resetDisplayRange();
		CryptoWatermark.Comparison c = null;
		if (original != null) {
			if (original.getWidth() != imp.getWidth() || original.getHeight() != imp.getHeight() || original
				.getStackSize() != imp.getStackSize() || original.getBitDepth() != imp.getBitDepth())
			{
				throw new UnsupportedImageException("The original " + original.getTitle() + " differs in size or type from " +
					imp.getTitle() + ".");
			}
			c = CryptoWatermark.compare(ImagePlusImgs.planes(original), planes);
		}
		return new Extracted(decrypted, key, c);
	}
}
