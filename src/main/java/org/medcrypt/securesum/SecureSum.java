package org.medcrypt.securesum;

import java.math.BigInteger;
import java.util.function.UnaryOperator;

import org.medcrypt.io.SecureRandoms;

/**
 * The secure sum of section 4, one entry point for every {@link Protocol}: the
 * researcher (node 0) and each lab (nodes 1..k) call their method on their own
 * thread or machine with the same {@link SumSession}. The researcher learns
 * the total of the labs' input vectors; the labs learn what the researcher
 * publishes. On any fault every party throws {@link SecureSumAbortedException}
 * and nobody gets a result; a party whose {@link PartyMonitor} reports a
 * cancellation aborts everywhere and throws
 * {@link java.util.concurrent.CancellationException}.
 */
public final class SecureSum {

	private SecureSum() {}

	/** Runs lab {@code transport.self()} with its input, each value in [0, bound); returns what R published. */
	public static BigInteger[] asLab(final Transport transport, final SumSession session, final BigInteger... input)
		throws SecureSumAbortedException, InterruptedException
	{
		return asLab(transport, session, PartyMonitor.SILENT, input);
	}

	/** As {@link #asLab(Transport, SumSession, BigInteger...)}, reporting to {@code monitor}. */
	public static BigInteger[] asLab(final Transport transport, final SumSession session, final PartyMonitor monitor,
		final BigInteger... input) throws SecureSumAbortedException, InterruptedException
	{
		final int self = transport.self();
		if (self < 1 || self > session.labs()) throw new IllegalArgumentException("node " + self + " is not a lab");
		final Role role = session.protocol() == Protocol.ADDITIVE_SHARING ? new AdditiveSharingLab(session, self,
			input, SecureRandoms.forThisThread()) : new RingLab(session, self, input, SecureRandoms.forThisThread());
		return new PartyRunner(transport, session, role, monitor).run();
	}

	/**
	 * Lab {@code transport.self()} refuses to take part in this sum under a rule
	 * of the study ({@code why} names it): it sends every party an ABORT naming
	 * itself at step {@value SecureSumAbortedException#REFUSAL_STEP}, and throws
	 * the {@link SecureSumAbortedException} everyone else gets too
	 * ({@link SecureSumAbortedException#isRefusal()}). Nothing of its input is sent.
	 */
	public static void refuseAsLab(final Transport transport, final SumSession session, final PartyMonitor monitor,
		final String why) throws SecureSumAbortedException, InterruptedException
	{
		final int self = transport.self();
		if (self < 1 || self > session.labs()) throw new IllegalArgumentException("node " + self + " is not a lab");
		try {
			new PartyRunner(transport, session, new StateMachineRole() {

			@Override
			public void start(final Outbox out) throws ProtocolFault {
				throw new ProtocolFault(self, SecureSumAbortedException.REFUSAL_STEP, "refused to take part: " + why);
			}

			@Override
			public void accept(final Message message, final Outbox out) {
				throw new IllegalStateException("a refusing lab accepts nothing");
			}
		}, monitor).run();
		}
		catch (final SecureSumAbortedException e) {
			// Stay connected until the others have read the refusal and left (bounded by the set-up time).
			if (e.isRefusal() && e.culprit() == self) transport.awaitOthersLeft(session.hopTimeout().multipliedBy(2));
			throw e;
		}
		throw new IllegalStateException("unreachable: a refusal always aborts");
	}

	public static BigInteger[] asLab(final Transport transport, final SumSession session, final long... input)
		throws SecureSumAbortedException, InterruptedException
	{
		final BigInteger[] values = new BigInteger[input.length];
		for (int i = 0; i < input.length; i++) values[i] = BigInteger.valueOf(input[i]);
		return asLab(transport, session, values);
	}

	/** Runs the researcher and publishes the total to the labs; returns the total. */
	public static BigInteger[] asResearcher(final Transport transport, final SumSession session)
		throws SecureSumAbortedException, InterruptedException
	{
		return asResearcher(transport, session, UnaryOperator.identity());
	}

	/** Runs the researcher; the labs receive {@code publish(total)} instead of the total. */
	public static BigInteger[] asResearcher(final Transport transport, final SumSession session,
		final UnaryOperator<BigInteger[]> publish) throws SecureSumAbortedException, InterruptedException
	{
		return asResearcher(transport, session, publish, PartyMonitor.SILENT);
	}

	/** As {@link #asResearcher(Transport, SumSession, UnaryOperator)}, reporting to {@code monitor}. */
	public static BigInteger[] asResearcher(final Transport transport, final SumSession session,
		final UnaryOperator<BigInteger[]> publish, final PartyMonitor monitor) throws SecureSumAbortedException,
		InterruptedException
	{
		if (transport.self() != Nodes.RESEARCHER) throw new IllegalArgumentException("the researcher is node 0");
		return new PartyRunner(transport, session, new Researcher(session, publish), monitor).run();
	}
}
