package org.medcrypt.securesum;

import java.math.BigInteger;

/**
 * One party's side of a protocol as a state machine: {@link #start} sends the
 * first messages, {@link #accept} reacts to each incoming message, and
 * {@link #expected} says what the machine waits for. Messages reach
 * {@link #accept} already decoded and checked for sender and session; ABORTs
 * never do.
 */
interface Role {

	/** Where a state machine sends its messages. */
	@FunctionalInterface
	interface Outbox {
		void send(int to, Message message) throws ProtocolFault;
	}

	void start(Outbox out) throws ProtocolFault;

	void accept(Message message, Outbox out) throws ProtocolFault;

	/** The messages still awaited in the current phase; empty once done. */
	Expectations expected();

	boolean isDone();

	/** The sum for the researcher, the published values for a lab; only once done. */
	BigInteger[] result();
}
