package org.medcrypt.paillier;

import java.math.BigInteger;

/**
 * Issue 12's measured alternative to the JDK's {@code modPow} in CRT decryption:
 * c^(p-1) mod p² and c^(q-1) mod q² on {@link FmaMontgomery}, with a sliding
 * window whose recoding of the fixed exponents p-1 and q-1 is computed once per
 * key and shared across ciphertexts. Test scope only: the benchmark
 * ({@code bench.GmpComparison}) and {@code KernelDecryptionTest} show that it is
 * slower than {@code modPow} (the JDK's Montgomery multiply and square
 * intrinsics on 64-bit limbs), so {@link PaillierPrivateKey#decrypt} keeps the
 * JDK path. One instance per thread (it holds the kernels' scratch space).
 */
public final class KernelDecryption {

	/** Window width: 2^(W-1) odd powers, about |e|/(W+1) products besides the |e| squarings. */
	public static final int WINDOW = 6;

	private final BigInteger p, q, hp, hq, qInvModP;
	private final Exponent ep, eq;

	public KernelDecryption(final PaillierPrivateKey key) {
		p = key.p();
		q = key.q();
		final BigInteger g = key.publicKey().modulus().add(BigInteger.ONE);
		final BigInteger p2 = p.multiply(p), q2 = q.multiply(q);
		ep = new Exponent(new FmaMontgomery(p2), p.subtract(BigInteger.ONE));
		eq = new Exponent(new FmaMontgomery(q2), q.subtract(BigInteger.ONE));
		hp = l(g.modPow(p.subtract(BigInteger.ONE), p2), p).modInverse(p);
		hq = l(g.modPow(q.subtract(BigInteger.ONE), q2), q).modInverse(q);
		qInvModP = q.modInverse(p);
	}

	/** The same residue as {@link PaillierPrivateKey#decrypt}, with both exponentiations on the kernel. */
	public BigInteger decrypt(final BigInteger c) {
		final BigInteger mp = l(ep.pow(c), p).multiply(hp).mod(p);
		final BigInteger mq = l(eq.pow(c), q).multiply(hq).mod(q);
		return mp.subtract(mq).multiply(qInvModP).mod(p).multiply(q).add(mq);
	}

	/** c^(p-1) mod p² on the kernel (for the property test against {@code modPow}). */
	BigInteger powP(final BigInteger c) {
		return ep.pow(c);
	}

	private static BigInteger l(final BigInteger x, final BigInteger p) {
		return x.subtract(BigInteger.ONE).divide(p);
	}

	/**
	 * A fixed exponent recoded once, left to right, into (squarings, odd digit) steps of a sliding window
	 * of {@link #WINDOW} bits; {@link #pow} replays them for any base.
	 */
	static final class Exponent {

		private final FmaMontgomery kernel;
		private final FmaMontgomery.Workspace w;
		/** The first digit (the start value), then per step: squarings before it and its odd digit. */
		private final int first;
		private final int[] squarings, digits;
		private final int trailing;
		private final double[][] table;

		Exponent(final FmaMontgomery kernel, final BigInteger e) {
			this.kernel = kernel;
			this.w = kernel.workspace();
			final java.util.List<int[]> steps = new java.util.ArrayList<>();
			int i = e.bitLength() - 1, pending = 0;
			while (i >= 0) {
				if (!e.testBit(i)) {
					pending++;
					i--;
					continue;
				}
				int j = Math.max(i - WINDOW + 1, 0);
				while (!e.testBit(j)) j++;
				int d = 0;
				for (int b = i; b >= j; b--) d = (d << 1) | (e.testBit(b) ? 1 : 0);
				steps.add(new int[] { pending + (i - j + 1), d });
				pending = 0;
				i = j - 1;
			}
			first = steps.get(0)[1];
			squarings = new int[steps.size() - 1];
			digits = new int[steps.size() - 1];
			for (int s = 1; s < steps.size(); s++) {
				squarings[s - 1] = steps.get(s)[0];
				digits[s - 1] = steps.get(s)[1];
			}
			trailing = pending;
			table = new double[1 << (WINDOW - 1)][kernel.limbs];
		}

		BigInteger pow(final BigInteger base) {
			final FmaMontgomery k = kernel;
			// Odd powers base^1, base^3, ..., base^(2^W - 1) in Montgomery form.
			final double[] b1 = k.toMontgomery(base, w);
			System.arraycopy(b1, 0, table[0], 0, b1.length);
			final double[] sq = w.y;
			k.square(b1, 0, sq, 0, w);
			for (int t = 1; t < table.length; t++) k.multiply(table[t - 1], 0, sq, 0, table[t], 0, w);
			final double[] acc = w.x;
			System.arraycopy(table[first >>> 1], 0, acc, 0, acc.length);
			for (int s = 0; s < digits.length; s++) {
				for (int r = 0; r < squarings[s]; r++) k.square(acc, 0, acc, 0, w);
				k.multiply(acc, 0, table[digits[s] >>> 1], 0, acc, 0, w);
			}
			for (int r = 0; r < trailing; r++) k.square(acc, 0, acc, 0, w);
			return k.fromMontgomery(acc, 0, w);
		}
	}
}
