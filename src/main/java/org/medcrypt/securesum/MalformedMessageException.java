package org.medcrypt.securesum;

/** A frame that does not decode as a {@link Message} of the supported version. */
final class MalformedMessageException extends Exception {

	private static final long serialVersionUID = 1L;

	MalformedMessageException(final String message) {
		super(message);
	}
}
