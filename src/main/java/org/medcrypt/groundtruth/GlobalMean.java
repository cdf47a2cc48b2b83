package org.medcrypt.groundtruth;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;

/**
 * The global mean of Algorithm 1 (step 16) as the researcher publishes it to
 * the labs (step 17): in fixed point, μ̂ = P / Q with the public denominator
 * Q = 2^b fixed by the session ({@code algorithm1.mean.scale.bits}) and
 * P = round(windowSum·Q / (c²·n)), rounding half up. The published value is a
 * function of the rounded mean alone: two studies whose means round alike send
 * the same bytes, whatever their n and window sums. (Version 1 published the
 * reduced fraction windowSum / (c²·n), whose denominator gave every lab n and
 * whose numerator the window sum whenever they shared no factor; with k = 3, two
 * labs then learned the third lab's n and window sum: issue 10, finding 2.)
 * A zero denominator means "no ground truth anywhere".
 */
public final class GlobalMean {

	private final BigInteger numerator;
	private final BigInteger denominator;

	private GlobalMean(final BigInteger numerator, final BigInteger denominator) {
		this.numerator = numerator;
		this.denominator = denominator;
	}

	/**
	 * μ̂ = round(windowSum / (c²·n) · 2^scaleBits) / 2^scaleBits, rounding half
	 * up: P = ⌊(2·windowSum·Q + c²·n) / (2·c²·n)⌋. Undefined (0/0) if n = 0.
	 */
	public static GlobalMean rounded(final BigInteger windowSum, final BigInteger n, final int window,
		final int scaleBits)
	{
		final BigInteger exactDenominator = n.multiply(BigInteger.valueOf((long) window * window));
		if (exactDenominator.signum() == 0) return new GlobalMean(BigInteger.ZERO, BigInteger.ZERO);
		final BigInteger q = BigInteger.ONE.shiftLeft(scaleBits);
		final BigInteger p = windowSum.multiply(q).shiftLeft(1).add(exactDenominator).divide(exactDenominator
			.shiftLeft(1));
		return new GlobalMean(p, q);
	}

	/** The two values of the RESULT message: P and the public Q (Q checked by every lab). */
	BigInteger[] published() {
		return new BigInteger[] { numerator, denominator };
	}

	/**
	 * Reads what the researcher published, checking it is P / 2^scaleBits with
	 * P within the level range (or the undefined 0/0).
	 */
	static GlobalMean fromPublished(final BigInteger[] values, final int scaleBits) throws MedCryptException {
		if (values.length != 2) throw new PeerFailureException("The researcher published " + values.length +
			" values as the global mean instead of two; all parties must run the same MedCrypt version.");
		final GlobalMean mean = new GlobalMean(values[0], values[1]);
		final boolean empty = values[1].signum() == 0 && values[0].signum() == 0;
		final BigInteger q = BigInteger.ONE.shiftLeft(scaleBits);
		if (!empty && (!values[1].equals(q) || values[0].signum() < 0 || values[0].compareTo(q.multiply(BigInteger
			.valueOf(Standardization.MAX_LEVEL))) > 0))
		{
			throw new PeerFailureException("The researcher published an impossible global mean " + values[0] + "/" +
				values[1] + " (the session's denominator is 2^" + scaleBits + "); all parties must run the same " +
				"MedCrypt version and session file.");
		}
		return mean;
	}

	/** P. */
	public BigInteger numerator() {
		return numerator;
	}

	/** Q = 2^scaleBits; 0 if there is no ground truth. */
	public BigInteger denominator() {
		return denominator;
	}

	public boolean isDefined() {
		return denominator.signum() != 0;
	}

	/** μ̂ in standardised levels (0..1023), NaN if undefined; exact in a double for scales up to 2^42. */
	public double toDouble() {
		if (!isDefined()) return Double.NaN;
		return new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL128).doubleValue();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof GlobalMean && ((GlobalMean) o).numerator.equals(numerator) && ((GlobalMean) o).denominator
			.equals(denominator);
	}

	@Override
	public int hashCode() {
		return numerator.hashCode() * 31 + denominator.hashCode();
	}

	@Override
	public String toString() {
		return numerator + "/" + denominator;
	}
}
