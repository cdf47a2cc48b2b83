package org.medcrypt.securesum;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * A lab in the ring protocols (section 4). With one ring this is the paper's
 * protocol exactly; with several, the input is first split into one random
 * share per ring and each ring sums one share. In ring r the master adds a
 * random mask, passes {@code share + mask} on, and on receiving the ring back
 * subtracts the mask and sends the ring total to the researcher; every other
 * lab adds its share to what it receives and passes it on.
 */
final class RingLab extends StateMachineRole {

	private final SumSession session;
	private final int self;
	private final BigInteger[] input;
	private final SecureRandom random;
	private final BigInteger modulus;
	private final int labs;
	private BigInteger[][] shares;
	private BigInteger[][] masks;
	private boolean ringsDone;

	RingLab(final SumSession session, final int self, final BigInteger[] input, final SecureRandom random) {
		this.session = session;
		this.self = self;
		this.input = input.clone();
		this.random = random;
		this.modulus = session.domain().modulus();
		this.labs = session.labs();
	}

	@Override
	public void start(final Outbox out) throws ProtocolFault {
		LabInputs.check(session, self, input);
		final RingSchedule schedule = session.schedule();
		shares = Vectors.split(input, schedule.rings(), modulus, random);
		masks = new BigInteger[schedule.rings()][];
		for (int r = 0; r < schedule.rings(); r++) {
			final int position = schedule.position(r, self);
			// The master's closing pass is k hops after the start; the pass into position p is p hops.
			expected.add(schedule.predecessor(r, self), MessageType.RING_PASS, r, position == 0 ? labs : position);
			if (position == 0) {
				masks[r] = Vectors.random(input.length, modulus, random);
				out.send(schedule.successor(r, self), Message.of(MessageType.RING_PASS, session.id(), self, r, Vectors
					.add(shares[r], masks[r], modulus)));
			}
		}
	}

	@Override
	public void accept(final Message message, final Outbox out) throws ProtocolFault {
		if (message.type() == MessageType.RESULT) {
			result = message.values();
			return;
		}
		final int r = message.round();
		final RingSchedule schedule = session.schedule();
		if (schedule.position(r, self) == 0) {
			out.send(Nodes.RESEARCHER, Message.of(MessageType.RING_TOTAL, session.id(), self, r, Vectors.subtract(
				message.values(), masks[r], modulus)));
			masks[r] = null;
		}
		else {
			out.send(schedule.successor(r, self), Message.of(MessageType.RING_PASS, session.id(), self, r, Vectors.add(
				message.values(), shares[r], modulus)));
		}
		shares[r] = null;
		if (!ringsDone && expected.isEmpty()) {
			ringsDone = true;
			expected.add(Nodes.RESEARCHER, MessageType.RESULT, 0, labs + 2);
		}
	}
}
