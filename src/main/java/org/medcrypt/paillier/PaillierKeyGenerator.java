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

	/** Bound of the small-order test hs^(n·lcm(1..SMALL_ORDER)) ≠ 1 (|n| + 1479 bits of exponent, ~45 ms at 3072 bits). */
	static final int SMALL_ORDER = 1024;
	/** lcm(1..{@link #SMALL_ORDER}): the product over primes r ≤ 1024 of the largest power of r not above 1024. */
	private static final BigInteger SMALL_ORDERS;

	static {
		BigInteger orders = BigInteger.ONE;
		for (int r = 2; r <= SMALL_ORDER; r++) {
			if (!BigInteger.valueOf(r).isProbablePrime(20)) continue;
			for (long power = r; power <= SMALL_ORDER; power *= r)
				orders = orders.multiply(BigInteger.valueOf(r));
		}
		SMALL_ORDERS = orders;
	}

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

	/**
	 * Rebuilds a key pair from its primes and randomness base (key files, known-answer tests), with every check of
	 * {@link #publicKey(BigInteger, BigInteger, int)} plus those only the factors allow: p and q are distinct
	 * probable primes with gcd(n, (p-1)(q-1)) = 1 (without it decryption has no inverse), and hs is an n-th residue
	 * mod n² (hs^(p-1) = 1 mod p² and hs^(q-1) = 1 mod q², which {@link PaillierPrivateKey#decryptWithExponent}
	 * relies on), as the generator's (-x²)^n is.
	 *
	 * @throws IllegalArgumentException naming the first check that failed (no key material in the message)
	 */
	public static PaillierKeyPair fromPrimes(final BigInteger p, final BigInteger q, final BigInteger hs,
		final int randomBits)
	{
		if (p.signum() <= 0 || q.signum() <= 0 || p.equals(q)) {
			throw new IllegalArgumentException("the factors are not two distinct positive numbers");
		}
		// Cheapest first: the residue test fails for a changed p, q or hs alike, before any primality test.
		final BigInteger p2 = p.multiply(p), q2 = q.multiply(q);
		final BigInteger pm1 = p.subtract(BigInteger.ONE), qm1 = q.subtract(BigInteger.ONE);
		if (hs.signum() <= 0 || !hs.mod(p2).modPow(pm1, p2).equals(BigInteger.ONE) || !hs.mod(q2).modPow(qm1, q2)
			.equals(BigInteger.ONE))
		{
			throw new IllegalArgumentException("the randomness base hs is not an n-th residue mod n²");
		}
		final BigInteger n = p.multiply(q);
		if (!n.gcd(pm1.multiply(qm1)).equals(BigInteger.ONE)) {
			throw new IllegalArgumentException("gcd(n, (p-1)(q-1)) is not 1");
		}
		final PaillierPublicKey pub = publicKey(n, hs, randomBits);
		if (!p.isProbablePrime(64) || !q.isProbablePrime(64)) {
			throw new IllegalArgumentException("a factor is not prime");
		}
		return new PaillierKeyPair(new PaillierPrivateKey(pub, p, q));
	}

	/**
	 * Builds and checks a public key from its parameters: the one gate for every public key that comes from outside
	 * (key files, stores). What a public key alone lets us check, cheaply (about 70 ms at 3072 bits):
	 * <ul>
	 * <li>n: positive, 2048 to 8192 bits, and {@link SmallFactors#whyNotTwoLargePrimes}: odd, no prime factor below
	 * 2^16, not a perfect square, not prime. A damaged n is caught about nine times in ten by the factor test alone;
	 * an n with a small or repeated factor, or a prime n, would let others decrypt.</li>
	 * <li>hs: in (1, n²), a unit (gcd(hs, n) = 1), and hs^(n·L) ≠ 1 mod n² for L = lcm(1..{@value #SMALL_ORDER}):
	 * the order of hs does not divide n·L. That refuses every hs of order up to 1024 (hs = ±1, the other square
	 * roots of 1...) and every power of 1+n times such an element. With hs of small order hs^a takes few values and
	 * ciphertexts give the plaintext away (hs = 1 gives E(m) = 1 + m·n, readable as (c-1)/n); with hs a power of
	 * 1+n anyone reads m plus a multiple of the random exponent as (c-1)/n, no private key needed. A generated
	 * hs = (-x²)^n has the order of -x² mod n, a divisor of lcm(p-1, q-1) (coprime to n) of about |n| bits, so it
	 * always passes.</li>
	 * <li>the random exponent: from twice the security level of n to |n| bits.</li>
	 * </ul>
	 * What cannot be checked without the factors: that hs is an n-th residue (deciding it is the very assumption
	 * Paillier's security rests on) and that its order is large rather than merely not small. Key files therefore
	 * also carry a SHA-256 checksum (see {@code org.medcrypt.keys.PaillierKeyFiles}): accidents are caught by it, and
	 * these checks bound what a deliberately forged public key can do.
	 *
	 * @throws IllegalArgumentException naming the first check that failed
	 */
	public static PaillierPublicKey publicKey(final BigInteger n, final BigInteger hs, final int randomBits) {
		return publicKey(n, hs, randomBits, MIN_BITS);
	}

	private static PaillierPublicKey publicKey(final BigInteger n, final BigInteger hs, final int randomBits,
		final int minBits)
	{
		if (n.signum() <= 0) throw new IllegalArgumentException("the modulus is not positive");
		checkSize(n.bitLength(), minBits);
		final String weak = SmallFactors.whyNotTwoLargePrimes(n);
		if (weak != null) throw new IllegalArgumentException(weak);
		final BigInteger n2 = n.multiply(n);
		if (hs.compareTo(BigInteger.ONE) <= 0 || hs.compareTo(n2) >= 0 || !hs.gcd(n).equals(BigInteger.ONE)) {
			throw new IllegalArgumentException("the randomness base hs is not a unit in (1, n²)");
		}
		if (hs.modPow(n.multiply(SMALL_ORDERS), n2).equals(BigInteger.ONE)) {
			throw new IllegalArgumentException("the randomness base hs has a small order (such as hs = 1 or n²-1) " +
				"or is a power of 1+n");
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
