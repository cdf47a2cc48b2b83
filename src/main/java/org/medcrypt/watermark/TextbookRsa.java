package org.medcrypt.watermark;

import java.math.BigInteger;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

/**
 * STUDY ONLY: eqs. 5-7 of Puech 2008 with raw ("textbook") RSA, no padding:
 *
 * <pre>
 * K'  = K^d_a mod n_a               (5)  sender A signs with priv_a
 * K'' = K'^e_b mod n_b              (6)  then encrypts for B with pub_b
 * K   = (K''^d_b mod n_b)^e_a mod n_a   (7)
 * </pre>
 *
 * <b>Ordering constraint.</b> Eq. 6 needs {@code K' < n_b}; K' is uniform
 * below {@code n_a}, so the paper's order is only correct when
 * {@code n_a < n_b} (the paper does not say). MedCrypt keeps the paper's order
 * when {@code n_a < n_b} and otherwise applies the classical remedy for
 * RSA's "reblocking" problem (apply the smaller modulus first):
 * {@code K'' = (K^e_b mod n_b)^d_a mod n_a}; the recipient, who knows
 * both moduli, undoes the same order. Either way {@code K'' < max(n_a, n_b)},
 * written on {@link #bits} bits. K must be below both moduli.
 * <p>
 * Textbook RSA is deterministic (the same K always gives the same K'') and
 * malleable; with padding (OAEP, PSS) none of this would be needed. Study only.
 * </p>
 */
public final class TextbookRsa {

	private TextbookRsa() {}

	/** x^d mod n (raw private-key operation). */
	public static BigInteger privateOp(final BigInteger x, final RSAPrivateKey key) {
		return x.modPow(key.getPrivateExponent(), key.getModulus());
	}

	/** x^e mod n (raw public-key operation). */
	public static BigInteger publicOp(final BigInteger x, final RSAPublicKey key) {
		return x.modPow(key.getPublicExponent(), key.getModulus());
	}

	/** True if the paper's order (priv_a then pub_b) is used, i.e. n_a &lt; n_b. */
	public static boolean paperOrder(final BigInteger senderModulus, final BigInteger recipientModulus) {
		return senderModulus.compareTo(recipientModulus) < 0;
	}

	/** Bits of K'': the bit length of the larger modulus; both parties know it. */
	public static int bits(final BigInteger senderModulus, final BigInteger recipientModulus) {
		return senderModulus.max(recipientModulus).bitLength();
	}

	/** K'' from K (eqs. 5-6, or the reversed order if n_a &gt; n_b). */
	public static BigInteger seal(final BigInteger k, final RSAPrivateKey senderPrivate,
		final RSAPublicKey recipientPublic)
	{
		final BigInteger na = senderPrivate.getModulus(), nb = recipientPublic.getModulus();
		if (na.equals(nb)) throw new IllegalArgumentException("the sender and the recipient have the same modulus");
		if (k.signum() <= 0 || k.compareTo(na.min(nb)) >= 0) {
			throw new IllegalArgumentException("K (" + k.bitLength() + " bits) must be positive and below both " +
				"moduli (" + na.bitLength() + " and " + nb.bitLength() + " bits)");
		}
		return paperOrder(na, nb) ? publicOp(privateOp(k, senderPrivate), recipientPublic) : privateOp(publicOp(k,
			recipientPublic), senderPrivate);
	}

	/** Thrown when an intermediate value is out of range (a detected wrong K'' or wrong key). */
	public static final class OutOfRangeException extends Exception {

		private static final long serialVersionUID = 1L;

		OutOfRangeException(final String message) {
			super(message);
		}
	}

	/** K from K'' (eq. 7, or the reversed order); range checks on K'' and the intermediate value. */
	public static BigInteger open(final BigInteger k2, final RSAPrivateKey recipientPrivate,
		final RSAPublicKey senderPublic) throws OutOfRangeException
	{
		final BigInteger na = senderPublic.getModulus(), nb = recipientPrivate.getModulus();
		if (paperOrder(na, nb)) {
			if (k2.compareTo(nb) >= 0) throw new OutOfRangeException("K'' is not below the recipient's modulus n_b");
			final BigInteger k1 = privateOp(k2, recipientPrivate);
			if (k1.compareTo(na) >= 0) throw new OutOfRangeException("K' = K''^d_b mod n_b is not below the " +
				"sender's modulus n_a");
			return publicOp(k1, senderPublic);
		}
		if (k2.compareTo(na) >= 0) throw new OutOfRangeException("K'' is not below the sender's modulus n_a");
		final BigInteger k1 = publicOp(k2, senderPublic);
		if (k1.compareTo(nb) >= 0) throw new OutOfRangeException("K''^e_a mod n_a is not below the recipient's " +
			"modulus n_b");
		return privateOp(k1, recipientPrivate);
	}
}
