package org.medcrypt.paillier;

import java.security.SecureRandom;

/**
 * Keys shared by the tests of one JVM. Real sizes (2048) where the test is
 * about real use; 1024-bit keys, allowed only through the documented test switch,
 * where a test needs many encryptions and the size does not matter.
 */
public final class TestKeys {

	private static PaillierKeyPair small, real;

	private TestKeys() {}

	/** A 1024-bit key: fast, insecure, tests only. */
	public static synchronized PaillierKeyPair small() {
		if (small == null) {
			System.setProperty(PaillierKeyGenerator.TEST_KEYS_PROPERTY, "true");
			try {
				small = PaillierKeyGenerator.generate(1024, new SecureRandom());
			}
			finally {
				System.clearProperty(PaillierKeyGenerator.TEST_KEYS_PROPERTY);
			}
		}
		return small;
	}

	/** A 2048-bit key, the smallest a user may generate. */
	public static synchronized PaillierKeyPair real() {
		if (real == null) real = PaillierKeyGenerator.generate(2048, new SecureRandom());
		return real;
	}
}
