package org.medcrypt.io;

/**
 * A problem the user can act on: a wrong key, a file that is not what it claims
 * to be, an unsupported image. The message says what is wrong and what to do;
 * commands show it as-is, never as a stack trace. Never put secrets in it.
 */
public class MedCryptException extends Exception {

	private static final long serialVersionUID = 1L;

	public MedCryptException(final String message) {
		super(message);
	}

	public MedCryptException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
