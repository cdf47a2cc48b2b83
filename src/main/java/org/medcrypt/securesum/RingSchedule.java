package org.medcrypt.securesum;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ring orders of the ring protocols: {@code rings()} cycles through all k
 * labs, first lab of each being that ring's master, such that no two rings
 * share an edge, i.e. no lab has the same neighbour twice (section 4).
 * <p>
 * Edge-disjoint Hamiltonian cycles of the complete graph on k labs: at most
 * {@code (k-1)/2} for odd k and {@code (k-2)/2} for even k (each cycle uses 2
 * of a lab's k-1 possible neighbours), so k = 3 and 4 allow a single ring and
 * collusion resistance needs k ≥ 5. For odd k = 2m+1 they come from Walecki's
 * construction: lab "∞" followed by the zig-zag j, j+1, j-1, j+2, j-2, ... on
 * the other 2m labs, for j = 0..m-1. For even k the last lab is inserted into
 * one edge of each cycle of the k-1 construction, the chosen edges being
 * pairwise disjoint so that its neighbours differ too. Finally the labs are
 * relabelled by a uniformly random permutation (the paper's "randomly order
 * themselves into a ring"), drawn by the researcher.
 * </p>
 * <p>
 * Every ring has its own master: a master knows its mask, so it learns its
 * ring's total, and one lab mastering every ring would learn the whole sum
 * (in Algorithm 1 more than the mean the labs are meant to learn). Walecki's
 * cycles all start at lab "∞", so each is rotated to start at a different lab
 * (a rotation keeps the edges); {@link #of} refuses rings sharing a master.
 * </p>
 */
public final class RingSchedule {

	private final int[][] rings;

	private RingSchedule(final int[][] rings) {
		this.rings = rings;
		check();
	}

	/** The largest number of rings in which no lab has the same neighbour twice. */
	public static int maxRings(final int labs) {
		if (labs < 3) throw new IllegalArgumentException("ring protocols need at least 3 labs; got " + labs);
		// (k-1)/2 in integer division is (k-1)/2 for odd k and (k-2)/2 for even k.
		return (labs - 1) / 2;
	}

	/** {@code count} edge-disjoint rings over labs 1..{@code labs}, randomly relabelled. */
	public static RingSchedule random(final int labs, final int count, final SecureRandom random) {
		if (count < 1 || count > maxRings(labs)) {
			throw new IllegalArgumentException("with " + labs + " labs, 1.." + maxRings(labs) +
				" rings can avoid repeated neighbours; asked for " + count);
		}
		final int[] relabel = new int[labs];
		for (int i = 0; i < labs; i++) relabel[i] = i + 1;
		for (int i = labs - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final int t = relabel[i];
			relabel[i] = relabel[j];
			relabel[j] = t;
		}
		final List<int[]> cycles = disjointCycles(labs);
		final int[][] rings = new int[count][];
		for (int r = 0; r < count; r++) {
			// Cycle r visits vertex r; start there, so the masters relabel[0..count) are distinct.
			final int[] cycle = cycles.get(r);
			int from = 0;
			while (cycle[from] != r) from++;
			rings[r] = new int[labs];
			for (int p = 0; p < labs; p++) rings[r][p] = relabel[cycle[(from + p) % labs]];
		}
		return new RingSchedule(rings);
	}

	/** Rings given explicitly, e.g. received from the researcher; checked. */
	public static RingSchedule of(final int[]... rings) {
		final int[][] copy = new int[rings.length][];
		for (int r = 0; r < rings.length; r++) copy[r] = rings[r].clone();
		return new RingSchedule(copy);
	}

	public int rings() {
		return rings.length;
	}

	public int labs() {
		return rings[0].length;
	}

	/** The labs of ring {@code r} in passing order; element 0 is the master. */
	public int[] ring(final int r) {
		return rings[r].clone();
	}

	/** The lab {@code lab} passes to in ring {@code r}. */
	public int successor(final int r, final int lab) {
		final int p = position(r, lab);
		return rings[r][(p + 1) % rings[r].length];
	}

	/** The lab {@code lab} receives from in ring {@code r}. */
	public int predecessor(final int r, final int lab) {
		final int p = position(r, lab);
		return rings[r][(p + rings[r].length - 1) % rings[r].length];
	}

	/** 0 for the master, then 1, 2, ... along the ring. */
	public int position(final int r, final int lab) {
		for (int p = 0; p < rings[r].length; p++) {
			if (rings[r][p] == lab) return p;
		}
		throw new IllegalArgumentException(Nodes.name(lab) + " is not in ring " + (r + 1));
	}

	private void check() {
		if (rings.length == 0) throw new IllegalArgumentException("no rings");
		final int k = rings[0].length;
		if (k < 3) throw new IllegalArgumentException("ring protocols need at least 3 labs");
		final Set<Long> edges = new HashSet<>();
		final Set<Integer> masters = new HashSet<>();
		for (final int[] ring : rings) {
			if (!masters.add(ring[0])) throw new IllegalArgumentException(Nodes.name(ring[0]) +
				" is the master of two rings and would learn their totals; every ring needs its own master");
			final int[] sorted = ring.clone();
			Arrays.sort(sorted);
			for (int i = 0; i < k; i++) {
				if (sorted[i] != i + 1) throw new IllegalArgumentException("a ring must visit labs 1.." + k + " once each");
			}
			for (int p = 0; p < k; p++) {
				final int a = ring[p], b = ring[(p + 1) % k];
				if (!edges.add((long) Math.min(a, b) << 32 | Math.max(a, b))) {
					throw new IllegalArgumentException(Nodes.name(a) + " and " + Nodes.name(b) +
						" are neighbours in two rings; rings must not share neighbours");
				}
			}
		}
	}

	/** Edge-disjoint Hamiltonian cycles on vertices 0..k-1, as many as {@link #maxRings}. */
	static List<int[]> disjointCycles(final int k) {
		if (k % 2 == 1) return walecki(k);
		final List<int[]> odd = walecki(k - 1);
		final int[] cut = new int[odd.size()];
		if (!chooseDisjointEdges(odd, cut, 0, new boolean[k - 1])) {
			throw new IllegalStateException("no ring schedule found for " + k + " labs");
		}
		final List<int[]> cycles = new ArrayList<>();
		for (int c = 0; c < odd.size(); c++) {
			final int[] cycle = odd.get(c), extended = new int[k];
			int q = 0;
			for (int p = 0; p < k - 1; p++) {
				extended[q++] = cycle[p];
				if (p == cut[c]) extended[q++] = k - 1;
			}
			cycles.add(extended);
		}
		return cycles;
	}

	/** Walecki: vertex 2m is "∞"; cycle j visits ∞ then j, j+1, j-1, j+2, j-2, ... mod 2m. */
	private static List<int[]> walecki(final int k) {
		final int m = (k - 1) / 2, circle = 2 * m;
		final List<int[]> cycles = new ArrayList<>();
		for (int j = 0; j < m; j++) {
			final int[] cycle = new int[k];
			cycle[0] = circle;
			for (int t = 0; t < circle; t++) {
				final int offset = t % 2 == 1 ? (t + 1) / 2 : -t / 2;
				cycle[t + 1] = Math.floorMod(j + offset, circle);
			}
			cycles.add(cycle);
		}
		return cycles;
	}

	/** Backtracking: for each cycle an edge (p, p+1), the chosen edges sharing no vertex. */
	private static boolean chooseDisjointEdges(final List<int[]> cycles, final int[] cut, final int c,
		final boolean[] used)
	{
		if (c == cycles.size()) return true;
		final int[] cycle = cycles.get(c);
		for (int p = 0; p < cycle.length; p++) {
			final int a = cycle[p], b = cycle[(p + 1) % cycle.length];
			if (used[a] || used[b]) continue;
			used[a] = used[b] = true;
			cut[c] = p;
			if (chooseDisjointEdges(cycles, cut, c + 1, used)) return true;
			used[a] = used[b] = false;
		}
		return false;
	}

	@Override
	public String toString() {
		final StringBuilder s = new StringBuilder();
		for (final int[] ring : rings) s.append(Arrays.toString(ring));
		return s.toString();
	}
}
