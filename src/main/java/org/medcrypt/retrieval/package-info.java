/**
 * Content-based image retrieval on wavelet signatures (seed paper 1, Bellafqira
 * et al. 2015, section II.1, after Quellec et al. 2010): per-subband histograms
 * of Haar coefficients over intervals of width Δ, compared by L1 distance, and
 * the precision of the d most similar images. The plaintext method here is the
 * reference the encrypted retrieval must reproduce exactly.
 */
package org.medcrypt.retrieval;
