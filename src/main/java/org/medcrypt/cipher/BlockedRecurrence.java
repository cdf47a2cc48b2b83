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
 * taps with alpha_j = +1 and -1 are added and subtracted, four per loop ({@link #quads}),
 * and those with +2 and -2 likewise, the sum added twice. 8-bit pixels run in
 * 16-bit slots of longs, four lanes a long, made exact by a bias ({@link #lanes8in16});
 * keys whose coefficients sum to more than 255 in absolute value (over 128 taps)
 * reduce each row to its bytes every 255 of that sum ({@link Segments}). The blocks
 * are then joined from left to right: the true final state of block l is its
 * zero-state final state plus {@code G·(true initial state)}, where the k×k matrix
 * G (the same for every block) comes from the recurrence's impulse response
 * {@code h} ({@link #joinMatrix}). Pass 2 reruns the lanes from the true initial
 * states and writes the ciphertext. Groups of lanes run on separate threads in
 * both passes; the join is one k×k product per block, split over the groups' threads ({@link Join}).
 *
 * <p>Where the time went (issue 12; JFR on 1 Mpixel 8-bit, one thread, before
 * this version): a third in moving 8-bit pixels into the short lanes pixel by pixel
 * ({@code in8}), a third in the taps (short multiply-adds), the rest in the loop
 * around them, the serial join and its matrix. Then pixels moved 8 lanes by 8 pixels
 * at a time as 64-bit words transposed inside registers (now {@link #in8in16}),
 * the taps became additions, and the join adds four columns of G per loop.
 *
 * <p>Third round (issue 12, 2026-12-06): in a scratch micro-benchmark C2 (JDK 17)
 * ran the byte tap loops at 30-44 lane-taps per ns against 47-64 for the same sums
 * on 16-bit slots of longs, and a quarter of the tap rows of a typical 64-tap key
 * were padding (two added and two subtracted per loop, a key having e.g. 19 taps +1
 * and 12 taps -1). Now the taps are grouped ++--, then ++++ or ---- ({@link #quads}),
 * 8-bit lanes are 16-bit slots of {@code long[]} rows (the mask to the low bytes
 * folded into each row's last tap loop), the 8x8 transposes run on local variables,
 * G is built in k^2 steps instead of k^3/2 and the impulse response is a forward dot
 * product. Figures: README, "Safe transfer". Measured and not kept: 256 or 1024
 * lanes per group instead of 512 (1024 doubles the serial join; 256 halves it but
 * slows the taps: no clear difference), 16- or 64-pixel tiles instead of 32, the
 * JVM's vector width (MaxVectorSize 16 or 32: no difference in place).
 *
 * <p>Fourth round (issue 12): the join ran on one thread while the other waited (0.41 ms of 2.41 ms per
 * 1-Mpixel 8-bit encryption on 2 threads, 0.81 ms of 3.84 ms at 16 bits). Now it is split over the groups
 * ({@link Join}: each group's thread chains its blocks in pass 1, the others' from a zero state, then the
 * groups' true states follow from cached powers of G and the groups after the first are rerun in chunks
 * on every thread), and G is kept by the key for the last size it encrypted. Phase profile on 2 threads (same session,
 * noisy shared VM, 500 calls each): 8-bit join 0.49-0.53 ms serial against 0.16-0.19 ms for the chunks
 * plus about 0.2 ms more in pass 1 (the groups' own chains), 16-bit 0.94-0.96 ms against 0.28 ms plus
 * about 0.4 ms: the chain is throughput-bound (two chains interleaved on one thread ran only 15% faster than
 * one), so the split saves a quarter of it on 2 threads, not half. Measured and not kept: eight columns of G
 * per loop instead of four (3.5x slower: C2 no longer vectorised it), a flat G with an int accumulator
 * (4x slower), the product as one 4096-long multiply and a folding sum (5x slower). Session 7, 8-bit 1 Mpixel on 2
 * threads, alternating in one process: the taps run over strips of 16, 32 or 64 longs of a row at a time so that
 * the rows they read stay in L1 (5.0-5.4, 2.9-3.1, 2.4-2.6 ms against 2.16-2.33 ms for whole rows: the loops'
 * overhead outweighs the cache), and 1024 or 256 lanes per group now that the join is split (2.68-2.80 and
 * 2.15-2.32 ms against 2.23-2.31 ms for 512).
 */
final class BlockedRecurrence {

	/**
	 * Lanes per group (one thread's share) for long calls of 16-bit pixels; a row is this many shorts. Many
	 * lanes keep the vectorised loops long (C2 unrolls them 4-8 vectors deep; with 256 lanes much of each row
	 * fell to the scalar pre- and post-loops): 1024 lanes ran the taps about 1.7x faster than 256.
	 */
	static final int LANES = 1024;
	/**
	 * Lanes per group for long calls of 8-bit pixels: a row is 1 KB of longs (four lanes a long), and the join
	 * (one k×k product per block, one block per lane) stays a small part.
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

	/**
	 * Encrypts {@code data[offset ..)} from the state {@code history} (then its last ciphertext pixels) with the
	 * coefficients {@code alpha} of the key that owns {@code joins}; returns how many pixels it did.
	 */
	static int encrypt(final short[] data, final int offset, final int length, final short[] history,
		final int[] alpha, final int threads, final JoinCache joins)
	{
		return run(data, offset, length, history, alpha, threads, joins);
	}

	/** {@link #encrypt(short[], int, int, short[], int[], int, JoinCache)} for 8-bit pixels. */
	static int encrypt(final byte[] data, final int offset, final int length, final short[] history,
		final int[] alpha, final int threads, final JoinCache joins)
	{
		return run(data, offset, length, history, alpha, threads, joins);
	}

	private static int run(final Object data, final int offset, final int length, final short[] history,
		final int[] alpha, final int threads, final JoinCache joins)
	{
		final int[] once = quads(alpha, 1), twice = quads(alpha, 2);
		final int k = alpha.length;
		final int most = data instanceof byte[] ? LANES8 : LANES;
		final int lanes = length >= most * Math.max(128, 2 * k) ? most : MIN_LANES;
		final int groups = Math.max(1, Math.min(threads, length / (lanes * Math.max(128, 2 * k))));
		final int w = groups * lanes, nb = length / w;
		final short[][] init = new short[w][];
		init[0] = history.clone();
		for (int l = 1; l < w; l++) init[l] = new short[k];
		final short[][] fin = new short[w][];
		final Join join = joins.get(alpha, nb, lanes, groups);
		final short[][] g = join.g;
		final int chunk = join.chunk;
		// u[gr][q]: zero-state chain of group gr >= 1 (state 0 before its first block) at the block before its
		// chunk q (q >= 1) and, at q = groups, at its last block; group 0 runs the true chain (see Join)
		final short[][][] u = new short[groups][groups + 1][];
		IntStream.range(0, groups).parallel().forEach(gr -> {
			lanes(data, offset, nb, gr * lanes, lanes, init, once, twice, k, fin);
			final short[] state = new short[k];
			final int first = gr * lanes;
			short[] previous = fin[first];
			for (int l = first + 1; l < first + lanes; l++) {
				if (gr == 0) init[l] = previous;
				else if ((l - first) % chunk == 0) u[gr][(l - first) / chunk] = previous;
				previous = trueFinal(fin[l], previous, g, state);
			}
			u[gr][groups] = previous;
		});
		// true final states of the groups: S_gr = u_gr + G^lanes · S_(gr-1)
		final short[] scratch = new short[k];
		for (int gr = 1; gr < groups; gr++) {
			init[gr * lanes] = u[gr - 1][groups];
			u[gr][groups] = trueFinal(u[gr][groups], u[gr - 1][groups], join.powers[0], scratch);
		}
		IntStream.range(0, (groups - 1) * groups).parallel().forEach(task -> {
			final int gr = 1 + task / groups, q = task % groups, first = gr * lanes;
			final int from = first + q * chunk, to = Math.min(first + lanes, from + chunk);
			if (from >= to) return;
			final short[] state = new short[k];
			if (q > 0) init[from] = trueFinal(u[gr][q], init[first], join.powers[q], state);
			for (int l = from + 1; l < to; l++) init[l] = trueFinal(fin[l - 1], init[l - 1], g, state);
		});
		IntStream.range(0, groups).parallel().forEach(gr -> lanes(data, offset, nb, gr * lanes, lanes, init, once,
			twice, k, null));
		System.arraycopy(u[groups - 1][groups], 0, history, 0, k);
		return w * nb;
	}

	/**
	 * The join's matrices for one (key, block length, lanes, groups): G ({@link #joinMatrix}) and the powers of
	 * G the split join needs. Why split: the join (state_l = fin_l + G·state_(l-1), one k×k product per block)
	 * was serial, 0.41 ms of a 2.41 ms 1-Mpixel encryption on 2 threads. Now each group's thread chains its
	 * own blocks in pass 1, group 0 from its true state, the others from a zero state (u_l); since the chain
	 * is linear, state_l = u_l + G^(l-first+1) · S for a group whose previous group ends in state S, so the
	 * groups' true final states follow by one product with G^lanes each, and the rest of each group is
	 * rerun from true states in {@code groups} chunks at once, chunk q starting from
	 * {@code u + G^(q·chunk) · S}: the serial chain of w blocks becomes lanes + (groups - 1)·lanes/groups
	 * products per thread. All mod 2^16: exact. The powers (matrix squarings, k^3 each) are kept by the key
	 * for the last size it encrypted ({@link JoinCache}).
	 */
	private static final class Join {
		final int nb, lanes, groups, chunk;
		final short[][] g;
		/** {@code powers[0]} = G^lanes, {@code powers[q]} = G^(q·chunk) for 0 < q < groups. */
		final short[][][] powers;

		Join(final int[] alpha, final int nb, final int lanes, final int groups) {
			this.nb = nb;
			this.lanes = lanes;
			this.groups = groups;
			chunk = (lanes + groups - 1) / groups;
			g = joinMatrix(alpha, nb);
			powers = new short[groups][][];
			if (groups > 1) {
				powers[1] = power(g, chunk);
				for (int q = 2; q < groups; q++) powers[q] = product(powers[q - 1], powers[1]);
				powers[0] = lanes == groups * chunk ? product(powers[groups - 1], powers[1]) : power(g, lanes);
			}
		}

		boolean fits(final int n, final int l, final int gr) {
			return n == nb && l == lanes && gr == groups;
		}
	}

	/**
	 * The {@link Join} of one key for the last size it encrypted. Why a cache: building G and its powers took
	 * 0.79 ms against about 2.2 ms for the whole 1-Mpixel 8-bit encryption on 2 threads (measured, issue 12),
	 * and an image series encrypts many planes of one size with one key. Why the key owns it
	 * ({@link StreamCipherKey}) and no static field does: the matrices are derived from the key's
	 * coefficients, so they go when the key goes. Thread-safe: a Join is immutable once published.
	 */
	static final class JoinCache {

		private volatile Join last;

		/** The join for {@code alpha} (the owning key's coefficients) and this block length, lanes and groups. */
		Join get(final int[] alpha, final int nb, final int lanes, final int groups) {
			Join j = last;
			if (j == null || !j.fits(nb, lanes, groups)) {
				j = new Join(alpha, nb, lanes, groups);
				last = j;
			}
			return j;
		}
	}

	/** m^e (e >= 1) by squaring, in the column layout of {@link #joinMatrix} ({@code m[s]} is column s). */
	static short[][] power(final short[][] m, final int e) {
		short[][] result = null, square = m;
		for (int r = e; ; ) {
			if ((r & 1) != 0) result = result == null ? square : product(result, square);
			r >>= 1;
			if (r == 0) return result;
			square = product(square, square);
		}
	}

	/** a·b, column by column: column s of a·b is a times column s of b. */
	private static short[][] product(final short[][] a, final short[][] b) {
		final int k = a.length;
		final short[] zero = new short[k], sum = new short[k];
		final short[][] out = new short[k][];
		for (int s = 0; s < k; s++) out[s] = trueFinal(zero, b[s], a, sum);
		return out;
	}

	/** Kinds of a group of four taps ({@link #quads}): two added and two subtracted, four added, four subtracted. */
	static final int PPMM = 0, PPPP = 1, MMMM = 2;

	/**
	 * The delays j of the taps with alpha_j = +c and -c, in groups of five ints: a kind ({@link #PPMM},
	 * {@link #PPPP}, {@link #MMMM}) and four delays (delay 0: a row of zeros, padding). Four taps per loop:
	 * with eight C2 no longer vectorised it. Pairs of added and subtracted taps first, then the surplus of one
	 * sign four by four, so that a key with more +c than -c taps pads at most three rows per c (pairing
	 * alone padded a quarter of the rows of a typical 64-tap key).
	 */
	static int[] quads(final int[] alpha, final int c) {
		final int[] plus = new int[alpha.length], minus = new int[alpha.length];
		int np = 0, nm = 0;
		for (int j = 1; j <= alpha.length; j++) {
			if (alpha[j - 1] == c) plus[np++] = j;
			else if (alpha[j - 1] == -c) minus[nm++] = j;
		}
		final int[] o = new int[5 * (alpha.length + 3)];
		int n = 0, ip = 0, im = 0;
		while (np - ip >= 2 && nm - im >= 2) {
			o[n] = PPMM;
			o[n + 1] = plus[ip++];
			o[n + 2] = plus[ip++];
			o[n + 3] = minus[im++];
			o[n + 4] = minus[im++];
			n += 5;
		}
		while (np - ip >= 4 || np - ip > 0 && nm == im) {
			o[n] = PPPP;
			for (int i = 1; i <= 4; i++) o[n + i] = ip < np ? plus[ip++] : 0;
			n += 5;
		}
		while (nm - im >= 4 || nm - im > 0 && np == ip) {
			o[n] = MMMM;
			for (int i = 1; i <= 4; i++) o[n + i] = im < nm ? minus[im++] : 0;
			n += 5;
		}
		while (ip < np || im < nm) {
			o[n] = PPMM;
			o[n + 1] = ip < np ? plus[ip++] : 0;
			o[n + 2] = ip < np ? plus[ip++] : 0;
			o[n + 3] = im < nm ? minus[im++] : 0;
			o[n + 4] = im < nm ? minus[im++] : 0;
			n += 5;
		}
		return java.util.Arrays.copyOf(o, n);
	}

	private static void lanes(final Object data, final int offset, final int nb, final int first, final int wl,
		final short[][] init, final int[] once, final int[] twice, final int k, final short[][] fin)
	{
		if (data instanceof byte[]) lanes8in16((byte[]) data, offset, nb, first, wl, init, once, twice, k, fin);
		else lanes16((short[]) data, offset, nb, first, wl, init, once, twice, k, fin);
	}

	/** Low byte of each 16-bit slot of a long. */
	private static final long LOW_BYTES = 0x00FF00FF00FF00FFL;
	/** One in each 16-bit slot of a long. */
	private static final long SLOT_ONES = 0x0001000100010001L;

	/** Taps (non-zero delays) of the group at {@code o}. */
	private static int weight(final int[] quads, final int o) {
		int n = 0;
		for (int i = 1; i <= 4; i++) if (quads[o + i] != 0) n++;
		return n;
	}

	/**
	 * A row's taps for {@link #lanes8in16}, cut into segments of at most 255 in sum |alpha_j|. Why 255: the
	 * 16-bit slots never carry or borrow into each other while {@code 255 + 256 · (the segment's sum |alpha_j|)
	 * < 2^16}; every key of up to 128 taps (the paper's k = 128 has 64) is one segment. The row is reduced to
	 * its bytes at the end of each segment and then takes the next segment's bias. Segment s takes
	 * {@code once[s]}, then {@code twice[s]} (doubled), starting from its bias {@code bias[s]}.
	 */
	static final class Segments {

		final int[][] once, twice;
		final long[] bias;

		Segments(final int[] onceAll, final int[] twiceAll) {
			final int[][] lists = { onceAll, twiceAll };
			final java.util.List<int[][]> cut = new java.util.ArrayList<>();
			final java.util.List<Long> biases = new java.util.ArrayList<>();
			// where the open segment starts and ends in each list; its sum |alpha_j| and subtracted part
			final int[] from = new int[2], to = new int[2];
			int sum = 0, minus = 0;
			for (int list = 0; list < 2; list++) {
				final int[] quads = lists[list];
				final int c = list + 1; // once's taps count once, twice's twice
				for (int o = 0; o < quads.length; o += 5) {
					if (sum + c * weight(quads, o) > 255) {
						cut.add(new int[][] { java.util.Arrays.copyOfRange(onceAll, from[0], to[0]), java.util.Arrays
							.copyOfRange(twiceAll, from[1], to[1]) });
						biases.add(256L * minus * SLOT_ONES);
						from[0] = to[0];
						from[1] = to[1];
						sum = 0;
						minus = 0;
					}
					sum += c * weight(quads, o);
					minus += c * subtracted(quads, o);
					to[list] = o + 5;
				}
			}
			cut.add(new int[][] { java.util.Arrays.copyOfRange(onceAll, from[0], to[0]), java.util.Arrays.copyOfRange(
				twiceAll, from[1], to[1]) });
			biases.add(256L * minus * SLOT_ONES);
			once = new int[cut.size()][];
			twice = new int[cut.size()][];
			bias = new long[cut.size()];
			for (int i = 0; i < bias.length; i++) {
				once[i] = cut.get(i)[0];
				twice[i] = cut.get(i)[1];
				bias[i] = biases.get(i);
			}
		}

	}

	/** Subtracted taps (non-zero delays) of the group at {@code o} of a list of {@link #quads}. */
	private static int subtracted(final int[] quads, final int o) {
		int n = 0;
		for (int i = 1; i <= 4; i++) {
			final boolean minus = quads[o] == MMMM || quads[o] == PPMM && i >= 3;
			if (minus && quads[o + i] != 0) n++;
		}
		return n;
	}

	/**
	 * 8-bit pixels in 16-bit slots of longs: four lanes a long (lanes 8g, 8g+2, 8g+4, 8g+6 in long 2g, the odd
	 * ones in long 2g+1), each slot holding its lane's value mod 256 plus headroom. Why: C2 (JDK 17) compiles
	 * {@code long[]} loops to plain vector additions, while its byte loops ran at about half that rate per lane
	 * (measured, issue 12), and the long loops' pre- and post-loops cost fewer lanes. Exact: each row starts
	 * as its pixels plus a bias B = 256 · (weight of the segment's subtracted taps), a multiple of 256; every
	 * tap then adds or subtracts a value in 0..255 (or twice it), so each slot stays in
	 * 0 .. 255 + 256 · (the segment's sum |alpha_j|) < 2^16 ({@link Segments}) at every step, no slot carries or
	 * borrows into its neighbour, and the low byte of each slot is the lane's sum mod 256; the row is reduced
	 * to those bytes at the end of each segment (then the next one's bias) and before later rows read it.
	 * Keys with a sum |alpha_j| over 255 (over 128 taps) had byte lanes of their own until session 7: the
	 * segments replaced them and their copy of every loop (a 1024-bit key, 8-bit MiB on 2 threads, alternating
	 * processes: 25-33 against 27-36 ms, the same within the noise; 48-54 ms when such pixels ran in the 16-bit
	 * short lanes instead; a 128-bit key unchanged, 4.2-4.4 ms in both).
	 */
	private static void lanes8in16(final byte[] data, final int offset, final int nb, final int first, final int wl,
		final short[][] init, final int[] once, final int[] twice, final int k, final short[][] fin)
	{
		int size = 1;
		while (size < k + TILE) size <<= 1;
		final int m = size - 1;
		final int words = wl / 4;
		final long[][] ring = new long[size][words];
		final long[] zero = new long[words];
		for (int r = 0; r < k; r++) {
			for (int l = 0; l < wl; l++) ring[r][slotWord(l)] |= (init[first + l][r] & 0xFFL) << slotShift(l);
		}
		final Segments segments = new Segments(once, twice);
		final int last = segments.bias.length - 1;
		final long[][] tile = new long[TILE][];
		final int base = offset + first * nb;
		for (int t0 = 0; t0 < nb; t0 += TILE) {
			final int tn = Math.min(TILE, nb - t0);
			for (int dt = 0; dt < tn; dt++) tile[dt] = ring[(k + t0 + dt) & m];
			in8in16(data, base + t0, nb, tile, tn, wl, segments.bias[0]);
			for (int dt = 0; dt < tn; dt++) {
				final int r = k + t0 + dt;
				final long[] acc = tile[dt];
				for (int sg = 0; sg <= last; sg++) {
					final int[] o = segments.once[sg], t = segments.twice[sg];
					tapsL(acc, ring, zero, r, m, o, false, t.length == 0, words);
					tapsL(acc, ring, zero, r, m, t, true, true, words);
					if (sg < last) addBias(acc, segments.bias[sg + 1], words);
				}
			}
			if (fin == null) out8in16(data, base + t0, nb, tile, tn, wl);
		}
		if (fin != null) {
			for (int l = 0; l < wl; l++) {
				final short[] f = new short[k];
				for (int i = 0; i < k; i++) f[i] = (short) (ring[(nb + i) & m][slotWord(l)] >>> slotShift(l) & 0xFF);
				fin[first + l] = f;
			}
		}
	}

	private static int slotWord(final int lane) {
		return 2 * (lane >> 3) + (lane & 1);
	}

	private static int slotShift(final int lane) {
		return 16 * ((lane & 7) >> 1);
	}

	private static final long M32 = 0x00000000FFFFFFFFL, M16 = 0x0000FFFF0000FFFFL, M8 = 0x00FF00FF00FF00FFL;

	/**
	 * Pixels {@code base + l·nb + t0 + dt} (dt < tn, every lane l) into row {@code tile[dt]}'s 16-bit slots: 8
	 * lanes by 8 pixels at a time, as eight 64-bit words read from the 8 blocks, transposed as an 8x8 byte
	 * matrix (three rounds swapping the off-diagonal halves of 2x2 blocks of 4, 2 and 1 bytes), each word then
	 * split into its even and odd bytes plus the bias. A pixel-by-pixel loop cost as much as all the taps;
	 * the transpose runs on eight local variables: on a {@code long[8]} it cost a quarter of the encryption's
	 * time (measured, one thread).
	 */
	private static void in8in16(final byte[] data, final int base, final int nb, final long[][] tile, final int tn,
		final int lanes, final long bias)
	{
		final int tn8 = tn & ~7;
		for (int l = 0; l < lanes; l += 8) {
			final int at = base + l * nb, g = l >> 2;
			for (int dt = 0; dt < tn8; dt += 8) {
				long w0 = (long) LONGS_IN_BYTES.get(data, at + dt), w1 = (long) LONGS_IN_BYTES.get(data, at + nb + dt),
					w2 = (long) LONGS_IN_BYTES.get(data, at + 2 * nb + dt), w3 = (long) LONGS_IN_BYTES.get(data, at + 3 *
						nb + dt), w4 = (long) LONGS_IN_BYTES.get(data, at + 4 * nb + dt), w5 = (long) LONGS_IN_BYTES.get(
							data, at + 5 * nb + dt), w6 = (long) LONGS_IN_BYTES.get(data, at + 6 * nb + dt),
					w7 = (long) LONGS_IN_BYTES.get(data, at + 7 * nb + dt);
				long t;
				t = w0;
				w0 = t & M32 | (w4 & M32) << 32;
				w4 = t >>> 32 & M32 | w4 & ~M32;
				t = w1;
				w1 = t & M32 | (w5 & M32) << 32;
				w5 = t >>> 32 & M32 | w5 & ~M32;
				t = w2;
				w2 = t & M32 | (w6 & M32) << 32;
				w6 = t >>> 32 & M32 | w6 & ~M32;
				t = w3;
				w3 = t & M32 | (w7 & M32) << 32;
				w7 = t >>> 32 & M32 | w7 & ~M32;
				t = w0;
				w0 = t & M16 | (w2 & M16) << 16;
				w2 = t >>> 16 & M16 | w2 & ~M16;
				t = w1;
				w1 = t & M16 | (w3 & M16) << 16;
				w3 = t >>> 16 & M16 | w3 & ~M16;
				t = w4;
				w4 = t & M16 | (w6 & M16) << 16;
				w6 = t >>> 16 & M16 | w6 & ~M16;
				t = w5;
				w5 = t & M16 | (w7 & M16) << 16;
				w7 = t >>> 16 & M16 | w7 & ~M16;
				t = w0;
				w0 = t & M8 | (w1 & M8) << 8;
				w1 = t >>> 8 & M8 | w1 & ~M8;
				t = w2;
				w2 = t & M8 | (w3 & M8) << 8;
				w3 = t >>> 8 & M8 | w3 & ~M8;
				t = w4;
				w4 = t & M8 | (w5 & M8) << 8;
				w5 = t >>> 8 & M8 | w5 & ~M8;
				t = w6;
				w6 = t & M8 | (w7 & M8) << 8;
				w7 = t >>> 8 & M8 | w7 & ~M8;
				split(tile[dt], g, w0, bias);
				split(tile[dt + 1], g, w1, bias);
				split(tile[dt + 2], g, w2, bias);
				split(tile[dt + 3], g, w3, bias);
				split(tile[dt + 4], g, w4, bias);
				split(tile[dt + 5], g, w5, bias);
				split(tile[dt + 6], g, w6, bias);
				split(tile[dt + 7], g, w7, bias);
			}
			for (int dt = tn8; dt < tn; dt++) {
				long v = 0;
				for (int i = 0; i < 8; i++) v |= (data[at + i * nb + dt] & 0xFFL) << 8 * i;
				split(tile[dt], g, v, bias);
			}
		}
	}

	/** Word v of 8 lanes' bytes into {@code row[g]} (even lanes) and {@code row[g + 1]} (odd), plus the bias. */
	private static void split(final long[] row, final int g, final long v, final long bias) {
		row[g] = (v & LOW_BYTES) + bias;
		row[g + 1] = (v >>> 8 & LOW_BYTES) + bias;
	}

	/**
	 * The inverse of {@link #in8in16} (rows already reduced to their low bytes). Its transpose is the same
	 * three rounds written out again: a shared helper would need the eight words in an array, which is what
	 * cost a quarter of the time (measured), and Java returns no tuples.
	 */
	private static void out8in16(final byte[] data, final int base, final int nb, final long[][] tile, final int tn,
		final int lanes)
	{
		final int tn8 = tn & ~7;
		for (int l = 0; l < lanes; l += 8) {
			final int at = base + l * nb, g = l >> 2;
			for (int dt = 0; dt < tn8; dt += 8) {
				long w0 = tile[dt][g] | tile[dt][g + 1] << 8, w1 = tile[dt + 1][g] | tile[dt + 1][g + 1] << 8,
					w2 = tile[dt + 2][g] | tile[dt + 2][g + 1] << 8, w3 = tile[dt + 3][g] | tile[dt + 3][g + 1] << 8,
					w4 = tile[dt + 4][g] | tile[dt + 4][g + 1] << 8, w5 = tile[dt + 5][g] | tile[dt + 5][g + 1] << 8,
					w6 = tile[dt + 6][g] | tile[dt + 6][g + 1] << 8, w7 = tile[dt + 7][g] | tile[dt + 7][g + 1] << 8;
				long t;
				t = w0;
				w0 = t & M32 | (w4 & M32) << 32;
				w4 = t >>> 32 & M32 | w4 & ~M32;
				t = w1;
				w1 = t & M32 | (w5 & M32) << 32;
				w5 = t >>> 32 & M32 | w5 & ~M32;
				t = w2;
				w2 = t & M32 | (w6 & M32) << 32;
				w6 = t >>> 32 & M32 | w6 & ~M32;
				t = w3;
				w3 = t & M32 | (w7 & M32) << 32;
				w7 = t >>> 32 & M32 | w7 & ~M32;
				t = w0;
				w0 = t & M16 | (w2 & M16) << 16;
				w2 = t >>> 16 & M16 | w2 & ~M16;
				t = w1;
				w1 = t & M16 | (w3 & M16) << 16;
				w3 = t >>> 16 & M16 | w3 & ~M16;
				t = w4;
				w4 = t & M16 | (w6 & M16) << 16;
				w6 = t >>> 16 & M16 | w6 & ~M16;
				t = w5;
				w5 = t & M16 | (w7 & M16) << 16;
				w7 = t >>> 16 & M16 | w7 & ~M16;
				t = w0;
				w0 = t & M8 | (w1 & M8) << 8;
				w1 = t >>> 8 & M8 | w1 & ~M8;
				t = w2;
				w2 = t & M8 | (w3 & M8) << 8;
				w3 = t >>> 8 & M8 | w3 & ~M8;
				t = w4;
				w4 = t & M8 | (w5 & M8) << 8;
				w5 = t >>> 8 & M8 | w5 & ~M8;
				t = w6;
				w6 = t & M8 | (w7 & M8) << 8;
				w7 = t >>> 8 & M8 | w7 & ~M8;
				LONGS_IN_BYTES.set(data, at + dt, w0);
				LONGS_IN_BYTES.set(data, at + nb + dt, w1);
				LONGS_IN_BYTES.set(data, at + 2 * nb + dt, w2);
				LONGS_IN_BYTES.set(data, at + 3 * nb + dt, w3);
				LONGS_IN_BYTES.set(data, at + 4 * nb + dt, w4);
				LONGS_IN_BYTES.set(data, at + 5 * nb + dt, w5);
				LONGS_IN_BYTES.set(data, at + 6 * nb + dt, w6);
				LONGS_IN_BYTES.set(data, at + 7 * nb + dt, w7);
			}
			for (int dt = tn8; dt < tn; dt++) {
				final long v = tile[dt][g] | tile[dt][g + 1] << 8;
				for (int i = 0; i < 8; i++) data[at + i * nb + dt] = (byte) (v >>> 8 * i);
			}
		}
	}

	private static void addBias(final long[] acc, final long bias, final int n) {
		for (int l = 0; l < n; l++)
			acc[l] += bias;
	}

	private static void lowBytes(final long[] acc, final int n) {
		for (int l = 0; l < n; l++)
			acc[l] &= LOW_BYTES;
	}

	private static long[] row(final long[][] ring, final long[] zero, final int r, final int m, final int d) {
		return d == 0 ? zero : ring[(r - d) & m];
	}

	/**
	 * Adds the taps of {@code quads} to the row {@code acc} = row r of the ring, on 16-bit slots: two added
	 * and two subtracted, four added or four subtracted per loop; the doubled taps shift by one bit (no slot
	 * exceeds 2^16, see {@link Segments}). If {@code reduce}, the last group also reduces the row to its low
	 * bytes (one loop fewer per row than a separate pass; an empty list reduces alone).
	 */
	private static void tapsL(final long[] acc, final long[][] ring, final long[] zero, final int r, final int m,
		final int[] quads, final boolean x2, final boolean reduce, final int n)
	{
		if (quads.length == 0 && reduce) lowBytes(acc, n);
		for (int o = 0; o < quads.length; o += 5) {
			final long[] a = row(ring, zero, r, m, quads[o + 1]), b = row(ring, zero, r, m, quads[o + 2]),
				c = row(ring, zero, r, m, quads[o + 3]), d = row(ring, zero, r, m, quads[o + 4]);
			final int sh = x2 ? 1 : 0;
			final long keep = reduce && o + 5 == quads.length ? LOW_BYTES : -1L;
			if (quads[o] == PPMM) {
				for (int l = 0; l < n; l++)
					acc[l] = acc[l] + (a[l] + b[l] << sh) - (c[l] + d[l] << sh) & keep;
			}
			else if (quads[o] == PPPP) {
				for (int l = 0; l < n; l++)
					acc[l] = acc[l] + (a[l] + b[l] + c[l] + d[l] << sh) & keep;
			}
			else {
				for (int l = 0; l < n; l++)
					acc[l] = acc[l] - (a[l] + b[l] + c[l] + d[l] << sh) & keep;
			}
		}
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
				taps16(acc, ring, zero, r, m, once, false, wl);
				taps16(acc, ring, zero, r, m, twice, true, wl);
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

	/**
	 * G with {@code g[s][i] = sum_{kk=0}^{s} alpha_{k+kk-s} h_{nb-k+i-kk}}: row s = 0 and column i = 0 by
	 * that sum, the others by {@code g[s+1][i+1] = g[s][i] + alpha_{k-s-1} h_{nb-k+i+1}} (the sum for
	 * (s+1, i+1) is the one for (s, i) plus its term kk = 0): k^2 operations instead of k^3/2.
	 */
	static short[][] joinMatrix(final int[] alpha, final int nb) {
		final int k = alpha.length;
		final short[] h = impulseResponse(alpha, nb);
		final int[][] g = new int[k][k];
		for (int s = 0; s < k; s++) {
			int sum = 0;
			for (int kk = 0; kk <= s; kk++) sum += alpha[k + kk - s - 1] * h[nb - k - kk];
			g[s][0] = sum;
		}
		for (int i = 1; i < k; i++) g[0][i] = alpha[k - 1] * h[nb - k + i];
		for (int s = 0; s + 1 < k; s++) {
			final int a = alpha[k - s - 2];
			for (int i = 0; i + 1 < k; i++) g[s + 1][i + 1] = g[s][i] + a * h[nb - k + i + 1];
		}
		final short[][] out = new short[k][k];
		for (int s = 0; s < k; s++) {
			for (int i = 0; i < k; i++) out[s][i] = (short) g[s][i];
		}
		return out;
	}

	/** h_t = [t = 0] + sum_j alpha_j h_{t-j} mod 2^16, t < nb. */
	private static short[] impulseResponse(final int[] alpha, final int nb) {
		final int k = alpha.length;
		// hz[k + t] = h_t, k zeros before: every step is the same forward dot product (a reduction C2 vectorises)
		final int[] hz = new int[k + nb], ar = new int[k];
		for (int i = 0; i < k; i++) ar[i] = alpha[k - 1 - i];
		hz[k] = 1;
		for (int t = 1; t < nb; t++) hz[k + t] = dot(ar, hz, t);
		final short[] h = new short[nb];
		for (int t = 0; t < nb; t++) h[t] = (short) hz[k + t];
		return h;
	}

	/** sum_i ar[i] hz[from + i] = sum_j alpha_j h_{t-j} for from = t (mod 2^32, hence mod 2^16). */
	private static int dot(final int[] ar, final int[] hz, final int from) {
		int s = 0;
		for (int i = 0; i < ar.length; i++) s += ar[i] * hz[from + i];
		return s;
	}

	/** Adds the taps of {@code quads} (doubled if {@code x2}) to the row {@code acc} = row r of the ring. */
	private static void taps16(final short[] acc, final short[][] ring, final short[] zero, final int r, final int m,
		final int[] quads, final boolean x2, final int wl)
	{
		for (int o = 0; o < quads.length; o += 5) {
			final short[] a = row(ring, zero, r, m, quads[o + 1]), b = row(ring, zero, r, m, quads[o + 2]),
				c = row(ring, zero, r, m, quads[o + 3]), d = row(ring, zero, r, m, quads[o + 4]);
			if (quads[o] == PPMM) {
				if (x2) add16x2(acc, a, b, c, d, wl);
				else add16(acc, a, b, c, d, wl);
			}
			else if (quads[o] == PPPP) {
				if (x2) plus16x2(acc, a, b, c, d, wl);
				else plus16(acc, a, b, c, d, wl);
			}
			else {
				if (x2) minus16x2(acc, a, b, c, d, wl);
				else minus16(acc, a, b, c, d, wl);
			}
		}
	}

	private static void plus16(final short[] acc, final short[] p0, final short[] p1, final short[] p2, final short[] p3,
		final int n)
	{
		for (int l = 0; l < n; l++)
			acc[l] = (short) (acc[l] + p0[l] + p1[l] + p2[l] + p3[l]);
	}

	private static void plus16x2(final short[] acc, final short[] p0, final short[] p1, final short[] p2, final short[] p3,
		final int n)
	{
		for (int l = 0; l < n; l++) {
			final int s = p0[l] + p1[l] + p2[l] + p3[l];
			acc[l] = (short) (acc[l] + s + s);
		}
	}

	private static void minus16(final short[] acc, final short[] m0, final short[] m1, final short[] m2, final short[] m3,
		final int n)
	{
		for (int l = 0; l < n; l++)
			acc[l] = (short) (acc[l] - m0[l] - m1[l] - m2[l] - m3[l]);
	}

	private static void minus16x2(final short[] acc, final short[] m0, final short[] m1, final short[] m2, final short[] m3,
		final int n)
	{
		for (int l = 0; l < n; l++) {
			final int s = m0[l] + m1[l] + m2[l] + m3[l];
			acc[l] = (short) (acc[l] - s - s);
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
