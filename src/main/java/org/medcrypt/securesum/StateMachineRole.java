package org.medcrypt.securesum;

import java.math.BigInteger;

/** What every protocol role keeps the same way: the messages it awaits and, once done, its result. */
abstract class StateMachineRole implements Role {

	protected final Expectations expected = new Expectations();
	/** Set exactly once, when the role is done. */
	protected BigInteger[] result;

	@Override
	public Expectations expected() {
		return expected;
	}

	@Override
	public boolean isDone() {
		return result != null;
	}

	@Override
	public BigInteger[] result() {
		return result.clone();
	}
}
