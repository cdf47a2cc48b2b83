package org.medcrypt.io;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * One SecureRandom per thread: the platform default serialises callers on a
 * lock, which stalls parallel encryption. Each instance is a NIST DRBG seeded by
 * the operating system.
 */
public final class SecureRandoms {

	private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(() -> {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (final NoSuchAlgorithmException e) {
			return new SecureRandom();
		}
	});

	private SecureRandoms() {}

	/** The calling thread's generator; never share it with another thread. */
	public static SecureRandom forThisThread() {
		return PER_THREAD.get();
	}
}
