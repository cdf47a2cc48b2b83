package org.medcrypt.retrieval;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Mean precision at d (paper 1, section III): each image in turn is the query;
 * the d images nearest to it (the query excluded) are returned, and the
 * precision is the share of them with the query's label.
 */
public final class RetrievalEvaluation {

	private RetrievalEvaluation() {}

	/** The plaintext method: rank by {@link WaveletSignature#distance} with the shared {@link Ranking} rule. */
	public static double meanPrecision(final List<WaveletSignature> signatures, final List<String> labels,
		final int d)
	{
		return meanPrecision(q -> nearest(signatures, q, d), labels, d);
	}

	/** Any retrieval: {@code topFor} gives the positions returned for query q (q itself never among them). */
	public static double meanPrecision(final IntFunction<int[]> topFor, final List<String> labels, final int d) {
		final int n = labels.size();
		if (n < d + 1) throw new IllegalArgumentException("need more than d = " + d + " labelled images");
		double total = 0;
		for (int q = 0; q < n; q++) {
			final int[] top = topFor.apply(q);
			if (top.length != d) throw new IllegalStateException("the retrieval returned " + top.length + " images");
			int same = 0;
			for (final int i : top) {
				if (i == q) throw new IllegalStateException("the retrieval returned the query itself");
				if (labels.get(i).equals(labels.get(q))) same++;
			}
			total += (double) same / d;
		}
		return total / n;
	}

	/** Positions of the d signatures nearest to signatures[query], nearest first, the query excluded. */
	public static int[] nearest(final List<WaveletSignature> signatures, final int query, final int d) {
		final Distance[] dist = new Distance[signatures.size()];
		final WaveletSignature q = signatures.get(query);
		for (int i = 0; i < dist.length; i++) dist[i] = q.distance(signatures.get(i));
		return Ranking.nearest(dist, query, d);
	}
}
