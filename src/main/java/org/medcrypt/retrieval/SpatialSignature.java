package org.medcrypt.retrieval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.medcrypt.encimage.HaarSubbands;

/**
 * The spatial signature: where in the image the intensity and the wavelet
 * detail energy lie, beside the paper's level-1 histograms. Chosen by
 * measurement among signatures from the wavelet-retrieval literature
 * (docs/RETRIEVAL.md, section "Spatial signature"): a spatial grid of subband
 * energies (as in spatial pyramid matching, Lazebnik et al. 2006, on the
 * subband energies of wavelet texture signatures, Smith & Chang 1994; Do &
 * Vetterli 2002 for per-subband models), compressed by a cube root, with the
 * paper's level-1 histograms (Quellec et al. 2010, paper 1 section II.1).
 *
 * <p>From the Haar bands of levels 1-3 of the padded plane (W x H):
 * <ul>
 * <li>4 energy blocks of {@value #GRID}x{@value #GRID} cells: per cell, the mean
 * of LL3 / 4^3 (the mean pixel), and for each level l the mean of
 * (|HL_l| + |LH_l| + |HH_l|) / 4^l; each mean m stored as round({@value #SCALE}·cbrt(m))
 * (a cell with no coefficient, in images under 64 pixels, is 0);</li>
 * <li>4 histogram blocks: the paper's level-1 histograms (LL, HL, LH, HH at the
 * default Δ, {@link SignatureParameters#defaults}; LL1 is recovered exactly from
 * LL3 and the details of levels 3 and 2 by the inverse Haar step), as fractions
 * of the band's coefficients in units of 2^-16.</li>
 * </ul>
 * Every value is an integer in [0, {@link #NOMINAL_COEFFICIENTS}], computed by
 * the same code from plaintext (owner) or decrypted coefficients (key holder),
 * so the two paths agree exactly. The distance is the weighted L1 distance the
 * key holder computes from encrypted differences today ({@link QueryProtocol}):
 * Σ {@value #ENERGY_WEIGHT}·|Δ energy| + Σ |Δ histogram|, over
 * {@link #NOMINAL_COEFFICIENTS}. Values are already normalised, so the
 * signature's coefficient count is the constant {@link #NOMINAL_COEFFICIENTS}
 * and the server's scaling is α = β = 1.
 *
 * <p>Spatial2 ({@link SignatureParameters.Method#SPATIAL2}, issue 13, measured in
 * docs/RETRIEVAL.md) keeps this layout and changes three things: each energy is
 * stored as round({@value #SCALE}·m^(1/4)) (a stronger power-law compression);
 * the energy blocks are compared by the root norm Σ floor(√(|d|·2^16)), a
 * fractional L^½ distance (Aggarwal et al. 2001: fractional norms separate
 * neighbours better than L1 in high dimension), exact in integers; the
 * histogram blocks keep L1 with weight 2 for LL1 and 1 for the details.
 */
public final class SpatialSignature {

	/** Cells per axis of the energy grid. */
	public static final int GRID = 8;
	/** Fixed-point scale of the cube-rooted energies. */
	static final long SCALE = 1024;
	/** Fixed-point scale of the histogram fractions. */
	static final long HISTOGRAM_SCALE = 1L << 16;
	/** Weight of an energy block's L1 term against a histogram's (measured: docs/RETRIEVAL.md). */
	static final long ENERGY_WEIGHT = 4;
	/**
	 * The coefficient count every spatial signature carries: values are already
	 * normalised (α = β = 1) and each lies in [0, this], so a difference is
	 * bounded by it as the key holder checks.
	 */
	public static final long NOMINAL_COEFFICIENTS = 1L << 20;
	private static final String[] ENERGY_NAMES = { "pixel grid", "details1 grid", "details2 grid",
		"details3 grid" };

	private SpatialSignature() {}

	/**
	 * The blocks of a spatial method, in signature order: 4 energy grids, then the
	 * 4 level-1 histograms; with their weights and norms (Spatial: 4·L1 and L1;
	 * Spatial2: 1·root norm, then 2·L1 for LL1 and 1·L1 for the details).
	 */
	static List<SignatureParameters.Band> blocks(final SignatureParameters.Method method, final int bitDepth) {
		final boolean second = method == SignatureParameters.Method.SPATIAL2;
		final List<SignatureParameters.Band> list = new ArrayList<>();
		for (int e = 0; e < ENERGY_NAMES.length; e++) {
			list.add(new SignatureParameters.Band(ENERGY_NAMES[e], Math.max(e, 1), e == 0 ? HaarSubbands.Band.LL
				: HaarSubbands.Band.HH, GRID * GRID, NOMINAL_COEFFICIENTS, second ? 1 : ENERGY_WEIGHT, second));
		}
		for (final SignatureParameters.Band h : SignatureParameters.defaults(bitDepth).bands()) {
			list.add(new SignatureParameters.Band("histogram " + h, 1, h.kind, h.intervals, NOMINAL_COEFFICIENTS,
				second && h.kind == HaarSubbands.Band.LL ? 2 : 1));
		}
		return Collections.unmodifiableList(list);
	}

	/**
	 * The signature's values from the 3-level transform of a padded W x H plane
	 * ({@link HaarSubbands#transform} layout: [level-1][band], raster order).
	 */
	static long[][] values(final long[][][] haar, final int width, final int height, final int bitDepth,
		final SignatureParameters.Method method)
	{
		final double power = method == SignatureParameters.Method.SPATIAL2 ? 0.25 : 1.0 / 3;
		if (haar.length != SignatureParameters.MAX_LEVELS) throw new IllegalArgumentException("3 levels needed");
		final long[][] out = new long[8][];
		final int ll = HaarSubbands.Band.LL.ordinal();
		out[0] = grid(new long[][] { haar[2][ll] }, width >> 3, height >> 3, 64, power);
		for (int l = 1; l <= 3; l++) {
			final long[][] d = haar[l - 1];
			out[l] = grid(new long[][] { d[1], d[2], d[3] }, width >> l, height >> l, 1L << (2 * l),
				power);
		}
		// LL1 back from LL3 and the details of levels 3 and 2 (exact: the Haar step is invertible).
		final long[] ll2 = inverse(haar[2], width >> 3, height >> 3);
		final long[] ll1 = inverse(new long[][] { ll2, haar[1][1], haar[1][2], haar[1][3] }, width >> 2,
			height >> 2);
		final List<SignatureParameters.Band> paper = SignatureParameters.defaults(bitDepth).bands();
		final long[][] level1 = { ll1, haar[0][1], haar[0][2], haar[0][3] };
		for (int b = 0; b < 4; b++) {
			final SignatureParameters.Band band = paper.get(b);
			final long[] counts = new long[band.intervals];
			for (final long c : level1[b]) {
				final int i = band.interval(c);
				if (i < 0) throw new IllegalArgumentException("a coefficient outside " + band);
				counts[i]++;
			}
			final long n = level1[b].length;
			out[4 + b] = new long[counts.length];
			for (int i = 0; i < counts.length; i++) {
				out[4 + b][i] = (2 * counts[i] * HISTOGRAM_SCALE + n) / (2 * n);
			}
		}
		return out;
	}

	/**
	 * Per cell of the grid over a w x h band: round(SCALE·m^power), m = Σ|c| / (count·divisor) over the given
	 * bands (power 1/3 by StrictMath.cbrt, 1/4 by two StrictMath.sqrt: the same bits on every machine).
	 */
	private static long[] grid(final long[][] bands, final int w, final int h, final long divisor,
		final double power)
	{
		final long[] sum = new long[GRID * GRID], count = new long[GRID * GRID];
		for (int y = 0; y < h; y++) {
			final int row = (int) ((long) y * GRID / h) * GRID;
			for (int x = 0; x < w; x++) {
				final int cell = row + (int) ((long) x * GRID / w);
				for (final long[] band : bands) sum[cell] = Math.addExact(sum[cell], Math.abs(band[y * w + x]));
				count[cell]++;
			}
		}
		final long[] out = new long[GRID * GRID];
		for (int c = 0; c < out.length; c++) {
			if (count[c] == 0) continue;
			final double m = (double) sum[c] / ((double) count[c] * divisor);
			out[c] = Math.round(SCALE * (power == 0.25 ? StrictMath.sqrt(StrictMath.sqrt(m)) : StrictMath.cbrt(m)));
		}
		return out;
	}

	/** One inverse Haar step: LL of the finer level (2w x 2h) from LL, HL, LH, HH (w x h). */
	private static long[] inverse(final long[][] bands, final int w, final int h) {
		final long[] out = new long[4 * w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final int i = y * w + x;
				final long ll = bands[0][i], hl = bands[1][i], lh = bands[2][i], hh = bands[3][i];
				out[2 * y * 2 * w + 2 * x] = (ll + hl + lh + hh) / 4;
				out[2 * y * 2 * w + 2 * x + 1] = (ll - hl + lh - hh) / 4;
				out[(2 * y + 1) * 2 * w + 2 * x] = (ll + hl - lh - hh) / 4;
				out[(2 * y + 1) * 2 * w + 2 * x + 1] = (ll - hl - lh + hh) / 4;
			}
		}
		return out;
	}
}
