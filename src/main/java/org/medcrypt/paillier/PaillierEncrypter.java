package org.medcrypt.paillier;

import java.math.BigInteger;
import java.util.Random;

/**
 * Something that encrypts under a Paillier public key: the public key itself,
 * or the private key, which computes the same ciphertext distribution faster.
 */
public interface PaillierEncrypter {

	PaillierPublicKey publicKey();

	/** Encrypts m (taken mod n) with fresh randomness from rnd. */
	BigInteger encrypt(BigInteger m, Random rnd);

	/**
	 * Encrypts each m[i] with fresh randomness from rnd: the same distribution as
	 * {@link #encrypt(BigInteger, Random)} one by one (which this default does);
	 * the keys walk their fixed-base tables once per batch (issue 12: the image
	 * paths encrypt batches of about a hundred).
	 */
	default BigInteger[] encrypt(final BigInteger[] m, final Random rnd) {
		final BigInteger[] out = new BigInteger[m.length];
		for (int i = 0; i < m.length; i++) out[i] = encrypt(m[i], rnd);
		return out;
	}
}
