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
}
