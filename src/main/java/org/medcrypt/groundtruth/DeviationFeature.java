package org.medcrypt.groundtruth;

/**
 * What the standard deviation of Algorithm 1 measures the spread of, around
 * the global mean μ of the window means.
 */
public enum DeviationFeature {
	/**
	 * The paper as written (line 21): sv_q = (v_q - μ)², v_q the standardised
	 * intensity of ground-truth pixel q. Encoded per pixel as (Q·v_q - P)² for
	 * μ = P/Q, so sdsum = D / Q².
	 */
	PIXEL_INTENSITY,
	/**
	 * The spread of the feature whose mean was computed: sv_q = (μ_q - μ)², μ_q
	 * = S_q / c² the window mean. Encoded as (Q·S_q - c²·P)², so sdsum = D / (c²Q)².
	 */
	WINDOW_MEAN;

	/** The factor s by which a deviation's encoding exceeds Q·(x - μ): 1 for pixels, c² for window means. */
	long scale(final int window) {
		return this == PIXEL_INTENSITY ? 1 : (long) window * window;
	}
}
