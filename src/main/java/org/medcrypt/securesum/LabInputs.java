package org.medcrypt.securesum;

import java.math.BigInteger;

/** A lab's own input check, blamed on the lab itself so that everyone aborts rather than sums garbage. */
final class LabInputs {

	static final String STEP = "input";

	private LabInputs() {}

	static void check(final SumSession session, final int self, final BigInteger[] input) throws ProtocolFault {
		try {
			session.domain().checkInput(input);
		}
		catch (final IllegalArgumentException e) {
			throw new ProtocolFault(self, STEP, "refused its own input: " + e.getMessage());
		}
	}
}
