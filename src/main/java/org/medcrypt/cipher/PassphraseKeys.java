package org.medcrypt.cipher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.Wire;
import org.medcrypt.io.MedCryptException;

/**
 * Derives a {@link StreamCipherKey} from a passphrase, as an alternative to a
 * key file.
 *
 * <h2>Derivation</h2>
 * A 32-byte master secret {@code PRK = PBKDF2-HMAC-SHA256(passphrase (UTF-8),
 * salt, iterations)} (the JDK's {@code PBKDF2WithHmacSHA256}, which encodes the
 * passphrase's characters as UTF-8), then HKDF-Expand
 * (RFC 5869, HMAC-SHA256) with info {@code "MedCrypt stream cipher v1 k=<k>"}
 * to {@code k/8 + k} bytes: the key bytes K, then the IV as {@code k/2}
 * big-endian 16-bit values, {@code p'_{-1}} first. Expanding after one PBKDF2
 * block keeps the cost at one PBKDF2 run whatever {@code k}.
 *
 * <h2>Salt record</h2>
 * Everything but the passphrase that decryption needs is in one printable
 * record, {@code pbkdf2-sha256:<iterations>:<salt hex>:<k>}, e.g.
 * {@code pbkdf2-sha256:600000:9f0c...e1:128}. It is not secret and is stored
 * next to the encrypted image (MedCrypt's commands put it in the image's
 * properties, which TIFF keeps, and in the Results table). A fresh 16-byte
 * salt is drawn for each encryption, so one passphrase gives a different key
 * for each image (reusing a key leaks the difference of two images).
 * Default iterations: {@value #DEFAULT_ITERATIONS} (OWASP 2023 for
 * PBKDF2-HMAC-SHA256); at least {@value #MIN_ITERATIONS} are accepted.
 */
public final class PassphraseKeys {

	public static final int DEFAULT_ITERATIONS = 600_000;
	public static final int MIN_ITERATIONS = 1_000;
	public static final int SALT_BYTES = 16;
	private static final String SCHEME = "pbkdf2-sha256";

	private PassphraseKeys() {}

	/** A new salt record with a fresh salt from {@code random} (pass a SecureRandom). */
	public static String newSaltRecord(final int bits, final int iterations, final Random random) {
		if (iterations < MIN_ITERATIONS) throw new IllegalArgumentException("at least " + MIN_ITERATIONS +
			" PBKDF2 iterations, not " + iterations);
		if (bits % 8 != 0 || bits < StreamCipherKey.MIN_BITS || bits > StreamCipherKey.MAX_BITS) {
			throw new IllegalArgumentException("key length must be a multiple of 8 in " + StreamCipherKey.MIN_BITS +
				".." + StreamCipherKey.MAX_BITS + ": " + bits);
		}
		final byte[] salt = new byte[SALT_BYTES];
		random.nextBytes(salt);
		return SCHEME + ":" + iterations + ":" + Hex.of(salt) + ":" + bits;
	}

	/** The key for {@code passphrase} under a salt record; the passphrase array is not cleared. */
	public static StreamCipherKey derive(final char[] passphrase, final String saltRecord)
		throws MedCryptException
	{
		if (passphrase == null || passphrase.length == 0) throw new MedCryptException("Type a passphrase.");
		final String[] parts = saltRecord == null ? new String[0] : saltRecord.trim().split(":");
		final int iterations, bits;
		final byte[] salt;
		try {
			if (parts.length != 4 || !parts[0].equals(SCHEME)) throw new IllegalArgumentException();
			iterations = Integer.parseInt(parts[1]);
			salt = Hex.parse(parts[2]);
			bits = Integer.parseInt(parts[3]);
			if (iterations < MIN_ITERATIONS || salt.length < 8 || bits % 8 != 0 || bits < StreamCipherKey.MIN_BITS ||
				bits > StreamCipherKey.MAX_BITS) throw new IllegalArgumentException();
		}
		catch (final IllegalArgumentException e) {
			throw new DamagedFileException("\"" + saltRecord + "\" is not a MedCrypt salt record; expected " + SCHEME +
				":<iterations>:<salt hex>:<key bits>, as reported when the image was encrypted.");
		}
		try {
			final byte[] prk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(
				passphrase, salt, iterations, 256)).getEncoded();
			final byte[] okm = Wire.hkdfSha256Expand(prk, ("MedCrypt stream cipher v1 k=" + bits).getBytes(
				StandardCharsets.US_ASCII), bits / 8 + bits);
			Arrays.fill(prk, (byte) 0);
			final ByteBuffer b = ByteBuffer.wrap(okm);
			final byte[] keyBytes = new byte[bits / 8];
			b.get(keyBytes);
			final int[] iv = new int[bits / 2];
			for (int i = 0; i < iv.length; i++)
				iv[i] = b.getShort() & 0xFFFF;
			Arrays.fill(okm, (byte) 0);
			return new StreamCipherKey(keyBytes, iv);
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("PBKDF2WithHmacSHA256 and HmacSHA256 are part of every JDK", e);
		}
	}
}
