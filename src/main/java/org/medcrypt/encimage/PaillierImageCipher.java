package org.medcrypt.encimage;

import java.math.BigInteger;
import java.security.MessageDigest;
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
import org.medcrypt.image.ImageDescription;
import org.medcrypt.image.PixelPlanes;
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
		return encrypt(image, key, packing, false, null, progress);
	}

	/**
	 * Encrypts planes into a version-2 image. The owner (a private key as
	 * {@code key}) draws the exponents from a sealed seed
	 * ({@link SeededRandomness}), makes the first ciphertext and the description's
	 * KEM ciphertext with its {@link SeededRandomness#ownerMark}, and seals a MAC
	 * over the header, the description block and every ciphertext.
	 *
	 * @param rgb whether the planes are an RGB image's R, G, B channel planes (8-bit, three per image plane)
	 * @param description an encoded {@link org.medcrypt.image.ImageDescription} to carry encrypted, or null
	 */
	public static EncryptedImage encrypt(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final PaillierEncrypter key, final PackingParameters packing, final boolean rgb, final byte[] description,
		final Progress progress) throws MedCryptException
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
		final BigInteger mark = owner == null ? null : SeededRandomness.ownerMark(owner, SecureRandoms
			.forThisThread());
		final Worker worker = new Worker(layout, progress, "Encrypting", Worker.TABLE_BATCH);
		worker.run((from, to) -> {
			int start = from;
			if (owner != null && from == 0) {
				cts[0] = key.publicKey().encryptTextbook(pack(worker, layout, slots, pixels, 0), mark);
				start = 1;
			}
			final BigInteger[] ms = new BigInteger[to - start];
			for (int i = start; i < to; i++) ms[i - start] = pack(worker, layout, slots, pixels, i);
			final BigInteger[] batch;
			if (owner == null) batch = key.encrypt(ms, SecureRandoms.forThisThread());
			else {
				final BigInteger[] exponents = new BigInteger[ms.length];
				for (int i = start; i < to; i++) exponents[i - start] = seeded.exponent(i);
				batch = owner.encryptWithExponents(ms, exponents);
			}
			System.arraycopy(batch, 0, cts, start, batch.length);
		});
		final int modulusBits = key.publicKey().bitLength(), sealLength = owner == null ? 0
			: SeededRandomness.SEALED_BYTES;
		final String fingerprint = key.publicKey().fingerprint();
		final EncryptedImage draft = new EncryptedImage(layout, bitDepth, packing.slotBits(), modulusBits,
			fingerprint, cts, null, rgb, null, EncryptedImageFile.VERSION);
		byte[] block = null;
		if (description != null) {
			final long length = DescriptionBlock.length(key.publicKey().ciphertextBytes(), description.length);
			if (length > EncryptedImageFile.MAX_DESCRIPTION_BYTES) {
				throw new UnsupportedImageException("The image's description (" + description.length + " bytes: " +
					"calibration, labels, header) is larger than a " + EncryptedImageFile.SUFFIX + " file holds.");
			}
			block = DescriptionBlock.seal(key, description, EncryptedImageFile.header(draft, (int) length,
				sealLength), SecureRandoms.forThisThread());
		}
		final byte[] seal = owner == null ? null : seeded.seal(owner, EncryptedImageFile.ownerMac(seeded.macKey(),
			draft, block), SecureRandoms.forThisThread());
		return new EncryptedImage(layout, bitDepth, packing.slotBits(), modulusBits, fingerprint, cts, seal, rgb,
			block, EncryptedImageFile.VERSION);
	}

	/** What decryption says about who made the file and whether it is as made. */
	public enum Seal {
		/** The key owner made it (seal version 2) and the MAC over header, description and ciphertexts holds. */
		VERIFIED,
		/**
		 * The key owner made it with an older MedCrypt (seal version 1): each ciphertext's randomness is the
		 * owner's, but swapped ciphertexts or a changed header are not detected.
		 */
		OWNER_VERSION_1,
		/**
		 * No owner seal: made with the public key alone, which anyone holding it can do, so nothing vouches for
		 * the pixels (they may have been replaced). The owner of an image it encrypted itself is told.
		 */
		NONE
	}

	/** A decrypted image: its pixels, its description if the file carries one, and its {@link Seal}. */
	public static final class Decryption {

		/** [x, y] or [x, y, plane] (8-bit channel planes R, G, B per image plane for an RGB file). */
		public final Img<? extends IntegerType<?>> pixels;
		/** The image's description, or null when the file carries none (version 1, or made without). */
		public final ImageDescription description;
		public final Seal seal;
		public final boolean rgb;

		Decryption(final Img<? extends IntegerType<?>> pixels, final ImageDescription description, final Seal seal,
			final boolean rgb)
		{
			this.pixels = pixels;
			this.description = description;
			this.seal = seal;
			this.rgb = rgb;
		}
	}

	/**
	 * Decrypts to a new planar image of the original type: [x, y] for one plane,
	 * [x, y, plane] for a stack. Fails with a clear message on a key mismatch or
	 * if a decrypted value is not a pixel value (the ciphertexts were altered).
	 */
	public static Img<? extends IntegerType<?>> decrypt(final EncryptedImage image, final PaillierPrivateKey key,
		final Progress progress) throws MedCryptException
	{
		return decryptFully(image, key, progress).pixels;
	}

	/**
	 * Decrypts pixels and description after checking the file's integrity as
	 * far as its maker allows ({@link Seal}): an owner's file whose MAC fails
	 * (a changed header, description or ciphertext; swapped or replaced
	 * ciphertexts) or whose seal was removed while its first or KEM ciphertext
	 * still carries the owner's mark is an {@link AuthenticationFailedException},
	 * before any pixel is decrypted.
	 */
	public static Decryption decryptFully(final EncryptedImage image, final PaillierPrivateKey key,
		final Progress progress) throws MedCryptException
	{
		EncryptedImageFile.checkKey("This encrypted image", image, key.publicKey());
		final PolyphaseLayout layout = image.layout();
		final SlotPacking slots = SlotPacking.forKey(key.publicKey(), image.slotBits());
		if (slots.slots() != layout.slots()) {
			throw new DamagedFileException("The encrypted image's slot layout does not fit this key.");
		}
		final SeededRandomness seeded = openSeal(image, key);
		final byte[] block = image.descriptionBlock();
		final int ctBytes = key.publicKey().ciphertextBytes();
		final Seal seal;
		if (seeded == null) {
			if (image.formatVersion() > 1 && (SeededRandomness.carriesOwnerMark(key, image.ciphertexts()[0]) ||
				block != null && SeededRandomness.carriesOwnerMark(key, DescriptionBlock.kem(block, ctBytes))))
			{
				throw new AuthenticationFailedException("This encrypted image was made by the owner of this key, " +
					"but its owner seal was removed: it may have been changed since. Ask for the file again or " +
					"use a backup copy.");
			}
			seal = Seal.NONE;
		}
		else if (seeded.version() == 1) seal = Seal.OWNER_VERSION_1;
		else {
			if (!MessageDigest.isEqual(seeded.sealedMac(), EncryptedImageFile.ownerMac(seeded.macKey(), image,
				block)))
			{
				throw new AuthenticationFailedException("This encrypted image was changed after its owner " +
					"encrypted it: the owner's MAC over its header, description and ciphertexts does not match (a " +
					"ciphertext or field was changed, swapped or replaced). Ask for the file again or use a backup " +
					"copy.");
			}
			seal = Seal.VERIFIED;
		}
		final int[][] pixels = new int[layout.planes()][layout.width() * layout.height()];
		final long maxValue = (1L << image.bitDepth()) - 1;
		final AtomicInteger outOfRange = new AtomicInteger();
		final boolean marked = seeded != null && seeded.version() == 2;
		// Only the owner's file goes through the fixed-base tables, in batches; general decryption one by one.
		final Worker worker = new Worker(layout, progress, "Decrypting", seeded == null ? 1 : Worker.TABLE_BATCH);
		worker.run((from, to) -> {
			final BigInteger[] m = new BigInteger[to - from];
			final BigInteger[] cs = new BigInteger[to - from], exponents = new BigInteger[to - from];
			int seededCount = 0;
			final int[] seededAt = new int[to - from];
			for (int index = from; index < to; index++) {
				final BigInteger c = image.ciphertexts()[index];
				if (seeded == null || marked && index == 0) {
					try {
						m[index - from] = key.decrypt(c);
					}
					catch (final IllegalArgumentException e) {
						m[index - from] = null; // counted below as out of range
					}
				}
				else {
					cs[seededCount] = c;
					exponents[seededCount] = seeded.exponent(index);
					seededAt[seededCount++] = index - from;
				}
			}
			if (seededCount > 0) {
				final BigInteger[] stripped = key.decryptWithExponents(java.util.Arrays.copyOf(cs, seededCount),
					java.util.Arrays.copyOf(exponents, seededCount));
				for (int k = 0; k < seededCount; k++) m[seededAt[k]] = stripped[k];
			}
			for (int index = from; index < to; index++) {
				final Slot s = worker.locate(index);
				final int used = layout.slotsUsed(s.chunk);
				if (m[index - from] == null) {
					outOfRange.addAndGet(used);
					continue;
				}
				final long[] values = new long[layout.slots()];
				slots.unpack(m[index - from], values, 0, used);
				for (int j = 0; j < used; j++) {
					if (values[j] < 0 || values[j] > maxValue) outOfRange.incrementAndGet();
				}
				layout.scatter(values, s.px, s.py, s.chunk, pixels[s.plane]);
			}
		});
		if (outOfRange.get() > 0) {
			throw new DamagedFileException("Decryption gave " + outOfRange.get() + " values that are not " + image
				.bitDepth() + "-bit pixels: the encrypted image was altered or is not a plain encrypted image.");
		}
		ImageDescription description = null;
		if (block != null) {
			final byte[] encoded = DescriptionBlock.open(key, block, EncryptedImageFile.header(image, block.length,
				image.ownerSeal() == null ? 0 : image.ownerSeal().length), "This encrypted image");
			description = ImageDescription.decode(encoded);
			final PixelPlanes.Kind kind = image.rgb() ? PixelPlanes.Kind.RGB : image.bitDepth() == 8
				? PixelPlanes.Kind.UINT8 : PixelPlanes.Kind.UINT16;
			if (!description.fits(kind, layout.width(), layout.height(), layout.planes() / (image.rgb() ? 3 : 1))) {
				throw new DamagedFileException("This encrypted image's description (" + description + ") does not " +
					"fit its pixels: the file is damaged.");
			}
		}
		return new Decryption(toImg(pixels, layout, image.bitDepth()), description, seal, image.rgb());
	}

	/** The packed plaintext of ciphertext {@code index}: its slots' pixels ({@link SlotPacking}). */
	private static BigInteger pack(final Worker worker, final PolyphaseLayout layout, final SlotPacking slots,
		final int[][] pixels, final int index)
	{
		final Slot s = worker.locate(index);
		final long[] values = new long[layout.slots()];
		layout.gather(pixels[s.plane], s.px, s.py, s.chunk, values);
		return slots.pack(values, 0, layout.slotsUsed(s.chunk));
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

	/** Ciphertexts [from, to) of one task. */
	private interface BatchTask {

		void accept(int from, int to);
	}

	/**
	 * Runs tasks of consecutive ciphertexts on all cores, with progress and
	 * cancellation per task. Paths through the fixed-base tables take batches of
	 * up to {@link #TABLE_BATCH} (the tables are walked window by window for the
	 * whole batch: 4-7% less CPU time on the owner's paths at 3072 bits than one
	 * by one, no change with the public key's larger rows; README, issue 12
	 * round 6), as many batches as a multiple of the cores so that each core
	 * gets the same number.
	 */
	private static final class Worker {

		static final int TABLE_BATCH = 128;

		private final PolyphaseLayout layout;
		private final Progress progress;
		private final String step;
		private final int batch;
		private final AtomicInteger done = new AtomicInteger();

		Worker(final PolyphaseLayout layout, final Progress progress, final String step, final int maxBatch) {
			this.layout = layout;
			this.progress = progress;
			this.step = step;
			final int total = layout.ciphertextCount(), cores = Runtime.getRuntime().availableProcessors();
			int tasks = (total + maxBatch - 1) / maxBatch;
			tasks = (tasks + cores - 1) / cores * cores;
			this.batch = Math.max(1, (total + tasks - 1) / tasks);
		}

		Slot locate(final int index) {
			final int chunk = index % layout.chunks();
			int rest = index / layout.chunks();
			final int px = rest % layout.factor();
			rest /= layout.factor();
			final int py = rest % layout.factor();
			return new Slot(rest / layout.factor(), px, py, chunk);
		}

		void run(final BatchTask task) throws MedCryptException {
			final int total = layout.ciphertextCount();
			final int tasks = (total + batch - 1) / batch;
			final int reportEvery = Math.max(1, total / 100);
			progress.report(step, 0, total);
			try {
				IntStream.range(0, tasks).parallel().forEach(t -> {
					progress.checkCanceled();
					final int from = t * batch, to = Math.min(total, from + batch);
					task.accept(from, to);
					final int d = done.addAndGet(to - from);
					if (d / reportEvery != (d - (to - from)) / reportEvery || d == total) {
						progress.report(step, d, total);
					}
				});
			}
			catch (final IllegalArgumentException e) {
				throw new MedCryptException(step + " failed: " + e.getMessage(), e);
			}
		}
	}
}
