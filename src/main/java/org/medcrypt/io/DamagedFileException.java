package org.medcrypt.io;

/**
 * A file, or a block in a MedCrypt format (a key, an encrypted image or
 * signature, a store, a secure-transfer envelope, a salt record, a session
 * file), is not what it claims to be: not a MedCrypt file of this kind, a
 * format version this MedCrypt does not read, truncated, a checksum that does
 * not match, values no valid file can hold. The key is not in question (that
 * is {@link WrongKeyException}). The user checks that the right file was
 * chosen, updates MedCrypt if the message names a newer version, and otherwise
 * takes a backup copy or asks for the file again.
 * <p>
 * The unkeyed checks behind this type (SHA-256 checksums, range and length
 * checks) catch accidents; a failed keyed check is the subclass
 * {@link AuthenticationFailedException}.
 */
public class DamagedFileException extends MedCryptException {

	private static final long serialVersionUID = 1L;

	public DamagedFileException(final String message) {
		super(message);
	}

	public DamagedFileException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
