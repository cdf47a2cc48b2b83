package org.medcrypt.io;

/**
 * The file or folder to write already exists (or a store folder is not empty):
 * MedCrypt never overwrites, since the existing file could be a key or an
 * original that cannot be made again. Nothing was written. The user chooses
 * another name or moves the old file away.
 */
public final class OutputExistsException extends RefusedByPolicyException {

	private static final long serialVersionUID = 1L;

	public OutputExistsException(final String message) {
		super(message);
	}

	public OutputExistsException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
