package org.medcrypt.paillier;

import java.security.SecureRandom;

/**
 * Keys shared by the tests of one JVM. Real sizes (2048) where the test is
 * about real use; 1024-bit keys, made by the package-private
 * {@link PaillierKeyGenerator#insecureTestKey} that only this package reaches,
 * where a test needs many encryptions and the size does not matter.
 */
public final class TestKeys {

	private static PaillierKeyPair small, real;

	private TestKeys() {}

	/** A 1024-bit key: fast, insecure, tests only. */
	public static synchronized PaillierKeyPair small() {
		if (small == null) small = PaillierKeyGenerator.insecureTestKey(1024, new SecureRandom());
		return small;
	}

	/** The pair of a private key read from a file (committed test keys, see {@code TestKeyFiles}). */
	public static PaillierKeyPair pairOf(final PaillierPrivateKey key) {
		return new PaillierKeyPair(key);
	}

	/** A 2048-bit key, the smallest a user may generate. */
	public static synchronized PaillierKeyPair real() {
		if (real == null) real = PaillierKeyGenerator.generate(2048, new SecureRandom());
		return real;
	}
}
