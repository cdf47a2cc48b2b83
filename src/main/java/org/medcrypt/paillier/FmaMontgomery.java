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

	private final BigInteger modulus;
	/** Limb bits B and limb count n. */
	final int limbBits, limbs;
	private final long mask;
	private final double c, radixInv;
	private final double[] m;
	/**
	 * mStaged[i] holds m at limbs [i, i+n) (zeros elsewhere): row i's copy of m,
	 * made once per modulus instead of once per row (a sixth of a product's time at
	 * 3072 bits; 2n² doubles: 78 KB for p² and 327 KB for n² of a 3072-bit key).
	 */
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
		this.mStaged = new double[n][2 * n];
		for (int i = 0; i < n; i++) System.arraycopy(m, 0, mStaged[i], i, n);
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

		final double[] lo = new double[2 * limbs + 1], hi = new double[2 * limbs + 1];
		/** Two operands for callers' running products (ping-pong), and one for {@link #fromMontgomery}. */
		final double[] x = new double[limbs], y = new double[limbs], t = new double[limbs];
		final double[] bs = new double[2 * limbs];
		/** The doubled operand of {@link #square}. */
		final double[] a2 = new double[limbs];
	}

	Workspace workspace() {
		return new Workspace();
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
	 */
	void multiply(final double[] a, final int aOff, final double[] b, final int bOff, final double[] out,
		final int outOff, final Workspace w)
	{
		final int n = limbs;
		final double[] lo = w.lo, hi = w.hi, bs = w.bs;
		Arrays.fill(lo, 0, 2 * n + 1, 0.0);
		Arrays.fill(hi, 0, 2 * n + 1, 0.0);
		final double cc = c, inv = radixInv;
		final long b0 = (long) b[bOff];
		double below = 0.0; // hi[i-1]: the high halves that land on limb i
		for (int i = 0; i < n; i++) {
			final double ai = a[aOff + i];
			// Limb i of the running sum plus a_i·b_0, mod 2^B: what q must cancel.
			final double ti = lo[i] + below * inv;
			final long q = (((long) ti + (long) ai * b0) * mInv) & mask;
			// C2 (JDK 11-17) vectorises a loop only if all its arrays share one index
			// (not even a constant offset between them): b is staggered to start at limb
			// i (one short copy), m comes staggered from the per-modulus rows.
			System.arraycopy(b, bOff, bs, i, n);
			row(ai, q, bs, mStaged[i], lo, hi, i, i + n, cc);
			// Limb i is now a multiple of 2^B: carry it into limb i+1.
			lo[i + 1] += (lo[i] + below * inv) * inv;
			below = hi[i];
		}
		normalise(out, outOff, lo, hi);
	}

	/**
	 * out = a²·R^-1 mod m (in [0, 2m)) for a in [0, 2m): Montgomery squaring with
	 * each symmetric limb product a_i·a_j (i < j) computed once, as a_i·(2a_j),
	 * so the a-part costs n²/2 limb products instead of n² (the q·m reduction keeps
	 * all n²). Row i adds a_i² at limb 2i and a_i·2a_j at limbs i+j > 2i, so limb i
	 * is complete when row i computes q_i, as in {@link #multiply}. Bounds: the
	 * doubled limbs are below 2^(B+1), a product below 2^(2B+1) still splits
	 * exactly, and each accumulator receives at most as much as in a general
	 * product. Measured (issue 12): no faster than {@link #multiply} on AVX2/AVX-512
	 * (3.0-3.3 µs at 3072 bits): the row loops' fixed costs, not the limb products,
	 * bound this kernel; kept for {@code KernelDecryption}'s measurements. out may be a.
	 */
	void square(final double[] a, final int aOff, final double[] out, final int outOff, final Workspace w) {
		final int n = limbs;
		final double[] lo = w.lo, hi = w.hi, bs = w.bs, a2 = w.a2;
		Arrays.fill(lo, 0, 2 * n + 1, 0.0);
		Arrays.fill(hi, 0, 2 * n + 1, 0.0);
		for (int k = 0; k < n; k++) a2[k] = 2 * a[aOff + k];
		final double cc = c, inv = radixInv;
		double below = 0.0;
		for (int i = 0; i < n; i++) {
			final double ai = a2[i] * 0.5;
			// The diagonal a_i² at limb 2i (limb 0 when i = 0: before q is taken).
			final double hd = Math.fma(ai, ai, cc) - cc;
			lo[2 * i] += Math.fma(ai, ai, -hd);
			hi[2 * i] += hd;
			final double ti = lo[i] + below * inv;
			final long q = (((long) ti) * mInv) & mask;
			final double[] ms = mStaged[i];
			final int split = Math.min(2 * i + 1, i + n);
			if (split < i + n) System.arraycopy(a2, i + 1, bs, split, i + n - split);
			reductionRow(q, ms, lo, hi, i, split, cc);
			row(ai, q, bs, ms, lo, hi, split, i + n, cc);
			lo[i + 1] += (lo[i] + below * inv) * inv;
			below = hi[i];
		}
		normalise(out, outOff, lo, hi);
	}

	/** Limbs n..2n-1 of the accumulated sum are the result: normalise them to [0, 2^B). */
	private void normalise(final double[] out, final int outOff, final double[] lo, final double[] hi) {
		final int n = limbs;
		final double inv = radixInv;
		long carry = 0;
		final long msk = mask;
		final int bits = limbBits;
		for (int k = 0; k < n; k++) {
			final long v = (long) (lo[n + k] + hi[n + k - 1] * inv) + carry;
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

	/** lo[p], hi[p] += the halves of q·m_{p-i}, p in [from, to): the reduction alone (squaring's short part). */
	private static void reductionRow(final long q, final double[] ms, final double[] lo, final double[] hi,
		final int from, final int to, final double cc)
	{
		final double qd = q;
		for (int p = from; p < to; p++) {
			final double mj = ms[p];
			final double h2 = Math.fma(qd, mj, cc) - cc;
			lo[p] += Math.fma(qd, mj, -h2);
			hi[p] += h2;
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
