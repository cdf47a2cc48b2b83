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

		Band(final int level, final HaarSubbands.Band kind, final long lowest, final long highest, final int delta) {
			this.level = level;
			this.kind = kind;
			this.lowest = lowest;
			this.highest = highest;
			this.delta = delta;
			this.intervals = (int) ((highest - lowest + delta) / delta);
		}

		/** The interval holding a coefficient; -1 if it is outside the band's range. */
		public int interval(final long coefficient) {
			if (coefficient < lowest || coefficient > highest) return -1;
			return (int) ((coefficient - lowest) / delta);
		}

		/** Weight of the band's L1 term relative to level 1: it has 4^(level-1) times fewer coefficients. */
		long weight() {
			return 1L << (2 * (level - 1));
		}

		@Override
		public String toString() {
			return kind + "" + level;
		}
	}

	private final int bitDepth, delta, levels;
	private final List<Band> bands;

	private SignatureParameters(final int bitDepth, final int delta, final int levels) {
		this.bitDepth = bitDepth;
		this.delta = delta;
		this.levels = levels;
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
		this.bands = Collections.unmodifiableList(list);
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

	public int bitDepth() {
		return bitDepth;
	}

	/** Δ, the interval width. */
	public int delta() {
		return delta;
	}

	public int levels() {
		return levels;
	}

	/** The histograms in signature order: LL of the last level, then HL, LH, HH of levels 1, 2, ... */
	public List<Band> bands() {
		return bands;
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
		return p.bitDepth == bitDepth && p.delta == delta && p.levels == levels;
	}

	@Override
	public int hashCode() {
		return (bitDepth * 31 + delta) * 31 + levels;
	}

	@Override
	public String toString() {
		return bitDepth + "-bit, Δ=" + delta + ", " + levels + " level(s), k=" + bands.get(1)
			.intervals + " at level 1";
	}
}
