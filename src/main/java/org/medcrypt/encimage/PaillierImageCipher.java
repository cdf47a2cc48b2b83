package org.medcrypt.encimage;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Util;
import net.imglib2.view.Views;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.paillier.PaillierEncrypter;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.SeededRandomness;
import org.medcrypt.paillier.SlotPacking;

/**
 * Encrypts 8- and 16-bit grayscale images and stacks into packed
 * {@link EncryptedImage}s and decrypts them back bit-exactly. Ciphertexts are
 * independent, so both directions run on all cores.
 *
 * <p>Images are 2D [x, y] or 3D [x, y, plane] ImgLib2 intervals of
 * {@link UnsignedByteType} or {@link UnsignedShortType}.
 */
public final class PaillierImageCipher {

	private PaillierImageCipher() {}

	/** The pixel bit depth of a supported image, or a message saying how to convert it. */
	public static int bitDepth(final RandomAccessibleInterval<?> image) throws MedCryptException {
		final Object type = Util.getTypeFromInterval(image);
		if (type instanceof UnsignedByteType) return 8;
		if (type instanceof UnsignedShortType) return 16;
		throw new UnsupportedImageException("MedCrypt encrypts 8-bit and 16-bit grayscale images; this one is " + type
			.getClass().getSimpleName() + ". Convert it with Image > Type > 8-bit or 16-bit.");
	}

	/** Encrypts with the default packing for the image's bit depth. */
	public static EncryptedImage encrypt(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final PaillierEncrypter key, final Progress progress) throws MedCryptException
	{
		return encrypt(image, key, PackingParameters.defaults(bitDepth(image)), progress);
	}

	public static EncryptedImage encrypt(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final PaillierEncrypter key, final PackingParameters packing, final Progress progress)
		throws MedCryptException
	{
		final int bitDepth = bitDepth(image);
		PackingParameters.of(packing.levels(), packing.slotBits(), bitDepth);
		if (image.numDimensions() < 2 || image.numDimensions() > 3) {
			throw new UnsupportedImageException("MedCrypt encrypts 2D images and stacks; this image has " + image
				.numDimensions() + " dimensions.");
		}
		final int width = (int) image.dimension(0), height = (int) image.dimension(1);
		final int planes = image.numDimensions() == 3 ? (int) image.dimension(2) : 1;
		final SlotPacking slots = SlotPacking.forKey(key.publicKey(), packing.slotBits());
		final PolyphaseLayout layout = new PolyphaseLayout(width, height, planes, packing.levels(), slots.slots());
		final int[][] pixels = readPlanes(image, planes);
		final BigInteger[] cts = new BigInteger[layout.ciphertextCount()];
		// The owner derives its exponents from a sealed seed, so that it can later decrypt faster.
		final PaillierPrivateKey owner = key instanceof PaillierPrivateKey ? (PaillierPrivateKey) key : null;
		final SeededRandomness seeded = owner == null ? null : SeededRandomness.fresh(key.publicKey(), SecureRandoms
			.forThisThread());
		final Worker worker = new Worker(layout, progress, "Encrypting");
		worker.run(index -> {
			final Slot s = worker.locate(index);
			final long[] values = new long[layout.slots()];
			layout.gather(pixels[s.plane], s.px, s.py, s.chunk, values);
			final BigInteger m = slots.pack(values, 0, layout.slotsUsed(s.chunk));
			cts[index] = owner == null ? key.encrypt(m, SecureRandoms.forThisThread()) : owner.encryptWithExponent(m,
				seeded.exponent(index));
		});
		return new EncryptedImage(layout, bitDepth, packing.slotBits(), key.publicKey().bitLength(), key
			.publicKey().fingerprint(), cts, owner == null ? null : seeded.seal(owner, SecureRandoms.forThisThread()));
	}

	/**
	 * Decrypts to a new planar image of the original type: [x, y] for one plane,
	 * [x, y, plane] for a stack. Fails with a clear message on a key mismatch or
	 * if a decrypted value is not a pixel value (the ciphertexts were altered).
	 */
	public static Img<? extends IntegerType<?>> decrypt(final EncryptedImage image, final PaillierPrivateKey key,
		final Progress progress) throws MedCryptException
	{
		EncryptedImageFile.checkKey("This encrypted image", image, key.publicKey());
		final PolyphaseLayout layout = image.layout();
		final SlotPacking slots = SlotPacking.forKey(key.publicKey(), image.slotBits());
		if (slots.slots() != layout.slots()) {
			throw new DamagedFileException("The encrypted image's slot layout does not fit this key.");
		}
		final SeededRandomness seeded = openSeal(image, key);
		final int[][] pixels = new int[layout.planes()][layout.width() * layout.height()];
		final long maxValue = (1L << image.bitDepth()) - 1;
		final AtomicInteger outOfRange = new AtomicInteger();
		final Worker worker = new Worker(layout, progress, "Decrypting");
		worker.run(index -> {
			final Slot s = worker.locate(index);
			final long[] values = new long[layout.slots()];
			final int used = layout.slotsUsed(s.chunk);
			final BigInteger c = image.ciphertexts()[index];
			final BigInteger m;
			try {
				m = seeded == null ? key.decrypt(c) : key.decryptWithExponent(c, seeded.exponent(index));
			}
			catch (final IllegalArgumentException e) {
				outOfRange.addAndGet(used);
				return;
			}
			slots.unpack(m, values, 0, used);
			for (int j = 0; j < used; j++) {
				if (values[j] < 0 || values[j] > maxValue) outOfRange.incrementAndGet();
			}
			layout.scatter(values, s.px, s.py, s.chunk, pixels[s.plane]);
		});
		if (outOfRange.get() > 0) {
			throw new DamagedFileException("Decryption gave " + outOfRange.get() + " values that are not " + image
				.bitDepth() + "-bit pixels: the encrypted image was altered or is not a plain encrypted image.");
		}
		return toImg(pixels, layout, image.bitDepth());
	}

	/** The owner's randomness, if the image carries a seal; a seal that does not open means tampering. */
	private static SeededRandomness openSeal(final EncryptedImage image, final PaillierPrivateKey key)
		throws MedCryptException
	{
		final byte[] seal = image.ownerSeal();
		if (seal == null) return null;
		try {
			return SeededRandomness.open(key, seal);
		}
		catch (final InvalidCipherTextException e) {
			throw new AuthenticationFailedException("The encrypted image's owner seal does not open with this key: " +
				"the file was altered.", e);
		}
	}

	private static int[][] readPlanes(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final int planes)
	{
		final int[][] out = new int[planes][];
		for (int z = 0; z < planes; z++) {
			final RandomAccessibleInterval<? extends IntegerType<?>> plane = image.numDimensions() == 3 ? Views
				.hyperSlice(image, 2, image.min(2) + z) : image;
			final int[] values = new int[(int) (plane.dimension(0) * plane.dimension(1))];
			final Cursor<? extends IntegerType<?>> c = Views.flatIterable(plane).cursor();
			for (int i = 0; i < values.length; i++) values[i] = c.next().getInteger();
			out[z] = values;
		}
		return out;
	}

	private static Img<? extends IntegerType<?>> toImg(final int[][] pixels, final PolyphaseLayout layout,
		final int bitDepth)
	{
		final long[] dims = layout.planes() == 1 ? new long[] { layout.width(), layout.height() } : new long[] {
			layout.width(), layout.height(), layout.planes() };
		if (bitDepth == 8) {
			final PlanarImg<UnsignedByteType, ByteArray> img = PlanarImgs.unsignedBytes(dims);
			for (int z = 0; z < pixels.length; z++) {
				final byte[] plane = img.getPlane(z).getCurrentStorageArray();
				for (int i = 0; i < plane.length; i++) plane[i] = (byte) pixels[z][i];
			}
			return img;
		}
		final PlanarImg<UnsignedShortType, ShortArray> img = PlanarImgs.unsignedShorts(dims);
		for (int z = 0; z < pixels.length; z++) {
			final short[] plane = img.getPlane(z).getCurrentStorageArray();
			for (int i = 0; i < plane.length; i++) plane[i] = (short) pixels[z][i];
		}
		return img;
	}

	/** Ciphertext coordinates in the layout. */
	private static final class Slot {

		final int plane, px, py, chunk;

		Slot(final int plane, final int px, final int py, final int chunk) {
			this.plane = plane;
			this.px = px;
			this.py = py;
			this.chunk = chunk;
		}
	}

	/** Runs one task per ciphertext on all cores, with progress and cancellation. */
	private static final class Worker {

		private final PolyphaseLayout layout;
		private final Progress progress;
		private final String step;
		private final AtomicInteger done = new AtomicInteger();

		Worker(final PolyphaseLayout layout, final Progress progress, final String step) {
			this.layout = layout;
			this.progress = progress;
			this.step = step;
		}

		Slot locate(final int index) {
			final int chunk = index % layout.chunks();
			int rest = index / layout.chunks();
			final int px = rest % layout.factor();
			rest /= layout.factor();
			final int py = rest % layout.factor();
			return new Slot(rest / layout.factor(), px, py, chunk);
		}

		void run(final java.util.function.IntConsumer task) throws MedCryptException {
			final int total = layout.ciphertextCount();
			final int reportEvery = Math.max(1, total / 100);
			progress.report(step, 0, total);
			try {
				IntStream.range(0, total).parallel().forEach(i -> {
					progress.checkCanceled();
					task.accept(i);
					final int d = done.incrementAndGet();
					if (d % reportEvery == 0 || d == total) progress.report(step, d, total);
				});
			}
			catch (final IllegalArgumentException e) {
				throw new MedCryptException(step + " failed: " + e.getMessage(), e);
			}
		}
	}
}
