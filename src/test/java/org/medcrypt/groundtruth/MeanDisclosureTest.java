package org.medcrypt.groundtruth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medcrypt.securesum.Protocol;

/**
 * Issue 10, finding 2: Algorithm 1 published μ as the reduced fraction
 * windowSum/(c²·n), whose denominator gave every lab n and numerator the window
 * sum; with k = 3 two labs then learned the third lab's n_3 and windowSum_3.
 * Mounts that attack on many simulated studies against the old publication
 * (it succeeds) and against the fixed-point one (it never narrows n_3 or
 * windowSum_3 to one value), and checks that the published values are a
 * function of the rounded mean alone, and that the researcher's μ and σ stay
 * exact whatever the rounding.
 */
class MeanDisclosureTest {

	private static final int C = 5, C2 = C * C, L = Standardization.MAX_LEVEL, STUDIES = 200;
	private static final int BITS = StudyParameters.DEFAULT_MEAN_SCALE_BITS;

	/** Three small real images: a 16-bit CT, a 16-bit MRI, an 8-bit ultrasound. */
	private static List<LabeledImage> small() throws Exception {
		final List<LabeledImage> images = new ArrayList<>();
		for (final String name : new String[] { "ct_small_HUplus1024_gray16_128x128.png", "mr_small_gray16_64x64.png",
			"us_pelvis_aloka_gray8_396x400_crop.png" })
		{
			images.add(StudyImages.load("medical-samples/png/" + name));
		}
		return images;
	}

	/** One simulated study of three labs: each lab's n_i and window sum. */
	private static long[][] study(final Random random) {
		final long[][] labs = new long[3][2];
		for (final long[] lab : labs) {
			lab[0] = 3_000 + random.nextInt(60_000);
			// A window sum from a plausible mean level, plus noise: any integer in [0, c²·L·n] may occur.
			lab[1] = Math.round(lab[0] * C2 * (50 + 900 * random.nextDouble())) + random.nextInt(C2 * 100);
		}
		return labs;
	}

	/**
	 * What labs 1 and 2 (colluding) can tell about lab 3 from the published
	 * values: every (n_3, windowSum_3) with n_3 in [1, 4·(n_1 + n_2)] and
	 * windowSum_3 in [0, c²·L·n_3] that yields the same publication. Returns
	 * {number of candidate n_3, number of candidate pairs, the smallest candidate
	 * n_3 and its first windowSum_3}: the attack's guess, the one the old
	 * publication's denominator reads directly (Q = c²·n when the fraction did
	 * not reduce).
	 */
	private interface Publication {
		/** Number of windowSum_3 values for this n_3 that give the observed publication; the first via {@code w}. */
		long consistent(long n, long w12, long n3, long[] w);
	}

	private static long[] candidates(final long[][] labs, final Publication publication) {
		final long n12 = labs[0][0] + labs[1][0], w12 = labs[0][1] + labs[1][1];
		long nCandidates = 0, wCandidates = 0, firstN = -1, firstW = -1;
		final long[] w = new long[1];
		for (long n3 = 1; n3 <= 4 * n12; n3++) {
			final long count = publication.consistent(n12 + n3, w12, n3, w);
			if (count > 0) {
				nCandidates++;
				wCandidates += count;
				if (firstN < 0) {
					firstN = n3;
					firstW = w[0];
				}
			}
		}
		return new long[] { nCandidates, wCandidates, firstN, firstW };
	}

	/** The old publication, reduced fraction P/Q = windowSum/(c²·n): which (n_3, W_3) reproduce it exactly. */
	private static Publication reducedFraction(final long[][] labs) {
		final long n = labs[0][0] + labs[1][0] + labs[2][0], w = labs[0][1] + labs[1][1] + labs[2][1];
		final long g = BigInteger.valueOf(w).gcd(BigInteger.valueOf((long) C2 * n)).longValueExact();
		final long p = w / g, q = C2 * n / g;
		return (total, w12, n3, out) -> {
			// W·Q = P·c²·n: an integer W exists iff Q divides P·c²·n, i.e. (gcd(P, Q) = 1) Q divides c²·n.
			if (C2 * total % q != 0) return 0;
			final long w3 = p * (C2 * total / q) - w12;
			if (w3 < 0 || w3 > (long) C2 * L * n3) return 0;
			out[0] = w3;
			return 1;
		};
	}

	/** The new publication, P = round(windowSum·2^b / (c²·n)) over the public 2^b: which (n_3, W_3) give P. */
	private static Publication fixedPoint(final long[][] labs) {
		final long n = labs[0][0] + labs[1][0] + labs[2][0], w = labs[0][1] + labs[1][1] + labs[2][1];
		final BigInteger[] published = GlobalMean.rounded(BigInteger.valueOf(w), BigInteger.valueOf(n), C, BITS)
			.published();
		assertEquals(BigInteger.ONE.shiftLeft(BITS), published[1], "the denominator is the public scale");
		final long p = published[0].longValueExact(), q = 1L << BITS;
		return (total, w12, n3, out) -> {
			// P = ⌊(2Wq + c²n) / (2c²n)⌋  ⇔  (2P − 1)·c²n ≤ 2Wq < (2P + 1)·c²n.
			final long lo = Math.max(ceilDiv((2 * p - 1) * C2 * total, 2 * q) - w12, 0);
			final long hi = Math.min(ceilDiv((2 * p + 1) * C2 * total, 2 * q) - 1 - w12, (long) C2 * L * n3);
			if (hi < lo) return 0;
			out[0] = lo;
			return hi - lo + 1;
		};
	}

	private static long ceilDiv(final long a, final long b) {
		return -Math.floorDiv(-a, b);
	}

	@Test
	void twoLabsOfThreeNoLongerLearnTheThirdLabsCountOrWindowSum() {
		final Random random = new Random(20261205);
		int oldExact = 0;
		for (int i = 0; i < STUDIES; i++) {
			final long[][] labs = study(random);
			final long[] old = candidates(labs, reducedFraction(labs));
			// The attack: the smallest (n_3, windowSum_3) that reproduces the publication.
			if (old[2] == labs[2][0] && old[3] == labs[2][1]) oldExact++;
			final long[] now = candidates(labs, fixedPoint(labs));
			assertTrue(now[0] > 1_000, "study " + i + ": only " + now[0] + " values of n_3 fit the published mean");
			assertTrue(now[1] > now[0], "study " + i + ": window sums must not follow from n_3");
			assertTrue(now[2] != labs[2][0], "study " + i + ": the smallest candidate is lab 3's n_3");
		}
		// The finding reproduced on the old publication (61% of studies in the review, with its distribution).
		System.out.println("old publication: the attack recovered lab 3's n and window sum in " + oldExact + " of " +
			STUDIES + " studies; fixed point: in none");
		assertTrue(oldExact > STUDIES / 2, "old publication: two labs learned lab 3's n and window sum in " + oldExact +
			" of " + STUDIES + " studies");
	}

	@Test
	void thePublishedValuesAreAFunctionOfTheRoundedMeanAlone() {
		final Random random = new Random(7);
		final BigInteger q = BigInteger.ONE.shiftLeft(BITS);
		int sameRoundingDifferentN = 0;
		for (int i = 0; i < 2_000; i++) {
			final long n = 1 + random.nextInt(1_000_000), w = (long) (random.nextDouble() * C2 * L * n);
			final BigInteger[] published = GlobalMean.rounded(BigInteger.valueOf(w), BigInteger.valueOf(n), C, BITS)
				.published();
			// Independently: μ·2^b rounded half up, over the public 2^b; nothing else.
			final BigInteger expected = new BigDecimal(w).multiply(new BigDecimal(q)).divide(new BigDecimal((long) C2 *
				n), 0, RoundingMode.HALF_UP).toBigIntegerExact();
			assertArrayEquals(new BigInteger[] { expected, q }, published);
			// Another study, with another n, whose mean rounds alike, publishes the very same values.
			final long n2 = n * 3 + 1, w2 = expected.multiply(BigInteger.valueOf((long) C2 * n2)).add(q.shiftRight(1)
				.subtract(BigInteger.ONE)).divide(q).longValueExact();
			final BigInteger[] other = GlobalMean.rounded(BigInteger.valueOf(w2), BigInteger.valueOf(n2), C, BITS)
				.published();
			if (other[0].equals(expected)) {
				assertArrayEquals(published, other);
				sameRoundingDifferentN++;
			}
		}
		assertTrue(sameRoundingDifferentN > 1_500, "pairs compared: " + sameRoundingDifferentN);
	}

	/** The correction of the sum of squares is exact: any scale gives the researcher the same μ and σ. */
	@Test
	void theResearchersMeanAndSigmaDoNotDependOnTheRounding() throws Exception {
		final List<LabeledImage> images = small();
		for (final DeviationFeature feature : DeviationFeature.values()) {
			final GroundTruthStatistics exact = GroundTruthStatistics.pooled(images, C, feature, 0);
			for (final int bits : new int[] { 1, 7, BITS, StudyParameters.MAX_MEAN_SCALE_BITS }) {
				final GroundTruthStatistics rounded = GroundTruthStatistics.pooled(images, C, feature, bits);
				assertNotEquals(exact.encodedSquaredDeviations(), rounded.encodedSquaredDeviations());
				assertEquals(exact.mean(), rounded.mean(), 0.0, feature + ", 2^" + bits);
				assertEquals(exact.standardDeviation(), rounded.standardDeviation(), 0.0, feature + ", 2^" + bits);
				// The corrected sum of squares is one rational: F / T² with T = c²·n·Q.
				final BigInteger t0 = exact.groundTruthPixels().multiply(BigInteger.valueOf(C2));
				final BigInteger t = t0.shiftLeft(bits);
				assertEquals(exact.correctedSquaredDeviations().multiply(t.multiply(t)), rounded
					.correctedSquaredDeviations().multiply(t0.multiply(t0)));
			}
		}
	}

	/** Over the protocol, a coarse scale: the labs get the rounded mean, the researcher still the exact result. */
	@Test
	void overTheProtocolTheResearcherIsExactAndTheLabsGetTheRoundedMean() throws Exception {
		final List<LabeledImage> images = small();
		final StudyParameters parameters = StudyParameters.create(3, C, DeviationFeature.PIXEL_INTENSITY,
			Protocol.ADDITIVE_SHARING, Duration.ofSeconds(10), new SecureRandom()).withMinImagesPerLab(1)
			.withMeanScaleBits(4);
		final InProcessStudy run = InProcessStudy.run(parameters, StudyImages.split(images, 3));
		final GroundTruthStatistics exact = GroundTruthStatistics.pooled(images, C, DeviationFeature.PIXEL_INTENSITY,
			0);
		assertEquals(exact.mean(), run.researcher.mean(), 0.0);
		assertEquals(exact.standardDeviation(), run.researcher.standardDeviation(), 0.0);
		for (final GlobalMean mean : run.labMeans) {
			assertEquals(BigInteger.valueOf(16), mean.denominator());
			assertEquals(exact.mean(), mean.toDouble(), 1.0 / 32);
			assertEquals(run.researcher.globalMean(), mean);
		}
	}
}
