package org.medcrypt.io;

/**
 * Another party sent what no honest party of the protocol sends: values that
 * contradict each other or the party's own query, a shifted or replayed
 * answer. Unlike a {@link PeerFailureException} (a party that crashed, timed
 * out or runs another version), this is evidence of a deliberate deviation. The
 * message names the deviating party where it can be told, says that nothing was
 * returned, and what to do (stop trusting that party's results, tell its
 * operator).
 */
public class DeviatingPartyException extends MedCryptException {

	private static final long serialVersionUID = 1L;

	public DeviatingPartyException(final String message) {
		super(message);
	}

	public DeviatingPartyException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
