package org.medcrypt.bench;

import java.math.BigInteger;

/**
 * The previous product of MedCrypt's fixed-base tables (until issue 12), kept as
 * the benchmarks' baseline: Montgomery multiplication modulo an odd modulus, built
 * from BigInteger products. {@code multiply().mod()} pays for a long division every time; three
 * products and a shift are about twice as fast at 3072 bits, which is what makes
 * fixed-base tables pay off (BigInteger keeps its own Montgomery code private).
 */
public final class BigIntegerMontgomery {

	private final BigInteger modulus;
	private final int rBits;
	private final BigInteger rMask;
	/** -modulus^-1 mod R. */
	private final BigInteger modulusNegInv;
	/** R mod modulus: Montgomery form of 1. */
	private final BigInteger one;

	public BigIntegerMontgomery(final BigInteger modulus) {
		if (!modulus.testBit(0)) throw new IllegalArgumentException("Montgomery needs an odd modulus");
		this.modulus = modulus;
		this.rBits = modulus.bitLength();
		final BigInteger r = BigInteger.ONE.shiftLeft(rBits);
		this.rMask = r.subtract(BigInteger.ONE);
		this.modulusNegInv = modulus.negate().modInverse(r);
		this.one = r.mod(modulus);
	}

	public BigInteger modulus() {
		return modulus;
	}

	/** Montgomery form of 1. */
	public BigInteger one() {
		return one;
	}

	/** x -> x·R mod modulus. */
	public BigInteger toMontgomery(final BigInteger x) {
		return x.shiftLeft(rBits).mod(modulus);
	}

	/** x·R -> x. */
	public BigInteger fromMontgomery(final BigInteger x) {
		return reduce(x);
	}

	/** (a·R)(b·R) -> a·b·R, for a, b in [0, modulus). */
	public BigInteger multiply(final BigInteger a, final BigInteger b) {
		return reduce(a.multiply(b));
	}

	/** REDC: t·R^-1 mod modulus, for 0 <= t < modulus·R. */
	private BigInteger reduce(final BigInteger t) {
		final BigInteger u = t.and(rMask).multiply(modulusNegInv).and(rMask);
		final BigInteger s = t.add(u.multiply(modulus)).shiftRight(rBits);
		return s.compareTo(modulus) >= 0 ? s.subtract(modulus) : s;
	}
}
