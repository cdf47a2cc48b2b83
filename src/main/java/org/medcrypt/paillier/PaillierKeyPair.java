package org.medcrypt.paillier;

/** A private key and its public key; the private key already holds the public one. */
public final class PaillierKeyPair {

	private final PaillierPrivateKey privateKey;

	PaillierKeyPair(final PaillierPrivateKey privateKey) {
		this.privateKey = privateKey;
	}

	public PaillierPublicKey publicKey() {
		return privateKey.publicKey();
	}

	public PaillierPrivateKey privateKey() {
		return privateKey;
	}
}
