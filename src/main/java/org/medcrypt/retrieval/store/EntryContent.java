package org.medcrypt.retrieval.store;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.paillier.PaillierEncrypter;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.Luma;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.index.SealedPreview;

/**
 * What the data owner stores for one image: the image encrypted and its
 * signature computed from the plaintext and encrypted (the owner's path of
 * paper 1, which has the pixels, so no key-holder protocol is needed). The one
 * way to make them: {@code store-add}, Fiji's Encrypted Database Add (through
 * {@link org.medcrypt.retrieval.net.RetrievalClient}) and the Spark bulk job
 * ({@code org.medcrypt.spark}) all call these methods.
 *
 * <p>With the owner's private key as {@code key} the image is encrypted by the
 * owner's fast, sealed path; with a public key (the key holder's, given to
 * whoever encrypts) by plain Paillier encryption. Both decrypt bit-exactly.
 */
public final class EntryContent {

	public final EncryptedImage image;
	public final EncryptedSignature signature;
	/**
	 * The plaintext of {@link #signature}, kept in memory for a writer that
	 * also seals it to the key holder (the Spark job's index segments,
	 * {@code retrieval.index.IndexSegment}); never written unsealed.
	 */
	public final WaveletSignature plaintextSignature;
	/**
	 * The preview pixels from the plaintext: the same the key holder gets by
	 * decrypting the image's LL band ({@link SealedPreview#of}), sealed under a
	 * fresh key by whoever stores the entry with an index record.
	 */
	public final SealedPreview.Pixels preview;

	private EntryContent(final EncryptedImage image, final WaveletSignature plaintextSignature,
		final RandomAccessibleInterval<? extends IntegerType<?>> pixels, final PaillierEncrypter key)
		throws MedCryptException
	{
		this.image = image;
		this.preview = SealedPreview.of(firstPlane(pixels), image.layout(), image.bitDepth());
		this.plaintextSignature = plaintextSignature;
		this.signature = EncryptedSignature.encrypt(plaintextSignature, key, SecureRandoms.forThisThread());
	}

	/** A grayscale image (8- or 16-bit, 2D or a stack) and the signature of its pixels. */
	public static EntryContent of(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final PaillierEncrypter key, final SignatureParameters parameters, final Progress progress)
		throws MedCryptException
	{
		final WaveletSignature signature = plaintextSignature(image, parameters);
		return new EntryContent(PaillierImageCipher.encrypt(image, key, progress), signature, image, key);
	}

	/**
	 * An RGB image given as its channel planes (R, G, B per image plane, 8-bit):
	 * encrypted as an RGB image (default slots), with the signature of its luma
	 * ({@link Luma}).
	 */
	public static EntryContent ofRgb(final RandomAccessibleInterval<? extends IntegerType<?>> channels,
		final PaillierEncrypter key, final SignatureParameters parameters, final Progress progress)
		throws MedCryptException
	{
		final WaveletSignature signature = plaintextSignature(Luma.of(channels), parameters);
		return new EntryContent(PaillierImageCipher.encrypt(channels, key, PackingParameters.defaults(8), true, null,
			progress), signature, channels, key);
	}

	/** The first plane (raster order) of a 2D image or stack: the plane the LL-band preview shows. */
	private static int[] firstPlane(final RandomAccessibleInterval<? extends IntegerType<?>> image) {
		final RandomAccessibleInterval<? extends IntegerType<?>> plane = image.numDimensions() == 3 ? Views
			.hyperSlice(image, 2, image.min(2)) : image;
		final int[] values = new int[(int) (plane.dimension(0) * plane.dimension(1))];
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(plane).cursor();
		for (int i = 0; i < values.length; i++) values[i] = c.next().getInteger();
		return values;
	}

	/** The encrypted signature of a plaintext image, as stored images are padded (also a query's signature). */
	public static EncryptedSignature signature(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final PaillierEncrypter key, final SignatureParameters parameters) throws MedCryptException
	{
		return EncryptedSignature.encrypt(plaintextSignature(image, parameters), key, SecureRandoms.forThisThread());
	}

	/**
	 * The plaintext signature of an image as stored images are padded: what
	 * {@link #signature} encrypts (an RGB image: of its luma, {@link Luma#of}).
	 */
	public static WaveletSignature plaintextSignature(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final SignatureParameters parameters) throws MedCryptException
	{
		if (PaillierImageCipher.bitDepth(image) != parameters.bitDepth()) {
			throw new UnsupportedImageException("This store holds " + parameters.bitDepth() + "-bit images; " +
				"the image is " + PaillierImageCipher.bitDepth(image) + "-bit (an RGB image is indexed by its 16-bit " +
				"luma). Convert it (Image > Type) first, or use a store made for its kind.");
		}
		return WaveletSignature.of(image, parameters, 1 << PackingParameters.DEFAULT_LEVELS);
	}
}
