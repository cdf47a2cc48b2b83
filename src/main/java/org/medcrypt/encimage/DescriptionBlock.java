package org.medcrypt.encimage;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.FixedWidth;
import org.medcrypt.paillier.PaillierEncrypter;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.SeededRandomness;

/**
 * The image's description (title, calibration, DICOM header...:
 * {@link org.medcrypt.image.ImageDescription}) inside a {@code .mcimg} file,
 * encrypted so that whoever holds the Paillier private key gets it back and the
 * server sees only ciphertext: a Paillier KEM (a fresh 256-bit key K from
 * SecureRandom, encrypted as one Paillier ciphertext under the image's public
 * key) and the encoded description under AES-256-GCM with K, with the file's
 * header as associated data (so the block cannot be moved to another file's
 * header unnoticed).
 *
 * <pre>
 * KEM ciphertext (2·ceil(|n|/8) bytes) | GCM nonce (12) | GCM ciphertext and tag (description + 16)
 * </pre>
 *
 * The owner (encrypting with the private key) makes the KEM ciphertext with its
 * {@link SeededRandomness#ownerMark}, so a stripped owner seal is still seen.
 * The Paillier ciphertext is malleable (E(K)·E(δ) = E(K+δ)), but a changed key
 * fails the GCM tag; anyone holding the public key can replace the whole block,
 * which the owner's MAC detects and which an unsealed file cannot exclude.
 */
public final class DescriptionBlock {

	private static final int NONCE_BYTES = 12, TAG_BYTES = 16, KEY_BYTES = 32;

	private DescriptionBlock() {}

	/** Bytes of a block holding {@code descriptionBytes} of encoded description. */
	public static long length(final int ciphertextBytes, final long descriptionBytes) {
		return ciphertextBytes + NONCE_BYTES + descriptionBytes + TAG_BYTES;
	}

	/** The smallest valid block (an empty description). */
	static int minimumLength(final int ciphertextBytes) {
		return (int) length(ciphertextBytes, 0);
	}

	/**
	 * Encrypts {@code description} under {@code key} with {@code header} as associated data. Public: the
	 * sealed signature index ({@code retrieval.index.IndexSegment}) seals its segments with this same KEM.
	 */
	public static byte[] seal(final PaillierEncrypter key, final byte[] description, final byte[] header,
		final SecureRandom rnd)
	{
		final byte[] k = new byte[KEY_BYTES], nonce = new byte[NONCE_BYTES];
		rnd.nextBytes(k);
		rnd.nextBytes(nonce);
		final BigInteger m = new BigInteger(1, k);
		final BigInteger kem = key instanceof PaillierPrivateKey ? key.publicKey().encryptTextbook(m,
			SeededRandomness.ownerMark((PaillierPrivateKey) key, rnd)) : key.encrypt(m, rnd);
		final int size = key.publicKey().ciphertextBytes();
		final byte[] out = new byte[(int) length(size, description.length)];
		System.arraycopy(FixedWidth.bytes(kem, size), 0, out, 0, size);
		System.arraycopy(nonce, 0, out, size, NONCE_BYTES);
		try {
			gcm(Cipher.ENCRYPT_MODE, k, nonce, header).doFinal(description, 0, description.length, out, size +
				NONCE_BYTES);
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("AES-256-GCM encryption cannot fail", e);
		}
		finally {
			Arrays.fill(k, (byte) 0);
		}
		return out;
	}

	/** The KEM ciphertext of a block. */
	static BigInteger kem(final byte[] block, final int ciphertextBytes) {
		return new BigInteger(1, block, 0, ciphertextBytes);
	}

	/**
	 * The encoded description; a block that does not open (altered, or moved
	 * from another file) is an {@link AuthenticationFailedException} naming
	 * {@code name}.
	 */
	public static byte[] open(final PaillierPrivateKey key, final byte[] block, final byte[] header, final String name)
		throws AuthenticationFailedException
	{
		final int size = key.publicKey().ciphertextBytes();
		// shorter than a KEM ciphertext, a nonce and a tag: cut (the fuzz suite's sealed index segments found it)
		if (block.length < minimumLength(size)) throw unopened(name, null);
		final BigInteger m = key.decrypt(kem(block, size));
		if (m.bitLength() > 8 * KEY_BYTES) throw unopened(name, null);
		final byte[] k = FixedWidth.bytes(m, KEY_BYTES);
		try {
			return gcm(Cipher.DECRYPT_MODE, k, Arrays.copyOfRange(block, size, size + NONCE_BYTES), header).doFinal(
				block, size + NONCE_BYTES, block.length - size - NONCE_BYTES);
		}
		catch (final AEADBadTagException e) {
			throw unopened(name, e);
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("AES-256-GCM is part of every Java runtime", e);
		}
		finally {
			Arrays.fill(k, (byte) 0);
		}
	}

	private static AuthenticationFailedException unopened(final String name, final Exception cause) {
		return new AuthenticationFailedException(name + ": the encrypted image description does not open with " +
			"this key: the file was altered. Ask for the file again or use a backup copy.", cause);
	}

	/**
	 * The JDK's AES-256-GCM, as secure transfer's (one implementation for both):
	 * on 18 MB, a sealed index of 100,000 signatures, it took 200-210 ms here
	 * against 255-265 ms for Bouncy Castle's lightweight GCM in the same run
	 * (Java 17). Same bytes as any GCM, so files written before open unchanged.
	 * Public: the sealed index's preview files ({@code retrieval.index.SealedPreview}) use it too.
	 */
	public static Cipher gcm(final int mode, final byte[] k, final byte[] nonce, final byte[] aad)
		throws GeneralSecurityException
	{
		final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
		gcm.init(mode, new SecretKeySpec(k, "AES"), new GCMParameterSpec(8 * TAG_BYTES, nonce));
		gcm.updateAAD(aad);
		return gcm;
	}
}
