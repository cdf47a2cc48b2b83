package org.medcrypt.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Generates Paillier keys: two random primes of |n|/2 bits with n of exactly
 * |n| bits, and the DJN randomness base hs = (-x²)^n mod n² for a random x in
 * Z_n*.
 *
 * <p>3072 bits (128-bit security, NIST SP 800-57) is the default; 2048 (112-bit)
 * is allowed; smaller keys are refused, whether generated, rebuilt from primes
 * or read from a file. Only the package-private {@link #insecureTestKey} makes
 * smaller keys (down to 512 bits), for unit tests that need many encryptions
 * (reached through the test helper {@code TestKeys}): no setting, system
 * property or public method lowers the floor, so such keys never protect data.
 */
public final class PaillierKeyGenerator {

	public static final int DEFAULT_BITS = 3072;
	public static final int MIN_BITS = 2048;
	/** Floor of {@link #insecureTestKey}: smaller moduli leave too few bits for the tests' slot packing. */
	private static final int TEST_MIN_BITS = 512;

	private PaillierKeyGenerator() {}

	/** A key of {@link #DEFAULT_BITS}. */
	public static PaillierKeyPair generate(final SecureRandom rnd) {
		return generate(DEFAULT_BITS, rnd);
	}

	public static PaillierKeyPair generate(final int bits, final SecureRandom rnd) {
		return generate(bits, rnd, MIN_BITS);
	}

	/**
	 * An insecure key of {@code bits} (at least 512) for unit tests only: the
	 * same generation as {@link #generate(int, SecureRandom)} without its
	 * 2048-bit floor. Package-private so that production code cannot reach it;
	 * such a key cannot be read back from a file (the reader keeps the floor).
	 */
	static PaillierKeyPair insecureTestKey(final int bits, final SecureRandom rnd) {
		return generate(bits, rnd, TEST_MIN_BITS);
	}

	private static PaillierKeyPair generate(final int bits, final SecureRandom rnd, final int minBits) {
		checkSize(bits, minBits);
		final int half = bits / 2;
		BigInteger p, q, n;
		do {
			p = BigInteger.probablePrime(half, rnd);
			do {
				q = BigInteger.probablePrime(bits - half, rnd);
				n = p.multiply(q);
			}
			while (n.bitLength() != bits);
		}
		// Equal primes would make n a square; gcd(n, φ(n)) = 1 holds for equal-size distinct primes.
		while (p.equals(q) || !n.gcd(p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE))).equals(
			BigInteger.ONE));
		final BigInteger hs = randomnessBase(n, rnd);
		return new PaillierKeyPair(new PaillierPrivateKey(publicKey(n, hs, defaultRandomBits(bits), minBits), p, q));
	}

	/** DJN: ceil(|n|/2) bits of exponent. */
	public static int defaultRandomBits(final int modulusBits) {
		return (modulusBits + 1) / 2;
	}

	/** Rebuilds a key pair from its primes and randomness base (key files, known-answer tests). */
	public static PaillierKeyPair fromPrimes(final BigInteger p, final BigInteger q, final BigInteger hs,
		final int randomBits)
	{
		final BigInteger n = p.multiply(q);
		final PaillierPublicKey pub = publicKey(n, hs, randomBits);
		return new PaillierKeyPair(new PaillierPrivateKey(pub, p, q));
	}

	/** Builds and checks a public key from its parameters. */
	public static PaillierPublicKey publicKey(final BigInteger n, final BigInteger hs, final int randomBits) {
		return publicKey(n, hs, randomBits, MIN_BITS);
	}

	private static PaillierPublicKey publicKey(final BigInteger n, final BigInteger hs, final int randomBits,
		final int minBits)
	{
		checkSize(n.bitLength(), minBits);
		if (!n.testBit(0)) throw new IllegalArgumentException("the modulus must be odd");
		final BigInteger n2 = n.multiply(n);
		if (hs.signum() <= 0 || hs.compareTo(n2) >= 0 || !hs.gcd(n).equals(BigInteger.ONE)) {
			throw new IllegalArgumentException("the randomness base is not a unit mod n²");
		}
		if (randomBits < 2 * securityBits(n.bitLength()) || randomBits > n.bitLength()) {
			throw new IllegalArgumentException("random exponent of " + randomBits + " bits is out of range");
		}
		return new PaillierPublicKey(n, hs, randomBits);
	}

	/** Security level in bits for a modulus size (NIST SP 800-57 part 1, table 2). */
	public static int securityBits(final int modulusBits) {
		if (modulusBits >= 15360) return 256;
		if (modulusBits >= 7680) return 192;
		if (modulusBits >= 3072) return 128;
		if (modulusBits >= 2048) return 112;
		return 80;
	}

	private static BigInteger randomnessBase(final BigInteger n, final SecureRandom rnd) {
		BigInteger x;
		do {
			x = new BigInteger(n.bitLength() + 64, rnd).mod(n);
		}
		while (x.signum() == 0 || !x.gcd(n).equals(BigInteger.ONE));
		final BigInteger h = n.subtract(x.multiply(x).mod(n));
		return h.modPow(n, n.multiply(n));
	}

	private static void checkSize(final int bits, final int minBits) {
		if (bits < minBits) {
			throw new IllegalArgumentException("a " + bits + "-bit Paillier key is too weak: use " + DEFAULT_BITS +
				" bits (128-bit security) or at least " + MIN_BITS);
		}
		if (bits > 8192) throw new IllegalArgumentException("keys above 8192 bits are not supported");
	}
}
