package org.medcrypt.securesum.net;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.securesum.Nodes;
import org.medcrypt.securesum.SecureSum;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.Transport;
import org.medcrypt.tls.PartyCredentials;

/**
 * Runs one party of a networked session: opens the {@link TlsTransport} of the
 * node named in the session, runs the unchanged protocol over it
 * ({@link SecureSum} for a plain sum, {@link SecureGroundTruthStatistics} for
 * Algorithm 1), and closes it.
 */
public final class NetworkParty {

	/** A party's work once its transport is open. */
	@FunctionalInterface
	public interface Body<T> {
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
	public static BigInteger[] run(final NetworkSession session, final String name, final PartyCredentials credentials,
		final BigInteger[] input, final Consumer<String> log, final UnaryOperator<Transport> decorate)
		throws MedCryptException, InterruptedException
	{
		if (!session.extension().isEmpty()) throw new MedCryptException("the session file is for a study over " +
			"secure sums (it has " + session.extension().keySet() + "), not one plain sum; run it as that study " +
			"(Algorithm 1: with the party's image folder), not with an input vector");
		final NetworkSession.Node named = session.byName(name);
		if (named != null && named.id() != Nodes.RESEARCHER && input == null) throw new MedCryptException(named
			.describe() + " needs an input vector");
		return open(session, name, credentials, Progress.NONE, log, decorate, 0, (transport, me, tls) -> {
			return me.id() == Nodes.RESEARCHER ? SecureSum.asResearcher(transport, session.sum()) : SecureSum.asLab(
				transport, session.sum(), input);
		});
	}

	/**
	 * Opens the {@link TlsTransport} of the node called {@code name} (messages
	 * padded for later sums of up to {@code laterValueBytes}, see
	 * {@link TlsTransport#paddedSize}), runs
	 * {@code body} over it (wrapped by {@code decorate}; tests inject faults this
	 * way) and closes it: the one way every networked computation over the
	 * sums, plain or an application's, gets its connections.
	 */
	public static <T> T open(final NetworkSession session, final String name, final PartyCredentials credentials,
		final Progress progress, final Consumer<String> log, final UnaryOperator<Transport> decorate,
		final long laterValueBytes, final Body<T> body)
		throws MedCryptException, InterruptedException
	{
		final NetworkSession.Node me = session.byName(name);
		if (me == null) throw new MedCryptException("the session file lists no party named '" + name + "'");
		final String port = EphemeralPorts.ofThisMachine().warning(me);
		if (port != null) log.accept("warning: " + port);
		final TlsTransport tls;
		try {
			tls = TlsTransport.open(session, me.id(), credentials, progress, laterValueBytes);
		}
		catch (final IOException e) {
			throw new MedCryptException("cannot start " + me.describe() + ": " + e.getMessage(), e);
		}
		try {
			for (final Map.Entry<Integer, String> p : tls.problems().entrySet()) {
				log.accept("warning: " + describe(session, p.getKey(), "a party") + " " + p.getValue());
			}
			return body.run(decorate.apply(tls), me, tls);
		}
		finally {
			tls.close();
		}
	}

	/**
	 * A one-line explanation of an abort naming the culprit by number and session
	 * name; a lab's refusal under the study's rules is told as such, not as a blame.
	 */
	public static String explain(final NetworkSession session, final SecureSumAbortedException e) {
		final String culprit = describe(session, e.culprit(), "an unidentified party");
		if (e.isRefusal()) return "STOPPED at step '" + e.step() + "': " + culprit + " refused to take part under the " +
			"study's rules (not a fault): " + e.getMessage();
		final String reporter = describe(session, e.reporter(), "?");
		return "ABORTED at step '" + e.step() + "', blamed on " + culprit + ", reported by " + reporter + ": " + e
			.getMessage();
	}

	/**
	 * Node {@code id} as the session describes it, or {@code none} for a number
	 * that names no node: {@link org.medcrypt.securesum.Nodes#NOBODY} when the
	 * parties disagree on the session and no majority says who is wrong.
	 */
	private static String describe(final NetworkSession session, final int id, final String none) {
		return id >= 0 && id < session.nodes().size() ? session.node(id).describe() : none;
	}
}
