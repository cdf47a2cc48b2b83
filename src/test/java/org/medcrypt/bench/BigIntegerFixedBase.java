package org.medcrypt.bench;

import java.math.BigInteger;
import java.util.stream.IntStream;

/**
 * MedCrypt's fixed-base tables before issue 12 (8-bit windows, one
 * {@link BigIntegerMontgomery} product per window), kept as the benchmarks'
 * baseline so that every run measures before and after side by side.
 */
final class BigIntegerFixedBase {

	private final BigIntegerMontgomery mont;
	private final BigInteger[][] table;

	BigIntegerFixedBase(final BigInteger base, final BigInteger modulus, final int maxBits) {
		mont = new BigIntegerMontgomery(modulus);
		final int windows = (maxBits + 7) / 8;
		final BigInteger[] windowBases = new BigInteger[windows];
		BigInteger windowBase = mont.toMontgomery(base.mod(modulus));
		for (int i = 0; i < windows; i++) {
			windowBases[i] = windowBase;
			for (int s = 0; s < 8; s++) windowBase = mont.multiply(windowBase, windowBase);
		}
		table = new BigInteger[windows][];
		IntStream.range(0, windows).parallel().forEach(i -> {
			final BigInteger[] row = new BigInteger[255];
			row[0] = windowBases[i];
			for (int d = 1; d < 255; d++) row[d] = mont.multiply(row[d - 1], windowBases[i]);
			table[i] = row;
		});
	}

	BigInteger pow(final BigInteger exponent) {
		BigInteger acc = null;
		for (int i = 0; i < table.length; i++) {
			int digit = 0;
			for (int b = 0; b < 8; b++) if (exponent.testBit(8 * i + b)) digit |= 1 << b;
			if (digit == 0) continue;
			acc = acc == null ? table[i][digit - 1] : mont.multiply(acc, table[i][digit - 1]);
		}
		return acc == null ? BigInteger.ONE.mod(mont.modulus()) : mont.fromMontgomery(acc);
	}
}
