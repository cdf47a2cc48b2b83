package org.medcrypt.paillier;

import java.math.BigInteger;

/**
 * base^e mod m for one fixed base and exponents of at most {@code maxBits}
 * bits. Precomputes base^(d·2^(w·i)) for every window i and digit d, so an
 * exponentiation is one table product per window and no squaring: with w = 8 a
 * 1536-bit exponent costs 192 Montgomery products instead of ~1800.
 * Immutable and thread-safe once built.
 */
final class FixedBaseExponentiator {

	static final int DEFAULT_WINDOW_BITS = 8;

	private final Montgomery mont;
	private final int windowBits;
	private final int maxBits;
	/** table[i][d-1] = base^(d·2^(w·i)) in Montgomery form, d in 1..2^w-1. */
	private final BigInteger[][] table;

	FixedBaseExponentiator(final BigInteger base, final BigInteger modulus, final int maxBits) {
		this(base, modulus, maxBits, DEFAULT_WINDOW_BITS);
	}

	FixedBaseExponentiator(final BigInteger base, final BigInteger modulus, final int maxBits,
		final int windowBits)
	{
		this.mont = new Montgomery(modulus);
		this.windowBits = windowBits;
		this.maxBits = maxBits;
		final int windows = (maxBits + windowBits - 1) / windowBits;
		final int digits = (1 << windowBits) - 1;
		// Window bases by repeated squaring (cheap), then the rows in parallel (the bulk of the work).
		final BigInteger[] windowBases = new BigInteger[windows];
		BigInteger windowBase = mont.toMontgomery(base.mod(modulus));
		for (int i = 0; i < windows; i++) {
			windowBases[i] = windowBase;
			for (int s = 0; s < windowBits; s++) windowBase = mont.multiply(windowBase, windowBase);
		}
		table = new BigInteger[windows][];
		java.util.stream.IntStream.range(0, windows).parallel().forEach(i -> {
			final BigInteger[] row = new BigInteger[digits];
			row[0] = windowBases[i];
			for (int d = 1; d < digits; d++) row[d] = mont.multiply(row[d - 1], windowBases[i]);
			table[i] = row;
		});
	}

	BigInteger modulus() {
		return mont.modulus();
	}

	/** base^exponent mod modulus, for 0 <= exponent < 2^maxBits. */
	BigInteger pow(final BigInteger exponent) {
		if (exponent.signum() < 0 || exponent.bitLength() > maxBits) {
			throw new IllegalArgumentException("exponent out of the precomputed range");
		}
		final byte[] bytes = exponent.toByteArray(); // big-endian, possibly with a sign byte
		BigInteger acc = null;
		final int mask = (1 << windowBits) - 1;
		final int windows = table.length;
		for (int i = 0; i < windows; i++) {
			final int digit = bitsAt(bytes, i * windowBits) & mask;
			if (digit == 0) continue;
			final BigInteger entry = table[i][digit - 1];
			acc = acc == null ? entry : mont.multiply(acc, entry);
		}
		return acc == null ? BigInteger.ONE.mod(mont.modulus()) : mont.fromMontgomery(acc);
	}

	/** Up to 24 bits of the big-endian magnitude starting at little-endian bit {@code bit}. */
	private static int bitsAt(final byte[] bigEndian, final int bit) {
		final int byteIndex = bit >>> 3;
		int value = 0;
		for (int k = 2; k >= 0; k--) {
			final int idx = bigEndian.length - 1 - (byteIndex + k);
			value = (value << 8) | (idx >= 0 ? bigEndian[idx] & 0xff : 0);
		}
		return value >>> (bit & 7);
	}
}
