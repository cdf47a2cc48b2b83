package org.medcrypt.paillier;

import java.math.BigInteger;

/**
 * The previous CRT decryption, kept in test scope as the baseline of issue 12's
 * measurements ({@code bench.GmpComparison}) and as a reference for
 * {@code FixedExponentTest}: c^(p-1) mod p² and c^(q-1) mod q² with the JDK's
 * {@link BigInteger#modPow} (its Montgomery multiply and square intrinsics on
 * 64-bit limbs), then L and Garner, exactly as {@link PaillierPrivateKey#decrypt}
 * did before it moved to {@link FixedExponent}.
 */
public final class ModPowDecryption {

	private final BigInteger p, q, p2, q2, pMinus1, qMinus1, hp, hq, qInvModP;

	public ModPowDecryption(final PaillierPrivateKey key) {
		p = key.p();
		q = key.q();
		p2 = p.multiply(p);
		q2 = q.multiply(q);
		pMinus1 = p.subtract(BigInteger.ONE);
		qMinus1 = q.subtract(BigInteger.ONE);
		final BigInteger g = key.publicKey().modulus().add(BigInteger.ONE);
		hp = l(g.modPow(pMinus1, p2), p).modInverse(p);
		hq = l(g.modPow(qMinus1, q2), q).modInverse(q);
		qInvModP = q.modInverse(p);
	}

	/** The residue in [0, n), as {@link PaillierPrivateKey#decrypt} returns it. */
	public BigInteger decrypt(final BigInteger c) {
		final BigInteger mp = l(c.mod(p2).modPow(pMinus1, p2), p).multiply(hp).mod(p);
		final BigInteger mq = l(c.mod(q2).modPow(qMinus1, q2), q).multiply(hq).mod(q);
		return mp.subtract(mq).multiply(qInvModP).mod(p).multiply(q).add(mq);
	}

	private static BigInteger l(final BigInteger x, final BigInteger p) {
		return x.subtract(BigInteger.ONE).divide(p);
	}
}
