package org.medcrypt.io;

/**
 * MedCrypt refuses on purpose, by a rule that protects the user's data: a TLS
 * peer whose certificate fingerprint is not pinned (on either side), a server
 * with no key holder allowed, the same key pair as sender and recipient, an
 * output that already exists (the subclass {@link OutputExistsException}). The
 * operation was not attempted. The message names the rule; the user changes the
 * input (pins the right fingerprint, chooses another key or name), never the
 * rule.
 */
public class RefusedByPolicyException extends MedCryptException {

	private static final long serialVersionUID = 1L;

	public RefusedByPolicyException(final String message) {
		super(message);
	}

	public RefusedByPolicyException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
