package org.medcrypt.cipher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * Encryption of the paper's stream cipher (eq. 1) by blocks, bit-identical to
 * the sequential recurrence {@code y_t = x_t + sum_{j=1}^{K} alpha_j y_{t-j} mod 2^b}.
 *
 * <p>Why the blocked form is exact: the recurrence is linear over the ring of
 * integers mod 2^b, so the stream cut into W consecutive blocks of Nb pixels is W
 * recurrences that differ only in their initial states, and the output of a
 * block is its zero-state output plus the zero-input response of its initial
 * state. Every operation below is a ring operation mod 2^16 (16-bit pixels) or
 * mod 2^8 (8-bit pixels; 2^8 divides 2^16, so the join's arithmetic mod 2^16 also
 * holds mod 2^8): no rounding, no overflow that the reduction does not absorb.
 *
 * <p>Pass 1 runs all W blocks at once from zero states (block 0 from the real
 * history), as lanes: row t of a block-transposed ring holds pixel t of every
 * block, so each tap is one vectorised operation over W lanes and no lane waits
 * for another. Since alpha_j is in {-2..2} the taps need no multiplication: the
 * taps with alpha_j = +1 and -1 are added and subtracted, two and two per loop,
 * and those with +2 and -2 likewise, the sum added twice (byte lanes for 8-bit
 * pixels: x86 has no byte multiply, additions run 32-64 to a vector). The blocks
 * are then joined from left to right: the true final state of block l is its
 * zero-state final state plus {@code G·(true initial state)}, where the k×k matrix
 * G (the same for every block) comes from the recurrence's impulse response
 * {@code h} ({@link #joinMatrix}). Pass 2 reruns the lanes from the true initial
 * states and writes the ciphertext. Groups of lanes run on separate threads in
 * both passes; the join, serial, is one k×k product per block.
 *
 * <p>Where the time went (issue 12; JFR on 1 Mpixel 8-bit, one thread, before
 * this version): a third in moving 8-bit pixels into the short lanes pixel by pixel
 * ({@code in8}), a third in the taps (short multiply-adds), the rest in the loop
 * around them, the serial join and its matrix. Now pixels move 8 lanes by 8 pixels
 * at a time as 64-bit words transposed inside registers ({@link #transpose8}),
 * the taps are byte additions, and the join adds four columns of G per loop.
 */
final class BlockedRecurrence {

	/**
	 * Lanes per group (one thread's share) for long calls of 16-bit pixels; a row is this many shorts. Many
	 * lanes keep the vectorised loops long (C2 unrolls them 4-8 vectors deep; with 256 lanes much of each row
	 * fell to the scalar pre- and post-loops): 1024 lanes ran the taps about 1.7x faster than 256.
	 */
	static final int LANES = 1024;
	/**
	 * Lanes per group for long calls of 8-bit pixels: a row is 512 bytes, so the 64 rows a tap window spans
	 * (k = 128) fit in a 32 KB L1 cache, and the serial join (one k×k product per block) stays a small part.
	 */
	static final int LANES8 = 512;
	/** Lanes per group for calls too short for {@link #LANES}. */
	static final int MIN_LANES = 256;
	/** Pixels of each block moved in or out of the lanes at a time. */
	private static final int TILE = 32;

	private BlockedRecurrence() {}

	/** Least pixels a call must have for the blocked path (else the sequential loop is as fast). */
	static int minimumLength(final int taps) {
		return MIN_LANES * Math.max(128, 2 * taps);
	}

	static int encrypt(final short[] data, final int offset, final int length, final short[] history,
		final int[] alpha, final int threads)
	{
		return run(data, offset, length, history, alpha, threads);
	}

	static int encrypt(final byte[] data, final int offset, final int length, final short[] history,
		final int[] alpha, final int threads)
	{
		return run(data, offset, length, history, alpha, threads);
	}

	private static int run(final Object data, final int offset, final int length, final short[] history,
		final int[] alpha, final int threads)
	{
		final int k = alpha.length;
		final int most = data instanceof byte[] ? LANES8 : LANES;
		final int lanes = length >= most * Math.max(128, 2 * k) ? most : MIN_LANES;
		final int groups = Math.max(1, Math.min(threads, length / (lanes * Math.max(128, 2 * k))));
		final int w = groups * lanes, nb = length / w;
		final int[] once = octets(alpha, 1), twice = octets(alpha, 2);
		final short[][] init = new short[w][];
		init[0] = history.clone();
		for (int l = 1; l < w; l++) init[l] = new short[k];
		final short[][] fin = new short[w][];
		IntStream.range(0, groups).parallel().forEach(g -> lanes(data, offset, nb, g * lanes, lanes, init, once,
			twice, k, fin));
		final short[][] g = joinMatrix(alpha, nb);
		final short[] state = new short[k];
		short[] previous = fin[0];
		for (int l = 1; l < w; l++) {
			init[l] = previous;
			previous = trueFinal(fin[l], init[l], g, state);
		}
		final short[] lastFinal = previous;
		IntStream.range(0, groups).parallel().forEach(gr -> lanes(data, offset, nb, gr * lanes, lanes, init, once,
			twice, k, null));
		System.arraycopy(lastFinal, 0, history, 0, k);
		return w * nb;
	}

	/**
	 * The delays j of the taps with alpha_j = +c and -c, four at a time: two added, two subtracted (delay
	 * 0: a row of zeros, padding). Two and two per loop: with four and four C2 no longer vectorised it.
	 */
	static int[] octets(final int[] alpha, final int c) {
		final int[] plus = new int[alpha.length], minus = new int[alpha.length];
		int np = 0, nm = 0;
		for (int j = 1; j <= alpha.length; j++) {
			if (alpha[j - 1] == c) plus[np++] = j;
			else if (alpha[j - 1] == -c) minus[nm++] = j;
		}
		final int n = Math.max((np + 1) / 2, (nm + 1) / 2);
		final int[] o = new int[4 * n];
		for (int i = 0; i < np; i++) o[4 * (i / 2) + i % 2] = plus[i];
		for (int i = 0; i < nm; i++) o[4 * (i / 2) + 2 + i % 2] = minus[i];
		return o;
	}

	private static void lanes(final Object data, final int offset, final int nb, final int first, final int wl,
		final short[][] init, final int[] once, final int[] twice, final int k, final short[][] fin)
	{
		if (data instanceof byte[]) lanes8((byte[]) data, offset, nb, first, wl, init, once, twice, k, fin);
		else lanes16((short[]) data, offset, nb, first, wl, init, once, twice, k, fin);
	}

	private static void lanes8(final byte[] data, final int offset, final int nb, final int first, final int wl,
		final short[][] init, final int[] once, final int[] twice, final int k, final short[][] fin)
	{
		int size = 1;
		while (size < k + TILE) size <<= 1;
		final int m = size - 1;
		final byte[][] ring = new byte[size][wl];
		final byte[] zero = new byte[wl];
		for (int r = 0; r < k; r++) {
			for (int l = 0; l < wl; l++) ring[r][l] = (byte) init[first + l][r];
		}
		final byte[][] tile = new byte[TILE][];
		final int base = offset + first * nb;
		for (int t0 = 0; t0 < nb; t0 += TILE) {
			final int tn = Math.min(TILE, nb - t0);
			for (int dt = 0; dt < tn; dt++) tile[dt] = ring[(k + t0 + dt) & m];
			in8(data, base + t0, nb, tile, tn);
			for (int dt = 0; dt < tn; dt++) {
				final int r = k + t0 + dt;
				final byte[] acc = tile[dt];
				for (int o = 0; o < once.length; o += 4) {
					add8(acc, row(ring, zero, r, m, once[o]), row(ring, zero, r, m, once[o + 1]),
						row(ring, zero, r, m, once[o + 2]), row(ring, zero, r, m, once[o + 3]), wl);
				}
				for (int o = 0; o < twice.length; o += 4) {
					add8x2(acc, row(ring, zero, r, m, twice[o]), row(ring, zero, r, m, twice[o + 1]),
						row(ring, zero, r, m, twice[o + 2]), row(ring, zero, r, m, twice[o + 3]), wl);
				}
			}
			if (fin == null) out8(data, base + t0, nb, tile, tn);
		}
		if (fin != null) {
			for (int l = 0; l < wl; l++) {
				final short[] f = new short[k];
				for (int i = 0; i < k; i++) f[i] = ring[(nb + i) & m][l];
				fin[first + l] = f;
			}
		}
	}

	private static byte[] row(final byte[][] ring, final byte[] zero, final int r, final int m, final int d) {
		return d == 0 ? zero : ring[(r - d) & m];
	}

	private static short[] row(final short[][] ring, final short[] zero, final int r, final int m, final int d) {
		return d == 0 ? zero : ring[(r - d) & m];
	}

	private static void lanes16(final short[] data, final int offset, final int nb, final int first, final int wl,
		final short[][] init, final int[] once, final int[] twice, final int k, final short[][] fin)
	{
		int size = 1;
		while (size < k + TILE) size <<= 1;
		final int m = size - 1;
		final short[][] ring = new short[size][wl];
		final short[] zero = new short[wl];
		for (int r = 0; r < k; r++) {
			for (int l = 0; l < wl; l++) ring[r][l] = init[first + l][r];
		}
		final short[][] tile = new short[TILE][];
		final int base = offset + first * nb;
		for (int t0 = 0; t0 < nb; t0 += TILE) {
			final int tn = Math.min(TILE, nb - t0);
			for (int dt = 0; dt < tn; dt++) tile[dt] = ring[(k + t0 + dt) & m];
			in16(data, base + t0, nb, tile, tn);
			for (int dt = 0; dt < tn; dt++) {
				final int r = k + t0 + dt;
				final short[] acc = tile[dt];
				for (int o = 0; o < once.length; o += 4) {
					add16(acc, row(ring, zero, r, m, once[o]), row(ring, zero, r, m, once[o + 1]),
						row(ring, zero, r, m, once[o + 2]), row(ring, zero, r, m, once[o + 3]), wl);
				}
				for (int o = 0; o < twice.length; o += 4) {
					add16x2(acc, row(ring, zero, r, m, twice[o]), row(ring, zero, r, m, twice[o + 1]),
						row(ring, zero, r, m, twice[o + 2]), row(ring, zero, r, m, twice[o + 3]), wl);
				}
			}
			if (fin == null) out16(data, base + t0, nb, tile, tn);
		}
		if (fin != null) {
			for (int l = 0; l < wl; l++) {
				final short[] f = new short[k];
				for (int i = 0; i < k; i++) f[i] = ring[(nb + i) & m][l];
				fin[first + l] = f;
			}
		}
	}

	private static final VarHandle LONGS_IN_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class,
		ByteOrder.LITTLE_ENDIAN);

	/**
	 * Pixels {@code base + l·nb + t0 + dt} (dt < tn, every lane l) into {@code tile[dt][l]}: 8 lanes by 8
	 * pixels at a time, as eight 64-bit words read from the 8 blocks, transposed as an 8x8 byte matrix
	 * inside the words ({@link #transpose8}) and written as eight words into 8 rows. A pixel-by-pixel
	 * loop cost as much as all the taps (each pixel a separate load, row lookup and store).
	 */
	private static void in8(final byte[] data, final int base, final int nb, final byte[][] tile, final int tn) {
		final int lanes = tile[0].length;
		final int tn8 = tn & ~7;
		final long[] w = new long[8];
		for (int l = 0; l < lanes; l += 8) {
			final int at = base + l * nb;
			for (int dt = 0; dt < tn8; dt += 8) {
				for (int i = 0; i < 8; i++) w[i] = (long) LONGS_IN_BYTES.get(data, at + i * nb + dt);
				transpose8(w);
				for (int i = 0; i < 8; i++) LONGS_IN_BYTES.set(tile[dt + i], l, w[i]);
			}
			for (int i = 0; i < 8; i++) {
				for (int dt = tn8; dt < tn; dt++) tile[dt][l + i] = data[at + i * nb + dt];
			}
		}
	}

	/** The inverse of {@link #in8}: rows of lanes back into the blocks' pixels. */
	private static void out8(final byte[] data, final int base, final int nb, final byte[][] tile, final int tn) {
		final int lanes = tile[0].length;
		final int tn8 = tn & ~7;
		final long[] w = new long[8];
		for (int l = 0; l < lanes; l += 8) {
			final int at = base + l * nb;
			for (int dt = 0; dt < tn8; dt += 8) {
				for (int i = 0; i < 8; i++) w[i] = (long) LONGS_IN_BYTES.get(tile[dt + i], l);
				transpose8(w);
				for (int i = 0; i < 8; i++) LONGS_IN_BYTES.set(data, at + i * nb + dt, w[i]);
			}
			for (int i = 0; i < 8; i++) {
				for (int dt = tn8; dt < tn; dt++) data[at + i * nb + dt] = tile[dt][l + i];
			}
		}
	}

	/**
	 * Transposes the 8x8 byte matrix whose row i is word i (column c = byte c, little-endian): three
	 * rounds of swapping the off-diagonal halves of 2x2 blocks of 4, 2 and 1 bytes.
	 */
	static void transpose8(final long[] w) {
		swap(w, 0, 4, 32, 0x00000000FFFFFFFFL);
		swap(w, 1, 5, 32, 0x00000000FFFFFFFFL);
		swap(w, 2, 6, 32, 0x00000000FFFFFFFFL);
		swap(w, 3, 7, 32, 0x00000000FFFFFFFFL);
		swap(w, 0, 2, 16, 0x0000FFFF0000FFFFL);
		swap(w, 1, 3, 16, 0x0000FFFF0000FFFFL);
		swap(w, 4, 6, 16, 0x0000FFFF0000FFFFL);
		swap(w, 5, 7, 16, 0x0000FFFF0000FFFFL);
		swap(w, 0, 1, 8, 0x00FF00FF00FF00FFL);
		swap(w, 2, 3, 8, 0x00FF00FF00FF00FFL);
		swap(w, 4, 5, 8, 0x00FF00FF00FF00FFL);
		swap(w, 6, 7, 8, 0x00FF00FF00FF00FFL);
	}

	/** Row i's high blocks (of {@code shift} bits, selected by ~m) trade places with row j's low blocks. */
	private static void swap(final long[] w, final int i, final int j, final int shift, final long m) {
		final long a = w[i], b = w[j];
		w[i] = a & m | (b & m) << shift;
		w[j] = a >>> shift & m | b & ~m;
	}

	/**
	 * Pixels into the lanes for 16-bit pixels, pixel by pixel (Java 11 has no view of a short[] as longs; at
	 * 2 bytes a pixel this loop costs half as much per byte as it did for 8-bit pixels).
	 */
	private static void in16(final short[] data, final int base, final int nb, final short[][] tile, final int tn) {
		final int lanes = tile[0].length;
		for (int l = 0; l < lanes; l++) {
			final int at = base + l * nb;
			for (int dt = 0; dt < tn; dt++) tile[dt][l] = data[at + dt];
		}
	}

	private static void out16(final short[] data, final int base, final int nb, final short[][] tile, final int tn) {
		final int lanes = tile[0].length;
		for (int l = 0; l < lanes; l++) {
			final int at = base + l * nb;
			for (int dt = 0; dt < tn; dt++) data[at + dt] = tile[dt][l];
		}
	}

	/**
	 * The final state of a block: its zero-state final state plus the zero-input response of its initial
	 * state, {@code G·initial}, added four columns of G at a time ({@code gt[s]} is column s; {@code sum}
	 * is scratch): the join is serial, so it must not run at scalar speed.
	 */
	private static short[] trueFinal(final short[] zeroStateFinal, final short[] initial, final short[][] gt,
		final short[] sum)
	{
		final int k = initial.length;
		System.arraycopy(zeroStateFinal, 0, sum, 0, k);
		int s = 0;
		for (; s + 4 <= k; s += 4)
			axpy4(sum, gt[s], initial[s], gt[s + 1], initial[s + 1], gt[s + 2], initial[s + 2], gt[s + 3], initial[s
				+ 3]);
		for (; s < k; s++) axpy4(sum, gt[s], initial[s], gt[s], (short) 0, gt[s], (short) 0, gt[s], (short) 0);
		return sum.clone();
	}

	private static void axpy4(final short[] sum, final short[] c0, final short v0, final short[] c1, final short v1,
		final short[] c2, final short v2, final short[] c3, final short v3)
	{
		for (int i = 0; i < sum.length; i++)
			sum[i] = (short) (sum[i] + c0[i] * v0 + c1[i] * v1 + c2[i] * v2 + c3[i] * v3);
	}

	static short[][] joinMatrix(final int[] alpha, final int nb) {
		final int k = alpha.length;
		final short[] h = impulseResponse(alpha, nb);
		final short[][] g = new short[k][k];
		for (int i = 0; i < k; i++) {
			for (int s = 0; s < k; s++) {
				int sum = 0;
				for (int kk = 0; kk <= s; kk++) sum += alpha[k + kk - s - 1] * h[nb - k + i - kk];
				g[s][i] = (short) sum;
			}
		}
		return g;
	}

	/** h_t = [t = 0] + sum_j alpha_j h_{t-j} mod 2^16, t < nb. */
	private static short[] impulseResponse(final int[] alpha, final int nb) {
		final short[] h = new short[nb];
		for (int t = 0; t < nb; t++) {
			int s = t == 0 ? 1 : 0;
			for (int j = 1; j <= alpha.length && j <= t; j++) s += alpha[j - 1] * h[t - j];
			h[t] = (short) s;
		}
		return h;
	}

	private static void add8(final byte[] acc, final byte[] p0, final byte[] p1, final byte[] m0, final byte[] m1,
		final int n)
	{
		for (int l = 0; l < n; l++)
			acc[l] = (byte) (acc[l] + p0[l] + p1[l] - m0[l] - m1[l]);
	}

	private static void add8x2(final byte[] acc, final byte[] p0, final byte[] p1, final byte[] m0, final byte[] m1,
		final int n)
	{
		for (int l = 0; l < n; l++) {
			final int s = p0[l] + p1[l] - m0[l] - m1[l];
			acc[l] = (byte) (acc[l] + s + s);
		}
	}

	private static void add16(final short[] acc, final short[] p0, final short[] p1, final short[] m0, final short[] m1,
		final int n)
	{
		for (int l = 0; l < n; l++)
			acc[l] = (short) (acc[l] + p0[l] + p1[l] - m0[l] - m1[l]);
	}

	private static void add16x2(final short[] acc, final short[] p0, final short[] p1, final short[] m0, final short[] m1,
		final int n)
	{
		for (int l = 0; l < n; l++) {
			final int s = p0[l] + p1[l] - m0[l] - m1[l];
			acc[l] = (short) (acc[l] + s + s);
		}
	}
}
