package org.medcrypt.retrieval;

import java.util.Arrays;

/**
 * The one ranking rule, shared by the plaintext method and the key holder: by
 * distance, ties broken by position, so both paths return the same list.
 */
public final class Ranking {

	private Ranking() {}

	/** Positions of the d smallest distances, nearest first, skipping {@code exclude} (-1 for none). */
	public static int[] nearest(final Distance[] distances, final int exclude, final int d) {
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
}
