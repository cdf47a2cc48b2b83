package org.medcrypt.securesum;

import java.math.BigInteger;

/**
 * The agreed value range of one secure sum: {@code labs} parties each hold a
 * vector of {@code width} integers in {@code [0, bound)}, and all arithmetic is
 * modulo {@code M = 2^b}, the smallest power of two above {@code labs·bound}.
 * Because {@code labs·(bound-1) < M}, the true sum never wraps: the result mod M
 * is the exact integer sum (section 4 of the paper: "choose n large enough").
 * <p>
 * Only non-negative values are supported; Algorithm 1 encodes all its
 * quantities as non-negative integers, so no signed encoding is needed.
 * </p>
 */
public final class SumDomain {

	/** Beyond this a wire message would be unreasonably large; the bound is a sanity limit, not a security one. */
	static final int MAX_MODULUS_BITS = 1 << 16;
	static final int MAX_WIDTH = 1 << 16;

	private final int labs;
	private final int width;
	private final BigInteger bound;
	private final BigInteger modulus;

	public SumDomain(final int labs, final int width, final BigInteger bound) {
		if (labs < 3) {
			throw new IllegalArgumentException("a secure sum needs at least 3 labs (with " + labs +
				", the sum reveals every input to the others); got " + labs);
		}
		if (width < 1 || width > MAX_WIDTH) throw new IllegalArgumentException("vector width must be 1.." +
			MAX_WIDTH + "; got " + width);
		if (bound.signum() <= 0) throw new IllegalArgumentException("bound must be positive; got " + bound);
		final BigInteger worstCase = bound.multiply(BigInteger.valueOf(labs));
		if (worstCase.bitLength() > MAX_MODULUS_BITS) {
			throw new IllegalArgumentException("bound too large: " + labs + "·bound needs more than " +
				MAX_MODULUS_BITS + " bits");
		}
		this.labs = labs;
		this.width = width;
		this.bound = bound;
		this.modulus = BigInteger.ONE.shiftLeft(worstCase.bitLength());
	}

	public static SumDomain of(final int labs, final int width, final long bound) {
		return new SumDomain(labs, width, BigInteger.valueOf(bound));
	}

	public int labs() {
		return labs;
	}

	public int width() {
		return width;
	}

	/** Exclusive upper bound on each lab's values. */
	public BigInteger bound() {
		return bound;
	}

	/** The modulus M, a power of two greater than {@code labs·bound}. */
	public BigInteger modulus() {
		return modulus;
	}

	/** Throws unless {@code values} has the agreed width and every value lies in [0, bound). */
	public void checkInput(final BigInteger[] values) {
		if (values.length != width) {
			throw new IllegalArgumentException("expected " + width + " values, got " + values.length);
		}
		for (int i = 0; i < width; i++) {
			if (values[i] == null || values[i].signum() < 0 || values[i].compareTo(bound) >= 0) {
				throw new IllegalArgumentException("value " + i + " is outside the agreed range [0, " + bound +
					"); refusing to run a sum that could wrap around the modulus");
			}
		}
	}

	/** True if every value lies in [0, M). */
	boolean isResidue(final BigInteger[] values) {
		if (values.length != width) return false;
		for (final BigInteger v : values) {
			if (v.signum() < 0 || v.compareTo(modulus) >= 0) return false;
		}
		return true;
	}

	/** True if every value could be an honest total, i.e. at most {@code labs·(bound-1)}. */
	boolean isPossibleTotal(final BigInteger[] values) {
		final BigInteger max = bound.subtract(BigInteger.ONE).multiply(BigInteger.valueOf(labs));
		for (final BigInteger v : values) {
			if (v.signum() < 0 || v.compareTo(max) > 0) return false;
		}
		return true;
	}

	@Override
	public String toString() {
		return labs + " labs × " + width + " values in [0, " + bound + "), modulus 2^" + (modulus.bitLength() - 1);
	}
}
