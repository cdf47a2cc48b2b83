package org.medcrypt.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * CRT decryption's exponentiation on the kernel (issue 12) computes exactly
 * what the JDK computed: the sliding window over the once-recoded exponent
 * equals {@link BigInteger#modPow} on random and edge bases and exponents, and
 * whole decryptions equal the previous {@code modPow} path ({@link ModPowDecryption})
 * on real keys, for ciphertexts made with the public key, by the owner, as
 * homomorphic sums and with textbook randomness.
 */
class FixedExponentTest {

	private final Random rnd = new SecureRandom();

	@Test
	void slidingWindowOnTheKernelEqualsModPow() {
		final BigInteger p = BigInteger.probablePrime(1536, rnd), m = p.multiply(p);
		final BigInteger[] exponents = { p.subtract(BigInteger.ONE), BigInteger.ONE, BigInteger.valueOf(2),
			BigInteger.valueOf(63), BigInteger.ONE.shiftLeft(1536).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(
				1000), new BigInteger(1536, rnd).setBit(0), new BigInteger(1536, rnd).clearBit(0).clearBit(1) };
		for (final BigInteger e : exponents) {
			final FixedExponent ex = new FixedExponent(m, e);
			final BigInteger[] bases = { BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, m.subtract(BigInteger.ONE),
				p, p.add(BigInteger.ONE), m, m.multiply(m).subtract(BigInteger.ONE), new BigInteger(3072, rnd).mod(m),
				new BigInteger(6144, rnd) };
			for (final BigInteger b : bases) {
				assertEquals(b.modPow(e, m), ex.pow(b), "base " + b.toString(16) + ", exponent " + e.toString(16));
			}
		}
	}

	@Test
	void decryptionEqualsTheModPowPath() {
		for (final PaillierKeyPair keys : new PaillierKeyPair[] { TestKeys.small(), TestKeys.real() }) {
			final PaillierPrivateKey key = keys.privateKey();
			final PaillierPublicKey pub = key.publicKey();
			final ModPowDecryption before = new ModPowDecryption(key);
			final BigInteger n = pub.modulus();
			for (final BigInteger m : new BigInteger[] { BigInteger.ZERO, BigInteger.ONE, n.subtract(BigInteger.ONE),
				new BigInteger(n.bitLength() - 1, rnd), new BigInteger(n.bitLength() - 1, rnd) })
			{
				final BigInteger c = pub.encrypt(m, rnd), owner = key.encrypt(m, rnd);
				final BigInteger textbook = pub.encryptTextbook(m, new BigInteger(n.bitLength() - 1, rnd));
				final BigInteger sum = pub.add(c, owner);
				assertEquals(m, key.decrypt(c));
				assertEquals(m, key.decrypt(owner));
				assertEquals(m, key.decrypt(textbook));
				assertEquals(m.shiftLeft(1).mod(n), key.decrypt(sum));
				for (final BigInteger x : new BigInteger[] { c, owner, textbook, sum, BigInteger.ONE, pub
					.modulusSquared().subtract(BigInteger.ONE) })
				{
					assertEquals(before.decrypt(x), key.decrypt(x));
				}
			}
		}
	}
}
