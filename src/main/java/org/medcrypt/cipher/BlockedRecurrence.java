package org.medcrypt.cipher;

import java.util.stream.IntStream;

/**
 * Encryption of the paper's stream cipher (eq. 1) by blocks, bit-identical to
 * the sequential recurrence {@code y_t = x_t + sum_{j=1}^{K} alpha_j y_{t-j} mod 2^16}
 * (hence mod 2^8 for 8-bit pixels, since 2^8 divides 2^16).
 *
 * <p>Why it parallelises: the recurrence is linear, so the stream cut into W
 * consecutive blocks of Nb pixels is W recurrences that differ only in their
 * initial states. Pass 1 runs all W blocks at once from zero states (block 0
 * from the real history), as lanes: row t of a block-transposed buffer holds
 * pixel t of every block, so each tap is one vectorised multiply-add over W
 * lanes (C2 vectorises {@code acc[l] += a·src[l]} on separate row arrays) and
 * no lane waits for another. The blocks are then joined from left to right: the
 * true final state of block l is its zero-state final state plus the zero-input
 * response of its true initial state, {@code y_t = sum_k u_k h_{t-k}}, where
 * {@code h} is the recurrence's impulse response (computed once per call,
 * Nb·K operations) and {@code u_k = sum_{j>k} alpha_j y_{k-j}} the initial
 * state's forcing (K² operations per block). Pass 2 reruns the lanes from the
 * true initial states and writes the ciphertext. Groups of lanes run on separate
 * threads in both passes.
 *
 * <p>Where the time went (issue 12, measured on 2048x2048 16-bit, 64 taps, one
 * thread): moving pixels in and out of the lanes and short vector loops, not the
 * taps. Pixels move in tiles of 32 per block through row references hoisted out
 * of the loop, one loop per element type (8-bit pixels widened on the way, no
 * separate widening pass); long calls use 1024 lanes per group; the join is one
 * precomputed k×k matrix per block.
 */
final class BlockedRecurrence {

	/**
	 * Lanes per group (one thread's share) for long calls; a row is this many shorts. Many lanes keep the
	 * vectorised loops long (C2 unrolls them 4-8 vectors deep; with 256 lanes much of each row fell to the
	 * scalar pre- and post-loops): 1024 lanes ran the taps about 1.7x faster than 256.
	 */
	static final int LANES = 1024;
	/** Lanes per group for calls too short for {@link #LANES}. */
	static final int MIN_LANES = 256;
	/** Pixels of each block moved in or out of the lanes at a time. */
	private static final int TILE = 32;

	private BlockedRecurrence() {}

	/** Least pixels a call must have for the blocked path (else the sequential loop is as fast). */
	static int minimumLength(final int taps) {
		return MIN_LANES * Math.max(128, 2 * taps);
	}

	/**
	 * Encrypts {@code data[offset .. offset + length)} in place (16-bit values in shorts), continuing from
	 * {@code history} (the last K ciphertext pixels, oldest first), which is replaced by the last K
	 * ciphertext pixels of this call. Processes {@code W·Nb} pixels, a multiple of the lane count, and
	 * returns that count; the caller finishes the rest sequentially.
	 *
	 * @param alpha alpha_1..alpha_K
	 */
	static int encrypt(final short[] data, final int offset, final int length, final short[] history,
		final int[] alpha, final int threads)
	{
		return run(data, offset, length, history, alpha, threads);
	}

	/** {@link #encrypt(short[], int, int, short[], int[], int)} for 8-bit pixels (mod 2^8 divides mod 2^16). */
	static int encrypt(final byte[] data, final int offset, final int length, final short[] history,
		final int[] alpha, final int threads)
	{
		return run(data, offset, length, history, alpha, threads);
	}

	private static int run(final Object data, final int offset, final int length, final short[] history,
		final int[] alpha, final int threads)
	{
		final int k = alpha.length;
		final int lanes = length >= LANES * Math.max(128, 2 * k) ? LANES : MIN_LANES;
		final int groups = Math.max(1, Math.min(threads, length / (lanes * Math.max(128, 2 * k))));
		final int w = groups * lanes, nb = length / w;
		// Non-zero taps, in quads so that each lane loop does four multiply-adds (padding: a zero coefficient).
		int nz = 0;
		for (final int a : alpha) if (a != 0) nz++;
		final int quads = (nz + 3) / 4;
		final short[] coef = new short[4 * quads];
		final int[] delay = new int[4 * quads];
		int q = 0;
		for (int j = 1; j <= k; j++) {
			if (alpha[j - 1] != 0) {
				coef[q] = (short) alpha[j - 1];
				delay[q++] = j;
			}
		}
		for (; q < coef.length; q++) delay[q] = 1;
		final short[][] init = new short[w][];
		init[0] = history.clone();
		for (int l = 1; l < w; l++) init[l] = new short[k];
		// Pass 1: final states from zero states (block 0 from the real history).
		final short[][] fin = new short[w][];
		IntStream.range(0, groups).parallel().forEach(g -> lanes(data, offset, nb, g * lanes, lanes, init, coef,
			delay, k, fin));
		// Join: true initial state of block l = true final state of block l-1.
		final int[][] g = joinMatrix(alpha, nb);
		final int[] state = new int[k];
		short[] previous = fin[0]; // block 0 started from its true state
		for (int l = 1; l < w; l++) {
			init[l] = previous;
			previous = trueFinal(fin[l], init[l], g, state);
		}
		final short[] lastFinal = previous;
		// Pass 2: from the true states, writing the ciphertext.
		IntStream.range(0, groups).parallel().forEach(gr -> lanes(data, offset, nb, gr * lanes, lanes, init, coef,
			delay, k, null));
		System.arraycopy(lastFinal, 0, history, 0, k);
		return w * nb;
	}

	/**
	 * Pixels {@code base + l·nb + t0 + dt} (dt < tn, every lane l) to or from {@code tile[dt][l]}: TILE
	 * consecutive pixels of each block at a time (one cache line read or written per block; the blocks lie
	 * a power of two apart, so reading one pixel of every block in turn would thrash the cache's sets). One
	 * loop per element type and direction: a shared loop that branched on them ran at half speed once both
	 * types had been through it.
	 */
	private static void transpose(final Object data, final int base, final int nb, final short[][] tile,
		final int tn, final boolean in)
	{
		if (data instanceof short[]) {
			if (in) in16((short[]) data, base, nb, tile, tn);
			else out16((short[]) data, base, nb, tile, tn);
		}
		else if (in) in8((byte[]) data, base, nb, tile, tn);
		else out8((byte[]) data, base, nb, tile, tn);
	}

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

	private static void in8(final byte[] data, final int base, final int nb, final short[][] tile, final int tn) {
		final int lanes = tile[0].length;
		for (int l = 0; l < lanes; l++) {
			final int at = base + l * nb;
			for (int dt = 0; dt < tn; dt++) tile[dt][l] = data[at + dt];
		}
	}

	private static void out8(final byte[] data, final int base, final int nb, final short[][] tile, final int tn) {
		final int lanes = tile[0].length;
		for (int l = 0; l < lanes; l++) {
			final int at = base + l * nb;
			for (int dt = 0; dt < tn; dt++) data[at + dt] = (byte) tile[dt][l];
		}
	}

	/**
	 * Runs the recurrence on blocks {@code first .. first + lanes - 1} (block l is
	 * {@code data[offset + l·nb ..]}) from the states in {@code init} through a ring of rows (ring row r:
	 * pixel r - k of every block); stores each final state in {@code fin} (pass 1) or writes the outputs
	 * back into data (pass 2, {@code fin} null). No buffer the size of the call: allocating one (8 MB for a
	 * 2048x2048 16-bit plane) cost more than the taps.
	 */
	private static void lanes(final Object data, final int offset, final int nb, final int first, final int wl,
		final short[][] init, final short[] coef, final int[] delay, final int k, final short[][] fin)
	{
		int size = 1;
		while (size < k + TILE) size <<= 1;
		final int m = size - 1;
		final short[][] ring = new short[size][wl];
		for (int r = 0; r < k; r++) {
			for (int l = 0; l < wl; l++) ring[r][l] = init[first + l][r];
		}
		final short[][] tile = new short[TILE][];
		final int quads = coef.length / 4;
		final int base = offset + first * nb;
		for (int t0 = 0; t0 < nb; t0 += TILE) {
			final int tn = Math.min(TILE, nb - t0);
			for (int dt = 0; dt < tn; dt++) tile[dt] = ring[(k + t0 + dt) & m];
			transpose(data, base + t0, nb, tile, tn, true);
			for (int dt = 0; dt < tn; dt++) {
				final int r = k + t0 + dt;
				final short[] acc = tile[dt];
				for (int qd = 0; qd < quads; qd++) {
					final int b = 4 * qd;
					madd4(acc, ring[(r - delay[b]) & m], coef[b], ring[(r - delay[b + 1]) & m], coef[b + 1], ring[(r -
						delay[b + 2]) & m], coef[b + 2], ring[(r - delay[b + 3]) & m], coef[b + 3]);
				}
			}
			if (fin == null) transpose(data, base + t0, nb, tile, tn, false);
		}
		if (fin != null) {
			for (int l = 0; l < wl; l++) {
				final short[] f = new short[k];
				for (int i = 0; i < k; i++) f[i] = ring[(nb + i) & m][l];
				fin[first + l] = f;
			}
		}
	}

	/**
	 * The final state of a block: its zero-state final state plus the zero-input response of its initial
	 * state, {@code G·initial}, summed column by column ({@code gt[s]} is column s of G; {@code sum} is
	 * scratch): one vectorised multiply-add over k values per column, where a row-by-row dot product
	 * (a reduction) ran at scalar speed and the join, serial, cost as much as a parallel pass.
	 */
	private static short[] trueFinal(final short[] zeroStateFinal, final short[] initial, final int[][] gt,
		final int[] sum)
	{
		final int k = initial.length;
		for (int i = 0; i < k; i++) sum[i] = zeroStateFinal[i];
		for (int s = 0; s < k; s++) axpy(sum, gt[s], initial[s]);
		final short[] out = new short[k];
		for (int i = 0; i < k; i++) out[i] = (short) sum[i];
		return out;
	}

	private static void axpy(final int[] sum, final int[] column, final int v) {
		for (int i = 0; i < sum.length; i++) sum[i] += column[i] * v;
	}

	/**
	 * The matrix G mapping a block's initial state (y_{-k} .. y_{-1}, oldest first) to the zero-input
	 * response of its last k outputs: {@code y_t = sum_kk u_kk h_{t-kk}} with the forcing
	 * {@code u_kk = sum_{s >= kk} alpha_{k+kk-s} y_{s-k}}, so
	 * {@code G[i][s] = sum_{kk <= s} alpha_{k+kk-s} h_{nb-k+i-kk}} (mod 2^16), the same for every block:
	 * the join costs one k×k product per block. Returned transposed: {@code [s][i]}, column by column.
	 */
	static int[][] joinMatrix(final int[] alpha, final int nb) {
		final int k = alpha.length;
		final short[] h = impulseResponse(alpha, nb);
		final int[][] g = new int[k][k];
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

	/** acc += a0·s0 + a1·s1 + a2·s2 + a3·s3, lane by lane, mod 2^16: the vectorised loop. */
	private static void madd4(final short[] acc, final short[] s0, final short a0, final short[] s1, final short a1,
		final short[] s2, final short a2, final short[] s3, final short a3)
	{
		for (int l = 0; l < acc.length; l++) {
			acc[l] = (short) (acc[l] + a0 * s0[l] + a1 * s1[l] + a2 * s2[l] + a3 * s3[l]);
		}
	}
}
