package org.medcrypt.bench;

import java.math.BigInteger;
import java.util.Random;

import org.medcrypt.paillier.PaillierPrivateKey;

/**
 * The baseline the benchmarks compare against: textbook Paillier as javallier
 * and python-paillier run it, (1 + m·n)·r^n mod n² with a fresh full-size r, and
 * non-CRT decryption L(c^λ mod n²)·μ mod n.
 */
final class TextbookPaillier {

	private final PaillierPrivateKey key;
	private final BigInteger n, nSquared, lambda, mu;

	TextbookPaillier(final PaillierPrivateKey key) {
		this.key = key;
		this.n = key.publicKey().modulus();
		this.nSquared = key.publicKey().modulusSquared();
		this.lambda = key.lambda();
		this.mu = key.mu();
	}

	BigInteger encrypt(final BigInteger m, final Random rnd) {
		return key.publicKey().encryptTextbook(m, randomUnit(rnd));
	}

	BigInteger decrypt(final BigInteger c) {
		return c.modPow(lambda, nSquared).subtract(BigInteger.ONE).divide(n).multiply(mu).mod(n);
	}

	/** A fresh full-size r in [1, n). */
	private BigInteger randomUnit(final Random rnd) {
		BigInteger r;
		do r = new BigInteger(n.bitLength(), rnd);
		while (r.signum() == 0 || r.compareTo(n) >= 0);
		return r;
	}
}
