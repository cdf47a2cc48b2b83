package org.medcrypt.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

/** Interior-only c×c window sums and the integer encodings of Algorithm 1, against brute force. */
class WindowStatisticsTest {

	@Test
	void onlyPixelsWithAFullWindowCount() {
		final byte[] pixels = new byte[25];
		for (int i = 0; i < 25; i++) pixels[i] = (byte) i;
		final byte[] all = new byte[25];
		java.util.Arrays.fill(all, (byte) 1);
		final LabeledImage image = new LabeledImage(ArrayImgs.unsignedBytes(pixels, 5, 5), ArrayImgs.unsignedBytes(all,
			5, 5));
		assertEquals(9, WindowStatistics.localSums(List.of(image), 3, DeviationFeature.PIXEL_INTENSITY).groundTruthPixels);
		assertEquals(1, WindowStatistics.localSums(List.of(image), 5, DeviationFeature.PIXEL_INTENSITY).groundTruthPixels);
		assertEquals(25, WindowStatistics.localSums(List.of(image), 1, DeviationFeature.PIXEL_INTENSITY).groundTruthPixels);
		assertEquals(0, WindowStatistics.localSums(List.of(image), 7, DeviationFeature.PIXEL_INTENSITY).groundTruthPixels);
		assertThrows(IllegalArgumentException.class, () -> WindowStatistics.localSums(List.of(image), 4, DeviationFeature.PIXEL_INTENSITY));
	}

	@Test
	void matchesBruteForce() {
		final Random rnd = new Random(20261121);
		final int w = 37, h = 23;
		final short[] pixels = new short[w * h];
		final byte[] mask = new byte[w * h];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = (short) rnd.nextInt(4096);
			mask[i] = (byte) (rnd.nextInt(3) == 0 ? 1 : 0);
		}
		final LabeledImage image = new LabeledImage(ArrayImgs.unsignedShorts(pixels, w, h), ArrayImgs.unsignedBytes(
			mask, w, h));
		final int[] levels = Standardization.levels(image.image());
		for (final int c : new int[] { 1, 3, 5, 7 }) {
			final int r = c / 2;
			long n = 0, windowSum = 0;
			for (int y = r; y < h - r; y++) {
				for (int x = r; x < w - r; x++) {
					if (mask[y * w + x] == 0) continue;
					n++;
					windowSum += window(levels, w, x, y, r);
				}
			}
			final WindowStatistics.LocalSums sums = WindowStatistics.localSums(List.of(image), c,
				DeviationFeature.PIXEL_INTENSITY);
			assertEquals(n, sums.groundTruthPixels, "c = " + c);
			assertEquals(BigInteger.valueOf(windowSum), sums.windowSum, "c = " + c);

			final GlobalMean mean = GlobalMean.rounded(sums.windowSum, BigInteger.valueOf(n), c, 16);
			BigInteger pixelD = BigInteger.ZERO, windowD = BigInteger.ZERO;
			final BigInteger p = mean.numerator(), q = mean.denominator(), c2 = BigInteger.valueOf(c * c);
			for (int y = r; y < h - r; y++) {
				for (int x = r; x < w - r; x++) {
					if (mask[y * w + x] == 0) continue;
					pixelD = pixelD.add(q.multiply(BigInteger.valueOf(levels[y * w + x])).subtract(p).pow(2));
					windowD = windowD.add(q.multiply(BigInteger.valueOf(window(levels, w, x, y, r))).subtract(c2.multiply(
						p)).pow(2));
				}
			}
			assertEquals(pixelD, sums.squaredDeviations(mean));
			final WindowStatistics.LocalSums windows = WindowStatistics.localSums(List.of(image), c,
				DeviationFeature.WINDOW_MEAN);
			assertEquals(windowD, windows.squaredDeviations(mean));
			// Sums over two images add up: the same image twice doubles every part.
			assertEquals(windowD.shiftLeft(1), windows.plus(windows).squaredDeviations(GlobalMean.rounded(windows.windowSum
				.shiftLeft(1), BigInteger.valueOf(2 * n), c, 16)));
		}
	}

	private static long window(final int[] levels, final int w, final int x, final int y, final int r) {
		long s = 0;
		for (int dy = -r; dy <= r; dy++) {
			for (int dx = -r; dx <= r; dx++) s += levels[(y + dy) * w + x + dx];
		}
		return s;
	}
}
