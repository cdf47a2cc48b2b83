package org.medcrypt.securesum.net;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.securesum.GlobalMean;
import org.medcrypt.securesum.GroundTruthStatistics;
import org.medcrypt.securesum.Nodes;
import org.medcrypt.securesum.PartyMonitor;
import org.medcrypt.securesum.SecureGroundTruthStatistics;
import org.medcrypt.securesum.SecureSum;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.Transport;
import org.medcrypt.securesum.WindowStatistics;
import org.medcrypt.tls.PartyCredentials;

/**
 * Runs one party of a networked session: opens the {@link TlsTransport} of the
 * node named in the session, runs the unchanged protocol over it
 * ({@link SecureSum} for a plain sum, {@link SecureGroundTruthStatistics} for
 * Algorithm 1), and closes it.
 */
public final class NetworkParty {

	/** What one party of a networked Algorithm 1 run ended with, and what it cost. */
	public static final class StudyOutcome {

		private final GroundTruthStatistics statistics;
		private final GlobalMean mean;
		private final long connectNanos, protocolNanos, bytesSent, messagesSent;

		StudyOutcome(final GroundTruthStatistics statistics, final GlobalMean mean, final long connectNanos,
			final long protocolNanos, final TlsTransport transport)
		{
			this.statistics = statistics;
			this.mean = mean;
			this.connectNanos = connectNanos;
			this.protocolNanos = protocolNanos;
			this.bytesSent = transport.bytesSent();
			this.messagesSent = transport.messagesSent();
		}

		/** The researcher's n, μ and σ; {@code null} for a lab. */
		public GroundTruthStatistics statistics() {
			return statistics;
		}

		/** The global mean the party knows at the end (a lab learns only this). */
		public GlobalMean mean() {
			return mean;
		}

		/** Time to set up the TLS connections (waiting for the slowest party included). */
		public long connectNanos() {
			return connectNanos;
		}

		/** Time of the two secure sums, from the first message to the result. */
		public long protocolNanos() {
			return protocolNanos;
		}

		/** Bytes of messages sent, before TLS (see {@link TlsTransport#bytesSent()}). */
		public long bytesSent() {
			return bytesSent;
		}

		public long messagesSent() {
			return messagesSent;
		}
	}

	/** A party's work once its transport is open. */
	@FunctionalInterface
	private interface Body<T> {
		T run(Transport transport, NetworkSession.Node me, TlsTransport tls) throws MedCryptException,
			InterruptedException;
	}

	private NetworkParty() {}

	/**
	 * Runs the node called {@code name} of a plain-sum session; {@code input} is
	 * ignored for the researcher. Returns the researcher's total, or what the
	 * researcher published to a lab.
	 */
	public static BigInteger[] run(final NetworkSession session, final String name, final PartyCredentials credentials,
		final BigInteger[] input, final Consumer<String> log) throws MedCryptException, InterruptedException
	{
		return run(session, name, credentials, input, log, UnaryOperator.identity());
	}

	/** As above, with the transport wrapped by {@code decorate} (tests inject faults this way). */
	static BigInteger[] run(final NetworkSession session, final String name, final PartyCredentials credentials,
		final BigInteger[] input, final Consumer<String> log, final UnaryOperator<Transport> decorate)
		throws MedCryptException, InterruptedException
	{
		if (session.study() != null) throw new MedCryptException("the session file is for Algorithm 1; run it " +
			"with the party's image folder, not with an input vector");
		final NetworkSession.Node named = session.byName(name);
		if (named != null && named.id() != Nodes.RESEARCHER && input == null) throw new MedCryptException(named
			.describe() + " needs an input vector");
		return open(session, name, credentials, Progress.NONE, log, decorate, (transport, me, tls) -> {
			return me.id() == Nodes.RESEARCHER ? SecureSum.asResearcher(transport, session.sum()) : SecureSum.asLab(
				transport, session.sum(), input);
		});
	}

	/**
	 * Runs the node called {@code name} of an Algorithm 1 session: the researcher
	 * ({@code local} ignored) or a lab with the sums of its images, computed
	 * beforehand. {@code progress} hears which step runs and whom the party
	 * waits for; cancelling it aborts the run everywhere.
	 */
	public static StudyOutcome runStudy(final NetworkSession session, final String name,
		final PartyCredentials credentials, final WindowStatistics.LocalSums local, final Progress progress,
		final Consumer<String> log) throws MedCryptException, InterruptedException
	{
		return runStudy(session, name, credentials, local, progress, log, UnaryOperator.identity());
	}

	/** As above, with the transport wrapped by {@code decorate} (tests inject faults this way). */
	static StudyOutcome runStudy(final NetworkSession session, final String name, final PartyCredentials credentials,
		final WindowStatistics.LocalSums local, final Progress progress, final Consumer<String> log,
		final UnaryOperator<Transport> decorate) throws MedCryptException, InterruptedException
	{
		if (session.study() == null) throw new MedCryptException("the session file is for one plain secure sum, " +
			"not for Algorithm 1; ask the researcher for an Algorithm 1 session (new-session --study algorithm1)");
		final NetworkSession.Node named = session.byName(name);
		if (named != null && named.id() != Nodes.RESEARCHER && local == null) throw new MedCryptException(named
			.describe() + " needs its images");
		final long start = System.nanoTime();
		return open(session, name, credentials, progress, log, decorate, (transport, me, tls) -> {
			final long connected = System.nanoTime();
			final PartyMonitor monitor = new PartyMonitor(progress, node -> session.node(node).describe());
			if (me.id() == Nodes.RESEARCHER) {
				final GroundTruthStatistics statistics = SecureGroundTruthStatistics.asResearcher(transport, session
					.study(), monitor);
				return new StudyOutcome(statistics, statistics.globalMean(), connected - start, System.nanoTime() -
					connected, tls);
			}
			final GlobalMean mean = SecureGroundTruthStatistics.asLab(transport, session.study(), local, monitor);
			return new StudyOutcome(null, mean, connected - start, System.nanoTime() - connected, tls);
		});
	}

	private static <T> T open(final NetworkSession session, final String name, final PartyCredentials credentials,
		final Progress progress, final Consumer<String> log, final UnaryOperator<Transport> decorate, final Body<T> body)
		throws MedCryptException, InterruptedException
	{
		final NetworkSession.Node me = session.byName(name);
		if (me == null) throw new MedCryptException("the session file lists no party named '" + name + "'");
		final TlsTransport tls;
		try {
			tls = TlsTransport.open(session, me.id(), credentials, progress);
		}
		catch (final IOException e) {
			throw new MedCryptException("cannot start " + me.describe() + ": " + e.getMessage(), e);
		}
		try {
			for (final Map.Entry<Integer, String> p : tls.problems().entrySet()) {
				log.accept("warning: " + session.node(p.getKey()).describe() + " " + p.getValue());
			}
			return body.run(decorate.apply(tls), me, tls);
		}
		finally {
			tls.close();
		}
	}

	/** A one-line explanation of an abort naming the culprit by number and session name. */
	public static String explain(final NetworkSession session, final SecureSumAbortedException e) {
		final String culprit = e.culprit() >= 0 && e.culprit() < session.nodes().size() ? session.node(e.culprit())
			.describe() : "an unidentified party";
		final String reporter = e.reporter() >= 0 && e.reporter() < session.nodes().size() ? session.node(e
			.reporter()).describe() : "?";
		return "ABORTED at step '" + e.step() + "', blamed on " + culprit + ", reported by " + reporter + ": " + e
			.getMessage();
	}
}
