package org.medcrypt.securesum;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * A lab in n-out-of-n additive secret sharing: it splits its input into k
 * shares, uniform subject to summing to the input mod M, keeps one and sends
 * one to each other lab (1 hop); once it has a share from every lab it sends
 * the sum of the k shares it holds to the researcher (2 hops), then waits for
 * the result (3 hops). Any k-1 shares of an input are independent and uniform.
 */
final class AdditiveSharingLab extends StateMachineRole {

	private final SumSession session;
	private final int self;
	private final BigInteger[] input;
	private final SecureRandom random;
	private final BigInteger modulus;
	private BigInteger[] held;
	private boolean sharesDone;

	AdditiveSharingLab(final SumSession session, final int self, final BigInteger[] input,
		final SecureRandom random)
	{
		this.session = session;
		this.self = self;
		this.input = input.clone();
		this.random = random;
		this.modulus = session.domain().modulus();
	}

	@Override
	public void start(final Outbox out) throws ProtocolFault {
		LabInputs.check(session, self, input);
		final int labs = session.labs();
		final BigInteger[][] shares = Vectors.split(input, labs, modulus, random);
		held = shares[self - 1];
		for (int lab = 1; lab <= labs; lab++) {
			if (lab == self) continue;
			expected.add(lab, MessageType.SHARE, 0, 1);
			out.send(lab, Message.of(MessageType.SHARE, session.id(), self, 0, shares[lab - 1]));
		}
	}

	@Override
	public void accept(final Message message, final Outbox out) throws ProtocolFault {
		if (message.type() == MessageType.RESULT) {
			result = message.values();
			return;
		}
		held = Vectors.add(held, message.values(), modulus);
		if (!sharesDone && expected.isEmpty()) {
			sharesDone = true;
			out.send(Nodes.RESEARCHER, Message.of(MessageType.PARTIAL_SUM, session.id(), self, 0, held));
			held = null;
			expected.add(Nodes.RESEARCHER, MessageType.RESULT, 0, 3);
		}
	}
}
