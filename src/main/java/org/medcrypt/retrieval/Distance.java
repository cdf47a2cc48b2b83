package org.medcrypt.retrieval;

import java.math.BigInteger;

/**
 * An exact L1 distance between two signatures, as the fraction sum / scale.
 * Exact so that the encrypted ranking, which the key holder computes from
 * decrypted integer differences, and the plaintext ranking agree to the last
 * tie; doubles would round differently in the two paths.
 */
public final class Distance implements Comparable<Distance> {

	private final long sum;
	private final long scale;

	Distance(final long sum, final long scale) {
		if (sum < 0 || scale < 1) throw new IllegalArgumentException("not a distance: " + sum + "/" + scale);
		this.sum = sum;
		this.scale = scale;
	}

	/**
	 * How two signatures with n_q and n_s level-1 coefficients per band are
	 * compared in integers: α·q - β·s with α = n_s/g, β = n_q/g, g = gcd; the
	 * normalised L1 distance is then Σ weight·|α·q - β·s| / (α·n_q).
	 */
	public static long[] scaling(final long nq, final long ns) {
		// Euclid on longs (the sealed index scales 100,000 signatures per query: no BigInteger per signature)
		long x = Math.abs(nq), y = Math.abs(ns);
		while (y != 0) {
			final long t = x % y;
			x = y;
			y = t;
		}
		final long g = x == 0 ? 1 : x;
		return new long[] { ns / g, nq / g };
	}

	/** The distance whose weighted integer L1 sum is {@code sum}, for the scaling α of a query with n_q coefficients. */
	public static Distance of(final long sum, final long alpha, final long nq) {
		return new Distance(sum, Math.multiplyExact(alpha, nq));
	}

	/**
	 * this + ½·other, exactly: the expanded distance of {@link Ranking} (a query's
	 * distance plus half its nearest neighbour's). Signatures of one method and
	 * image size share the scale (the spatial ones always: nominal coefficients),
	 * so the sum stays small.
	 */
	Distance plusHalf(final Distance other) {
		if (scale == other.scale) return new Distance(Math.addExact(Math.multiplyExact(2, sum), other.sum), Math
			.multiplyExact(2, scale));
		return new Distance(Math.addExact(Math.multiplyExact(Math.multiplyExact(2, sum), other.scale), Math
			.multiplyExact(other.sum, scale)), Math.multiplyExact(Math.multiplyExact(2, scale), other.scale));
	}

	public double value() {
		return (double) sum / scale;
	}

	@Override
	public int compareTo(final Distance o) {
		// sum·o.scale against o.sum·scale exactly, in 128 bits (all four are non-negative)
		final long a = sum * o.scale, b = o.sum * scale;
		final long ah = Math.multiplyHigh(sum, o.scale), bh = Math.multiplyHigh(o.sum, scale);
		if (ah != bh) return Long.compare(ah, bh);
		return Long.compareUnsigned(a, b);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Distance && compareTo((Distance) o) == 0;
	}

	@Override
	public int hashCode() {
		return Double.hashCode(value());
	}

	@Override
	public String toString() {
		return String.format("%.6f", value());
	}
}
