package org.medcrypt.paillier;

import java.math.BigInteger;

/**
 * base^e mod m for one fixed base and exponents of at most {@code maxBits}
 * bits. Precomputes base^(d·2^(w·i)) for every window i and digit d, so an
 * exponentiation is one table product per window and no squaring: with w = 8 a
 * 1536-bit exponent costs 192 Montgomery products instead of ~1800.
 *
 * <p>Products are {@link FmaMontgomery}'s (pure-Java limbs in doubles, about 2.5x
 * faster than three {@code BigInteger} products at 3072 bits). Memory: one row of
 * {@code 2^w - 1} entries of n limbs (8 bytes each) per window: at 3072-bit keys
 * 27 MB per table mod p² or q² (70 limbs) and, with the public key's 9-bit
 * windows ({@code PaillierPublicKey.PUBLIC_WINDOW_BITS}), 100 MB mod n² (143
 * limbs). Immutable and thread-safe once built (each thread gets its own
 * scratch space).
 */
final class FixedBaseExponentiator {

	static final int DEFAULT_WINDOW_BITS = 8;

	private final FmaMontgomery mont;
	private final int windowBits;
	private final int maxBits;
	private final int limbs;
	/** table[i][(d-1)·n ...] = base^(d·2^(w·i)) in Montgomery form (n limbs), d in 1..2^w-1. */
	private final double[][] table;
	private final ThreadLocal<FmaMontgomery.Workspace> workspaces;

	FixedBaseExponentiator(final BigInteger base, final BigInteger modulus, final int maxBits) {
		this(base, modulus, maxBits, DEFAULT_WINDOW_BITS);
	}

	FixedBaseExponentiator(final BigInteger base, final BigInteger modulus, final int maxBits,
		final int windowBits)
	{
		this.mont = new FmaMontgomery(modulus);
		this.windowBits = windowBits;
		this.maxBits = maxBits;
		this.limbs = mont.limbs;
		this.workspaces = ThreadLocal.withInitial(mont::workspace);
		final int n = limbs;
		final int windows = (maxBits + windowBits - 1) / windowBits;
		final int digits = (1 << windowBits) - 1;
		// Window bases by repeated squaring (cheap), then the rows in parallel (the bulk of the work).
		final double[][] windowBases = new double[windows][];
		final FmaMontgomery.Workspace w0 = mont.workspace();
		double[] windowBase = mont.toMontgomery(base.mod(modulus), w0);
		for (int i = 0; i < windows; i++) {
			windowBases[i] = windowBase;
			for (int s = 0; s < windowBits; s++) {
				final double[] sq = new double[n];
				mont.multiply(windowBase, 0, windowBase, 0, sq, 0, w0);
				windowBase = sq;
			}
		}
		table = new double[windows][];
		java.util.stream.IntStream.range(0, windows).parallel().forEach(i -> {
			final FmaMontgomery.Workspace w = workspaces.get();
			final double[] row = new double[digits * n];
			System.arraycopy(windowBases[i], 0, row, 0, n);
			for (int d = 1; d < digits; d++) mont.multiply(row, (d - 1) * n, windowBases[i], 0, row, d * n, w);
			table[i] = row;
		});
	}

	BigInteger modulus() {
		return mont.modulus();
	}

	/** base^exponent mod modulus, for 0 <= exponent < 2^maxBits: a batch of one ({@link #pow(BigInteger[])}). */
	BigInteger pow(final BigInteger exponent) {
		return pow(new BigInteger[] { exponent })[0];
	}

	/**
	 * base^e mod modulus for each exponent, window-major: the outer loop walks the
	 * windows, the inner loop the batch, so one table row serves every
	 * accumulator of the batch before the next row is read, and the batch visits
	 * the row's entries in increasing address order (sorted by digit). Each
	 * exponent gets exactly the products it would get alone, in the same order,
	 * so the results do not depend on the batch. For 0 <= e < 2^maxBits.
	 */
	BigInteger[] pow(final BigInteger[] exponents) {
		final int count = exponents.length, n = limbs;
		final byte[][] bytes = new byte[count][];
		for (int b = 0; b < count; b++) {
			final BigInteger e = exponents[b];
			if (e.signum() < 0 || e.bitLength() > maxBits) {
				throw new IllegalArgumentException("exponent out of the precomputed range");
			}
			bytes[b] = e.toByteArray();
		}
		final FmaMontgomery.Workspace w = workspaces.get();
		final double[] acc = new double[count * n];
		final boolean[] started = new boolean[count];
		final int[] keys = new int[count];
		final int mask = (1 << windowBits) - 1;
		for (int i = 0; i < table.length; i++) {
			for (int b = 0; b < count; b++) keys[b] = (bitsAt(bytes[b], i * windowBits) & mask) << 16 | b;
			java.util.Arrays.sort(keys);
			final double[] row = table[i];
			for (int k = 0; k < count; k++) {
				final int digit = keys[k] >>> 16, b = keys[k] & 0xffff;
				if (digit == 0) continue;
				if (!started[b]) {
					System.arraycopy(row, (digit - 1) * n, acc, b * n, n);
					started[b] = true;
				}
				else mont.multiply(acc, b * n, row, (digit - 1) * n, acc, b * n, w);
			}
		}
		final BigInteger[] out = new BigInteger[count];
		for (int b = 0; b < count; b++) {
			out[b] = started[b] ? mont.fromMontgomery(acc, b * n, w) : BigInteger.ONE.mod(mont.modulus());
		}
		return out;
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
