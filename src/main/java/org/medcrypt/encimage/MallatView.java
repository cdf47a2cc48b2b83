package org.medcrypt.encimage;

/**
 * The classic picture of a wavelet decomposition (seed paper 1, figure 1):
 * level-l detail bands in the quadrants of a (W/2^(l-1)) square, HL top right,
 * LH bottom left, HH bottom right, and the last level's LL in the top-left
 * corner. Values are the signed integer coefficients as floats.
 */
public final class MallatView {

	private MallatView() {}

	/**
	 * @param bands [level-1][band] coefficient grids in raster order, as
	 *          {@link HaarSubbands#transform} or {@link EncryptedHaar#decrypt} give them
	 * @param width width of the padded plane (level 0)
	 */
	public static float[] arrange(final long[][][] bands, final int width, final int height) {
		final float[] view = new float[width * height];
		final int levels = bands.length;
		for (int l = 0; l < levels; l++) {
			final int w = width >> (l + 1), h = height >> (l + 1);
			place(view, width, bands[l][HaarSubbands.Band.HL.ordinal()], w, h, w, 0);
			place(view, width, bands[l][HaarSubbands.Band.LH.ordinal()], w, h, 0, h);
			place(view, width, bands[l][HaarSubbands.Band.HH.ordinal()], w, h, w, h);
			if (l == levels - 1) place(view, width, bands[l][HaarSubbands.Band.LL.ordinal()], w, h, 0, 0);
		}
		return view;
	}

	private static void place(final float[] view, final int viewWidth, final long[] band, final int w, final int h,
		final int x0, final int y0)
	{
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) view[(y0 + y) * viewWidth + x0 + x] = band[y * w + x];
		}
	}
}
