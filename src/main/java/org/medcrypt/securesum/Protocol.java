package org.medcrypt.securesum;

/** The secure-sum protocols; see {@code docs/COLLABORATION.md} for what each party learns. */
public enum Protocol {
	/**
	 * Section 4 of the paper, faithfully: the master adds a random mask, each lab
	 * adds its value and passes on, the master removes the mask. Two labs around a
	 * third learn its input: never the default.
	 */
	RING,
	/**
	 * Section 4's extension: each input split into one random share per ring, the
	 * shares summed along rings in which no lab has the same neighbour twice
	 * ({@link RingSchedule}). Needs all 2·rings neighbours of a lab to collude.
	 */
	PERMUTED_RINGS,
	/**
	 * n-out-of-n additive secret sharing: each lab sends one random share of its
	 * input to every lab; each lab publishes the sum of the shares it received.
	 * Private against k-1 colluding labs. The default.
	 */
	ADDITIVE_SHARING
}
