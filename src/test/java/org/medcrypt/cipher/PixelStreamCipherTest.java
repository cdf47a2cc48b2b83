package org.medcrypt.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.junit.jupiter.api.Test;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.Progress;
import org.medcrypt.testing.Datasets;

/** The paper's stream cipher (eqs. 1-4) on real 8-bit, 16-bit and stack images. */
class PixelStreamCipherTest {

	private static final Random SEEDED = new Random(20081121);

	@Test
	void alphaRuleKnownValues() {
		// beta = 0,1,2,3 -> -1,0,1 then s = 0 -> +2
		assertArrayEquals(new int[] { -1, 0, 1, 2 }, StreamCipherKey.coefficients(new byte[] { 0x1B }));
		// all beta = 3: alternate +2,-2 starting from s = 0; mean exactly 0
		assertArrayEquals(new int[] { 2, -2, 2, -2, 2, -2, 2, -2 }, StreamCipherKey.coefficients(new byte[] {
			(byte) 0xFF, (byte) 0xFF }));
		// beta = 3,3 then six zeros: s0 = -6, so both threes are +2 (final sum -2)
		assertArrayEquals(new int[] { 2, 2, -1, -1, -1, -1, -1, -1 }, StreamCipherKey.coefficients(new byte[] {
			(byte) 0xF0, 0x00 }));
		// beta = 2,2,2 then 3: s0 = 3 > 0 -> -2
		assertArrayEquals(new int[] { 1, 1, 1, -2 }, StreamCipherKey.coefficients(new byte[] { (byte) 0xAB }));
		// random 128-bit keys: 64 coefficients in -2..2, mean near 0 as eq. 3 asks (|sum| <= 2 unless too few threes)
		for (int trial = 0; trial < 200; trial++) {
			final byte[] k = new byte[16];
			SEEDED.nextBytes(k);
			final int[] a = StreamCipherKey.coefficients(k);
			int sum = 0, threes = 0, s0 = 0;
			for (int j = 0; j < a.length; j++) {
				assertTrue(a[j] >= -2 && a[j] <= 2);
				sum += a[j];
				final int beta = (k[j >> 2] >> (6 - 2 * (j & 3))) & 3;
				if (beta == 3) threes++;
				else s0 += beta - 1;
			}
			assertEquals(64, a.length);
			assertTrue(Math.abs(sum) <= Math.max(2, Math.abs(s0) - 2 * threes), "sum " + sum);
		}
	}

	@Test
	void handCheckedEquationOne() {
		// k = 16: 8 taps, key bytes 0 -> every alpha = -1; IV all 0.
		final StreamCipherKey key = new StreamCipherKey(new byte[2], new int[8]);
		// p' = 10, 20-10, 30-(10+10), 250-(10+10+10) = 10, 10, 10, 220
		assertArrayEquals(new int[] { 10, 10, 10, 220 }, PixelStreamCipher.encryptReference(new int[] { 10, 20, 30,
			250 }, key, 8));
		final byte[] data = { 10, 20, 30, (byte) 250 };
		PixelStreamCipher.encryption(key, 8).process(data, 0, 4);
		assertArrayEquals(new byte[] { 10, 10, 10, (byte) 220 }, data);
		// With an IV: p'_{-1} = 5 and p'_{-2} = 7 -> z_0 = -(5+7) = -12 mod 256 = 244; p'_0 = (244 + 10) mod 256 = 254
		final int[] iv = new int[8];
		iv[0] = 5;
		iv[1] = 7;
		assertEquals(254, PixelStreamCipher.encryptReference(new int[] { 10 }, new StreamCipherKey(new byte[2], iv),
			8)[0]);
	}

	@Test
	void fastPathEqualsTheLiteralEquationsAcrossChunksAndCalls() {
		for (final int bits : new int[] { 16, 128, 256 }) {
			for (final int depth : new int[] { 8, 16 }) {
				final StreamCipherKey key = StreamCipherKey.generate(bits, SEEDED);
				final int n = 40_000; // more than two internal chunks
				final int[] plain = new int[n];
				for (int i = 0; i < n; i++)
					plain[i] = SEEDED.nextInt(depth == 8 ? 256 : 65536);
				final int[] expected = PixelStreamCipher.encryptReference(plain, key, depth);
				assertArrayEquals(plain, PixelStreamCipher.decryptReference(expected, key, depth));
				// fed in three uneven calls
				final int[] cuts = { 0, 7, 17_000, n };
				final int[] fast = new int[n];
				final PixelStreamCipher.Pass enc = PixelStreamCipher.encryption(key, depth);
				final PixelStreamCipher.Pass dec = PixelStreamCipher.decryption(key, depth);
				final int[] back = new int[n];
				for (int c = 0; c + 1 < cuts.length; c++) {
					final int off = cuts[c], len = cuts[c + 1] - cuts[c];
					if (depth == 8) {
						final byte[] b = new byte[n];
						for (int i = 0; i < n; i++)
							b[i] = (byte) plain[i];
						enc.process(b, off, len);
						for (int i = off; i < off + len; i++)
							fast[i] = b[i] & 0xFF;
						dec.process(b, off, len);
						for (int i = off; i < off + len; i++)
							back[i] = b[i] & 0xFF;
					}
					else {
						final short[] s = new short[n];
						for (int i = 0; i < n; i++)
							s[i] = (short) plain[i];
						enc.process(s, off, len);
						for (int i = off; i < off + len; i++)
							fast[i] = s[i] & 0xFFFF;
						dec.process(s, off, len);
						for (int i = off; i < off + len; i++)
							back[i] = s[i] & 0xFFFF;
					}
				}
				assertArrayEquals(expected, fast, bits + "-bit key, " + depth + "-bit pixels");
				assertArrayEquals(plain, back, bits + "-bit key, " + depth + "-bit pixels");
			}
		}
	}

	/**
	 * The fast paths (encryption: one dot product per pixel; decryption: taps
	 * grouped by coefficient and vectorised) against eqs. 1 and 4 as written, on
	 * real 8-bit and 16-bit images with random keys of every size class (8, 64
	 * and 512 taps), in one call over the whole image.
	 */
	@Test
	void fastPathEqualsTheLiteralEquationsOnRealImagesWithRandomKeys() throws Exception {
		final Random rnd = new Random();
		for (final String name : new String[] { "us_obstetric_gray8_512x512_crop.png",
			"ct_small_HUplus1024_gray16_128x128.png", "mr_shoulder_gray16_1024x1024.png" })
		{
			final ImagePlus imp = ImageFiles.open(Datasets.samplePng(name));
			final int depth = imp.getBitDepth();
			final Object pixels = imp.getProcessor().getPixels();
			final int[] plain = unsignedPixels(imp);
			final int n = plain.length;
			for (final int bits : n > 300_000 ? new int[] { 128 } : new int[] { 16, 128, 1024 }) {
				final long seed = rnd.nextLong();
				final StreamCipherKey key = StreamCipherKey.generate(bits, new Random(seed));
				final String what = name + ", " + bits + "-bit key from seed " + seed;
				final int[] expected = PixelStreamCipher.encryptReference(plain, key, depth);
				final int[] fast = new int[n], back = new int[n];
				if (depth == 8) {
					final byte[] b = ((byte[]) pixels).clone();
					PixelStreamCipher.encryption(key, 8).process(b, 0, n);
					for (int i = 0; i < n; i++)
						fast[i] = b[i] & 0xFF;
					PixelStreamCipher.decryption(key, 8).process(b, 0, n);
					for (int i = 0; i < n; i++)
						back[i] = b[i] & 0xFF;
				}
				else {
					final short[] s = ((short[]) pixels).clone();
					PixelStreamCipher.encryption(key, 16).process(s, 0, n);
					for (int i = 0; i < n; i++)
						fast[i] = s[i] & 0xFFFF;
					PixelStreamCipher.decryption(key, 16).process(s, 0, n);
					for (int i = 0; i < n; i++)
						back[i] = s[i] & 0xFFFF;
				}
				assertArrayEquals(expected, fast, what);
				assertArrayEquals(plain, back, what);
				assertArrayEquals(plain, PixelStreamCipher.decryptReference(expected, key, depth), what);
			}
		}
	}

	/**
	 * Decryption split over threads (the default, and forced to 2, 3 and 7 parts)
	 * gives eq. 4 as written, bit for bit, on real 8-bit and 16-bit images: in one
	 * call, and in three calls whose middle one is split, so that its first part
	 * takes the history of the call before and the pass hands the last part's
	 * history on to the call after. The part boundaries fall at and around the
	 * internal chunks' (multiples of 4,096 pixels) and at odd positions.
	 */
	@Test
	void splitDecryptionEqualsTheLiteralEquationAtEveryBoundary() throws Exception {
		final Random rnd = new Random();
		// 512x512 images (the 16-bit one a CT): every cut below falls inside, and 2, 3 or 7 threads split each call
		// into several parts of at least MIN_PART pixels.
		for (final String name : new String[] { "us_obstetric_gray8_512x512_crop.png",
			"ct_head_HUplus1024_gray16_512x512.png" })
		{
			final ImagePlus imp = ImageFiles.open(Datasets.samplePng(name));
			final int depth = imp.getBitDepth();
			final int[] plain = unsignedPixels(imp);
			final int n = plain.length;
			for (final int bits : new int[] { 128, 1024 }) {
				final long seed = rnd.nextLong();
				final StreamCipherKey key = StreamCipherKey.generate(bits, new Random(seed));
				final int[] cipher = PixelStreamCipher.encryptReference(plain, key, depth);
				assertArrayEquals(plain, PixelStreamCipher.decryptReference(cipher, key, depth));
				for (final int threads : new int[] { 0, 1, 2, 3, 7 }) {
					for (final int[] cuts : new int[][] { { 0, n }, { 0, 1, n - 4097, n }, { 0, 4096 * 3 + 5,
						n - 40, n } })
					{
						final String what = name + ", " + bits + "-bit key from seed " + seed + ", " + (threads == 0 ?
							"default" : threads) + " threads, calls at " + java.util.Arrays.toString(cuts);
						final PixelStreamCipher.Pass dec = PixelStreamCipher.decryption(key, depth);
						if (threads > 0) dec.threads(threads);
						final int[] back = new int[n];
						if (depth == 8) {
							final byte[] b = new byte[n];
							for (int i = 0; i < n; i++)
								b[i] = (byte) cipher[i];
							for (int c = 0; c + 1 < cuts.length; c++)
								dec.process(b, cuts[c], cuts[c + 1] - cuts[c]);
							for (int i = 0; i < n; i++)
								back[i] = b[i] & 0xFF;
						}
						else {
							final short[] s = new short[n];
							for (int i = 0; i < n; i++)
								s[i] = (short) cipher[i];
							for (int c = 0; c + 1 < cuts.length; c++)
								dec.process(s, cuts[c], cuts[c + 1] - cuts[c]);
							for (int i = 0; i < n; i++)
								back[i] = s[i] & 0xFFFF;
						}
						assertArrayEquals(plain, back, what);
					}
				}
			}
		}
	}

	/**
	 * Encryption by blocks ({@code BlockedRecurrence}: lanes of independent
	 * blocks joined by the impulse response) gives eq. 1 as written, bit for bit,
	 * on real 8-bit and 16-bit 512x512 images (the 16-bit one a CT): keys of 8, 64
	 * and 512 taps, one call or three calls (the middle one long enough for blocks,
	 * starting at an odd position so that it continues another call's history), on
	 * 1, 2 and 3 threads; {@link #equationOne} (written here, apart from the
	 * production code) is the sequential definition.
	 */
	@Test
	void blockedEncryptionEqualsTheSequentialEquationOne() throws Exception {
		final Random rnd = new Random();
		for (final String name : new String[] { "us_obstetric_gray8_512x512_crop.png",
			"ct_head_HUplus1024_gray16_512x512.png" })
		{
			final ImagePlus imp = ImageFiles.open(Datasets.samplePng(name));
			final int depth = imp.getBitDepth();
			final int[] plain = unsignedPixels(imp);
			final int n = plain.length;
			for (final int bits : new int[] { 16, 128, 1024 }) {
				final long seed = rnd.nextLong();
				final StreamCipherKey key = StreamCipherKey.generate(bits, new Random(seed));
				final int[] expected = equationOne(plain, key, depth);
				assertArrayEquals(expected, PixelStreamCipher.encryptReference(plain, key, depth));
				for (final int threads : bits == 1024 ? new int[] { 2 } : new int[] { 1, 2, 3 }) {
					for (final int[] cuts : new int[][] { { 0, n }, { 0, 777, n - 5, n } }) {
						final String what = name + ", " + bits + "-bit key from seed " + seed + ", " + threads +
							" threads, calls at " + java.util.Arrays.toString(cuts);
						final PixelStreamCipher.Pass enc = PixelStreamCipher.encryption(key, depth).threads(threads);
						final int[] got = new int[n];
						if (depth == 8) {
							final byte[] b = new byte[n];
							for (int i = 0; i < n; i++) b[i] = (byte) plain[i];
							for (int c = 0; c + 1 < cuts.length; c++) enc.process(b, cuts[c], cuts[c + 1] - cuts[c]);
							for (int i = 0; i < n; i++) got[i] = b[i] & 0xFF;
						}
						else {
							final short[] s = new short[n];
							for (int i = 0; i < n; i++) s[i] = (short) plain[i];
							for (int c = 0; c + 1 < cuts.length; c++) enc.process(s, cuts[c], cuts[c + 1] - cuts[c]);
							for (int i = 0; i < n; i++) got[i] = s[i] & 0xFFFF;
						}
						assertArrayEquals(expected, got, what);
					}
				}
			}
		}
	}

	/**
	 * Each key keeps the blocked encryption's join matrices for the last size it encrypted
	 * ({@code BlockedRecurrence.JoinCache}): two keys of the same length, used in turn on the same real 8-bit
	 * image and on a shorter prefix (another block length), give eq. 1 for their own coefficients every
	 * time, so no key ever runs with the other's matrices or with its own for another size.
	 */
	@Test
	void keysInTurnEachUseTheirOwnJoinMatrices() throws Exception {
		final int[] all = unsignedPixels(ImageFiles.open(Datasets.samplePng("us_obstetric_gray8_512x512_crop.png")));
		final StreamCipherKey a = StreamCipherKey.generate(128, SEEDED), b = StreamCipherKey.generate(128, SEEDED);
		assertFalse(java.util.Arrays.equals(a.alphaInternal(), b.alphaInternal()));
		final int shorter = 3 * 256 * 128 + 4097;
		final Object[][] turns = { { a, all.length }, { b, all.length }, { a, all.length }, { a, shorter },
			{ b, shorter }, { b, all.length }, { a, shorter } };
		for (final Object[] turn : turns) {
			final StreamCipherKey key = (StreamCipherKey) turn[0];
			final int n = (Integer) turn[1];
			final int[] plain = java.util.Arrays.copyOf(all, n);
			final byte[] data = new byte[n];
			for (int i = 0; i < n; i++) data[i] = (byte) plain[i];
			PixelStreamCipher.encryption(key, 8).threads(2).process(data, 0, n);
			final int[] got = new int[n];
			for (int i = 0; i < n; i++) got[i] = data[i] & 0xFF;
			assertArrayEquals(equationOne(plain, key, 8), got, (key == a ? "key a" : "key b") + ", " + n + " pixels");
		}
	}

	/**
	 * Eq. 1 of the paper as written, sequentially, kept apart from the production code: z_i = sum_{j=1}^{k/2}
	 * alpha_j p'_{i-j} mod M, p'_i = z_i + p_i mod M, with p'_{-j} = IV_j mod M (the key's virtual pixels).
	 */
	static int[] equationOne(final int[] p, final StreamCipherKey key, final int bits) {
		final long m = 1L << bits;
		final int[] alpha = key.alphaInternal(), iv = key.ivInternal();
		final int half = alpha.length;
		final long[] c = new long[half + p.length]; // c[half + i] = p'_i, c[half - j] = p'_{-j}
		for (int j = 1; j <= half; j++) c[half - j] = Math.floorMod(iv[j - 1], m);
		final int[] out = new int[p.length];
		for (int i = 0; i < p.length; i++) {
			long z = 0;
			for (int j = 1; j <= half; j++) z += alpha[j - 1] * c[half + i - j];
			z = Math.floorMod(z, m);
			c[half + i] = Math.floorMod(z + p[i], m);
			out[i] = (int) c[half + i];
		}
		return out;
	}

	/**
	 * Block boundaries and odd sizes: prefixes of real 8- and 16-bit images whose lengths fall just below and
	 * at the blocked path's minimum, leave a block length that is not a multiple of the 8x8 moves or of the
	 * 32-pixel tiles, fill one or two groups of lanes exactly or leave a remainder for the sequential loop; 1,
	 * 2, 3 and 7 threads (3 or 4 groups: the split join's chunks of a group then do not divide its lanes, e.g.
	 * 171 + 171 + 170 of 512, or 86 + 86 + 84 of 256), the 64-tap key the transfer uses. Each is eq. 1 bit for
	 * bit and decrypts back.
	 */
	@Test
	void blockedEncryptionAtOddSizesAndBlockBoundaries() throws Exception {
		final StreamCipherKey key = StreamCipherKey.generate(128, SEEDED);
		final int min = BlockedRecurrence.minimumLength(64);
		for (final String name : new String[] { "us_obstetric_gray8_512x512_crop.png",
			"ct_head_HUplus1024_gray16_512x512.png" })
		{
			final ImagePlus imp = ImageFiles.open(Datasets.samplePng(name));
			final int depth = imp.getBitDepth();
			final int[] all = unsignedPixels(imp);
			final int lanes = depth == 8 ? BlockedRecurrence.LANES8 : BlockedRecurrence.LANES;
			for (final int n : new int[] { min - 1, min, 256 * 133 + 5, 256 * 139 + 255, lanes * 128,
				2 * lanes * 131 + 1023, 2 * lanes * 128 + 17, 3 * 256 * 128 + 4097, all.length })
			{
				final int[] plain = java.util.Arrays.copyOf(all, n);
				final int[] expected = equationOne(plain, key, depth);
				for (final int threads : new int[] { 1, 2, 3, 7 }) {
					final String what = name + ", " + n + " pixels, " + threads + " threads";
					final int[] got = new int[n];
					final int[] back = new int[n];
					if (depth == 8) {
						final byte[] b = new byte[n];
						for (int i = 0; i < n; i++) b[i] = (byte) plain[i];
						PixelStreamCipher.encryption(key, 8).threads(threads).process(b, 0, n);
						for (int i = 0; i < n; i++) got[i] = b[i] & 0xFF;
						PixelStreamCipher.decryption(key, 8).threads(threads).process(b, 0, n);
						for (int i = 0; i < n; i++) back[i] = b[i] & 0xFF;
					}
					else {
						final short[] s = new short[n];
						for (int i = 0; i < n; i++) s[i] = (short) plain[i];
						PixelStreamCipher.encryption(key, 16).threads(threads).process(s, 0, n);
						for (int i = 0; i < n; i++) got[i] = s[i] & 0xFFFF;
						PixelStreamCipher.decryption(key, 16).threads(threads).process(s, 0, n);
						for (int i = 0; i < n; i++) back[i] = s[i] & 0xFFFF;
					}
					assertArrayEquals(expected, got, what);
					assertArrayEquals(plain, back, what);
				}
			}
		}
	}

	/**
	 * The split join's powers of G ({@code BlockedRecurrence.power}, by squaring) are the join matrices of
	 * longer blocks: G^e for blocks of nb pixels maps a state to the zero-input state e·nb pixels later, which
	 * {@code joinMatrix} computes directly from the impulse response. Keys of 8 and 64 taps, odd nb and e.
	 */
	@Test
	void joinMatrixPowersAreJoinMatricesOfLongerBlocks() {
		for (final int bits : new int[] { 16, 128 }) {
			final int[] alpha = StreamCipherKey.generate(bits, SEEDED).alphaInternal();
			final int nb = 133;
			final short[][] g = BlockedRecurrence.joinMatrix(alpha, nb);
			for (final int e : new int[] { 1, 2, 3, 86, 171, 256 }) {
				final short[][] expected = BlockedRecurrence.joinMatrix(alpha, e * nb);
				final short[][] got = BlockedRecurrence.power(g, e);
				for (int s = 0; s < alpha.length; s++) assertArrayEquals(expected[s], got[s], bits + "-bit key, e = " + e
					+ ", column " + s);
			}
		}
	}

	/**
	 * An 8-bit stack of three 512x512 planes (the ultrasound, its mirror, the ultrasound again), each plane
	 * long enough for the blocked path: the stack is one stream (eq. 1 over the planes in order, the
	 * recurrence carried from plane to plane through the blocks' final state), and decryption inverts it.
	 */
	@Test
	void blocked8BitStackIsOneStreamOfEquationOne() throws Exception {
		final ImagePlus us = ImageFiles.open(Datasets.samplePng("us_obstetric_gray8_512x512_crop.png"));
		final byte[] a = ((byte[]) us.getProcessor().getPixels()).clone();
		final ImageStack stack = new ImageStack(512, 512);
		stack.addSlice("us", a.clone());
		final ij.process.ImageProcessor flipped = us.getProcessor().duplicate();
		flipped.flipHorizontal();
		stack.addSlice("flipped", flipped.getPixels());
		stack.addSlice("us again", a.clone());
		final ImagePlus imp = new ImagePlus("stack", stack);
		final int[] flat = new int[3 * a.length];
		for (int z = 0; z < 3; z++) {
			final byte[] plane = (byte[]) stack.getPixels(z + 1);
			for (int i = 0; i < a.length; i++) flat[z * a.length + i] = plane[i] & 0xFF;
		}
		final StreamCipherKey key = StreamCipherKey.generate(128, SEEDED);
		PixelStreamCipher.encrypt(ImagePlusImgs.wrapUnsignedByte(imp), key, Progress.NONE);
		final int[] expected = equationOne(flat, key, 8);
		for (int z = 0; z < 3; z++) {
			final byte[] plane = (byte[]) stack.getPixels(z + 1);
			for (int i = 0; i < a.length; i++)
				assertEquals(expected[z * a.length + i], plane[i] & 0xFF, "plane " + z + ", pixel " + i);
		}
		PixelStreamCipher.decrypt(ImagePlusImgs.wrapUnsignedByte(imp), key, Progress.NONE);
		for (int z = 0; z < 3; z++) {
			final byte[] plane = (byte[]) stack.getPixels(z + 1);
			for (int i = 0; i < a.length; i++) assertEquals(flat[z * a.length + i], plane[i] & 0xFF);
		}
	}

	/**
	 * 8-bit lanes in 16-bit slots of longs are exact only while no slot leaves 0..65535, which
	 * {@code BlockedRecurrence.Segments} bounds by sum |alpha_j| <= 255 per segment: 256-bit keys (128 taps) at
	 * that bound (127 taps +-2 and one +1: one segment) and just past it (128 taps +-2: two segments, the row
	 * reduced to its bytes between them), with every IV value 255, on the
	 * real 8-bit ultrasound and on an all-255 image of the same size (the slots' largest sums), 1 and 2
	 * threads: eq. 1 bit for bit.
	 */
	@Test
	void packedEightBitLanesAtTheirBoundAreEquationOne() throws Exception {
		final ImagePlus imp = ImageFiles.open(Datasets.samplePng("us_obstetric_gray8_512x512_crop.png"));
		final int[] us = unsignedPixels(imp);
		final int[] white = new int[us.length];
		java.util.Arrays.fill(white, 255);
		final int[] iv = new int[128];
		java.util.Arrays.fill(iv, 255);
		final byte[] at = new byte[32], past = new byte[32];
		java.util.Arrays.fill(at, (byte) 0xFF);
		java.util.Arrays.fill(past, (byte) 0xFF);
		at[17] = (byte) 0xEF; // tap 70: beta = 2 -> alpha = +1
		for (final byte[] bits : new byte[][] { at, past }) {
			final StreamCipherKey key = new StreamCipherKey(bits, iv);
			int weight = 0;
			for (final int a : key.alphaInternal()) weight += Math.abs(a);
			assertEquals(bits == at ? 255 : 256, weight);
			assertEquals(bits == at ? 1 : 2, new BlockedRecurrence.Segments(BlockedRecurrence.quads(key
				.alphaInternal(), 1), BlockedRecurrence.quads(key.alphaInternal(), 2)).bias.length);
			for (final int[] plain : new int[][] { us, white }) {
				final int[] expected = equationOne(plain, key, 8);
				for (final int threads : new int[] { 1, 2 }) {
					final byte[] b = new byte[plain.length];
					for (int i = 0; i < b.length; i++) b[i] = (byte) plain[i];
					PixelStreamCipher.encryption(key, 8).threads(threads).process(b, 0, b.length);
					final int[] got = new int[b.length];
					for (int i = 0; i < b.length; i++) got[i] = b[i] & 0xFF;
					assertArrayEquals(expected, got, "weight " + weight + ", " + threads + " threads, " + (plain == us
						? "ultrasound" : "all 255"));
				}
			}
		}
	}

	/** The pixels of an 8- or 16-bit image's current slice as unsigned values. */
	private static int[] unsignedPixels(final ImagePlus imp) {
		final Object pixels = imp.getProcessor().getPixels();
		final boolean bytes = pixels instanceof byte[];
		final int n = bytes ? ((byte[]) pixels).length : ((short[]) pixels).length;
		final int[] plain = new int[n];
		for (int i = 0; i < n; i++)
			plain[i] = bytes ? ((byte[]) pixels)[i] & 0xFF : ((short[]) pixels)[i] & 0xFFFF;
		return plain;
	}

	@Test
	void roundTrip8BitUltrasound() throws Exception {
		final ImagePlus imp = ImageFiles.open(Datasets.samplePng("us_obstetric_gray8_512x512_crop.png"));
		assertEquals(8, imp.getBitDepth());
		final byte[] original = ((byte[]) imp.getProcessor().getPixels()).clone();
		final StreamCipherKey key = StreamCipherKey.generate(128, SEEDED);
		PixelStreamCipher.encrypt(ImagePlusImgs.wrapUnsignedByte(imp), key, Progress.NONE);
		final byte[] encrypted = ((byte[]) imp.getProcessor().getPixels()).clone();
		assertEquals(original.length, encrypted.length);
		assertTrue(fractionDiffering(original, encrypted) > 0.99);
		// same as eq. 1 written out
		assertArrayEquals(PixelStreamCipher.encryptReference(unsigned(original), key, 8), unsigned(encrypted));
		PixelStreamCipher.decrypt(ImagePlusImgs.wrapUnsignedByte(imp), key, Progress.NONE);
		assertArrayEquals(original, (byte[]) imp.getProcessor().getPixels());
	}

	@Test
	void roundTrip16BitStackChainsAcrossPlanes() throws Exception {
		final ImagePlus ct = ImageFiles.open(Datasets.samplePng("ct_small_HUplus1024_gray16_128x128.png"));
		final ImagePlus mr = ImageFiles.open(Datasets.samplePng("mr_small_gray16_64x64.png"));
		assertEquals(16, ct.getBitDepth());
		// a 3-slice 16-bit stack: the CT slice, its mirror, and the CT slice again (identical planes)
		final short[] a = (short[]) ct.getProcessor().getPixels();
		final ImageStack stack = new ImageStack(128, 128);
		stack.addSlice("ct", a.clone());
		final ij.process.ImageProcessor flipped = ct.getProcessor().duplicate();
		flipped.flipHorizontal();
		stack.addSlice("flipped", flipped.getPixels());
		stack.addSlice("ct again", a.clone());
		final ImagePlus imp = new ImagePlus("stack", stack);
		final List<short[]> before = planes(imp);
		final StreamCipherKey key = StreamCipherKey.generate(128, SEEDED);
		PixelStreamCipher.encrypt(ImagePlusImgs.wrapUnsignedShort(imp), key, Progress.NONE);
		final List<short[]> after = planes(imp);
		// chaining: the stack is one stream in row-major, plane-after-plane order
		final int[] flat = new int[3 * a.length];
		for (int z = 0; z < 3; z++)
			for (int i = 0; i < a.length; i++)
				flat[z * a.length + i] = before.get(z)[i] & 0xFFFF;
		final int[] expected = PixelStreamCipher.encryptReference(flat, key, 16);
		for (int z = 0; z < 3; z++)
			for (int i = 0; i < a.length; i++)
				assertEquals(expected[z * a.length + i], after.get(z)[i] & 0xFFFF);
		// identical plaintext planes 1 and 3 give different ciphertext planes
		assertTrue(fractionDiffering(after.get(0), after.get(2)) > 0.99);
		PixelStreamCipher.decrypt(ImagePlusImgs.wrapUnsignedShort(imp), key, Progress.NONE);
		for (int z = 0; z < 3; z++)
			assertArrayEquals(before.get(z), planes(imp).get(z));

		// an ArrayImg (not planar) takes the generic path: same result as the planar one
		final short[] m = ((short[]) mr.getProcessor().getPixels()).clone();
		final ArrayImg<UnsignedShortType, ShortArray> arrayImg = ArrayImgs.unsignedShorts(m.clone(), 64, 64);
		PixelStreamCipher.encrypt(arrayImg, key, Progress.NONE);
		final ImagePlus mrCopy = new ImagePlus("mr", mr.getProcessor().duplicate());
		PixelStreamCipher.encrypt(ImagePlusImgs.wrapUnsignedShort(mrCopy), key, Progress.NONE);
		assertArrayEquals((short[]) mrCopy.getProcessor().getPixels(), arrayImg.update(null)
			.getCurrentStorageArray());
	}

	@Test
	void wrongKeyGivesAnotherImageSilently() throws Exception {
		// The paper's cipher has no integrity: a wrong key is not detected, it just decrypts to noise.
		final ImagePlus imp = ImageFiles.open(Datasets.samplePng("us_obstetric_gray8_512x512_crop.png"));
		final byte[] original = ((byte[]) imp.getProcessor().getPixels()).clone();
		final StreamCipherKey right = StreamCipherKey.generate(128, SEEDED);
		final StreamCipherKey wrong = StreamCipherKey.generate(128, SEEDED);
		PixelStreamCipher.encrypt(ImagePlusImgs.wrapUnsignedByte(imp), right, Progress.NONE);
		PixelStreamCipher.decrypt(ImagePlusImgs.wrapUnsignedByte(imp), wrong, Progress.NONE);
		assertTrue(fractionDiffering(original, (byte[]) imp.getProcessor().getPixels()) > 0.99);
		// A key differing in the IV only: same alphas, so after k/2 pixels decryption resynchronises
		// (self-synchronising): only the first 64 pixels are wrong.
		final int[] iv = right.iv();
		iv[0] ^= 1;
		final ImagePlus again = ImageFiles.open(Datasets.samplePng("us_obstetric_gray8_512x512_crop.png"));
		PixelStreamCipher.encrypt(ImagePlusImgs.wrapUnsignedByte(again), right, Progress.NONE);
		PixelStreamCipher.decrypt(ImagePlusImgs.wrapUnsignedByte(again), new StreamCipherKey(right.keyBytes(), iv),
			Progress.NONE);
		final byte[] got = (byte[]) again.getProcessor().getPixels();
		for (int i = 64; i < got.length; i++)
			assertEquals(original[i], got[i]);
		assertFalse(java.util.Arrays.equals(original, got));
	}

	private static List<short[]> planes(final ImagePlus imp) {
		final List<short[]> out = new ArrayList<>();
		for (int z = 1; z <= imp.getStackSize(); z++)
			out.add(((short[]) imp.getStack().getPixels(z)).clone());
		return out;
	}

	private static int[] unsigned(final byte[] b) {
		final int[] out = new int[b.length];
		for (int i = 0; i < b.length; i++)
			out[i] = b[i] & 0xFF;
		return out;
	}

	private static double fractionDiffering(final byte[] a, final byte[] b) {
		int d = 0;
		for (int i = 0; i < a.length; i++)
			if (a[i] != b[i]) d++;
		return d / (double) a.length;
	}

	private static double fractionDiffering(final short[] a, final short[] b) {
		int d = 0;
		for (int i = 0; i < a.length; i++)
			if (a[i] != b[i]) d++;
		return d / (double) a.length;
	}
}
