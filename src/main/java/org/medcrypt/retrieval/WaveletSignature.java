package org.medcrypt.retrieval;

import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import org.medcrypt.encimage.HaarSubbands;

/**
 * An image's signature (paper 1 section II.1, after Quellec et al. 2010): for each
 * subband of {@link SignatureParameters}, the histogram of its Haar coefficients
 * over intervals of width Δ, concatenated. Counts are integers, the same the
 * encrypted path computes; distances normalise each band by its coefficient
 * count so that images of different sizes compare.
 *
 * <p>With {@link SignatureParameters.Method#spatial} parameters (Spatial, Spatial2) the blocks are
 * those of {@link SpatialSignature} instead, fixed-point values compared by the
 * same weighted L1 distance.
 *
 * <p>The plane is first padded to a multiple of {@code padTo} by repeating its
 * last column and row, exactly as the encrypted layout pads it, so the encrypted
 * and plaintext signatures of an image are identical.
 */
public final class WaveletSignature {

	private final SignatureParameters parameters;
	private final long[][] counts;
	private final long level1Coefficients;

	private WaveletSignature(final SignatureParameters parameters, final long level1Coefficients,
		final long[][] counts)
	{
		this.parameters = parameters;
		this.level1Coefficients = level1Coefficients;
		this.counts = counts;
	}

	/**
	 * A signature from its counts (band by band, as {@link SignatureParameters#bands()}), checked: histograms
	 * must count every coefficient; spatial values must lie in their blocks' range.
	 */
	public static WaveletSignature fromCounts(final SignatureParameters parameters, final long level1Coefficients,
		final long[][] counts)
	{
		final List<SignatureParameters.Band> bands = parameters.bands();
		if (counts.length != bands.size()) throw new IllegalArgumentException("wrong number of histograms");
		if (parameters.method().spatial()) {
			if (level1Coefficients != SpatialSignature.NOMINAL_COEFFICIENTS) {
				throw new IllegalArgumentException("coefficient count " + level1Coefficients);
			}
			for (int b = 0; b < counts.length; b++) {
				if (counts[b].length != bands.get(b).intervals) throw new IllegalArgumentException("wrong block size");
				for (final long v : counts[b]) {
					if (v < 0 || v > bands.get(b).highest) throw new IllegalArgumentException("value " + v + " in " + bands
						.get(b));
				}
			}
			return new WaveletSignature(parameters, level1Coefficients, counts);
		}
		for (int b = 0; b < counts.length; b++) {
			final long expected = level1Coefficients >> (2 * (bands.get(b).level - 1));
			long total = 0;
			if (counts[b].length != bands.get(b).intervals) throw new IllegalArgumentException("wrong histogram size");
			for (final long c : counts[b]) {
				if (c < 0) throw new IllegalArgumentException("negative count");
				total += c;
			}
			if (total != expected) {
				throw new IllegalArgumentException("histogram " + bands.get(b) + " counts " + total +
					" coefficients, not " + expected);
			}
		}
		return new WaveletSignature(parameters, level1Coefficients, counts);
	}

	/** The signature of a plane in raster order, padded to a multiple of {@code padTo} (≥ 2^levels). */
	public static WaveletSignature of(final int[] plane, final int width, final int height,
		final SignatureParameters parameters, final int padTo)
	{
		if (padTo % (1 << parameters.levels()) != 0) {
			throw new IllegalArgumentException("padding must be a multiple of 2^levels");
		}
		final int pw = (width + padTo - 1) / padTo * padTo, ph = (height + padTo - 1) / padTo * padTo;
		final long[] padded = new long[pw * ph];
		for (int y = 0; y < ph; y++) {
			final int row = Math.min(y, height - 1) * width;
			for (int x = 0; x < pw; x++) padded[y * pw + x] = plane[row + Math.min(x, width - 1)];
		}
		final long[][][] haar = HaarSubbands.transform(padded, pw, ph, parameters.levels());
		if (parameters.method().spatial()) {
			return fromCounts(parameters, SpatialSignature.NOMINAL_COEFFICIENTS, SpatialSignature.values(haar, pw, ph,
				parameters.bitDepth(), parameters.method()));
		}
		final List<SignatureParameters.Band> bands = parameters.bands();
		final long[][] counts = new long[bands.size()][];
		for (int b = 0; b < counts.length; b++) {
			final SignatureParameters.Band band = bands.get(b);
			counts[b] = new long[band.intervals];
			for (final long c : haar[band.level - 1][band.kind.ordinal()]) {
				final int i = band.interval(c);
				if (i < 0) throw new IllegalArgumentException("a pixel exceeds " + parameters.bitDepth() + " bits");
				counts[b][i]++;
			}
		}
		return new WaveletSignature(parameters, (long) pw * ph / 4, counts);
	}

	/** The signature of the first plane of an 8- or 16-bit image or stack. */
	public static WaveletSignature of(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final SignatureParameters parameters, final int padTo)
	{
		final int width = (int) image.dimension(0), height = (int) image.dimension(1);
		final RandomAccessibleInterval<? extends IntegerType<?>> plane = image.numDimensions() > 2 ? Views
			.hyperSlice(image, 2, image.min(2)) : image;
		final int[] pixels = new int[width * height];
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(plane).cursor();
		for (int i = 0; c.hasNext(); i++) pixels[i] = c.next().getInteger();
		return of(pixels, width, height, parameters, padTo);
	}

	public SignatureParameters parameters() {
		return parameters;
	}

	/** Coefficients per level-1 band (a quarter of the padded pixels). */
	public long level1Coefficients() {
		return level1Coefficients;
	}

	/** The histogram of band b, in the order of {@link SignatureParameters#bands()}. */
	public long[] counts(final int band) {
		return counts[band].clone();
	}

	/** All histograms concatenated. */
	public long[] counts() {
		return java.util.Arrays.stream(counts).flatMapToLong(java.util.Arrays::stream).toArray();
	}

	/**
	 * The L1 distance between normalised histograms, Σ over bands of
	 * Σ|q_i/n_q - s_i/n_s|, computed exactly as the key holder computes it from
	 * encrypted differences ({@link Distance#scaling}).
	 */
	public Distance distance(final WaveletSignature other) {
		if (!other.parameters.equals(parameters)) {
			throw new IllegalArgumentException("signatures with different parameters: " + parameters + " and " +
				other.parameters);
		}
		final long[] ab = Distance.scaling(level1Coefficients, other.level1Coefficients);
		return Distance.of(weightedL1(parameters, ab[0], counts, ab[1], other.counts), ab[0], level1Coefficients);
	}

	/**
	 * Σ over bands of weight·Σ|d_i| (Σ floor(√(|d_i|·2^16)) for a root-norm band,
	 * {@link SignatureParameters.Band#root}), d_i = a·x_i − b·y_i: the integer both
	 * the plaintext method and the key holder rank by; the one distance entry
	 * point. The differences are formed on the fly (no array per pair: the sealed
	 * index ranks 100,000 signatures per query).
	 */
	static long weightedL1(final SignatureParameters parameters, final long a, final long[][] x, final long b,
		final long[][] y)
	{
		final List<SignatureParameters.Band> bands = parameters.bands();
		long sum = 0;
		for (int k = 0; k < x.length; k++) {
			final SignatureParameters.Band band = bands.get(k);
			final boolean root = band.root();
			final long[] xs = x[k], ys = y[k];
			long total = 0;
			for (int i = 0; i < xs.length; i++) {
				final long d = Math.subtractExact(Math.multiplyExact(a, xs[i]), Math.multiplyExact(b, ys[i]));
				total = Math.addExact(total, root ? rootTerm(d) : Math.abs(d));
			}
			sum = Math.addExact(sum, Math.multiplyExact(total, band.weight()));
		}
		return sum;
	}

	/** floor(√(|d|·2^16)), exactly (an integer square root: the same on every machine and in both paths). */
	static long rootTerm(final long d) {
		final long x = Math.multiplyExact(Math.abs(d), 1L << 16);
		long r = (long) Math.sqrt((double) x);
		while (r * r > x) r--;
		while ((r + 1) * (r + 1) <= x) r++;
		return r;
	}
}
