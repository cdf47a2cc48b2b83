package org.medcrypt.cipher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** NPCR, UACI, entropy, correlation and block counts on tiny hand-checked images. */
class ImageStatisticsTest {

	@Test
	void npcrAndUaciByHand() {
		// 2x2 images: two of four pixels differ, by 255 and by 51.
		final byte[] a = { 0, 10, (byte) 255, 7 };
		final byte[] b = { (byte) 255, 10, (byte) 204, 7 };
		assertEquals(50.0, ImageStatistics.npcr(a, b), 1e-12);
		// (255 + 51) / 255 / 4 * 100 = 30%
		assertEquals(30.0, ImageStatistics.uaci(a, b), 1e-12);
		assertEquals(0.0, ImageStatistics.npcr(a, a.clone()), 0);
	}

	@Test
	void entropyByHand() {
		assertEquals(0.0, ImageStatistics.entropy(new byte[100]), 0);
		assertEquals(1.0, ImageStatistics.entropy(new byte[] { 0, 1, 0, 1 }), 1e-12);
		final byte[] all = new byte[256 * 3];
		for (int i = 0; i < all.length; i++)
			all[i] = (byte) i;
		assertEquals(8.0, ImageStatistics.entropy(all), 1e-12);
	}

	@Test
	void correlationByHand() {
		// Horizontal ramp 3 wide, 2 high: right neighbour = left + 1 -> +1; below = same -> +1 (rows differ by 3).
		final byte[] ramp = { 0, 1, 2, 3, 4, 5 };
		assertEquals(1.0, ImageStatistics.horizontalCorrelation(ramp, 3, 2), 1e-12);
		assertEquals(1.0, ImageStatistics.verticalCorrelation(ramp, 3, 2), 1e-12);
		// Checkerboard 2x2: every neighbour is the opposite -> -1.
		final byte[] checker = { 0, 9, 9, 0 };
		assertEquals(-1.0, ImageStatistics.horizontalCorrelation(checker, 2, 2), 1e-12);
		assertEquals(-1.0, ImageStatistics.verticalCorrelation(checker, 2, 2), 1e-12);
	}

	@Test
	void distinctBlocks() {
		final byte[] p = { 1, 2, 1, 2, 3, 4, 1, 2, 9 };
		assertEquals(2, ImageStatistics.distinctBlocks(p, 2)); // {1,2} x3, {3,4}; trailing 9 ignored
		assertEquals(3, ImageStatistics.distinctBlocks(p, 3)); // {1,2,1} {2,3,4} {1,2,9}
	}
}
