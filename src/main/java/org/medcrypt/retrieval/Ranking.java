package org.medcrypt.retrieval;

import java.util.Arrays;

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
}
