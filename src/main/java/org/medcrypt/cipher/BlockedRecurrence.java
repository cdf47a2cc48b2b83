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
 */
final class BlockedRecurrence {

	/** Lanes per group (one thread's share); a row of the buffer is this many shorts. */
	static final int LANES = 256;
	/** Pixels of each block moved in or out of the lanes at a time. */
	private static final int TILE = 32;

	private BlockedRecurrence() {}

	/** Least pixels a call must have for the blocked path (else the sequential loop is as fast). */
	static int minimumLength(final int taps) {
		return LANES * Math.max(128, 2 * taps);
	}

	/**
	 * Encrypts {@code data[offset .. offset + length)} in place (16-bit values in shorts, or 8-bit values
	 * widened into shorts), continuing from {@code history} (the last K ciphertext pixels, oldest first),
	 * which is replaced by the last K ciphertext pixels of this call. Processes {@code W·Nb} pixels, a
	 * multiple of {@link #LANES}, and returns that count; the caller finishes the rest sequentially.
	 *
	 * @param alpha alpha_1..alpha_K
	 */
	static int encrypt(final short[] data, final int offset, final int length, final short[] history,
		final int[] alpha, final int threads)
	{
		final int k = alpha.length;
		final int groups = Math.max(1, Math.min(threads, length / minimumLength(k)));
		final int w = groups * LANES, nb = length / w;
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
		IntStream.range(0, groups).parallel().forEach(g -> lanes(data, offset, nb, g * LANES, init, coef, delay, k,
			fin, false));
		// Join: true initial state of block l = true final state of block l-1.
		final short[] h = impulseResponse(alpha, nb);
		short[] previous = fin[0]; // block 0 started from its true state
		for (int l = 1; l < w; l++) {
			init[l] = previous;
			previous = trueFinal(fin[l], init[l], alpha, h, nb);
		}
		final short[] lastFinal = previous;
		// Pass 2: from the true states, writing the ciphertext.
		IntStream.range(0, groups).parallel().forEach(g -> lanes(data, offset, nb, g * LANES, init, coef, delay, k,
			null, true));
		System.arraycopy(lastFinal, 0, history, 0, k);
		return w * nb;
	}

	/**
	 * The final state of a block: its zero-state final state plus the zero-input response of its initial
	 * state.
	 */
	private static short[] trueFinal(final short[] zeroStateFinal, final short[] initial, final int[] alpha,
		final short[] h, final int nb)
	{
		final int k = alpha.length;
		// u_t = sum_{j > t} alpha_j y_{t-j}; y_{-m} = initial[k - m].
		final int[] u = new int[k];
		for (int t = 0; t < k; t++) {
			int s = 0;
			for (int j = t + 1; j <= k; j++) s += alpha[j - 1] * initial[k - (j - t)];
			u[t] = s;
		}
		final short[] out = new short[k];
		for (int i = 0; i < k; i++) {
			final int t = nb - k + i;
			int s = zeroStateFinal[i];
			for (int kk = 0; kk < k && kk <= t; kk++) s += u[kk] * h[t - kk];
			out[i] = (short) s;
		}
		return out;
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

	/**
	 * Runs the recurrence on blocks {@code first .. first + LANES - 1} (block l is
	 * {@code data[offset + l·nb ..]}) from the states in {@code init}; stores each final state in
	 * {@code fin} (pass 1) or writes the outputs back into data (pass 2).
	 */
	private static void lanes(final short[] data, final int offset, final int nb, final int first,
		final short[][] init, final short[] coef, final int[] delay, final int k, final short[][] fin,
		final boolean write)
	{
		final int wl = LANES;
		// A ring of rows: ring[r & m] is pixel r - k of every block of the group; rows 0..k-1 the initial states.
		int size = 1;
		while (size < k + TILE) size <<= 1;
		final int m = size - 1;
		final short[][] ring = new short[size][wl];
		for (int r = 0; r < k; r++) {
			for (int l = 0; l < wl; l++) ring[r][l] = init[first + l][r];
		}
		final int quads = coef.length / 4;
		final int base = offset + first * nb;
		for (int t0 = 0; t0 < nb; t0 += TILE) {
			final int tn = Math.min(TILE, nb - t0);
			// Transpose a tile in: TILE consecutive pixels of each block (one cache line each), not one pixel
			// of each block per row (a stride of nb pixels that would miss the cache on every read).
			for (int l = 0; l < wl; l++) {
				final int at = base + l * nb + t0;
				for (int dt = 0; dt < tn; dt++) ring[(k + t0 + dt) & m][l] = data[at + dt];
			}
			for (int dt = 0; dt < tn; dt++) {
				final int r = k + t0 + dt;
				final short[] acc = ring[r & m];
				for (int qd = 0; qd < quads; qd++) {
					final int b = 4 * qd;
					madd4(acc, ring[(r - delay[b]) & m], coef[b], ring[(r - delay[b + 1]) & m], coef[b + 1], ring[(r -
						delay[b + 2]) & m], coef[b + 2], ring[(r - delay[b + 3]) & m], coef[b + 3]);
				}
			}
			if (write) {
				for (int l = 0; l < wl; l++) {
					final int at = base + l * nb + t0;
					for (int dt = 0; dt < tn; dt++) data[at + dt] = ring[(k + t0 + dt) & m][l];
				}
			}
		}
		if (fin != null) {
			for (int l = 0; l < wl; l++) {
				final short[] f = new short[k];
				for (int i = 0; i < k; i++) f[i] = ring[(nb + i) & m][l];
				fin[first + l] = f;
			}
		}
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
