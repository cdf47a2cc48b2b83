package org.medcrypt.securesum;

/** Node numbering shared by every protocol: the researcher is node 0, labs are 1..k (P1..Pk in the paper). */
public final class Nodes {

	public static final int RESEARCHER = 0;
	/** No node: a fault that cannot be attributed to one party. */
	public static final int NOBODY = -1;

	private Nodes() {}

	/** How a node is named in messages to the user. */
	public static String name(final int node) {
		return node == RESEARCHER ? "the researcher" : "lab " + node;
	}
}
