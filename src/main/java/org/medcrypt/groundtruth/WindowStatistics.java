package org.medcrypt.groundtruth;

import java.math.BigInteger;
import java.util.List;

import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * A lab's local work in Algorithm 1 (steps 3-13 and 19-25), in exact integers.
 * <p>
 * Window and border: c is odd and the window is centred on the pixel. Only
 * <em>interior</em> ground-truth pixels count, those whose whole c×c window
 * lies inside the image (c/2 ≤ x &lt; width - c/2, same for y); the others are
 * left out of n as well, so every window mean is S_q / c² with S_q the integer
 * window sum of standardised levels ({@link Standardization}).
 * </p>
 * <p>
 * Encodings: n_i is the number of interior ground-truth pixels and
 * windowSum_i = Σ_q S_q, so that Σ_q μ_q = windowSum_i / c². Given the
 * published μ̂ = P/Q (fixed point, {@link GlobalMean}), the squared deviations are summed as the integer
 * D_i = Σ_q (Q·x_q - s·P)², with x_q = v_q and s = 1 for
 * {@link DeviationFeature#PIXEL_INTENSITY}, x_q = S_q and s = c² for
 * {@link DeviationFeature#WINDOW_MEAN}; then Σ(x − s·μ̂)² = D / Q², which the
 * researcher corrects to the exact mean ({@link GroundTruthStatistics}).
 * </p>
 */
public final class WindowStatistics {

	/**
	 * Everything a lab's images contribute to Algorithm 1, for one window size and
	 * deviation feature: n_i, windowSum_i, and Σx and Σx² of the feature x, from
	 * which D_i follows for any published mean without looking at the images
	 * again. So a lab does all its image work before the protocol starts.
	 */
	public static final class LocalSums {

		public final long groundTruthPixels;
		public final BigInteger windowSum;
		/** Images with at least one interior ground-truth pixel: the count disclosure control limits. */
		private final int images;
		private final BigInteger featureSum;
		private final BigInteger featureSquares;
		private final int window;
		private final DeviationFeature feature;

		private LocalSums(final long groundTruthPixels, final int images, final BigInteger windowSum,
			final BigInteger featureSum, final BigInteger featureSquares, final int window,
			final DeviationFeature feature)
		{
			this.groundTruthPixels = groundTruthPixels;
			this.images = images;
			this.windowSum = windowSum;
			this.featureSum = featureSum;
			this.featureSquares = featureSquares;
			this.window = window;
			this.feature = feature;
		}

		/** The sums of no image at all. */
		public static LocalSums none(final int window, final DeviationFeature feature) {
			checkWindow(window);
			return new LocalSums(0, 0, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, window, feature);
		}

		/** The sums over this lab's images and {@code other}'s (same window and feature). */
		public LocalSums plus(final LocalSums other) {
			if (other.window != window || other.feature != feature) throw new IllegalArgumentException(
				"cannot add sums for window " + other.window + " and " + other.feature + " to sums for window " +
					window + " and " + feature);
			return new LocalSums(Math.addExact(groundTruthPixels, other.groundTruthPixels), Math.addExact(images,
				other.images), windowSum.add(
				other.windowSum), featureSum.add(other.featureSum), featureSquares.add(other.featureSquares), window,
				feature);
		}

		public int window() {
			return window;
		}

		/** Images that contributed at least one interior ground-truth pixel. */
		public int images() {
			return images;
		}

		/** Σx over the lab's ground truth (x as the feature defines it). */
		BigInteger featureSum() {
			return featureSum;
		}

		public DeviationFeature feature() {
			return feature;
		}

		/**
		 * Steps 20-24: D_i, the encoded sum of squared deviations from the
		 * published (rounded) {@code mean}; 0 if the mean is undefined. Computed as Q²·Σx² - 2·Q·s·P·Σx + n·(s·P)²,
		 * which equals Σ (Q·x - s·P)² exactly.
		 */
		public BigInteger squaredDeviations(final GlobalMean mean) {
			if (!mean.isDefined()) return BigInteger.ZERO;
			final BigInteger q = mean.denominator();
			final BigInteger sp = mean.numerator().multiply(BigInteger.valueOf(feature.scale(window)));
			return q.multiply(q).multiply(featureSquares).subtract(q.multiply(sp).multiply(featureSum).shiftLeft(1))
				.add(BigInteger.valueOf(groundTruthPixels).multiply(sp).multiply(sp));
		}
	}

	/** Receives each interior ground-truth pixel's level and window sum. */
	@FunctionalInterface
	private interface PixelVisitor {
		void visit(int level, long windowSum);
	}

	public static final int MAX_WINDOW = 1001;

	private WindowStatistics() {}

	/** Steps 5-12 and the parts of 20-24 that do not depend on the mean, over all of a lab's images. */
	public static LocalSums localSums(final List<LabeledImage> images, final int window,
		final DeviationFeature feature)
	{
		checkWindow(window);
		final long[] n = { 0 };
		int counted = 0;
		final ExactSum sum = new ExactSum(), featureSum = new ExactSum(), squares = new ExactSum();
		for (final LabeledImage image : images) {
			final long before = n[0];
			visitGroundTruth(image, window, (level, windowSum) -> {
				final long x = feature == DeviationFeature.PIXEL_INTENSITY ? level : windowSum;
				n[0]++;
				sum.add(windowSum);
				featureSum.add(x);
				squares.add(x * x);
			});
			if (n[0] > before) counted++;
		}
		return new LocalSums(n[0], counted, sum.total(), featureSum.total(), squares.total(), window, feature);
	}

	/** A sum of non-negative longs below 2^62 that never overflows: a long, flushed into a BigInteger. */
	private static final class ExactSum {

		private long partial;
		private BigInteger flushed = BigInteger.ZERO;

		void add(final long term) {
			partial += term;
			if (partial >= 1L << 62) {
				flushed = flushed.add(BigInteger.valueOf(partial));
				partial = 0;
			}
		}

		BigInteger total() {
			return flushed.add(BigInteger.valueOf(partial));
		}
	}

	static void checkWindow(final int window) {
		// Up to 1001, a squared window sum (c²·1023)² stays below 2^62.
		if (window < 1 || window % 2 == 0 || window > MAX_WINDOW) {
			throw new IllegalArgumentException("the window size c must be odd, from 1 to " + MAX_WINDOW +
				" (centred window); got " + window);
		}
	}

	private static void visitGroundTruth(final LabeledImage image, final int window, final PixelVisitor visitor) {
		checkWindow(window);
		final int w = image.width(), h = image.height(), r = window / 2;
		if (w < window || h < window) return;
		final int[] levels = Standardization.levels(image.image());
		final long[] integral = integral(levels, w, h);
		int p = 0;
		for (final IntegerType<?> m : Views.flatIterable(image.mask())) {
			final int x = p % w, y = p / w;
			if (m.getIntegerLong() != 0 && x >= r && x < w - r && y >= r && y < h - r) {
				visitor.visit(levels[p], boxSum(integral, w, x - r, y - r, x + r + 1, y + r + 1));
			}
			p++;
		}
	}

	/** Summed-area table with a zero first row and column: entry (x, y) sums levels [0, x) × [0, y). */
	private static long[] integral(final int[] levels, final int w, final int h) {
		final long[] s = new long[(w + 1) * (h + 1)];
		for (int y = 0; y < h; y++) {
			long row = 0;
			for (int x = 0; x < w; x++) {
				row += levels[y * w + x];
				s[(y + 1) * (w + 1) + x + 1] = s[y * (w + 1) + x + 1] + row;
			}
		}
		return s;
	}

	private static long boxSum(final long[] s, final int w, final int x0, final int y0, final int x1, final int y1) {
		final int stride = w + 1;
		return s[y1 * stride + x1] - s[y0 * stride + x1] - s[y1 * stride + x0] + s[y0 * stride + x0];
	}
}
