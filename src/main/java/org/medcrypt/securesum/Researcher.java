package org.medcrypt.securesum;

import java.math.BigInteger;
import java.util.function.UnaryOperator;

/**
 * The researcher R: collects the ring totals (ring protocols, k+1 hops) or the
 * labs' partial sums (additive sharing, 2 hops), adds them mod M, checks that
 * the total is one that inputs in [0, bound) can give, and only then sends
 * every lab a RESULT with what it chooses to publish (the total by default;
 * Algorithm 1 publishes the global mean instead).
 */
final class Researcher extends StateMachineRole {

	private final SumSession session;
	private final UnaryOperator<BigInteger[]> publish;
	private final BigInteger modulus;
	private BigInteger[] sum;

	Researcher(final SumSession session, final UnaryOperator<BigInteger[]> publish) {
		this.session = session;
		this.publish = publish;
		this.modulus = session.domain().modulus();
		this.sum = Vectors.zero(session.domain().width());
	}

	@Override
	public void start(final Outbox out) {
		final int labs = session.labs();
		if (session.protocol() == Protocol.ADDITIVE_SHARING) {
			for (int lab = 1; lab <= labs; lab++) expected.add(lab, MessageType.PARTIAL_SUM, 0, 2);
		}
		else {
			final RingSchedule schedule = session.schedule();
			for (int r = 0; r < schedule.rings(); r++) {
				expected.add(schedule.ring(r)[0], MessageType.RING_TOTAL, r, labs + 1);
			}
		}
	}

	@Override
	public void accept(final Message message, final Outbox out) throws ProtocolFault {
		sum = Vectors.add(sum, message.values(), modulus);
		if (!expected.isEmpty()) return;
		if (!session.domain().isPossibleTotal(sum)) {
			throw new ProtocolFault(Message.NO_CULPRIT, "result", "contributed values whose total exceeds what " +
				session.labs() + " inputs in [0, " + session.domain().bound() + ") can give");
		}
		final BigInteger[] published = publish.apply(sum.clone());
		for (int lab = 1; lab <= session.labs(); lab++) {
			out.send(lab, Message.of(MessageType.RESULT, session.id(), Nodes.RESEARCHER, 0, published));
		}
		result = sum;
	}
}
