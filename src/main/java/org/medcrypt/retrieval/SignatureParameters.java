package org.medcrypt.retrieval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.medcrypt.encimage.HaarSubbands;

/**
 * What a wavelet signature measures: the pixel bit depth b, the interval width
 * Δ and the Haar levels. Levels = 1 is the paper's signature (LL, HL, LH, HH of
 * level 1); more levels add the details of the deeper levels and keep only the
 * last LL.
 *
 * <p>At level l, LL lies in [0, 4^l·M] and each detail band in
 * [-2·4^(l-1)·M, 2·4^(l-1)·M] (M = 2^b - 1): both span 4^l·M + 1 values, cut from
 * the band's lowest value into k_l = ceil((4^l·M + 1) / Δ) intervals of width Δ.
 */
public final class SignatureParameters {

	/** Deeper levels than this are not aligned by the default encrypted layout. */
	public static final int MAX_LEVELS = 3;
	/** The default k at level 1: Δ is chosen so that 64 intervals cover a band (Δ = 16 for 8-bit images). */
	public static final int DEFAULT_INTERVALS = 64;

	/** One histogram of the signature. */
	public static final class Band {

		public final int level;
		public final HaarSubbands.Band kind;
		/** The band's lowest possible coefficient, where interval 0 starts. */
		public final long lowest;
		/** The band's highest possible coefficient. */
		public final long highest;
		/** k: the intervals of this band. */
		public final int intervals;
		private final int delta;
		private final long weight;
		private final String name;
		private final boolean root;

		Band(final int level, final HaarSubbands.Band kind, final long lowest, final long highest, final int delta) {
			this.root = false;
			this.level = level;
			this.kind = kind;
			this.lowest = lowest;
			this.highest = highest;
			this.delta = delta;
			this.intervals = (int) ((highest - lowest + delta) / delta);
			this.weight = 1L << (2 * (level - 1));
			this.name = kind + "" + level;
		}

		/** A block of {@code values} fixed-point features in [0, highest] (the spatial signature), with its weight. */
		Band(final String name, final int level, final HaarSubbands.Band kind, final int values, final long highest,
			final long weight)
		{
			this(name, level, kind, values, highest, weight, false);
		}

		/**
		 * A block as above whose distance term is the root norm Σ 256·√|d| ({@link WaveletSignature#weightedL1})
		 * instead of Σ|d| when {@code root} is set (Spatial2's energy blocks).
		 */
		Band(final String name, final int level, final HaarSubbands.Band kind, final int values, final long highest,
			final long weight, final boolean root)
		{
			this.root = root;
			this.level = level;
			this.kind = kind;
			this.lowest = 0;
			this.highest = highest;
			this.delta = 1;
			this.intervals = values;
			this.weight = weight;
			this.name = name;
		}

		/** The interval holding a coefficient; -1 if it is outside the band's range. */
		public int interval(final long coefficient) {
			if (coefficient < lowest || coefficient > highest) return -1;
			return (int) ((coefficient - lowest) / delta);
		}

		/**
		 * Weight of the band's L1 term: for histograms, relative to level 1 (it has
		 * 4^(level-1) times fewer coefficients); for the spatial signature's blocks,
		 * {@link SpatialSignature#ENERGY_WEIGHT} or 1.
		 */
		long weight() {
			return weight;
		}

		/** Whether the band's term is Σ floor(√(|d|·2^16)) (a fractional L^½ norm, exact in integers) rather than Σ|d|. */
		boolean root() {
			return root;
		}

		@Override
		public String toString() {
			return name;
		}
	}

	/**
	 * Which signature: the paper's histograms, or a spatial signature
	 * ({@link SpatialSignature}: a grid of subband energies of levels 1-3 beside
	 * the level-1 histograms), measured better in docs/RETRIEVAL.md. SPATIAL2
	 * keeps SPATIAL's layout with fourth-rooted energies compared by a root norm
	 * and histogram weights measured again (issue 13); its ordinal (2) is the
	 * method id files and messages carry, so SPATIAL files keep their meaning.
	 */
	public enum Method {
		PAPER("Paper"), SPATIAL("Spatial"), SPATIAL2("Spatial2");

		private final String label;

		Method(final String label) {
			this.label = label;
		}

		/**
		 * Whether rankings expand the query with its nearest stored signature
		 * ({@link Ranking}): Spatial2 (no stored byte depends on it); the paper's
		 * signature ranks as the paper does, Spatial as it was measured.
		 */
		public boolean expandsQuery() {
			return this == SPATIAL2;
		}

		/** The name the commands and the CLI use. */
		public String label() {
			return label;
		}

		/** Whether this is one of the spatial signatures (grid of energies, positions needed). */
		public boolean spatial() {
			return this != PAPER;
		}

		/** The method named (case ignored): "Paper", "Spatial" or "Spatial2". */
		public static Method named(final String name) {
			for (final Method m : values()) if (m.label.equalsIgnoreCase(name.trim())) return m;
			throw new IllegalArgumentException("the signature must be Paper, Spatial or Spatial2, not '" + name + "'");
		}
	}

	private final Method method;
	private final int bitDepth, delta, levels;
	private final List<Band> bands;
	private final List<Band> haarBands;

	private SignatureParameters(final int bitDepth, final int delta, final int levels) {
		this.method = Method.PAPER;
		this.bitDepth = bitDepth;
		this.delta = delta;
		this.levels = levels;
		this.bands = histogramBands(bitDepth, delta, levels);
		this.haarBands = bands;
	}

	/** A spatial signature of b-bit images: Haar levels 1-3, its blocks as {@link SpatialSignature} makes them. */
	private SignatureParameters(final Method method, final int bitDepth) {
		this.method = method;
		this.bitDepth = bitDepth;
		this.delta = 0;
		this.levels = MAX_LEVELS;
		this.haarBands = histogramBands(bitDepth, 1, MAX_LEVELS);
		this.bands = SpatialSignature.blocks(method, bitDepth);
	}

	private static List<Band> histogramBands(final int bitDepth, final int delta, final int levels) {
		final long max = (1L << bitDepth) - 1;
		final List<Band> list = new ArrayList<>();
		list.add(new Band(levels, HaarSubbands.Band.LL, 0, (1L << (2 * levels)) * max, delta));
		for (int l = 1; l <= levels; l++) {
			final long half = 2 * (1L << (2 * (l - 1))) * max;
			for (final HaarSubbands.Band kind : new HaarSubbands.Band[] { HaarSubbands.Band.HL,
				HaarSubbands.Band.LH, HaarSubbands.Band.HH })
			{
				list.add(new Band(l, kind, -half, half, delta));
			}
		}
		return Collections.unmodifiableList(list);
	}

	/**
	 * Parameters as files, the store and the wire record them: the paper's by
	 * {@link #of(int, int, int)}; the spatial signature's only with its own fields
	 * (Δ 0, {@value #MAX_LEVELS} levels).
	 */
	public static SignatureParameters of(final Method method, final int bitDepth, final int delta,
		final int levels)
	{
		if (method == Method.PAPER) return of(bitDepth, delta, levels);
		if (delta != 0 || levels != MAX_LEVELS) {
			throw new IllegalArgumentException("a " + method.label() + " signature has interval width 0 and " +
				MAX_LEVELS + " levels, not " + delta + " and " + levels);
		}
		return spatial(method, bitDepth);
	}

	/** The spatial signature ({@link SpatialSignature}, first version) of b-bit images. */
	public static SignatureParameters spatial(final int bitDepth) {
		return spatial(Method.SPATIAL, bitDepth);
	}

	/** A spatial signature ({@link SpatialSignature}: SPATIAL or SPATIAL2) of b-bit images. */
	public static SignatureParameters spatial(final Method method, final int bitDepth) {
		if (!method.spatial()) throw new IllegalArgumentException(method.label() + " is not a spatial signature");
		if (bitDepth != 8 && bitDepth != 16) {
			throw new IllegalArgumentException("signatures are defined for 8- and 16-bit images, not " + bitDepth +
				"-bit");
		}
		return new SignatureParameters(method, bitDepth);
	}

	/**
	 * The commands' choice: the spatial signature (always 3 levels, whatever
	 * {@code levels} says, which is the paper's option; Δ and k must be 0), or the
	 * paper's by {@link #resolve(int, int, int, int)}.
	 */
	public static SignatureParameters resolve(final Method method, final int bitDepth, final int delta, final int k,
		final int levels)
	{
		if (method == Method.PAPER) return resolve(bitDepth, delta, k, levels);
		if (delta != 0 || k != 0) {
			throw new IllegalArgumentException("the " + method.label() + " signature has no interval width or k to " +
				"choose; leave them at 0");
		}
		return spatial(method, bitDepth);
	}

	/** Checked parameters; the message says which value is wrong. */
	public static SignatureParameters of(final int bitDepth, final int delta, final int levels) {
		if (bitDepth != 8 && bitDepth != 16) {
			throw new IllegalArgumentException("signatures are defined for 8- and 16-bit images, not " + bitDepth +
				"-bit");
		}
		if (levels < 1 || levels > MAX_LEVELS) {
			throw new IllegalArgumentException("signature levels must be 1 to " + MAX_LEVELS + ", not " + levels);
		}
		final long range = (1L << (2 * levels)) * ((1L << bitDepth) - 1) + 1;
		if (delta < 1 || delta > range) {
			throw new IllegalArgumentException("the interval width must be 1 to " + range + " for " + bitDepth +
				"-bit images at " + levels + " level(s), not " + delta);
		}
		if ((range + delta - 1) / delta > 65536) {
			throw new IllegalArgumentException("an interval width of " + delta + " gives more than 65536 intervals " +
				"per band; choose a larger width");
		}
		return new SignatureParameters(bitDepth, delta, levels);
	}

	/**
	 * What the commands offer: Δ, or k (intervals per level-1 band), or neither
	 * (0 for "not given"; then {@link #defaultDelta}). Given k, Δ = ceil(span / k)
	 * of a level-1 band; given both, they must agree with that.
	 */
	public static SignatureParameters resolve(final int bitDepth, final int delta, final int k, final int levels) {
		if (k < 0 || delta < 0) throw new IllegalArgumentException("k and the interval width cannot be negative");
		if (k == 0) return of(bitDepth, delta == 0 ? defaultDelta(bitDepth) : delta, levels);
		final long span = 4 * ((1L << bitDepth) - 1) + 1;
		final int fromK = (int) ((span + k - 1) / k);
		if (delta != 0 && delta != fromK) {
			throw new IllegalArgumentException(k + " intervals of a level-1 band of " + bitDepth + "-bit coefficients " +
				"have width " + fromK + ", not " + delta + "; give k or the interval width, not both");
		}
		return of(bitDepth, fromK, levels);
	}

	/** The paper's signature (level 1) with {@link #DEFAULT_INTERVALS} intervals per band. */
	public static SignatureParameters defaults(final int bitDepth) {
		return of(bitDepth, defaultDelta(bitDepth), 1);
	}

	/** The Δ that cuts a level-1 band of b-bit coefficients into {@link #DEFAULT_INTERVALS} intervals. */
	public static int defaultDelta(final int bitDepth) {
		final long range = 4 * ((1L << bitDepth) - 1) + 1;
		return (int) ((range + DEFAULT_INTERVALS - 1) / DEFAULT_INTERVALS);
	}

	public Method method() {
		return method;
	}

	public int bitDepth() {
		return bitDepth;
	}

	/** Δ, the interval width (0 for the spatial signature, whose histograms use the default Δ). */
	public int delta() {
		return delta;
	}

	public int levels() {
		return levels;
	}

	/**
	 * The blocks of the signature, each encrypted as one packed vector and compared
	 * by weighted L1: for the paper's, the histograms (LL of the last level, then
	 * HL, LH, HH of levels 1, 2, ...); for the spatial one, {@link SpatialSignature#blocks}.
	 */
	public List<Band> bands() {
		return bands;
	}

	/**
	 * The Haar bands the signature is computed from, which the server sends the
	 * key holder ({@link SignatureProtocol}): the histograms' bands for the paper's;
	 * LL3 and every detail band of levels 1-3 for the spatial one (the same bands
	 * as the paper's 3-level signature, so the key holder sees nothing more).
	 */
	public List<Band> haarBands() {
		return haarBands;
	}

	/** Total intervals over all bands: the signature's length. */
	public int length() {
		int n = 0;
		for (final Band b : bands) n += b.intervals;
		return n;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof SignatureParameters)) return false;
		final SignatureParameters p = (SignatureParameters) o;
		return p.method == method && p.bitDepth == bitDepth && p.delta == delta && p.levels == levels;
	}

	@Override
	public int hashCode() {
		return ((method.ordinal() * 31 + bitDepth) * 31 + delta) * 31 + levels;
	}

	@Override
	public String toString() {
		if (method.spatial()) {
			return bitDepth + "-bit, " + method.label() + " (" + SpatialSignature.GRID + "x" + SpatialSignature.GRID +
				" energies of levels 1-3, level-1 histograms)";
		}
		return bitDepth + "-bit, Δ=" + delta + ", " + levels + " level(s), k=" + bands.get(1)
			.intervals + " at level 1";
	}
}
