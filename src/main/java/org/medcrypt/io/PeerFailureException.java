package org.medcrypt.io;

/**
 * The other party of a protocol failed: it cannot be reached, the connection
 * dropped or closed, it did not answer in time, it sent a malformed, oversized
 * or out-of-order message, values no honest party sends, or it stopped the
 * exchange with its own reason (which the message relays). Nothing local is at
 * fault and no result was produced. The user checks that the other party is
 * running the same MedCrypt version at the address given, and asks its operator
 * when the message relays the other party's reason.
 * <p>
 * The secure sum reports its aborts as the subclass
 * {@code org.medcrypt.securesum.SecureSumAbortedException}, which also names the
 * party blamed and the step.
 */
public class PeerFailureException extends MedCryptException {

	private static final long serialVersionUID = 1L;

	public PeerFailureException(final String message) {
		super(message);
	}

	public PeerFailureException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
