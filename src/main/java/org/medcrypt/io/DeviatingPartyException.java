package org.medcrypt.io;

/**
 * The other party answered, in well-formed messages, with something no honest
 * party sends: data that fails its authentication tag, a count, size or
 * parameter other than the ones this side fixed, a request this side never
 * started, or a reply that does not match its request. Unlike a
 * {@link PeerFailureException} (a dropped link, a malformed message, a
 * different version), this is evidence that the party named in the message
 * deviates from the protocol, deliberately or through a tampered store. The
 * exchange stops before anything derived from the suspicious data is sent
 * back, and no result is produced. The user stops using that party and tells
 * its operator; retrying will not help.
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
