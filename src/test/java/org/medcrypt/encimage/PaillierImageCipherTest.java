package org.medcrypt.encimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.TestKeys;
import org.medcrypt.testing.Datasets;

/** Bit-exact round trips of real 8- and 16-bit images and stacks. */
class PaillierImageCipherTest {

	static Img<? extends IntegerType<?>> load(final Path file) {
		return load(IJ.openImage(file.toString()));
	}

	/** The top-left {@code width}x{@code height} pixels of an image file: a real image, cheaper to encrypt. */
	static Img<? extends IntegerType<?>> loadCrop(final Path file, final int width, final int height) {
		final ImagePlus imp = IJ.openImage(file.toString());
		imp.setRoi(0, 0, width, height);
		return load(imp.crop());
	}

	private static Img<? extends IntegerType<?>> load(final ImagePlus imp) {
		final ImageProcessor ip = imp.getProcessor();
		final long w = imp.getWidth(), h = imp.getHeight();
		final Img<? extends IntegerType<?>> img = imp.getBitDepth() == 16 ? PlanarImgs.unsignedShorts(w, h)
			: PlanarImgs.unsignedBytes(w, h);
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(img).cursor();
		for (int i = 0; c.hasNext(); i++) c.next().setInteger(ip.get(i));
		return img;
	}

	static void assertSamePixels(final RandomAccessibleInterval<? extends IntegerType<?>> expected,
		final RandomAccessibleInterval<? extends IntegerType<?>> actual)
	{
		assertEquals(expected.numDimensions(), actual.numDimensions());
		for (int d = 0; d < expected.numDimensions(); d++) assertEquals(expected.dimension(d), actual.dimension(d));
		final Cursor<? extends IntegerType<?>> a = Views.flatIterable(expected).cursor(), b = Views.flatIterable(
			actual).cursor();
		long i = 0;
		while (a.hasNext()) {
			final long x = a.next().getIntegerLong(), y = b.next().getIntegerLong();
			if (x != y) assertEquals(x, y, "pixel " + i);
			i++;
		}
	}

	@Test
	void ultrasound8bitRoundTripWithARealKey() throws Exception {
		final PaillierKeyPair pair = TestKeys.real();
		final Img<? extends IntegerType<?>> us = load(Datasets.file(
			"medical-samples/png/us_pelvis_aloka_gray8_396x400_crop.png"));
		final AtomicInteger reports = new AtomicInteger();
		final Progress progress = new Progress() {
			@Override
			public void report(final String step, final long done, final long total) {
				reports.incrementAndGet();
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
		final EncryptedImage enc = PaillierImageCipher.encrypt(us, pair.privateKey(), progress);
		assertEquals(8, enc.bitDepth());
		assertEquals(16, enc.slotBits());
		// 396x400 padded to 400x400, 64 polyphase grids of 50x50 = 2500 values, 127 slots at 2048 bits -> 20 chunks
		assertEquals(127, enc.layout().slots());
		assertEquals(64 * 20, enc.ciphertexts().length);
		assertTrue(enc.expansion() < 8, "expansion " + enc.expansion());
		assertTrue(reports.get() > 2);
		assertSamePixels(us, PaillierImageCipher.decrypt(enc, pair.privateKey(), Progress.NONE));
		// Encrypting with the public key alone gives a decryptable image too (a crop: the layout is proven above).
		final Img<? extends IntegerType<?>> crop = loadCrop(Datasets.file(
			"medical-samples/png/us_pelvis_aloka_gray8_396x400_crop.png"), 100, 132);
		final EncryptedImage viaPublic = PaillierImageCipher.encrypt(crop, pair.publicKey(), Progress.NONE);
		assertSamePixels(crop, PaillierImageCipher.decrypt(viaPublic, pair.privateKey(), Progress.NONE));
	}

	@Test
	void ownerFastPathDetectsSwappedCiphertextsAndAlteredSeals() throws Exception {
		final PaillierKeyPair pair = TestKeys.small();
		final Img<? extends IntegerType<?>> img = load(Datasets.file(
			"medical-samples/png/mr_small_gray16_64x64.png"));
		final EncryptedImage owner = PaillierImageCipher.encrypt(img, pair.privateKey(), Progress.NONE);
		final EncryptedImage anyone = PaillierImageCipher.encrypt(img, pair.publicKey(), Progress.NONE);
		assertTrue(owner.ownerSeal() != null && anyone.ownerSeal() == null);
		assertSamePixels(img, PaillierImageCipher.decrypt(owner, pair.privateKey(), Progress.NONE));
		assertSamePixels(img, PaillierImageCipher.decrypt(anyone, pair.privateKey(), Progress.NONE));

		// Two valid ciphertexts swapped: the general path would decrypt a scrambled image; the owner's is refused.
		final BigInteger[] swapped = owner.ciphertexts().clone();
		final BigInteger t = swapped[0];
		swapped[0] = swapped[1];
		swapped[1] = t;
		final EncryptedImage scrambled = new EncryptedImage(owner.layout(), 16, owner.slotBits(), owner
			.modulusBits(), owner.keyFingerprint(), swapped, owner.ownerSeal());
		assertThrows(DamagedFileException.class, () -> PaillierImageCipher.decrypt(scrambled, pair.privateKey(),
			Progress.NONE));

		final byte[] seal = owner.ownerSeal();
		seal[20] ^= 4;
		final EncryptedImage badSeal = new EncryptedImage(owner.layout(), 16, owner.slotBits(), owner
			.modulusBits(), owner.keyFingerprint(), owner.ciphertexts(), seal);
		assertThrows(AuthenticationFailedException.class, () -> PaillierImageCipher.decrypt(badSeal, pair
			.privateKey(), Progress.NONE));
	}

	@Test
	void ct16bitAndStackRoundTrip() throws Exception {
		final PaillierKeyPair pair = TestKeys.small();
		final Img<? extends IntegerType<?>> ct = load(Datasets.file(
			"medical-samples/png/ct_small_HUplus1024_gray16_128x128.png"));
		final EncryptedImage enc = PaillierImageCipher.encrypt(ct, pair.privateKey(), Progress.NONE);
		assertEquals(16, enc.bitDepth());
		assertEquals(24, enc.slotBits());
		assertSamePixels(ct, PaillierImageCipher.decrypt(enc, pair.privateKey(), Progress.NONE));

		// A 3-plane 8-bit stack whose size is not a multiple of 8: 37 x 21 x 3.
		final Img<? extends IntegerType<?>> stack = ArrayImgs.unsignedBytes(37, 21, 3);
		final Cursor<? extends IntegerType<?>> c = stack.cursor();
		for (int i = 0; c.hasNext(); i++) c.next().setInteger((i * 7919) % 256);
		final EncryptedImage encStack = PaillierImageCipher.encrypt(stack, pair.privateKey(), Progress.NONE);
		assertEquals(3, encStack.layout().planes());
		assertSamePixels(stack, PaillierImageCipher.decrypt(encStack, pair.privateKey(), Progress.NONE));
	}

	@Test
	void ciphertextIndexCarriesTheLowCoordinateBits() throws Exception {
		// A Haar step on ciphertexts: E[a]·E[b]·E[c]·E[d] for the four phases (0,0),(1,0),(0,1),(1,1)
		// decrypts, slot by slot, to the sum over each 2x2 block of the image.
		final PaillierKeyPair pair = TestKeys.small();
		final Img<? extends IntegerType<?>> img = load(Datasets.file(
			"medical-samples/png/mr_small_gray16_64x64.png"));
		final EncryptedImage enc = PaillierImageCipher.encrypt(img, pair.privateKey(), Progress.NONE);
		final PolyphaseLayout l = enc.layout();
		final BigInteger[] cts = enc.ciphertexts();
		final org.medcrypt.paillier.SlotPacking packing = org.medcrypt.paillier.SlotPacking.forKey(pair
			.publicKey(), enc.slotBits());
		final long[] sums = new long[l.slots()];
		final BigInteger block = pair.publicKey().add(pair.publicKey().add(cts[l.ciphertextIndex(0, 0, 0, 0)],
			cts[l.ciphertextIndex(0, 1, 0, 0)]), pair.publicKey().add(cts[l.ciphertextIndex(0, 0, 1, 0)], cts[l
				.ciphertextIndex(0, 1, 1, 0)]));
		packing.unpack(pair.privateKey().decrypt(block), sums, 0, l.slotsUsed(0));
		final net.imglib2.RandomAccess<? extends IntegerType<?>> ra = img.randomAccess();
		for (int j = 0; j < l.slotsUsed(0); j++) {
			final int gx = j % l.gridWidth(), gy = j / l.gridWidth();
			long expected = 0;
			for (int dy = 0; dy < 2; dy++) for (int dx = 0; dx < 2; dx++) {
				ra.setPosition(new long[] { gx * 8 + dx, gy * 8 + dy });
				expected += ra.get().getIntegerLong();
			}
			assertEquals(expected, sums[j], "slot " + j);
		}
	}

	@Test
	void rejectsUnsupportedImagesAndHonoursCancellation() {
		assertThrows(UnsupportedImageException.class, () -> PaillierImageCipher.encrypt(ArrayImgs.ints(8, 8),
			TestKeys.small().publicKey(), Progress.NONE));
		final Progress canceled = new Progress() {
			@Override
			public void report(final String step, final long done, final long total) {}

			@Override
			public boolean isCanceled() {
				return true;
			}
		};
		assertThrows(CancellationException.class, () -> PaillierImageCipher.encrypt(ArrayImgs.unsignedBytes(64,
			64), TestKeys.small().privateKey(), canceled));
	}

	@Test
	void wrongKeyIsNamed() throws Exception {
		final EncryptedImage enc = PaillierImageCipher.encrypt(ArrayImgs.unsignedBytes(16, 16), TestKeys.small()
			.publicKey(), Progress.NONE);
		final WrongKeyException e = assertThrows(WrongKeyException.class, () -> PaillierImageCipher.decrypt(enc,
			TestKeys.real().privateKey(), Progress.NONE));
		assertTrue(e.getMessage().contains(TestKeys.small().publicKey().fingerprint()), e.getMessage());
		assertTrue(e.getMessage().contains(TestKeys.real().publicKey().fingerprint()), e.getMessage());
	}
}
