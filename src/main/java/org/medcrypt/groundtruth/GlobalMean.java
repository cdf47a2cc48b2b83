package org.medcrypt.groundtruth;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;

/**
 * The global mean of Algorithm 1 (step 16), μ = sum / n, as an exact reduced
 * fraction in standardised levels: μ = windowSum / (c²·n), where windowSum is
 * the sum of the c×c window sums. This is what the researcher sends every lab
 * (step 17); reduced, it reveals μ but not n and the sum separately when they
 * share factors. A zero denominator means "no ground truth anywhere".
 */
public final class GlobalMean {

	private final BigInteger numerator;
	private final BigInteger denominator;

	private GlobalMean(final BigInteger numerator, final BigInteger denominator) {
		this.numerator = numerator;
		this.denominator = denominator;
	}

	/** μ = windowSum / (c²·n), reduced. */
	public static GlobalMean of(final BigInteger windowSum, final BigInteger n, final int window) {
		final BigInteger denominator = n.multiply(BigInteger.valueOf((long) window * window));
		if (denominator.signum() == 0) return new GlobalMean(BigInteger.ZERO, BigInteger.ZERO);
		final BigInteger gcd = windowSum.gcd(denominator);
		return new GlobalMean(windowSum.divide(gcd), denominator.divide(gcd));
	}

	/** The two values of the RESULT message: numerator, denominator. */
	BigInteger[] published() {
		return new BigInteger[] { numerator, denominator };
	}

	/** Reads what the researcher published, checking it is a reduced fraction within the level range. */
	static GlobalMean fromPublished(final BigInteger[] values) throws MedCryptException {
		if (values.length != 2) throw new PeerFailureException("The researcher published " + values.length +
			" values as the global mean instead of a fraction; all parties must run the same MedCrypt version.");
		final GlobalMean mean = new GlobalMean(values[0], values[1]);
		final boolean empty = values[1].signum() == 0 && values[0].signum() == 0;
		if (!empty && (values[1].signum() <= 0 || !values[0].gcd(values[1]).equals(BigInteger.ONE) || values[0]
			.compareTo(values[1].multiply(BigInteger.valueOf(Standardization.MAX_LEVEL))) > 0))
		{
			throw new PeerFailureException("The researcher published an impossible global mean " + values[0] + "/" +
				values[1] + "; all parties must run the same MedCrypt version.");
		}
		return mean;
	}

	public BigInteger numerator() {
		return numerator;
	}

	/** 0 if there is no ground truth. */
	public BigInteger denominator() {
		return denominator;
	}

	public boolean isDefined() {
		return denominator.signum() != 0;
	}

	/** μ in standardised levels (0..1023), NaN if undefined. */
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
