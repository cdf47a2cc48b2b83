package org.medcrypt.groundtruth;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;

/**
 * The outcome of Algorithm 1: the exact integers n, windowSum, D (squared
 * deviations from the published mean μ̂ = P/Q) and Σx, and from them the global
 * mean μ = windowSum / (c²·n) (step 16) and σ = sqrt(sdsum / (n-1)) (step 27),
 * in standardised levels, both exact: the researcher knows μ exactly (it has n
 * and windowSum) and corrects the sum of squares from μ̂ to μ exactly.
 * <p>
 * The correction. With a = s·μ (the exact mean, in units of x) and b = s·μ̂
 * (the published one), f(t) = Σ(x − t)² = Σx² − 2tΣx + n·t², so
 * f(a) = f(b) + (b − a)·(2Σx − n·(a + b)), where f(b) = D / Q² is what the labs
 * summed (they only know μ̂). In integers, with T = c²·n·Q, A = s·windowSum·Q
 * and B = s·P·c²·n (a = A/T, b = B/T):
 * T²·f(a) = F = D·(c²·n)² + (B − A)·(2·Σx·T − n·(A + B)), and
 * σ² = F / (s²·T²·(n − 1)). This needs Σx, the sum of the deviation feature
 * over every lab's ground truth, which sum 2 carries beside D: for
 * {@link DeviationFeature#WINDOW_MEAN} Σx = windowSum (nothing new for R); for
 * {@link DeviationFeature#PIXEL_INTENSITY} it is the pooled sum of levels, one
 * more aggregate for R (and nothing at all for the labs). Without it R could
 * only report σ about μ̂, off by up to 2·L·|μ − μ̂| in the variance.
 * </p>
 * Doubles are derived from the integers only at the end, through 34-digit
 * decimals, so equal integers give equal doubles.
 */
public final class GroundTruthStatistics {

	private final BigInteger n;
	private final BigInteger windowSum;
	private final BigInteger squaredDeviations;
	private final BigInteger featureSum;
	private final GlobalMean published;
	private final int window;
	private final long scale;

	GroundTruthStatistics(final BigInteger n, final BigInteger windowSum, final BigInteger squaredDeviations,
		final BigInteger featureSum, final GlobalMean published, final int window, final DeviationFeature feature)
	{
		this.n = n;
		this.windowSum = windowSum;
		this.squaredDeviations = squaredDeviations;
		this.featureSum = featureSum;
		this.published = published;
		this.window = window;
		this.scale = feature.scale(window);
	}

	/** The same statistics computed in the clear over every lab's images pooled, with the default mean scale. */
	public static GroundTruthStatistics pooled(final List<LabeledImage> images, final int window,
		final DeviationFeature feature)
	{
		return pooled(images, window, feature, StudyParameters.DEFAULT_MEAN_SCALE_BITS);
	}

	/** The same statistics computed in the clear over every lab's images pooled: the reference. */
	public static GroundTruthStatistics pooled(final List<LabeledImage> images, final int window,
		final DeviationFeature feature, final int meanScaleBits)
	{
		final WindowStatistics.LocalSums sums = WindowStatistics.localSums(images, window, feature);
		final BigInteger n = BigInteger.valueOf(sums.groundTruthPixels);
		final GlobalMean mean = GlobalMean.rounded(sums.windowSum, n, window, meanScaleBits);
		return new GroundTruthStatistics(n, sums.windowSum, sums.squaredDeviations(mean), sums.featureSum(), mean,
			window, feature);
	}

	/** n: interior ground-truth pixels over all labs. */
	public BigInteger groundTruthPixels() {
		return n;
	}

	/** Σ of the c×c window sums of standardised levels. */
	public BigInteger windowSum() {
		return windowSum;
	}

	/** D = Σ (Q·x − s·P)², the squared deviations from the published mean as the labs summed them. */
	public BigInteger encodedSquaredDeviations() {
		return squaredDeviations;
	}

	/** Σx, the feature's sum over all labs' ground truth (for the exact correction). */
	public BigInteger featureSum() {
		return featureSum;
	}

	/** The mean as published to the labs: μ rounded to the session's scale (what every lab learns). */
	public GlobalMean globalMean() {
		return published;
	}

	/** The exact μ in standardised levels; NaN without ground truth. */
	public double mean() {
		if (n.signum() == 0) return Double.NaN;
		return new BigDecimal(windowSum).divide(new BigDecimal(n.multiply(BigInteger.valueOf((long) window *
			window))), MathContext.DECIMAL128).doubleValue();
	}

	/**
	 * F = T²·Σ(x − s·μ)², the sum of squares about the exact mean (class
	 * comment); never negative for honest labs, 0 without ground truth.
	 */
	public BigInteger correctedSquaredDeviations() {
		if (n.signum() == 0) return BigInteger.ZERO;
		final BigInteger c2n = n.multiply(BigInteger.valueOf((long) window * window));
		final BigInteger q = published.denominator(), s = BigInteger.valueOf(scale);
		final BigInteger t = c2n.multiply(q);
		final BigInteger a = s.multiply(windowSum).multiply(q), b = s.multiply(published.numerator()).multiply(c2n);
		return squaredDeviations.multiply(c2n).multiply(c2n).add(b.subtract(a).multiply(featureSum.multiply(t)
			.shiftLeft(1).subtract(n.multiply(a.add(b)))));
	}

	/**
	 * False if the totals contradict each other, which no honest labs can cause:
	 * a negative corrected sum of squares, Σx outside [0, n·s·L], or, for window
	 * means, Σx other than the window sum.
	 */
	boolean isConsistent(final DeviationFeature feature) {
		if (featureSum.signum() < 0 || featureSum.compareTo(n.multiply(BigInteger.valueOf(scale *
			Standardization.MAX_LEVEL))) > 0) return false;
		if (feature == DeviationFeature.WINDOW_MEAN && !featureSum.equals(windowSum)) return false;
		return correctedSquaredDeviations().signum() >= 0;
	}

	/** σ in standardised levels, about the exact mean; NaN for fewer than two ground-truth pixels. */
	public double standardDeviation() {
		if (n.compareTo(BigInteger.valueOf(2)) < 0) return Double.NaN;
		final BigInteger f = correctedSquaredDeviations();
		if (f.signum() < 0) return Double.NaN;
		final BigInteger st = n.multiply(BigInteger.valueOf((long) window * window)).multiply(published
			.denominator()).multiply(BigInteger.valueOf(scale));
		final BigDecimal variance = new BigDecimal(f).divide(new BigDecimal(st.multiply(st).multiply(n.subtract(
			BigInteger.ONE))), MathContext.DECIMAL128);
		return variance.sqrt(MathContext.DECIMAL128).doubleValue();
	}

	@Override
	public String toString() {
		return "n = " + n + ", μ = " + mean() + ", σ = " + standardDeviation();
	}
}
