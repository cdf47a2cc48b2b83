package org.medcrypt.transfer;

import java.io.ByteArrayOutputStream;

/**
 * Reversible (bit-exact) data hiding in an image encrypted by a bitwise XOR
 * stream cipher, by most-significant-bit prediction: P. Puteaux and W. Puech,
 * "An Efficient MSB Prediction-Based Method for High-Capacity Reversible Data
 * Hiding in Encrypted Images", IEEE TIFS 13(7), 2018, generalised to several
 * bit planes and to 16-bit and RGB samples.
 *
 * <h2>Idea</h2>
 * In a natural image a sample is close to what its neighbours predict, so once
 * its low bits are known its top bits usually follow: among the values that
 * share the low bits, the true one is the nearest to the prediction. The
 * sender encrypts by XOR (the bits of each sample stay in place), then
 * overwrites the top bits of the encrypted samples with the payload. The
 * recipient reads the payload, decrypts the low bits with the keystream,
 * predicts the top bits in scan order from the samples already restored, and
 * so rebuilds the original encrypted image exactly. Samples whose top bits the
 * predictor gets wrong are listed, before encryption, in an <em>error map</em>
 * (index and true top bits) that the caller carries encrypted in the payload.
 *
 * <h2>Layout</h2>
 * Payload bit {@code k} (most significant bit of each byte first) replaces bit
 * {@code d - 1 - k / S} of sample {@code k % S} ({@code S} samples of
 * {@code d} bits, {@link PixelBytes} order): the MSB plane of every sample in
 * scan order first, then the next plane. A payload of {@code P} bits thus
 * changes the top {@code r(s)} bits of sample {@code s}, {@code r(s) = P / S}
 * plus one if {@code s < P mod S}, and only the first {@code min(P, S)} samples
 * (the first rows of the first plane, usually background) when {@code P <= S}.
 * At most {@code d / 2} planes are used. The first bits of the payload always
 * sit in the MSB plane of the first samples, so a reader finds a fixed-size
 * header there before it knows {@code P}.
 *
 * <h2>Prediction</h2>
 * The median edge detector of LOCO-I/JPEG-LS on the left, upper and
 * upper-left samples of the same channel and plane (first row: left; first
 * column: upper; first sample of a plane: 0). Candidates are
 * {@code h * 2^(d-r) + low} for {@code h} in {@code 0 .. 2^r - 1}; the
 * predicted value is the candidate nearest to the prediction (ties to the
 * smaller). Error map: for each mispredicted sample in increasing order, the
 * gap to the previous one as an unsigned LEB128 varint, then one byte of true
 * top bits.
 */
public final class MsbPredictionWatermark {

	/** Bytes of an error map entry at most: a 5-byte varint and the top bits. */
	static final int MAX_ENTRY_BYTES = 6;

	private MsbPredictionWatermark() {}

	/** Most planes a payload may use: half the bits of a sample. */
	public static int maxPlanes(final PixelBytes g) {
		return g.bitsPerSample / 2;
	}

	/** Most payload bits the image can carry (before the error map). */
	public static long maxBits(final PixelBytes g) {
		return (long) g.samples() * maxPlanes(g);
	}

	/** Top bits replaced in sample {@code s}: {@code full + 1} below {@code rem}, else {@code full}. */
	private static int replaced(final int full, final long rem, final int s) {
		return s < rem ? full + 1 : full;
	}

	/** Samples touched by a {@code payloadBits}-bit payload. */
	static int touched(final PixelBytes g, final long payloadBits) {
		return (int) Math.min(payloadBits, g.samples());
	}

	/** The error map of the plaintext stream for a {@code payloadBits}-bit payload. */
	public static byte[] errorMap(final byte[] plain, final PixelBytes g, final long payloadBits) {
		check(g, payloadBits);
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final int n = touched(g, payloadBits), d = g.bitsPerSample, full = (int) (payloadBits / g.samples());
		final long rem = payloadBits % g.samples();
		int last = -1;
		for (int s = 0; s < n; s++) {
			final int r = replaced(full, rem, s);
			final int p = g.sample(plain, s);
			final int low = p & ((1 << (d - r)) - 1);
			if (nearest(predict(plain, g, s, null), low, d, r) != p) {
				writeVarint(out, s - last - 1);
				out.write(p >>> (d - r));
				last = s;
			}
		}
		return out.toByteArray();
	}

	/**
	 * Overwrites the top bits of the encrypted stream with the payload's first
	 * {@code payloadBits} bits (see the class comment for the positions).
	 */
	public static void embed(final byte[] encrypted, final PixelBytes g, final byte[] payload,
		final long payloadBits)
	{
		check(g, payloadBits);
		if (payloadBits > 8L * payload.length) throw new IllegalArgumentException("payload shorter than its bits");
		final int S = g.samples(), d = g.bitsPerSample;
		long k = 0;
		for (int bit = d - 1; k < payloadBits; bit--) {
			final int n = (int) Math.min(S, payloadBits - k), clear = ~(1 << bit);
			for (int s = 0; s < n; s++, k++) {
				final int b = payload[(int) (k >>> 3)] >> (7 - (int) (k & 7)) & 1;
				g.setSample(encrypted, s, g.sample(encrypted, s) & clear | b << bit);
			}
		}
	}

	/** Payload bits {@code from .. from + 8 * length} read from a marked stream, as bytes. */
	public static byte[] extract(final byte[] marked, final PixelBytes g, final long from, final int length) {
		final long end = from + 8L * length;
		check(g, end);
		final int S = g.samples(), d = g.bitsPerSample;
		final byte[] out = new byte[length];
		long k = from;
		for (int bit = d - 1 - (int) (from / S); k < end; bit--) {
			final int s0 = (int) (k % S), n = (int) Math.min(S - s0, end - k);
			for (int s = s0; s < s0 + n; s++, k++) {
				if ((g.sample(marked, s) >> bit & 1) != 0) {
					final long i = k - from;
					out[(int) (i >>> 3)] |= 1 << (7 - (int) (i & 7));
				}
			}
		}
		return out;
	}

	/** Thrown when an error map does not parse; the caller reports the image as altered. */
	public static final class BadErrorMapException extends Exception {

		private static final long serialVersionUID = 1L;

		BadErrorMapException(final String message) {
			super(message);
		}
	}

	/**
	 * Rebuilds, in place, the encrypted stream as it was before
	 * {@link #embed}: for each touched sample, the low bits are decrypted with
	 * {@code keystream} (which covers at least the touched samples' bytes), the
	 * top bits predicted from the samples already restored or taken from the
	 * error map, and the result re-encrypted.
	 */
	public static void restore(final byte[] marked, final byte[] keystream, final PixelBytes g,
		final long payloadBits, final byte[] errorMap) throws BadErrorMapException
	{
		check(g, payloadBits);
		final int n = touched(g, payloadBits), d = g.bitsPerSample, full = (int) (payloadBits / g.samples());
		final long rem = payloadBits % g.samples();
		if (keystream.length < n * (d / 8)) throw new IllegalArgumentException("keystream too short");
		int pos = 0, next = -1;
		final int[] read = new int[1];
		if (errorMap.length > 0) {
			next = readVarint(errorMap, 0, read);
			pos = read[0];
			if (next >= n) throw new BadErrorMapException("error map index out of range");
		}
		// The restored plaintext of the previous and the current row (the predictor's a, b, c), so that each
		// sample is read, XORed and predicted once: no division, no re-reading of its three neighbours.
		final int ch = g.channels, row = g.width * ch, perPlane = g.samplesPerPlane();
		int[] up = new int[row], cur = new int[row];
		final boolean wide = d == 16;
		for (int s = 0, x = 0, y = 0; s < n; s++) {
			final int r = s < rem ? full + 1 : full, shift = d - r;
			final int ks = wide ? (keystream[2 * s] & 0xFF) << 8 | keystream[2 * s + 1] & 0xFF : keystream[s] & 0xFF;
			final int m = wide ? (marked[2 * s] & 0xFF) << 8 | marked[2 * s + 1] & 0xFF : marked[s] & 0xFF;
			final int low = (m ^ ks) & ((1 << shift) - 1);
			final int p;
			if (s == next) {
				if (pos >= errorMap.length) throw new BadErrorMapException("error map entry cut short");
				final int top = errorMap[pos++] & 0xFF;
				if (top >>> r != 0) throw new BadErrorMapException("error map entry out of range");
				p = top << shift | low;
				if (pos < errorMap.length) {
					final long gap = readVarint(errorMap, pos, read);
					pos = read[0];
					if (next + 1 + gap >= n) throw new BadErrorMapException("error map index out of range");
					next = (int) (next + 1 + gap);
				}
				else next = -1;
			}
			else {
				final int prediction;
				if (x >= ch) {
					final int a = cur[x - ch];
					if (y > 0) {
						final int b = up[x], c = up[x - ch];
						prediction = c >= Math.max(a, b) ? Math.min(a, b) : c <= Math.min(a, b) ? Math.max(a, b) :
							a + b - c;
					}
					else prediction = a;
				}
				else prediction = y > 0 ? up[x] : 0;
				// nearest(prediction, low, d, r), with a shift for the floor division by 2^(d-r)
				final int h = (prediction - low + (1 << shift >> 1) - 1) >> shift;
				p = (h < 0 ? 0 : Math.min((1 << r) - 1, h)) << shift | low;
			}
			cur[x] = p;
			final int e = p ^ ks;
			if (wide) {
				marked[2 * s] = (byte) (e >> 8);
				marked[2 * s + 1] = (byte) e;
			}
			else marked[s] = (byte) e;
			if (++x == row) {
				x = 0;
				final int[] t = up;
				up = cur;
				cur = t;
				y = (s + 1) % perPlane == 0 ? 0 : y + 1;
			}
		}
		if (next >= 0) throw new BadErrorMapException("error map index out of range");
	}

	/**
	 * Net capacity of the top {@code planes} planes of every sample: the
	 * payload bits left after the error map; negative if the error map alone is
	 * larger. {@code [0]} net bits, {@code [1]} error map entries.
	 */
	public static long[] capacity(final byte[] plain, final PixelBytes g, final int planes) {
		final long bits = (long) planes * g.samples();
		final byte[] map = errorMap(plain, g, bits);
		return new long[] { bits - 8L * map.length, countEntries(map) };
	}

	/** Entries of an error map (each entry ends with its top-bits byte after a varint). */
	static int countEntries(final byte[] map) {
		int n = 0;
		for (int i = 0; i < map.length;) {
			while (i < map.length && (map[i] & 0x80) != 0)
				i++;
			i += 2; // last varint byte, then the top bits
			n++;
		}
		return n;
	}

	/**
	 * MED prediction of sample {@code s} from its causal neighbours; with a
	 * keystream, the neighbours are stored encrypted and are decrypted on the
	 * fly (restore), without one they are plaintext (error map).
	 */
	private static int predict(final byte[] stream, final PixelBytes g, final int s, final byte[] keystream) {
		final int ch = g.channels, row = g.width * ch, q = s % g.samplesPerPlane();
		final boolean hasLeft = q % row >= ch, hasUp = q >= row;
		if (!hasLeft && !hasUp) return 0;
		if (!hasUp) return value(stream, g, s - ch, keystream);
		if (!hasLeft) return value(stream, g, s - row, keystream);
		final int a = value(stream, g, s - ch, keystream), b = value(stream, g, s - row, keystream);
		final int c = value(stream, g, s - row - ch, keystream);
		if (c >= Math.max(a, b)) return Math.min(a, b);
		if (c <= Math.min(a, b)) return Math.max(a, b);
		return a + b - c;
	}

	private static int value(final byte[] stream, final PixelBytes g, final int s, final byte[] keystream) {
		final int v = g.sample(stream, s);
		return keystream == null ? v : v ^ g.sample(keystream, s);
	}

	/** The value with these low {@code d - r} bits nearest to {@code prediction} (ties to the smaller). */
	static int nearest(final int prediction, final int low, final int d, final int r) {
		final int step = 1 << (d - r);
		final int h = Math.floorDiv(prediction - low + (step >> 1) - 1, step);
		return Math.max(0, Math.min((1 << r) - 1, h)) * step + low;
	}

	private static void check(final PixelBytes g, final long payloadBits) {
		if (payloadBits < 0 || payloadBits > maxBits(g)) {
			throw new IllegalArgumentException(payloadBits + " payload bits do not fit in a " + g + " image (at most " +
				maxBits(g) + ", " + maxPlanes(g) + " bits per sample)");
		}
	}

	private static void writeVarint(final ByteArrayOutputStream out, long v) {
		while (v >= 0x80) {
			out.write((int) (v & 0x7F) | 0x80);
			v >>>= 7;
		}
		out.write((int) v);
	}

	/** Reads a varint at {@code pos}; {@code end[0]} gets the position after it. */
	private static int readVarint(final byte[] b, int pos, final int[] end) throws BadErrorMapException {
		long v = 0;
		for (int shift = 0; shift < 35; shift += 7) {
			if (pos >= b.length) throw new BadErrorMapException("error map varint cut short");
			final int x = b[pos++];
			v |= (long) (x & 0x7F) << shift;
			if ((x & 0x80) == 0) {
				if (v > Integer.MAX_VALUE) break;
				end[0] = pos;
				return (int) v;
			}
		}
		throw new BadErrorMapException("error map varint out of range");
	}
}
