package org.medcrypt.io;

/**
 * A problem the user can act on: a wrong key, a file that is not what it claims
 * to be, an unsupported image. The message says what is wrong and what to do;
 * commands show it as-is, never as a stack trace. Never put secrets in it.
 * <p>
 * Callers tell failures apart by type, not by message. The family, all checked:
 * <ul>
 * <li>{@link WrongKeyException}: the key or password does not belong to the data;</li>
 * <li>{@link DamagedFileException}: the data is not a readable MedCrypt file of its kind, and its subclass
 * {@link AuthenticationFailedException}: a keyed integrity check (tag, signature, seal) failed;</li>
 * <li>{@link UnsupportedImageException}: an image of a type, bit depth or size the operation does not take;</li>
 * <li>{@link PeerFailureException}: the other party of a protocol failed or stopped (the secure sum's
 * {@code SecureSumAbortedException} is one);</li>
 * <li>{@link DeviatingPartyException}: the other party sent well-formed data no honest party sends (a failed
 * tag, a count or size other than the one fixed, a request never started): it deviates from the protocol;</li>
 * <li>{@link RefusedByPolicyException}: refused on purpose (an unpinned certificate...), and its subclass
 * {@link OutputExistsException}: MedCrypt never overwrites.</li>
 * </ul>
 * This class itself is thrown for the rest: a missing input, a file that does not exist, an I/O error.
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
