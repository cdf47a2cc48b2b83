package org.medcrypt.paillier;

import java.math.BigInteger;

/**
 * Cheap tests that a modulus read from outside (a Paillier or RSA key file) is
 * not damaged or forged into a weak one: no prime factor below 2^16, not a
 * perfect square, not prime. A real modulus is the product of two primes of
 * 1024 bits or more, so any of these proves the key is not one; a modulus
 * changed at random has a factor below 2^16 about nine times in ten (the
 * share of odd numbers with none is about 2e^-γ/ln 2^16 ≈ 0.10, Mertens).
 * Shared by {@link PaillierKeyGenerator#publicKey} and
 * {@code org.medcrypt.keys.RsaKeyFiles}.
 */
public final class SmallFactors {

	/** Trial division bound: primes below 2^16. */
	public static final int BOUND = 1 << 16;
	/** The product of the primes below {@link #BOUND} (about 94,000 bits): one gcd replaces 6,542 divisions. */
	private static final BigInteger PRIMES;

	static {
		final boolean[] composite = new boolean[BOUND];
		BigInteger primes = BigInteger.ONE;
		for (int i = 2; i < BOUND; i++) {
			if (composite[i]) continue;
			for (int j = 2 * i; j < BOUND; j += i)
				composite[j] = true;
			primes = primes.multiply(BigInteger.valueOf(i));
		}
		PRIMES = primes;
	}

	private SmallFactors() {}

	/**
	 * Why {@code n} cannot be a modulus made of two large primes, or {@code null} if these checks pass: not
	 * positive, even or with a prime factor below 2^16, a perfect square, prime (one Miller-Rabin round and a Lucas
	 * test: about 15 ms at 3072 bits).
	 */
	public static String whyNotTwoLargePrimes(final BigInteger n) {
		if (n.signum() <= 0) return "the modulus is not positive";
		if (!n.testBit(0)) return "the modulus is even";
		if (!n.gcd(PRIMES).equals(BigInteger.ONE)) return "the modulus has a small prime factor";
		final BigInteger root = n.sqrt();
		if (root.multiply(root).equals(n)) return "the modulus is a perfect square";
		if (n.isProbablePrime(1)) return "the modulus is prime";
		return null;
	}
}
