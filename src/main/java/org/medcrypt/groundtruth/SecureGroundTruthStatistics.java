package org.medcrypt.groundtruth;

import java.math.BigInteger;
import java.util.List;

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
 * publishes only μ (steps 14-17); sum 2 gives R the squared deviations and
 * publishes nothing (steps 26-27). Departure from the paper: the sums of steps
 * 14 and 15 run as one vector sum. An abort names the sum, the step and the
 * party blamed; the researcher returns nothing unless both sums completed.
 */
public final class SecureGroundTruthStatistics {

	/** How the two sums are named in progress reports and aborts. */
	public static final String SUM_1 = "sum 1 of 2 (n and window sum)", SUM_2 = "sum 2 of 2 (squared deviations)";

	private SecureGroundTruthStatistics() {}

	/** The researcher's side; returns n, μ and σ. */
	public static GroundTruthStatistics asResearcher(final Transport transport, final StudyParameters parameters)
		throws SecureSumAbortedException, InterruptedException
	{
		return asResearcher(transport, parameters, PartyMonitor.SILENT);
	}

	/** The researcher's side, reporting to {@code monitor}; returns n, μ and σ. */
	public static GroundTruthStatistics asResearcher(final Transport transport, final StudyParameters parameters,
		final PartyMonitor monitor) throws SecureSumAbortedException, InterruptedException
	{
		final int window = parameters.window();
		final SessionMailbox mailbox = mailbox(transport, parameters);
		final BigInteger[] first;
		try {
			first = SecureSum.asResearcher(mailbox.session(parameters.firstSession().id()), parameters.firstSession(),
				total -> GlobalMean.of(total[1], total[0], window).published(), monitor.inPhase(SUM_1));
		}
		catch (final SecureSumAbortedException e) {
			throw e.during(SUM_1);
		}
		final GlobalMean mean = GlobalMean.of(first[1], first[0], window);
		final SumSession secondSession = parameters.secondSession(mean);
		final BigInteger[] second;
		try {
			second = SecureSum.asResearcher(mailbox.session(secondSession.id()), secondSession,
				total -> new BigInteger[0], monitor.inPhase(SUM_2));
		}
		catch (final SecureSumAbortedException e) {
			throw e.during(SUM_2);
		}
		return new GroundTruthStatistics(first[0], first[1], second[0], window, parameters.feature());
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
			mean = GlobalMean.fromPublished(SecureSum.asLab(mailbox.session(parameters.firstSession().id()), parameters
				.firstSession(), monitor.inPhase(SUM_1), BigInteger.valueOf(local.groundTruthPixels), local.windowSum));
		}
		catch (final SecureSumAbortedException e) {
			throw e.during(SUM_1);
		}
		final SumSession secondSession = parameters.secondSession(mean);
		try {
			SecureSum.asLab(mailbox.session(secondSession.id()), secondSession, monitor.inPhase(SUM_2), local
				.squaredDeviations(mean));
		}
		catch (final SecureSumAbortedException e) {
			throw e.during(SUM_2);
		}
		return mean;
	}

	/** The second sum's session id is fixed in advance, so its early frames can be held back. */
	private static SessionMailbox mailbox(final Transport transport, final StudyParameters parameters) {
		final long first = parameters.firstSession().id();
		return new SessionMailbox(transport, first, parameters.secondSessionId());
	}
}
