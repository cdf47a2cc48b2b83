package org.medcrypt.encimage;

/**
 * Integer 2D Haar transform (taps 1, ±1; seed paper 1, eqs. 2-3, with the Haar
 * filters) of one plane, levels 1..L, in plaintext: the reference the encrypted
 * transform must reproduce exactly. For each 2x2 block a (x even, y even), b (x
 * odd), c (y odd), d (both odd):
 * LL = a+b+c+d, HL = a-b+c-d (horizontal detail), LH = a+b-c-d (vertical
 * detail), HH = a-b-c+d. Level l+1 transforms LL of level l.
 */
public final class HaarSubbands {

	/** The four subbands, in the order the arrays of {@link #transform} use. */
	public enum Band {
		LL, HL, LH, HH
	}

	private HaarSubbands() {}

	/**
	 * Transforms a width x height plane (both even at every level: multiples of
	 * 2^levels) in raster order. Returns [level-1][band] arrays of
	 * (width/2^level) x (height/2^level) coefficients in raster order; only the
	 * last level's LL is kept as LL, earlier LLs are the next level's input.
	 */
	public static long[][][] transform(final long[] plane, final int width, final int height, final int levels) {
		if (width % (1 << levels) != 0 || height % (1 << levels) != 0) {
			throw new IllegalArgumentException("width and height must be multiples of 2^levels");
		}
		final long[][][] out = new long[levels][4][];
		long[] input = plane;
		int w = width, h = height;
		for (int l = 0; l < levels; l++) {
			final int hw = w / 2, hh = h / 2;
			final long[][] bands = new long[4][hw * hh];
			for (int y = 0; y < hh; y++) {
				for (int x = 0; x < hw; x++) {
					final long a = input[2 * y * w + 2 * x], b = input[2 * y * w + 2 * x + 1];
					final long c = input[(2 * y + 1) * w + 2 * x], d = input[(2 * y + 1) * w + 2 * x + 1];
					final int i = y * hw + x;
					bands[Band.LL.ordinal()][i] = a + b + c + d;
					bands[Band.HL.ordinal()][i] = a - b + c - d;
					bands[Band.LH.ordinal()][i] = a + b - c - d;
					bands[Band.HH.ordinal()][i] = a - b - c + d;
				}
			}
			out[l] = bands;
			input = bands[Band.LL.ordinal()];
			w = hw;
			h = hh;
		}
		return out;
	}
}
