package org.medcrypt.groundtruth;

import java.math.BigInteger;
import java.util.List;

import org.medcrypt.io.DeviatingPartyException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.securesum.PartyMonitor;
import org.medcrypt.securesum.SecureSum;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.SessionMailbox;
import org.medcrypt.securesum.SumSession;
import org.medcrypt.securesum.Transport;

/**
 * Algorithm 1 of the paper over a {@link Transport}: secure computation of the
 * mean and standard deviation of c×c window means over every lab's ground
 * truth. The researcher runs {@link #asResearcher}; each lab runs
 * {@link #asLab} with the {@link WindowStatistics.LocalSums} of its images,
 * computed before it connects (they do not depend on the mean), so no timeout
 * has to cover image work. Sum 1 gives R the vector (n, windowSum) and R
 * publishes only μ̂, μ rounded to the session's public fixed-point scale
 * (steps 14-17, {@link GlobalMean}); sum 2 gives R the squared deviations from
 * μ̂ and Σx, from which R corrects the sum of squares to the exact μ
 * ({@link GroundTruthStatistics}), and publishes nothing (steps 26-27).
 * Departures from the paper: the sums of steps 14 and 15 run as one vector sum;
 * the mean is published rounded, not exact; a lab with fewer images than the
 * study's minimum refuses to take part (disclosure control, as DataSHIELD's
 * {@code nfilter.tab}), and every party stops with that refusal named. An abort
 * names the sum, the step and the party blamed; the researcher returns nothing
 * unless both sums completed.
 */
public final class SecureGroundTruthStatistics {

	/** How the two sums are named in progress reports and aborts. */
	public static final String SUM_1 = "sum 1 of 2 (n and window sum)", SUM_2 = "sum 2 of 2 (squared deviations)";

	private SecureGroundTruthStatistics() {}

	/** The researcher's side; returns n, μ and σ. */
	public static GroundTruthStatistics asResearcher(final Transport transport, final StudyParameters parameters)
		throws SecureSumAbortedException, DeviatingPartyException, InterruptedException
	{
		return asResearcher(transport, parameters, PartyMonitor.SILENT);
	}

	/** The researcher's side, reporting to {@code monitor}; returns n, μ and σ. */
	public static GroundTruthStatistics asResearcher(final Transport transport, final StudyParameters parameters,
		final PartyMonitor monitor) throws SecureSumAbortedException, DeviatingPartyException, InterruptedException
	{
		final SessionMailbox mailbox = mailbox(transport, parameters);
		final BigInteger[] first;
		try {
			first = SecureSum.asResearcher(mailbox.session(parameters.firstSession().id()), parameters.firstSession(),
				total -> parameters.publishedMean(total[1], total[0]).published(), monitor.inPhase(SUM_1));
		}
		catch (final SecureSumAbortedException e) {
			throw e.during(SUM_1);
		}
		final GlobalMean mean = parameters.publishedMean(first[1], first[0]);
		final SumSession secondSession = parameters.secondSession();
		final BigInteger[] second;
		try {
			second = SecureSum.asResearcher(mailbox.session(secondSession.id()), secondSession,
				total -> new BigInteger[0], monitor.inPhase(SUM_2));
		}
		catch (final SecureSumAbortedException e) {
			throw e.during(SUM_2);
		}
		final GroundTruthStatistics statistics = new GroundTruthStatistics(first[0], first[1], second[0], second[1],
			mean, parameters.window(), parameters.feature());
		if (!statistics.isConsistent(parameters.feature())) throw new DeviatingPartyException("The labs' totals " +
			"contradict each other (n = " + first[0] + ", window sum = " + first[1] + ", and sum 2's squared " +
			"deviations and feature sum cannot come from any images): at least one lab deviated from the protocol; " +
			"which one cannot be told. No statistics were returned; do not use this study's inputs.");
		return statistics;
	}

	/** A lab's side with its images, in-process; returns the global mean it learns. */
	public static GlobalMean asLab(final Transport transport, final StudyParameters parameters,
		final List<LabeledImage> images) throws MedCryptException, InterruptedException
	{
		return asLab(transport, parameters, WindowStatistics.localSums(images, parameters.window(), parameters
			.feature()), PartyMonitor.SILENT);
	}

	/** A lab's side with the sums of its images, reporting to {@code monitor}; returns the global mean it learns. */
	public static GlobalMean asLab(final Transport transport, final StudyParameters parameters,
		final WindowStatistics.LocalSums local, final PartyMonitor monitor) throws MedCryptException,
		InterruptedException
	{
		if (local.window() != parameters.window() || local.feature() != parameters.feature()) {
			throw new IllegalArgumentException("the lab's sums are for window " + local.window() + " and " + local
				.feature() + "; the study uses window " + parameters.window() + " and " + parameters.feature());
		}
		final SessionMailbox mailbox = mailbox(transport, parameters);
		final GlobalMean mean;
		try {
			final Transport first = mailbox.session(parameters.firstSession().id());
			if (local.images() < parameters.minImagesPerLab()) {
				SecureSum.refuseAsLab(first, parameters.firstSession(), monitor.inPhase(SUM_1), minimumRule(local
					.images(), parameters.minImagesPerLab()));
			}
			mean = GlobalMean.fromPublished(SecureSum.asLab(first, parameters.firstSession(), monitor.inPhase(SUM_1),
				BigInteger.valueOf(local.groundTruthPixels), local.windowSum), parameters.meanScaleBits());
		}
		catch (final SecureSumAbortedException e) {
			throw e.during(SUM_1);
		}
		final SumSession secondSession = parameters.secondSession();
		try {
			SecureSum.asLab(mailbox.session(secondSession.id()), secondSession, monitor.inPhase(SUM_2), local
				.squaredDeviations(mean), local.featureSum());
		}
		catch (final SecureSumAbortedException e) {
			throw e.during(SUM_2);
		}
		return mean;
	}

	/** The disclosure-control rule a lab with too few images cites when it refuses. */
	static String minimumRule(final int images, final int minimum) {
		return "it has " + images + (images == 1 ? " image" : " images") + " with ground truth, fewer than the " +
			"study's minimum of " + minimum + " per lab (disclosure control rule " + StudySession.MIN_IMAGES + ")";
	}

	/** The second sum's session id is fixed in advance, so its early frames can be held back. */
	private static SessionMailbox mailbox(final Transport transport, final StudyParameters parameters) {
		final long first = parameters.firstSession().id();
		return new SessionMailbox(transport, first, parameters.secondSessionId());
	}
}
