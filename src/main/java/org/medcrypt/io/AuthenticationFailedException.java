package org.medcrypt.io;

/**
 * A keyed integrity check failed: the AES-GCM tag of a secure-transfer image,
 * the sender's RSA signature on its envelope, the owner seal of an encrypted
 * image, the key check of a cryptographic watermark. Unlike a checksum, nobody
 * without the key can make these pass again, so the data was altered after it
 * was made, deliberately or not, or (where the message says so) was not made by
 * or for the keys given. Nothing was decrypted. The user does not trust the
 * data, checks the keys the message names, and asks the sender for it again
 * over a channel they trust.
 * <p>
 * A {@link DamagedFileException}, so code that only needs to know that a file
 * cannot be read catches both.
 */
public final class AuthenticationFailedException extends DamagedFileException {

	private static final long serialVersionUID = 1L;

	public AuthenticationFailedException(final String message) {
		super(message);
	}

	public AuthenticationFailedException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
