package org.medcrypt.securesum;

import java.math.BigInteger;
import java.util.List;

import org.medcrypt.io.MedCryptException;

/**
 * Algorithm 1 of the paper over a {@link Transport}: secure computation of the
 * mean and standard deviation of c×c window means over every lab's ground
 * truth. The researcher runs {@link #asResearcher}; each lab runs
 * {@link #asLab} with its images. Sum 1 gives R the vector (n, windowSum) and
 * R publishes only μ (steps 14-17); sum 2 gives R the squared deviations and
 * publishes nothing (steps 26-27). Departure from the paper: the sums of steps
 * 14 and 15 run as one vector sum.
 */
public final class SecureGroundTruthStatistics {

	private SecureGroundTruthStatistics() {}

	/** The researcher's side; returns n, μ and σ. */
	public static GroundTruthStatistics asResearcher(final Transport transport, final StudyParameters parameters)
		throws SecureSumAbortedException, InterruptedException
	{
		final int window = parameters.window();
		final SessionMailbox mailbox = mailbox(transport, parameters);
		final BigInteger[] first = SecureSum.asResearcher(mailbox.session(parameters.firstSession().id()), parameters
			.firstSession(), total -> GlobalMean.of(total[1], total[0], window).published());
		final GlobalMean mean = GlobalMean.of(first[1], first[0], window);
		final SumSession secondSession = parameters.secondSession(mean);
		final BigInteger[] second = SecureSum.asResearcher(mailbox.session(secondSession.id()), secondSession,
			total -> new BigInteger[0]);
		return new GroundTruthStatistics(first[0], first[1], second[0], window, parameters.feature());
	}

	/** A lab's side with its images; returns the global mean it learns. */
	public static GlobalMean asLab(final Transport transport, final StudyParameters parameters,
		final List<LabeledImage> images) throws MedCryptException, InterruptedException
	{
		final WindowStatistics.LocalSums local = WindowStatistics.localSums(images, parameters.window());
		final SessionMailbox mailbox = mailbox(transport, parameters);
		final GlobalMean mean = GlobalMean.fromPublished(SecureSum.asLab(mailbox.session(parameters.firstSession()
			.id()), parameters.firstSession(), BigInteger.valueOf(local.groundTruthPixels), local.windowSum));
		final SumSession secondSession = parameters.secondSession(mean);
		SecureSum.asLab(mailbox.session(secondSession.id()), secondSession, WindowStatistics.squaredDeviations(images,
			parameters.window(), mean, parameters.feature()));
		return mean;
	}

	/** The second sum's session id is fixed in advance, so its early frames can be held back. */
	private static SessionMailbox mailbox(final Transport transport, final StudyParameters parameters) {
		final long first = parameters.firstSession().id();
		return new SessionMailbox(transport, first, parameters.secondSessionId());
	}
}
