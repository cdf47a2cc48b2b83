package org.medcrypt.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The kernel exponentiation measured against {@code modPow} by the benchmark
 * (issue 12, CRT decryption) computes exactly what decryption computes: the
 * sliding window over the once-recoded exponent equals {@link BigInteger#modPow}
 * on random and edge bases and exponents, and whole decryptions equal
 * {@link PaillierPrivateKey#decrypt}.
 */
class KernelDecryptionTest {

	private final Random rnd = new SecureRandom();

	@Test
	void slidingWindowOnTheKernelEqualsModPow() {
		final BigInteger p = BigInteger.probablePrime(1536, rnd), m = p.multiply(p);
		final BigInteger[] exponents = { p.subtract(BigInteger.ONE), BigInteger.ONE, BigInteger.valueOf(2),
			BigInteger.valueOf(63), BigInteger.ONE.shiftLeft(1536).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(
				1000), new BigInteger(1536, rnd).setBit(0), new BigInteger(1536, rnd).clearBit(0).clearBit(1) };
		final FmaMontgomery kernel = new FmaMontgomery(m);
		for (final BigInteger e : exponents) {
			final KernelDecryption.Exponent ex = new KernelDecryption.Exponent(kernel, e);
			final BigInteger[] bases = { BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, m.subtract(BigInteger.ONE),
				p, p.add(BigInteger.ONE), new BigInteger(3072, rnd).mod(m), new BigInteger(3072, rnd).mod(m) };
			for (final BigInteger b : bases) {
				assertEquals(b.modPow(e, m), ex.pow(b), "base " + b.toString(16) + ", exponent " + e.toString(16));
			}
		}
	}

	@Test
	void decryptionOnTheKernelEqualsTheJdkPath() {
		for (final PaillierKeyPair keys : new PaillierKeyPair[] { TestKeys.small(), TestKeys.real() }) {
			final PaillierPrivateKey key = keys.privateKey();
			final KernelDecryption kd = new KernelDecryption(key);
			final BigInteger n = key.publicKey().modulus();
			for (final BigInteger m : new BigInteger[] { BigInteger.ZERO, BigInteger.ONE, n.subtract(BigInteger.ONE),
				new BigInteger(n.bitLength() - 1, rnd), new BigInteger(n.bitLength() - 1, rnd) })
			{
				final BigInteger c = key.publicKey().encrypt(m, rnd);
				assertEquals(m, kd.decrypt(c));
				assertEquals(key.decrypt(c), kd.decrypt(c));
			}
		}
	}
}
