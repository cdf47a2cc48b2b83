package org.medcrypt.groundtruth;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.securesum.Nodes;
import org.medcrypt.securesum.PartyMonitor;
import org.medcrypt.securesum.SumDomain;
import org.medcrypt.securesum.Transport;
import org.medcrypt.securesum.net.NetworkParty;
import org.medcrypt.securesum.net.NetworkSession;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.securesum.net.TlsTransport;

/**
 * One party of Algorithm 1 across labs over the network: the single entry
 * point that the Fiji command ({@code Secure Sum Party}) and the command line
 * ({@code party run}) both drive. A lab first sums its images
 * ({@link LabImages}; no timeout runs meanwhile, the sums do not depend on the
 * mean), then the party opens its pinned TLS connections and runs
 * {@link SecureGroundTruthStatistics}: the researcher ends with n, μ and σ, a
 * lab with μ only.
 */
public final class StudyParty {

	/** Where a lab's ground-truth sums come from (its image folder, read at the edge: ImageJ or a test). */
	@FunctionalInterface
	public interface LabImages {

		WindowStatistics.LocalSums localSums(int window, DeviationFeature feature, Progress progress)
			throws MedCryptException;
	}

	/** What one party of a networked Algorithm 1 run ended with, and what it cost. */
	public static final class Outcome {

		private final NetworkSession.Node party;
		private final GroundTruthStatistics statistics;
		private final GlobalMean mean;
		private final long localNanos, connectNanos, protocolNanos, bytesSent, messagesSent;

		Outcome(final NetworkSession.Node party, final GroundTruthStatistics statistics, final GlobalMean mean,
			final long localNanos, final long connectNanos, final long protocolNanos, final TlsTransport transport)
		{
			this.party = party;
			this.statistics = statistics;
			this.mean = mean;
			this.localNanos = localNanos;
			this.connectNanos = connectNanos;
			this.protocolNanos = protocolNanos;
			this.bytesSent = transport.bytesSent();
			this.messagesSent = transport.messagesSent();
		}

		/** The node this party was in the session. */
		public NetworkSession.Node party() {
			return party;
		}

		/** True for the researcher (node 0), who learns n, μ and σ. */
		public boolean isResearcher() {
			return party.id() == Nodes.RESEARCHER;
		}

		/** The researcher's n, μ and σ; {@code null} for a lab. */
		public GroundTruthStatistics statistics() {
			return statistics;
		}

		/** The global mean the party knows at the end (a lab learns only this). */
		public GlobalMean mean() {
			return mean;
		}

		/** Time a lab spent summing its images (0 for the researcher). */
		public long localNanos() {
			return localNanos;
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

	private StudyParty() {}

	/**
	 * Bytes of values the second sum may send, for padding every message to one
	 * size ({@link TlsTransport#paddedSize}): two values (D and Σx) under the
	 * second sum's modulus, which the public mean scale fixes in advance.
	 */
	public static long laterValueBytes(final StudyParameters study) {
		final SumDomain second = study.secondDomain();
		return TlsTransport.valueBytes(second, 2);
	}

	/**
	 * Runs the node called {@code name}: the researcher ({@code images} not
	 * used) or a lab (its images required). {@code progress} hears which
	 * step runs and whom the party waits for; cancelling it aborts the run
	 * everywhere. An abort is a {@link org.medcrypt.securesum.SecureSumAbortedException}
	 * ({@link NetworkParty#explain} names the culprit).
	 */
	public static Outcome run(final StudySession session, final String name, final PartyCredentials credentials,
		final LabImages images, final Progress progress, final Consumer<String> log) throws MedCryptException,
		InterruptedException
	{
		return run(session, name, credentials, images, progress, log, UnaryOperator.identity());
	}

	/** As above, with the transport wrapped by {@code decorate}: for tests that inject faults. */
	public static Outcome run(final StudySession session, final String name, final PartyCredentials credentials,
		final LabImages images, final Progress progress, final Consumer<String> log,
		final UnaryOperator<Transport> decorate) throws MedCryptException, InterruptedException
	{
		final NetworkSession network = session.network();
		final StudyParameters study = session.study();
		final NetworkSession.Node me = network.byName(name);
		if (me == null) throw new MedCryptException("the session file lists no party named '" + name + "'");
		final boolean lab = me.id() != Nodes.RESEARCHER;
		if (lab && images == null) throw new MedCryptException(me.describe() + " needs its images");
		final long start = System.nanoTime();
		final WindowStatistics.LocalSums local = lab ? images.localSums(study.window(), study.feature(), progress)
			: null;
		final long summed = System.nanoTime();
		return NetworkParty.open(network, name, credentials, progress, log, decorate, laterValueBytes(study),
			(transport, node, tls) -> {
				final long connected = System.nanoTime();
				final PartyMonitor monitor = new PartyMonitor(progress, id -> network.node(id).describe());
				if (!lab) {
					final GroundTruthStatistics statistics = SecureGroundTruthStatistics.asResearcher(transport, study,
						monitor);
					return new Outcome(node, statistics, statistics.globalMean(), 0, connected - summed, System
						.nanoTime() - connected, tls);
				}
				final GlobalMean mean = SecureGroundTruthStatistics.asLab(transport, study, local, monitor);
				return new Outcome(node, null, mean, summed - start, connected - summed, System.nanoTime() - connected,
					tls);
			});
	}
}
