/**
 * The secure-sum engine: a secure sum of integer vectors between labs that may
 * not share their data, behind one interface ({@link org.medcrypt.securesum.SecureSum}),
 * in three protocols (the ring of the paper, permuted rings, and n-out-of-n
 * additive secret sharing, the default), and {@link org.medcrypt.securesum.SessionMailbox}
 * to run several sums in sequence over one transport.
 *
 * <p>Implements section 4 of J. Vaidya and B. Tulpule, "Enabling better medical
 * image classification through secure collaboration", ICIP 2007 (secure sum
 * after Kantarcioglu and Clifton). Protocols are message-passing state machines
 * over an abstract {@link org.medcrypt.securesum.Transport};
 * {@link org.medcrypt.securesum.InMemoryNetwork} runs them in one JVM, the
 * {@code net} subpackage over pinned TLS between machines. Algorithm 1 of the
 * paper is built on this public API in {@code org.medcrypt.groundtruth}; nothing
 * here knows it. Knows nothing of Fiji. See {@code docs/COLLABORATION.md} for
 * what each party learns.
 */
package org.medcrypt.securesum;
