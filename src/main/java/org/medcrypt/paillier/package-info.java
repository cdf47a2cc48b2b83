/**
 * Paillier cryptosystem on {@link java.math.BigInteger}: keys (their files are
 * {@link org.medcrypt.keys.PaillierKeyFiles}), encryption with Damgard-Jurik-Nielsen short-exponent randomness and
 * fixed-base precomputation, CRT decryption, homomorphic operations, and
 * packing of several small signed integers into one plaintext.
 *
 * <p>Used by seed paper 1 (Bellafqira et al. 2015, eq. 1): E[a]·E[b] = E[a+b].
 */
package org.medcrypt.paillier;
