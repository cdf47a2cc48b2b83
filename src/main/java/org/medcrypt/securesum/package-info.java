/**
 * Secure collaboration between labs that may not share images: a secure sum of
 * integer vectors behind one interface, in three protocols (the ring of the
 * paper, permuted rings, and n-out-of-n additive secret sharing, the default),
 * and Algorithm 1 (global mean and standard deviation of window means over
 * every lab's ground truth) on top of it.
 *
 * <p>Implements J. Vaidya and B. Tulpule, "Enabling better medical image
 * classification through secure collaboration", ICIP 2007: Algorithm 1 and
 * section 4 (secure sum after Kantarcioglu and Clifton). Protocols are
 * message-passing state machines over an abstract {@link org.medcrypt.securesum.Transport};
 * {@link org.medcrypt.securesum.InMemoryNetwork} runs them in one JVM. Knows
 * nothing of Fiji. See {@code docs/COLLABORATION.md} for what each party learns.
 */
package org.medcrypt.securesum;
