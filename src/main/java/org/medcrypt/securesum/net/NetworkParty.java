package org.medcrypt.securesum.net;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.securesum.Nodes;
import org.medcrypt.securesum.SecureSum;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.Transport;

/**
 * Runs one party of a networked secure sum: opens the {@link TlsTransport} of
 * the node named in the session, runs {@link SecureSum#asResearcher} or
 * {@link SecureSum#asLab} over it unchanged, and closes it.
 */
public final class NetworkParty {

	private NetworkParty() {}

	/**
	 * Runs the node called {@code name}; {@code input} is ignored for the
	 * researcher. Returns the researcher's total, or what the researcher
	 * published to a lab.
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
		final NetworkSession.Node me = session.byName(name);
		if (me == null) throw new MedCryptException("the session file lists no party named '" + name + "'");
		if (me.id() != Nodes.RESEARCHER && input == null) throw new MedCryptException(me.describe() +
			" needs an input vector");
		final TlsTransport tls;
		try {
			tls = TlsTransport.open(session, me.id(), credentials);
		}
		catch (final IOException e) {
			throw new MedCryptException("cannot start " + me.describe() + ": " + e.getMessage(), e);
		}
		try {
			for (final Map.Entry<Integer, String> p : tls.problems().entrySet()) {
				log.accept("warning: " + session.node(p.getKey()).describe() + " " + p.getValue());
			}
			final Transport transport = decorate.apply(tls);
			return me.id() == Nodes.RESEARCHER ? SecureSum.asResearcher(transport, session.sum()) : SecureSum.asLab(
				transport, session.sum(), input);
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
