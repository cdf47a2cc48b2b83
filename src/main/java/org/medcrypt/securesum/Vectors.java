package org.medcrypt.securesum;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Vector arithmetic modulo M and uniform random vectors. */
final class Vectors {

	private Vectors() {}

	static BigInteger[] add(final BigInteger[] a, final BigInteger[] b, final BigInteger m) {
		final BigInteger[] sum = new BigInteger[a.length];
		for (int i = 0; i < a.length; i++) sum[i] = a[i].add(b[i]).mod(m);
		return sum;
	}

	static BigInteger[] subtract(final BigInteger[] a, final BigInteger[] b, final BigInteger m) {
		final BigInteger[] difference = new BigInteger[a.length];
		for (int i = 0; i < a.length; i++) difference[i] = a[i].subtract(b[i]).mod(m);
		return difference;
	}

	static BigInteger[] zero(final int width) {
		final BigInteger[] zero = new BigInteger[width];
		java.util.Arrays.fill(zero, BigInteger.ZERO);
		return zero;
	}

	/** Uniform in [0, M)^width; M is a power of two, so random bits are exactly uniform. */
	static BigInteger[] random(final int width, final BigInteger m, final SecureRandom random) {
		final BigInteger[] r = new BigInteger[width];
		for (int i = 0; i < width; i++) r[i] = new BigInteger(m.bitLength() - 1, random);
		return r;
	}

	/**
	 * {@code parts} vectors, uniform subject to summing to {@code value} mod M: the
	 * first parts-1 are random and the last is the remainder.
	 */
	static BigInteger[][] split(final BigInteger[] value, final int parts, final BigInteger m,
		final SecureRandom random)
	{
		final BigInteger[][] shares = new BigInteger[parts][];
		BigInteger[] rest = value;
		for (int p = 0; p < parts - 1; p++) {
			shares[p] = random(value.length, m, random);
			rest = subtract(rest, shares[p], m);
		}
		shares[parts - 1] = rest;
		return shares;
	}
}
