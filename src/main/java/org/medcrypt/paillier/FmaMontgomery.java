package org.medcrypt.paillier;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Montgomery multiplication modulo an odd modulus in pure Java, on limbs of
 * {@code B} (44 at 3072 and 6144 bits) bits held in {@code double}s, for the
 * fixed-base tables and the other hot loops of Paillier.
 *
 * <p>Why doubles: a {@code double} multiply-add is exact on 53 bits, and
 * {@link Math#fma} splits the product of two B-bit limbs exactly into a high and
 * a low half: {@code h = fma(a, b, C) - C} with {@code C = 1.5·2^(B+52)} is
 * {@code a·b} rounded to a multiple of {@code 2^B}, and {@code l = fma(a, b, -h)}
 * is the exact remainder ({@code |l| <= 2^(B-1)}); this is the double-precision
 * floating-point Montgomery of the IFMA literature (Emmart and Weems 2016,
 * Gueron and Krasnov 2016), with round-to-nearest and signed low halves instead
 * of a rounding mode Java does not offer. With B = 44 a 3072-bit operand is 70
 * limbs instead of 119 limbs of 26 bits, and the high and low halves are summed
 * into two separate {@code double} accumulators ({@code lo[k]} weighs
 * {@code 2^(B·k)}, {@code hi[k]} weighs {@code 2^(B·(k+1))}) that have room for
 * every row without a carry chain: each row is one loop of four fused
 * multiply-adds per limb with no dependence between iterations, which C2
 * auto-vectorises. Only the limb the row retires is carried, once per row.
 *
 * <p>Operand scanning (row-wise) Montgomery: row i adds {@code a_i·b} and
 * {@code q_i·m}, with {@code q_i = -(t_i)·m^-1 mod 2^B} making limb i zero. R is
 * {@code 2^(B·n)} with {@code R >= 4m}, so inputs and outputs stay in
 * {@code [0, 2m)} with no final subtraction (Walter 1999); {@link #fromMontgomery}
 * returns the canonical residue.
 *
 * <p>No allocation per product: callers pass a {@link Workspace} (one per
 * thread). Immutable and thread-safe otherwise.
 */
final class FmaMontgomery {

	/** Rows per block in {@link #multiply}: b is staged this many times per product. */
	static final int BLOCK = 8;

	private final BigInteger modulus;
	/** Limb bits B and limb count n. */
	final int limbBits, limbs;
	private final long mask;
	private final double c, radixInv;
	private final double[] m;
	/** mStaged[k] holds m at limbs [k, k+n): row k of a block ({@link #multiply}), staged once per modulus. */
	private final double[][] mStaged;
	/** -m^-1 mod 2^B. */
	private final long mInv;
	/** R² mod m, plain limbs: toMontgomery(x) = x·R² ·R^-1. */
	private final double[] rSquared;
	/** 1 in limbs (fromMontgomery multiplies by it). */
	private final double[] unit;
	/** R mod m in limbs: Montgomery form of 1. */
	private final double[] one;

	FmaMontgomery(final BigInteger modulus) {
		if (!modulus.testBit(0) || modulus.signum() <= 0) {
			throw new IllegalArgumentException("Montgomery needs an odd positive modulus");
		}
		this.modulus = modulus;
		// Largest B with room: n·3·2^B + carries < 2^53 for n = ceil((bits + 2) / B) (R >= 4m).
		int b = 44, n;
		while (true) {
			n = (modulus.bitLength() + 2 + b - 1) / b;
			if ((double) n * 3 * Math.pow(2, b) < Math.pow(2, 52)) break;
			b--;
		}
		this.limbBits = b;
		this.limbs = n;
		this.mask = (1L << b) - 1;
		this.c = 1.5 * Math.pow(2, b + 52);
		this.radixInv = Math.pow(2, -b);
		this.m = toLimbs(modulus);
		this.mStaged = new double[BLOCK][n + BLOCK];
		for (int k = 0; k < BLOCK; k++) System.arraycopy(m, 0, mStaged[k], k, n);
		final BigInteger radix = BigInteger.ONE.shiftLeft(b);
		this.mInv = modulus.negate().modInverse(radix).longValue();
		final BigInteger r = BigInteger.ONE.shiftLeft(b * n);
		this.rSquared = toLimbs(r.multiply(r).mod(modulus));
		this.unit = toLimbs(BigInteger.ONE);
		this.one = toLimbs(r.mod(modulus));
	}

	BigInteger modulus() {
		return modulus;
	}

	/** Scratch space of one thread: two accumulators and two operands. */
	final class Workspace {

		final double[] lo = new double[limbs + BLOCK + 1], hi = new double[limbs + BLOCK + 1];
		/** Two operands for callers' running products (ping-pong), and one for {@link #fromMontgomery}. */
		final double[] x = new double[limbs], y = new double[limbs], t = new double[limbs];
		/** b at limbs [k, k+n) of row k, for the rows of one block ({@link #multiply}). */
		final double[][] bStaged = new double[BLOCK][limbs + BLOCK];
	}

	Workspace workspace() {
		return new Workspace();
	}

	/** R² mod m in limbs (not a copy: callers only read it): toMontgomery(x) = multiply(x, R²). */
	double[] rSquared() {
		return rSquared;
	}

	/** Montgomery form of 1 (a copy). */
	double[] one() {
		return one.clone();
	}

	/** x (any non-negative value) -> x·R mod m, in limbs. */
	double[] toMontgomery(final BigInteger x, final Workspace w) {
		final double[] out = new double[limbs];
		multiply(toLimbs(x.mod(modulus)), 0, rSquared, 0, out, 0, w);
		return out;
	}

	/** x·R (limbs, < 2m) -> x in [0, m). */
	BigInteger fromMontgomery(final double[] x, final int off, final Workspace w) {
		multiply(x, off, unit, 0, w.t, 0, w);
		final BigInteger v = fromLimbs(w.t, 0);
		return v.compareTo(modulus) >= 0 ? v.subtract(modulus) : v;
	}

	/**
	 * a·b mod m for a, b in [0, m) given as BigIntegers: two products (a·b·R^-1,
	 * then times R²·R^-1) and the conversions, about twice as fast as
	 * {@code a.multiply(b).mod(m)} at 6144 bits (the homomorphic addition mod n²).
	 */
	BigInteger multiplyMod(final BigInteger a, final BigInteger b, final Workspace w) {
		toLimbs(a, w.x, 0);
		toLimbs(b, w.y, 0);
		multiply(w.x, 0, w.y, 0, w.x, 0, w);
		multiply(w.x, 0, rSquared, 0, w.y, 0, w);
		final BigInteger v = fromLimbs(w.y, 0);
		return v.compareTo(modulus) >= 0 ? v.subtract(modulus) : v;
	}

	/**
	 * out = a·b·R^-1 mod m (in [0, 2m)) for a, b in [0, 2m), all as n limbs at the
	 * given offsets. out may be a or b: it is written only after both are read.
	 *
	 * <p>Why rows go by blocks of {@value #BLOCK}: C2 (JDK 11-17) vectorises a row
	 * loop only if all its arrays share one index (not even a constant offset
	 * between them), while row i adds a_i·b_j at limb i+j. The previous kernel
	 * staged b and m at offset i with two copies per row (a third of its time:
	 * 3.3 against 2.2 µs at 3072 bits with the copies left out). Here b is staged
	 * at offsets 0..BLOCK-1 once per product (m once per modulus), row k of a block
	 * uses those, and after each block the accumulator moves down BLOCK limbs (one
	 * copy of n limbs per block instead of one per row).
	 */
	void multiply(final double[] a, final int aOff, final double[] b, final int bOff, final double[] out,
		final int outOff, final Workspace w)
	{
		final int n = limbs;
		final double[] lo = w.lo, hi = w.hi;
		final double[][] bStaged = w.bStaged;
		Arrays.fill(lo, 0, n + BLOCK + 1, 0.0);
		Arrays.fill(hi, 0, n + BLOCK + 1, 0.0);
		for (int k = 0; k < BLOCK; k++) System.arraycopy(b, bOff, bStaged[k], k, n);
		final double cc = c, inv = radixInv;
		final long b0 = (long) b[bOff];
		double below = 0.0; // the high halves that land on the lowest live limb
		for (int base = 0; base < n; base += BLOCK) {
			final int rows = Math.min(BLOCK, n - base);
			for (int k = 0; k < rows; k++) {
				final double ai = a[aOff + base + k];
				// Limb k of the running sum plus a_i·b_0, mod 2^B: what q must cancel.
				final double tk = lo[k] + below * inv;
				final long q = (((long) tk + (long) ai * b0) * mInv) & mask;
				row(ai, q, bStaged[k], mStaged[k], lo, hi, k, k + n, cc);
				// Limb k is now a multiple of 2^B: carry it into limb k+1.
				lo[k + 1] += (lo[k] + below * inv) * inv;
				below = hi[k];
			}
			retire(lo, hi, rows);
		}
		result(lo, hi, below, out, outOff);
	}

	/** After a block of {@code rows} rows: live limbs [rows, rows + n) move down to [0, n). */
	private void retire(final double[] lo, final double[] hi, final int rows) {
		final int n = limbs;
		System.arraycopy(lo, rows, lo, 0, n);
		System.arraycopy(hi, rows, hi, 0, n);
		Arrays.fill(lo, n, n + BLOCK, 0.0);
		Arrays.fill(hi, n, n + BLOCK, 0.0);
	}

	/** Result limb k: lo[k] plus the high halves below it (hi[k-1], or {@code below} for k = 0), in [0, 2^B). */
	private void result(final double[] lo, final double[] hi, final double below, final double[] out,
		final int outOff)
	{
		final double inv = radixInv;
		long carry = 0;
		final long msk = mask;
		final int bits = limbBits;
		for (int k = 0; k < limbs; k++) {
			final long v = (long) (lo[k] + (k == 0 ? below : hi[k - 1]) * inv) + carry;
			out[outOff + k] = v & msk;
			carry = v >> bits;
		}
	}

	/**
	 * lo[p] += low halves, hi[p] += high halves (multiples of 2^B, weighing one
	 * limb more) of a_i·b_{p-i} + q·m_{p-i}, p in [from, to): the vectorised loop.
	 */
	private static void row(final double ai, final long q, final double[] bs, final double[] ms, final double[] lo,
		final double[] hi, final int from, final int to, final double cc)
	{
		final double qd = q;
		for (int p = from; p < to; p++) {
			final double bj = bs[p], mj = ms[p];
			final double h1 = Math.fma(ai, bj, cc) - cc;
			final double l1 = Math.fma(ai, bj, -h1);
			final double h2 = Math.fma(qd, mj, cc) - cc;
			final double l2 = Math.fma(qd, mj, -h2);
			lo[p] += l1 + l2;
			hi[p] += h1 + h2;
		}
	}

	/** x in [0, 2^(B·n)) -> n limbs of B bits, least significant first. */
	double[] toLimbs(final BigInteger x) {
		final double[] out = new double[limbs];
		toLimbs(x, out, 0);
		return out;
	}

	void toLimbs(final BigInteger x, final double[] out, final int off) {
		if (x.signum() < 0 || x.bitLength() > limbBits * limbs) throw new IllegalArgumentException("out of range");
		final byte[] be = x.toByteArray();
		for (int k = 0; k < limbs; k++) {
			out[off + k] = bits(be, k * limbBits) & mask;
		}
	}

	/** Limbs (each in [0, 2^B)) -> the value. */
	BigInteger fromLimbs(final double[] x, final int off) {
		final int bytes = (limbBits * limbs + 7) / 8 + 1;
		final byte[] be = new byte[bytes]; // leading zero byte keeps it positive
		long buf = 0;
		int have = 0, pos = bytes - 1;
		for (int k = 0; k < limbs; k++) {
			buf |= ((long) x[off + k]) << have;
			have += limbBits;
			while (have >= 8) {
				be[pos--] = (byte) buf;
				buf >>>= 8;
				have -= 8;
			}
		}
		while (have > 0 && pos >= 0) {
			be[pos--] = (byte) buf;
			buf >>>= 8;
			have -= 8;
		}
		return new BigInteger(be);
	}

	/** Up to 56 bits of a big-endian magnitude starting at little-endian bit {@code bit}. */
	private static long bits(final byte[] bigEndian, final int bit) {
		final int byteIndex = bit >>> 3;
		long value = 0;
		for (int k = 7; k >= 0; k--) {
			final int idx = bigEndian.length - 1 - (byteIndex + k);
			value = (value << 8) | (idx >= 0 ? bigEndian[idx] & 0xffL : 0);
		}
		return value >>> (bit & 7);
	}
}
