package org.medcrypt.paillier;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.medcrypt.io.Hex;
import org.medcrypt.io.Wire;

/**
 * The key owner's randomness for one encryption job: the DJN exponents a_i are
 * AES-256-CTR output under a fresh 256-bit seed from SecureRandom (a NIST
 * CTR-DRBG-like expansion), and the seed travels with the ciphertexts sealed
 * with AES-256-GCM under a key derived (HKDF-SHA256) from the private key.
 *
 * <p>Why: decrypting a ciphertext whose exponent is known costs two fixed-base
 * exponentiations instead of two |p|-bit modPow's, about twice as fast, so the
 * owner reads back its own stored images quicker. Ciphertexts computed later
 * from these (sums, Haar coefficients) have unknown randomness and take the
 * general decryption.
 *
 * <p><b>Seal version 2</b> ({@link #SEALED_BYTES}, what {@link #fresh} makes):
 * the sealed plaintext is the seed and a MAC tag (HMAC-SHA256 under
 * {@link #macKey()}, derived from the seed) over whatever the caller
 * authenticates: the {@code .mcimg} header, its description block and every
 * ciphertext, so that only the owner can make or check it. Each ciphertext's
 * keystream is its own: the CTR counter block is {@code index (8 bytes) ||
 * block counter (8 bytes)}, so exponent i uses blocks (i, 0), (i, 1), ... and
 * no two exponents share a block (an exponent needs a few blocks; the block
 * counter would need 2^64 to reach the index field).
 *
 * <p><b>Seal version 1</b> ({@link #SEALED_BYTES_V1}, read for old files only)
 * put the index in the low bytes of one 128-bit counter that ran over all 128
 * bits: exponent i used blocks i, i+1, ..., so a_0's low bits were a_1's high
 * bits (review of 2026-12, issue 10 finding 4). No attack is known from that
 * overlap, but the exponents were not independent, so the argument below did
 * not apply to them.
 *
 * <p>Security (version 2): to anyone without the private key the seal is an
 * AES-GCM ciphertext, and the exponents are disjoint blocks of AES-CTR under a
 * uniformly random key, i.e. outputs of a PRF on distinct inputs. Replacing the
 * PRF by a random function (PRF security of AES-256; HKDF as a random oracle for
 * the sealing key) makes every a_i an independent uniform {@code randomBits}-bit
 * string, which is exactly how {@link PaillierPublicKey#encrypt} draws its
 * exponents: the ciphertexts are distributed as ordinary DJN encryptions.
 */
public final class SeededRandomness {

	static final int SEED_BYTES = 32;
	/** Bytes of the MAC tag inside a version-2 seal. */
	public static final int MAC_BYTES = 32;
	private static final int NONCE_BYTES = 12;
	private static final int TAG_BITS = 128;
	/** Bytes of a version-1 sealed seed: nonce, encrypted seed, GCM tag. */
	public static final int SEALED_BYTES_V1 = NONCE_BYTES + SEED_BYTES + TAG_BITS / 8;
	/** Bytes of a version-2 seal: nonce, encrypted seed and MAC tag, GCM tag. */
	public static final int SEALED_BYTES = NONCE_BYTES + SEED_BYTES + MAC_BYTES + TAG_BITS / 8;

	private final byte[] seed;
	private final int exponentBits;
	private final int version;
	/** The MAC tag a version-2 seal carried, else null. */
	private final byte[] sealedMac;

	SeededRandomness(final byte[] seed, final int exponentBits, final int version, final byte[] sealedMac) {
		this.seed = seed;
		this.exponentBits = exponentBits;
		this.version = version;
		this.sealedMac = sealedMac;
	}

	/** A fresh seed (seal version 2) for a job encrypted under {@code key}. */
	public static SeededRandomness fresh(final PaillierPublicKey key, final SecureRandom rnd) {
		final byte[] seed = new byte[SEED_BYTES];
		rnd.nextBytes(seed);
		return new SeededRandomness(seed, key.randomBits(), 2, null);
	}

	/**
	 * Opens a seal made by {@link #seal} (version 2) or by an older MedCrypt
	 * (version 1, told apart by its length); throws if it was made for another
	 * key or altered.
	 */
	public static SeededRandomness open(final PaillierPrivateKey key, final byte[] sealed)
		throws InvalidCipherTextException
	{
		final int version = sealed.length == SEALED_BYTES ? 2 : sealed.length == SEALED_BYTES_V1 ? 1 : 0;
		if (version == 0) throw new InvalidCipherTextException("sealed seed has the wrong size");
		final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
		gcm.init(false, new AEADParameters(new KeyParameter(sealingKey(key, version)), TAG_BITS, Arrays.copyOf(
			sealed, NONCE_BYTES), aad(key.publicKey())));
		final byte[] plain = new byte[sealed.length - NONCE_BYTES - TAG_BITS / 8];
		final int n = gcm.processBytes(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES, plain, 0);
		gcm.doFinal(plain, n);
		return new SeededRandomness(Arrays.copyOf(plain, SEED_BYTES), key.publicKey().randomBits(), version,
			version == 2 ? Arrays.copyOfRange(plain, SEED_BYTES, SEED_BYTES + MAC_BYTES) : null);
	}

	/** 2 for seals this MedCrypt makes, 1 for an old file's. */
	public int version() {
		return version;
	}

	/** The key of the MAC a version-2 seal carries: HKDF-SHA256 of the seed. */
	public byte[] macKey() {
		return Wire.hkdfSha256(seed, "MedCrypt owner MAC v2".getBytes(StandardCharsets.US_ASCII), 32);
	}

	/** The MAC tag the opened version-2 seal carried (a copy), or null for version 1. */
	public byte[] sealedMac() {
		return sealedMac == null ? null : sealedMac.clone();
	}

	/** The seed and {@code mac} (a tag under {@link #macKey()}) sealed for the holder of {@code key}'s private key. */
	public byte[] seal(final PaillierPrivateKey key, final byte[] mac, final SecureRandom rnd) {
		if (version != 2 || mac.length != MAC_BYTES) throw new IllegalStateException("only version 2 seals are made");
		final byte[] out = new byte[SEALED_BYTES];
		final byte[] nonce = new byte[NONCE_BYTES];
		rnd.nextBytes(nonce);
		System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
		final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
		gcm.init(true, new AEADParameters(new KeyParameter(sealingKey(key, 2)), TAG_BITS, nonce, aad(key
			.publicKey())));
		final byte[] plain = Arrays.copyOf(seed, SEED_BYTES + MAC_BYTES);
		System.arraycopy(mac, 0, plain, SEED_BYTES, MAC_BYTES);
		final int n = gcm.processBytes(plain, 0, plain.length, out, NONCE_BYTES);
		try {
			gcm.doFinal(out, NONCE_BYTES + n);
		}
		catch (final InvalidCipherTextException e) {
			throw new IllegalStateException("GCM encryption cannot fail", e);
		}
		Arrays.fill(plain, (byte) 0);
		return out;
	}

	/** The random exponent of ciphertext {@code index}: {@link PaillierPublicKey#randomBits()} bits. */
	public BigInteger exponent(final long index) {
		final byte[] iv = new byte[16];
		// version 2: index in bytes 0-7, block counter in bytes 8-15; version 1: index in the low bytes
		final int end = version == 2 ? 7 : 15;
		for (int i = 0; i < 8; i++) iv[end - i] = (byte) (index >>> (8 * i));
		final SICBlockCipher ctr = new SICBlockCipher(AESEngine.newInstance());
		ctr.init(true, new ParametersWithIV(new KeyParameter(seed), iv));
		final byte[] stream = new byte[(exponentBits + 7) / 8];
		ctr.processBytes(stream, 0, stream.length, stream, 0);
		final int excess = stream.length * 8 - exponentBits;
		stream[0] &= (byte) (0xff >>> excess);
		return new BigInteger(1, stream);
	}

	/** Bits of the random part N of an owner mark. */
	private static final int MARK_NONCE_BITS = 256;

	/**
	 * A Paillier randomness r (a unit below n) that only the private key's
	 * holder can make and recognise: its low 256 bits are a fresh random N, the
	 * bits above are HKDF-SHA256(K, N) for a key K derived from the private key,
	 * and the whole is drawn again until it is below n. An owner encrypts one
	 * ciphertext of a file with it ({@link PaillierPublicKey#encryptTextbook}),
	 * so that a file whose owner seal was stripped is still recognised as the
	 * owner's ({@link #carriesOwnerMark}). To anyone else r is computationally
	 * uniform in [0, n) (N uniform, the rest a PRF of it, rejection sampling as for
	 * a uniform draw), so the ciphertext is an ordinary Paillier encryption.
	 */
	public static BigInteger ownerMark(final PaillierPrivateKey key, final SecureRandom rnd) {
		final BigInteger n = key.publicKey().modulus();
		while (true) {
			final BigInteger nonce = new BigInteger(MARK_NONCE_BITS, rnd);
			final BigInteger r = markHigh(key, nonce).shiftLeft(MARK_NONCE_BITS).or(nonce);
			if (r.signum() > 0 && r.compareTo(n) < 0 && r.gcd(n).equals(BigInteger.ONE)) return r;
		}
	}

	/**
	 * Whether ciphertext {@code c} was made with an {@link #ownerMark} of this
	 * key: its randomness r = (c mod n)^(n^-1 mod λ) mod n (since c ≡ r^n mod n
	 * for g = n+1) is recomputed and checked. One exponentiation mod n.
	 */
	public static boolean carriesOwnerMark(final PaillierPrivateKey key, final BigInteger c) {
		final BigInteger n = key.publicKey().modulus();
		final BigInteger r = c.mod(n).modPow(n.modInverse(key.lambda()), n);
		final BigInteger nonce = r.and(BigInteger.ONE.shiftLeft(MARK_NONCE_BITS).subtract(BigInteger.ONE));
		return r.shiftRight(MARK_NONCE_BITS).equals(markHigh(key, nonce));
	}

	/** HKDF-SHA256(K, N) as a number of |n| - 256 bits, K derived from the private key. */
	private static BigInteger markHigh(final PaillierPrivateKey key, final BigInteger nonce) {
		final int bits = key.publicKey().modulus().bitLength() - MARK_NONCE_BITS;
		final byte[] markKey = key.derivedKey("MedCrypt owner mark v2 ");
		final byte[] out = Wire.hkdfSha256(markKey, nonce.toByteArray(), (bits + 7) / 8);
		Arrays.fill(markKey, (byte) 0);
		out[0] &= (byte) (0xff >>> (out.length * 8 - bits));
		return new BigInteger(1, out);
	}

	private static byte[] sealingKey(final PaillierPrivateKey key, final int version) {
		return key.derivedKey("MedCrypt Paillier seed seal v" + version + " ");
	}

	private static byte[] aad(final PaillierPublicKey key) {
		return Hex.parse(key.fingerprint());
	}
}
