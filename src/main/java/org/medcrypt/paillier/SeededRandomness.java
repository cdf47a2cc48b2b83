package org.medcrypt.paillier;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.medcrypt.io.Hex;

/**
 * The key owner's randomness for one encryption job: the DJN exponents a_i are
 * AES-256-CTR output under a fresh 256-bit seed from SecureRandom (a NIST
 * CTR-DRBG-like expansion), and the seed travels with the ciphertexts sealed
 * with AES-256-GCM under a key derived (HKDF-SHA256) from the private key.
 *
 * <p>Why: decrypting a ciphertext whose exponent is known costs two fixed-base
 * exponentiations instead of two |p|-bit modPow's, about twice as fast, so the
 * owner reads back its own stored images quicker. To anyone without the private
 * key the seal is an AES-GCM ciphertext and the a_i are pseudorandom, so the
 * ciphertexts are distributed as plain DJN encryptions (PRF security of AES, the
 * KDF as a random oracle). Ciphertexts computed later from these (sums, Haar
 * coefficients) have unknown randomness and take the general decryption.
 */
public final class SeededRandomness {

	static final int SEED_BYTES = 32;
	private static final int NONCE_BYTES = 12;
	private static final int TAG_BITS = 128;
	/** Bytes of a sealed seed: nonce, encrypted seed, GCM tag. */
	public static final int SEALED_BYTES = NONCE_BYTES + SEED_BYTES + TAG_BITS / 8;

	private final byte[] seed;
	private final int exponentBits;

	private SeededRandomness(final byte[] seed, final int exponentBits) {
		this.seed = seed;
		this.exponentBits = exponentBits;
	}

	/** A fresh seed for a job encrypted under {@code key}. */
	public static SeededRandomness fresh(final PaillierPublicKey key, final SecureRandom rnd) {
		final byte[] seed = new byte[SEED_BYTES];
		rnd.nextBytes(seed);
		return new SeededRandomness(seed, key.randomBits());
	}

	/** Opens a seal made by {@link #seal}; throws if it was made for another key or altered. */
	public static SeededRandomness open(final PaillierPrivateKey key, final byte[] sealed)
		throws InvalidCipherTextException
	{
		if (sealed.length != SEALED_BYTES) throw new InvalidCipherTextException("sealed seed has the wrong size");
		final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
		gcm.init(false, new AEADParameters(new KeyParameter(sealingKey(key)), TAG_BITS, Arrays.copyOf(sealed,
			NONCE_BYTES), aad(key.publicKey())));
		final byte[] seed = new byte[SEED_BYTES];
		final int n = gcm.processBytes(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES, seed, 0);
		gcm.doFinal(seed, n);
		return new SeededRandomness(seed, key.publicKey().randomBits());
	}

	/** The seed sealed for the holder of {@code key}'s private key. */
	public byte[] seal(final PaillierPrivateKey key, final SecureRandom rnd) {
		final byte[] out = new byte[SEALED_BYTES];
		final byte[] nonce = new byte[NONCE_BYTES];
		rnd.nextBytes(nonce);
		System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
		final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
		gcm.init(true, new AEADParameters(new KeyParameter(sealingKey(key)), TAG_BITS, nonce, aad(key
			.publicKey())));
		final int n = gcm.processBytes(seed, 0, SEED_BYTES, out, NONCE_BYTES);
		try {
			gcm.doFinal(out, NONCE_BYTES + n);
		}
		catch (final InvalidCipherTextException e) {
			throw new IllegalStateException("GCM encryption cannot fail", e);
		}
		return out;
	}

	/** The random exponent of ciphertext {@code index}: {@link PaillierPublicKey#randomBits()} bits. */
	public BigInteger exponent(final long index) {
		final byte[] iv = new byte[16];
		for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (index >>> (8 * i));
		final SICBlockCipher ctr = new SICBlockCipher(AESEngine.newInstance());
		ctr.init(true, new ParametersWithIV(new KeyParameter(seed), iv));
		final byte[] stream = new byte[(exponentBits + 7) / 8];
		ctr.processBytes(stream, 0, stream.length, stream, 0);
		final int excess = stream.length * 8 - exponentBits;
		stream[0] &= (byte) (0xff >>> excess);
		return new BigInteger(1, stream);
	}

	private static byte[] sealingKey(final PaillierPrivateKey key) {
		final HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
		final byte[] p = key.p().toByteArray(), q = key.q().toByteArray();
		final byte[] ikm = Arrays.copyOf(p, p.length + q.length);
		System.arraycopy(q, 0, ikm, p.length, q.length);
		hkdf.init(new HKDFParameters(ikm, null, ("MedCrypt Paillier seed seal v1 " + key.publicKey()
			.fingerprint()).getBytes(StandardCharsets.US_ASCII)));
		final byte[] k = new byte[32];
		hkdf.generateBytes(k, 0, k.length);
		Arrays.fill(ikm, (byte) 0);
		return k;
	}

	private static byte[] aad(final PaillierPublicKey key) {
		return Hex.parse(key.fingerprint());
	}
}
