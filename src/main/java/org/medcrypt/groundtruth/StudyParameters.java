package org.medcrypt.groundtruth;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;

import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.SumDomain;
import org.medcrypt.securesum.SumSession;

/**
 * What the researcher and the labs agree on before Algorithm 1: the window
 * size c, the deviation feature, a public cap on each lab's number of
 * ground-truth pixels, the fixed-point scale Q = 2^b of the published mean
 * ({@link GlobalMean}), the disclosure-control minimum of images per lab, and
 * the secure-sum session of the first two sums (n and the window sum, computed
 * as one vector). The session of the third sum (sdsum, with Σx for the exact
 * correction) runs under the next session id.
 * <p>
 * Ranges (L = {@value Standardization#MAX_LEVEL}, N = the cap, s = 1 or c²,
 * μ̂ = P/Q): n_i ≤ N and windowSum_i ≤ N·c²·L, so the first bound is N·c²·L + 1;
 * each squared deviation (Q·x − s·P)² is at most (s·L·Q)², and Σx_i ≤ N·s·L, so
 * the second bound is N·(s·L·Q)² + 1. With these, no sum can wrap around its
 * modulus.
 * </p>
 */
public final class StudyParameters {

	/** 2^32 ground-truth pixels per lab: 16 000 fully labelled 512×512 slices. */
	public static final long DEFAULT_MAX_PIXELS_PER_LAB = 1L << 32;
	/**
	 * The published mean's precision: Q = 2^16, so μ̂ is μ to ±2^-17 of a level
	 * (levels run 0..1023), far below any difference that matters in a study,
	 * and coarse enough that the published value cannot single out one fraction
	 * windowSum/(c²·n): each step of 2^-16 holds about c²·n/2^16 of them, more
	 * than one for every n above 2^16/c² (2,622 ground-truth pixels at c = 5).
	 */
	public static final int DEFAULT_MEAN_SCALE_BITS = 16;
	/**
	 * The largest scale, 2^20 (μ to 5·10^-7 of a level): each bit more halves the
	 * interval of window sums that colluding labs cannot tell apart, so a session
	 * may not publish the mean much finer than any statistic needs.
	 */
	public static final int MAX_MEAN_SCALE_BITS = 20;
	/**
	 * Disclosure control as DataSHIELD applies it ({@code nfilter.tab}, default
	 * 3 records): a lab refuses to take part with fewer images than this. The
	 * unit here is an image, not a person, and one patient often gives several
	 * images (slices, views, visits), so the default is higher than DataSHIELD's
	 * 3: 5 images. A study of few patients per image should raise it.
	 */
	public static final int DEFAULT_MIN_IMAGES_PER_LAB = 5;

	private final int window;
	private final DeviationFeature feature;
	private final long maxPixelsPerLab;
	private final int meanScaleBits;
	private final int minImagesPerLab;
	private final SumSession firstSession;

	/** Parameters with the default mean scale and minimum of images per lab. */
	public StudyParameters(final int window, final DeviationFeature feature, final long maxPixelsPerLab,
		final SumSession firstSession)
	{
		this(window, feature, maxPixelsPerLab, DEFAULT_MEAN_SCALE_BITS, DEFAULT_MIN_IMAGES_PER_LAB, firstSession);
	}

	/** Every parameter given; {@code meanScaleBits} in 0..{@value #MAX_MEAN_SCALE_BITS}, the minimum at least 1. */
	public StudyParameters(final int window, final DeviationFeature feature, final long maxPixelsPerLab,
		final int meanScaleBits, final int minImagesPerLab, final SumSession firstSession)
	{
		WindowStatistics.checkWindow(window);
		if (maxPixelsPerLab < 1) throw new IllegalArgumentException("the pixel cap must be positive");
		if (meanScaleBits < 0 || meanScaleBits > MAX_MEAN_SCALE_BITS) throw new IllegalArgumentException(
			"the mean's scale must be 2^0 .. 2^" + MAX_MEAN_SCALE_BITS + "; got 2^" + meanScaleBits);
		if (minImagesPerLab < 1) throw new IllegalArgumentException("the minimum of images per lab must be at " +
			"least 1; got " + minImagesPerLab);
		if (firstSession.domain().width() != 2 || !firstSession.domain().bound().equals(firstBound(window,
			maxPixelsPerLab)))
		{
			throw new IllegalArgumentException("the first session must sum (n, windowSum) in [0, " + firstBound(window,
				maxPixelsPerLab) + ")");
		}
		this.window = window;
		this.feature = feature;
		this.maxPixelsPerLab = maxPixelsPerLab;
		this.meanScaleBits = meanScaleBits;
		this.minImagesPerLab = minImagesPerLab;
		this.firstSession = firstSession;
	}

	/** New parameters with a random session (ids, ring orders) drawn by the researcher. */
	public static StudyParameters create(final int labs, final int window, final DeviationFeature feature,
		final Protocol protocol, final Duration hopTimeout, final SecureRandom random)
	{
		WindowStatistics.checkWindow(window);
		final SumDomain first = new SumDomain(labs, 2, firstBound(window, DEFAULT_MAX_PIXELS_PER_LAB));
		return new StudyParameters(window, feature, DEFAULT_MAX_PIXELS_PER_LAB, SumSession.create(protocol, first,
			hopTimeout, random));
	}

	/** The same study with another disclosure-control minimum of images per lab. */
	public StudyParameters withMinImagesPerLab(final int minimum) {
		return new StudyParameters(window, feature, maxPixelsPerLab, meanScaleBits, minimum, firstSession);
	}

	/** The same study with the mean published as P / 2^bits. */
	public StudyParameters withMeanScaleBits(final int bits) {
		return new StudyParameters(window, feature, maxPixelsPerLab, bits, minImagesPerLab, firstSession);
	}

	/** The bound of the first sum (n_i, windowSum_i) for this window and pixel cap. */
	public static BigInteger firstBound(final int window, final long maxPixels) {
		return BigInteger.valueOf(maxPixels).multiply(BigInteger.valueOf((long) window * window *
			Standardization.MAX_LEVEL)).add(BigInteger.ONE);
	}

	public int window() {
		return window;
	}

	public DeviationFeature feature() {
		return feature;
	}

	public long maxPixelsPerLab() {
		return maxPixelsPerLab;
	}

	/** b, with the published mean's denominator Q = 2^b. */
	public int meanScaleBits() {
		return meanScaleBits;
	}

	/** The disclosure-control minimum: a lab with fewer images refuses to take part. */
	public int minImagesPerLab() {
		return minImagesPerLab;
	}

	/** The mean the researcher publishes for these totals. */
	GlobalMean publishedMean(final BigInteger windowSum, final BigInteger n) {
		return GlobalMean.rounded(windowSum, n, window, meanScaleBits);
	}

	public int labs() {
		return firstSession.labs();
	}

	/** Sums 1 and 2 of Algorithm 1: (n_i, windowSum_i). */
	public SumSession firstSession() {
		return firstSession;
	}

	/** Sum 3: (D_i, Σx_i), its range fixed by the public scale Q. */
	public SumSession secondSession() {
		return firstSession.withDomain(secondSessionId(), secondDomain());
	}

	/** The second sum's domain, for sizing messages in advance (padding). */
	public SumDomain secondDomain() {
		final BigInteger largest = BigInteger.ONE.shiftLeft(meanScaleBits).multiply(BigInteger.valueOf(feature.scale(
			window) * Standardization.MAX_LEVEL));
		final BigInteger bound = BigInteger.valueOf(maxPixelsPerLab).multiply(largest.multiply(largest)).add(
			BigInteger.ONE);
		return new SumDomain(labs(), 2, bound);
	}

	/** Session ids are random 64-bit values; the second one only has to differ from the first. */
	long secondSessionId() {
		return firstSession.id() + 1;
	}
}
