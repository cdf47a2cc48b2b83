package org.medcrypt.retrieval;

import java.util.List;

/**
 * Mean precision at d (paper 1, section III): each image in turn is the query;
 * the d images nearest to it (the query excluded; ties broken by index, so the
 * ranking is deterministic) are returned, and the precision is the share of them
 * with the query's label.
 */
public final class RetrievalEvaluation {

	private RetrievalEvaluation() {}

	public static double meanPrecision(final List<WaveletSignature> signatures, final List<String> labels,
		final int d)
	{
		final int n = signatures.size();
		if (n != labels.size() || n < d + 1) throw new IllegalArgumentException("need more than d labelled images");
		double total = 0;
		for (int q = 0; q < n; q++) {
			final int[] top = nearest(signatures, q, d);
			int same = 0;
			for (final int i : top) if (labels.get(i).equals(labels.get(q))) same++;
			total += (double) same / d;
		}
		return total / n;
	}

	/** Indices of the d signatures nearest to signatures[query], nearest first, the query excluded. */
	public static int[] nearest(final List<WaveletSignature> signatures, final int query, final int d) {
		final WaveletSignature q = signatures.get(query);
		final Integer[] order = new Integer[signatures.size() - 1];
		final double[] dist = new double[signatures.size()];
		for (int i = 0, j = 0; i < signatures.size(); i++) {
			dist[i] = q.distance(signatures.get(i));
			if (i != query) order[j++] = i;
		}
		java.util.Arrays.sort(order, (a, b) -> dist[a] != dist[b] ? Double.compare(dist[a], dist[b]) : Integer
			.compare(a, b));
		final int[] top = new int[d];
		for (int i = 0; i < d; i++) top[i] = order[i];
		return top;
	}
}
