package org.medcrypt.groundtruth;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;

/**
 * The outcome of Algorithm 1: the exact integers n, windowSum and D, and from
 * them the global mean μ (step 16) and σ = sqrt(sdsum / (n-1)) (step 27), in
 * standardised levels. Doubles are derived from the integers only at the end,
 * through 34-digit decimals, so equal integers give equal doubles.
 */
public final class GroundTruthStatistics {

	private final BigInteger n;
	private final BigInteger windowSum;
	private final BigInteger squaredDeviations;
	private final GlobalMean mean;
	private final long scale;

	GroundTruthStatistics(final BigInteger n, final BigInteger windowSum, final BigInteger squaredDeviations,
		final int window, final DeviationFeature feature)
	{
		this.n = n;
		this.windowSum = windowSum;
		this.squaredDeviations = squaredDeviations;
		this.mean = GlobalMean.of(windowSum, n, window);
		this.scale = feature.scale(window);
	}

	/** The same statistics computed in the clear over every lab's images pooled: the reference. */
	public static GroundTruthStatistics pooled(final List<LabeledImage> images, final int window,
		final DeviationFeature feature)
	{
		final WindowStatistics.LocalSums sums = WindowStatistics.localSums(images, window, feature);
		final GlobalMean mean = GlobalMean.of(sums.windowSum, BigInteger.valueOf(sums.groundTruthPixels), window);
		return new GroundTruthStatistics(BigInteger.valueOf(sums.groundTruthPixels), sums.windowSum, sums
			.squaredDeviations(mean), window, feature);
	}

	/** n: interior ground-truth pixels over all labs. */
	public BigInteger groundTruthPixels() {
		return n;
	}

	/** Σ of the c×c window sums of standardised levels. */
	public BigInteger windowSum() {
		return windowSum;
	}

	/** D, with sdsum = D / (s·Q)² (see {@link WindowStatistics}). */
	public BigInteger encodedSquaredDeviations() {
		return squaredDeviations;
	}

	public GlobalMean globalMean() {
		return mean;
	}

	/** μ in standardised levels; NaN without ground truth. */
	public double mean() {
		return mean.toDouble();
	}

	/** σ in standardised levels; NaN for fewer than two ground-truth pixels. */
	public double standardDeviation() {
		if (n.compareTo(BigInteger.valueOf(2)) < 0) return Double.NaN;
		final BigInteger sq = mean.denominator().multiply(BigInteger.valueOf(scale));
		final BigDecimal variance = new BigDecimal(squaredDeviations).divide(new BigDecimal(sq.multiply(sq).multiply(n
			.subtract(BigInteger.ONE))), MathContext.DECIMAL128);
		return variance.sqrt(MathContext.DECIMAL128).doubleValue();
	}

	@Override
	public String toString() {
		return "n = " + n + ", μ = " + mean() + ", σ = " + standardDeviation();
	}
}
