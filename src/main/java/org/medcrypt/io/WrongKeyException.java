package org.medcrypt.io;

/**
 * The key, key file or password does not belong to this data or this role: an
 * encrypted image, store, signature or secure-transfer image made for another
 * key; a public key where the private key is needed; a stream cipher key or
 * passphrase other than the one used; a keystore password that does not open
 * the keystore. The data is intact: the message names the key it expects (by
 * fingerprint) and the one given, so the user chooses the matching key.
 */
public final class WrongKeyException extends MedCryptException {

	private static final long serialVersionUID = 1L;

	public WrongKeyException(final String message) {
		super(message);
	}

	public WrongKeyException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
