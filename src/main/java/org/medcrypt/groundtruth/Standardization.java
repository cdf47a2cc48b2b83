package org.medcrypt.groundtruth;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * Step 1 of Algorithm 1, "all parties standardize all of the data", made
 * exact: each image's intensities are mapped linearly so that the image's own
 * minimum becomes 0 and its maximum {@value #MAX_LEVEL}, rounding half up:
 *
 * <pre>level(v) = floor(((v - min)·2·MAX_LEVEL + (max - min)) / (2·(max - min)))</pre>
 *
 * computed in integers; a constant image maps to 0. Min and max are taken over
 * the whole image, not only its ground truth, so that similar tissue lands on
 * similar levels whatever the scanner's range or bit depth. Being local and
 * integer, the levels are exactly the same whether computed by a lab or in a
 * pooled computation.
 */
public final class Standardization {

	/** 10 bits: finer than 8-bit sources, coarse enough to keep the secure sums small. */
	public static final int MAX_LEVEL = 1023;

	private Standardization() {}

	/** The standardised levels of a 2D image, row by row (x fastest). */
	public static int[] levels(final RandomAccessibleInterval<? extends IntegerType<?>> image) {
		final long[] raw = new long[Math.toIntExact(image.dimension(0) * image.dimension(1))];
		long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
		int i = 0;
		for (final IntegerType<?> pixel : Views.flatIterable(image)) {
			final long v = pixel.getIntegerLong();
			raw[i++] = v;
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		final int[] levels = new int[raw.length];
		final long range = max - min;
		if (range == 0) return levels;
		for (int p = 0; p < raw.length; p++) {
			levels[p] = (int) (((raw[p] - min) * 2 * MAX_LEVEL + range) / (2 * range));
		}
		return levels;
	}
}
