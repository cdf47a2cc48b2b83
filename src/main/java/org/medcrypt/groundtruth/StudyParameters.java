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
 * ground-truth pixels, and the secure-sum session of the first two sums (n and
 * the window sum, computed as one vector). The session of the third sum
 * (sdsum) is derived from it once the global mean is known, because its value
 * range depends on the mean's denominator.
 * <p>
 * Ranges (L = {@value Standardization#MAX_LEVEL}, N = the cap, s = 1 or c²,
 * μ = P/Q): n_i ≤ N and windowSum_i ≤ N·c²·L, so the first bound is N·c²·L + 1;
 * each squared deviation is at most (s·L·Q)², so the second bound is
 * N·(s·L·Q)² + 1. With these, no sum can wrap around its modulus.
 * </p>
 */
public final class StudyParameters {

	/** 2^32 ground-truth pixels per lab: 16 000 fully labelled 512×512 slices. */
	public static final long DEFAULT_MAX_PIXELS_PER_LAB = 1L << 32;

	private final int window;
	private final DeviationFeature feature;
	private final long maxPixelsPerLab;
	private final SumSession firstSession;

	public StudyParameters(final int window, final DeviationFeature feature, final long maxPixelsPerLab,
		final SumSession firstSession)
	{
		WindowStatistics.checkWindow(window);
		if (maxPixelsPerLab < 1) throw new IllegalArgumentException("the pixel cap must be positive");
		if (firstSession.domain().width() != 2 || !firstSession.domain().bound().equals(firstBound(window,
			maxPixelsPerLab)))
		{
			throw new IllegalArgumentException("the first session must sum (n, windowSum) in [0, " + firstBound(window,
				maxPixelsPerLab) + ")");
		}
		this.window = window;
		this.feature = feature;
		this.maxPixelsPerLab = maxPixelsPerLab;
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

	public int labs() {
		return firstSession.labs();
	}

	/** Sums 1 and 2 of Algorithm 1: (n_i, windowSum_i). */
	public SumSession firstSession() {
		return firstSession;
	}

	/** Sum 3: D_i, whose range depends on the published mean. */
	public SumSession secondSession(final GlobalMean mean) {
		return firstSession.withDomain(secondSessionId(), secondDomain(mean.isDefined() ? mean.denominator()
			: BigInteger.ONE));
	}

	/**
	 * The widest second-sum domain an honest run can need: μ's denominator is at
	 * most c²·n with n ≤ k·(B-1). For sizing messages in advance (padding).
	 */
	public SumDomain largestSecondDomain() {
		final BigInteger firstBound = firstSession.domain().bound();
		return secondDomain(firstBound.subtract(BigInteger.ONE).multiply(BigInteger.valueOf((long) labs() * window *
			window)));
	}

	private SumDomain secondDomain(final BigInteger q) {
		final BigInteger largest = q.multiply(BigInteger.valueOf(feature.scale(window) * Standardization.MAX_LEVEL));
		final BigInteger bound = BigInteger.valueOf(maxPixelsPerLab).multiply(largest.multiply(largest)).add(
			BigInteger.ONE);
		return new SumDomain(labs(), 1, bound);
	}

	/** Session ids are random 64-bit values; the second one only has to differ from the first. */
	long secondSessionId() {
		return firstSession.id() + 1;
	}
}
