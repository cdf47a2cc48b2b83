package org.medcrypt.retrieval;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The one ranking rule, shared by the plaintext method and the key holder: by
 * distance, ties broken by position, so both paths return the same list.
 */
public final class Ranking {

	private Ranking() {}

	/**
	 * Positions of the d smallest distances, nearest first, skipping
	 * {@code exclude} (-1 for none). For d small against the count (a query's
	 * top d over a whole store) by selection, O(n log d): the same order
	 * (distance, then position) as the full sort it replaces there.
	 */
	public static int[] nearest(final Distance[] distances, final int exclude, final int d) {
		if (d >= 0 && d * 8L < distances.length) return select(distances, exclude, d);
		final Integer[] order = new Integer[distances.length - (exclude >= 0 ? 1 : 0)];
		for (int i = 0, j = 0; i < distances.length; i++) if (i != exclude) order[j++] = i;
		Arrays.sort(order, (a, b) -> {
			final int c = distances[a].compareTo(distances[b]);
			return c != 0 ? c : Integer.compare(a, b);
		});
		final int[] top = new int[Math.min(d, order.length)];
		for (int i = 0; i < top.length; i++) top[i] = order[i];
		return top;
	}

	/** The d first in (distance, position) order, kept in a max-heap of d. */
	private static int[] select(final Distance[] distances, final int exclude, final int d) {
		final java.util.Comparator<Integer> order = (a, b) -> {
			final int c = distances[a].compareTo(distances[b]);
			return c != 0 ? c : Integer.compare(a, b);
		};
		final java.util.PriorityQueue<Integer> kept = new java.util.PriorityQueue<>(d + 1, order.reversed());
		for (int i = 0; i < distances.length; i++) {
			if (i == exclude || d == 0) continue;
			if (kept.size() < d) kept.add(i);
			else if (order.compare(i, kept.peek()) < 0) {
				kept.poll();
				kept.add(i);
			}
		}
		final int[] top = new int[kept.size()];
		for (int i = top.length - 1; i >= 0; i--) top[i] = kept.poll();
		return top;
	}

	/**
	 * The ranking of plaintext signatures for a query, the one entry point of the
	 * plaintext evaluation and of the key holder (which ranks the signatures it
	 * decrypted, {@link QueryProtocol#rank}): positions of the d nearest stored
	 * signatures, nearest first, skipping {@code exclude} (-1 for none).
	 */
	public static int[] nearest(final WaveletSignature query, final List<WaveletSignature> stored, final int exclude,
		final int d)
	{
		final Distance[] toQuery = new Distance[stored.size()];
		IntStream.range(0, toQuery.length).parallel().forEach(i -> toQuery[i] = query.distance(stored.get(i)));
		return nearest(toQuery, stored, query.parameters(), exclude, d);
	}

	/**
	 * As {@link #nearest(WaveletSignature, List, int, int)} with the distances to
	 * the query already computed. For a method that expands the query
	 * ({@link SignatureParameters.Method#expandsQuery}, Spatial2) the stored
	 * signatures are ranked by D(q, s) + ½·D(n, s), n the stored signature
	 * nearest to the query (by the rule above, {@code exclude} skipped): a
	 * distance-level average query expansion (Chum et al. 2007, "Total recall",
	 * with the query's first neighbour), label-free and computed from the stored
	 * signatures the key holder decrypts anyway. n stays first (D(n, n) = 0), and
	 * a stored copy of the query changes nothing (n = q).
	 */
	static int[] nearest(final Distance[] toQuery, final List<WaveletSignature> stored,
		final SignatureParameters parameters, final int exclude, final int d)
	{
		if (!parameters.method().expandsQuery()) return nearest(toQuery, exclude, d);
		int first = -1;
		for (int i = 0; i < toQuery.length; i++) {
			if (i != exclude && (first < 0 || toQuery[i].compareTo(toQuery[first]) < 0)) first = i;
		}
		if (first < 0) return new int[0];
		final WaveletSignature n = stored.get(first);
		final Distance[] expanded = new Distance[toQuery.length];
		IntStream.range(0, expanded.length).parallel().forEach(i -> expanded[i] = toQuery[i].plusHalf(n.distance(
			stored.get(i))));
		return nearest(expanded, exclude, d);
	}
}
