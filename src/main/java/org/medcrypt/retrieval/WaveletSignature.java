package org.medcrypt.retrieval;

import org.medcrypt.encimage.HaarSubbands;

/**
 * An image's signature: for each subband of the first Haar level (LL, HL, LH,
 * HH; paper 1 section II.1), the histogram of its coefficients over intervals
 * of equal width Δ, concatenated. Counts stay integers (the encrypted version
 * computes the same integers); distances divide by the coefficient count so that
 * images of different sizes compare.
 *
 * <p>Intervals: for b-bit pixels LL lies in [0, 4·(2^b - 1)] and the details in
 * [-2·(2^b - 1), 2·(2^b - 1)]; interval i of a band covers [lo + i·Δ, lo + (i+1)·Δ)
 * from the band's lowest possible value lo, so k = ceil(range/Δ) intervals per band.
 */
public final class WaveletSignature {

	private final long[] counts;
	private final long coefficients;

	private WaveletSignature(final long[] counts, final long coefficients) {
		this.counts = counts;
		this.coefficients = coefficients;
	}

	/** Intervals per band for b-bit pixels and width Δ (the same for the four bands: their ranges are equal). */
	public static int intervals(final int bitDepth, final int delta) {
		if (delta < 1) throw new IllegalArgumentException("the interval width must be at least 1");
		final long range = 4L * ((1L << bitDepth) - 1) + 1;
		return (int) ((range + delta - 1) / delta);
	}

	/** The lowest coefficient of a band, where its first interval starts. */
	static long lowest(final HaarSubbands.Band band, final int bitDepth) {
		return band == HaarSubbands.Band.LL ? 0 : -2L * ((1L << bitDepth) - 1);
	}

	/** The signature of one plane (width and height even) of b-bit pixels, in raster order. */
	public static WaveletSignature of(final long[] plane, final int width, final int height, final int bitDepth,
		final int delta)
	{
		final long[][] level1 = HaarSubbands.transform(plane, width, height, 1)[0];
		final int k = intervals(bitDepth, delta);
		final long[] counts = new long[4 * k];
		for (final HaarSubbands.Band band : HaarSubbands.Band.values()) {
			final long lo = lowest(band, bitDepth);
			for (final long c : level1[band.ordinal()]) counts[band.ordinal() * k + (int) ((c - lo) / delta)]++;
		}
		return new WaveletSignature(counts, level1[0].length);
	}

	/** The histogram counts, band after band (LL, HL, LH, HH), k each. */
	public long[] counts() {
		return counts.clone();
	}

	/** L1 distance between the normalised histograms (each band sums to 1). */
	public double distance(final WaveletSignature other) {
		if (other.counts.length != counts.length) throw new IllegalArgumentException("signatures of other lengths");
		double d = 0;
		for (int i = 0; i < counts.length; i++) {
			d += Math.abs((double) counts[i] / coefficients - (double) other.counts[i] / other.coefficients);
		}
		return d;
	}
}
