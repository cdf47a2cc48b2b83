package org.medcrypt.cipher;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * The usual measures of how much an encrypted 8-bit image leaks, on a
 * row-major {@code byte[]} of unsigned pixels (the figures of Puech 2008
 * section 1.3 and the standard NPCR/UACI of the image-encryption literature).
 */
public final class ImageStatistics {

	private ImageStatistics() {}

	/** Counts of each grey level 0..255. */
	public static long[] histogram(final byte[] pixels) {
		final long[] h = new long[256];
		for (final byte p : pixels)
			h[p & 0xFF]++;
		return h;
	}

	/** Shannon entropy of the grey-level histogram, in bits per pixel (8 at most). */
	public static double entropy(final byte[] pixels) {
		double e = 0;
		for (final long c : histogram(pixels)) {
			if (c == 0) continue;
			final double p = c / (double) pixels.length;
			e -= p * Math.log(p) / Math.log(2);
		}
		return e;
	}

	/**
	 * Pearson correlation of horizontally adjacent pixels (each pixel with its
	 * right neighbour, every pair of the image); NaN if either side is constant.
	 */
	public static double horizontalCorrelation(final byte[] pixels, final int width, final int height) {
		return correlation(pixels, width, height, 1, 0);
	}

	/** As {@link #horizontalCorrelation}, each pixel with the one below it. */
	public static double verticalCorrelation(final byte[] pixels, final int width, final int height) {
		return correlation(pixels, width, height, 0, 1);
	}

	private static double correlation(final byte[] p, final int w, final int h, final int dx, final int dy) {
		double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
		long n = 0;
		for (int y = 0; y + dy < h; y++) {
			for (int x = 0; x + dx < w; x++) {
				final double a = p[y * w + x] & 0xFF, b = p[(y + dy) * w + x + dx] & 0xFF;
				sx += a;
				sy += b;
				sxx += a * a;
				syy += b * b;
				sxy += a * b;
				n++;
			}
		}
		final double cov = sxy / n - sx / n * (sy / n);
		final double vx = sxx / n - sx / n * (sx / n), vy = syy / n - sy / n * (sy / n);
		return cov / Math.sqrt(vx * vy);
	}

	/** Number of Pixels Change Rate: percentage of positions where the two images differ. */
	public static double npcr(final byte[] a, final byte[] b) {
		sameLength(a, b);
		long d = 0;
		for (int i = 0; i < a.length; i++)
			if (a[i] != b[i]) d++;
		return 100.0 * d / a.length;
	}

	/** Unified Average Changing Intensity: mean of |a - b| / 255, in percent. */
	public static double uaci(final byte[] a, final byte[] b) {
		sameLength(a, b);
		long s = 0;
		for (int i = 0; i < a.length; i++)
			s += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
		return 100.0 * s / (255.0 * a.length);
	}

	/**
	 * Number of distinct blocks of {@code blockPixels} consecutive pixels in scan
	 * order (whole blocks only; a trailing partial block is ignored).
	 */
	public static int distinctBlocks(final byte[] pixels, final int blockPixels) {
		final Set<ByteBuffer> seen = new HashSet<>();
		for (int i = 0; i + blockPixels <= pixels.length; i += blockPixels)
			seen.add(ByteBuffer.wrap(pixels, i, blockPixels).slice());
		return seen.size();
	}

	private static void sameLength(final byte[] a, final byte[] b) {
		if (a.length != b.length) throw new IllegalArgumentException("images differ in size: " + a.length + " vs " +
			b.length + " pixels");
	}
}
