package org.medcrypt.watermark;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.io.Wire;

/**
 * The stream cipher's session key K as the integer that eqs. 5-7 encrypt.
 * <p>
 * The paper's K is the 128-bit key alone, the IV being "coded in the key".
 * MedCrypt writes K as the unsigned big-endian integer of the bytes
 * {@code 'M' 'C' form k/8 key-bytes [IV]}:
 * </p>
 * <ul>
 * <li>form 1 (the paper's): the IV is derived from the key bytes
 * ({@link #derivedIv}, SHA-256 in counter mode), so only the k key bits travel:
 * 160 bits for k = 128, which fits a 1024-bit RSA modulus as in the paper;</li>
 * <li>form 2: a key with an independent IV (e.g. from a key file): the
 * {@code k/2} 16-bit IV values follow the key bytes (1184 bits for k = 128;
 * needs moduli of at least 1192 bits).</li>
 * </ul>
 * The recipient accepts a recovered integer only if it has exactly this
 * structure (prefix, form, key length, total length, non-degenerate key). A
 * wrong K'' (tampered carrier pixel, cropped image, wrong key) gives an
 * essentially uniform integer below the modulus, which passes with
 * probability about {@code 2^-(bits(n) - bits(K))}, e.g. 2^-864 for form 1 and
 * a 1024-bit modulus.
 */
public final class SessionKeyCodec {

	/** Form byte: IV derived from the key bytes (the paper's setting) or explicit. */
	public static final int DERIVED_IV = 1, EXPLICIT_IV = 2;

	private SessionKeyCodec() {}

	/** The IV that form 1 attaches to these key bytes: k/2 16-bit values from SHA-256 in counter mode. */
	public static int[] derivedIv(final byte[] keyBytes) {
		final int[] iv = new int[keyBytes.length * 4];
		final MessageDigest sha = Wire.sha256();
		int n = 0;
		for (int counter = 0; n < iv.length; counter++) {
			sha.update("MedCrypt watermark session IV v1".getBytes(StandardCharsets.US_ASCII));
			sha.update(new byte[] { (byte) (counter >> 8), (byte) counter });
			sha.update(keyBytes);
			final byte[] d = sha.digest();
			for (int i = 0; i + 1 < d.length && n < iv.length; i += 2)
				iv[n++] = (d[i] & 0xFF) << 8 | d[i + 1] & 0xFF;
		}
		return iv;
	}

	/** A fresh session key whose IV is derived from its bits (form 1). */
	public static StreamCipherKey generate(final int bits, final java.util.Random random) {
		final StreamCipherKey raw = StreamCipherKey.generate(bits, random);
		return new StreamCipherKey(raw.keyBytes(), derivedIv(raw.keyBytes()));
	}

	/** True if the key's IV is the one derived from its bits (it then encodes as form 1). */
	public static boolean hasDerivedIv(final StreamCipherKey key) {
		return Arrays.equals(key.iv(), derivedIv(key.keyBytes()));
	}

	/** K as a positive integer (form 1 if the IV is derived, else form 2). */
	public static BigInteger encode(final StreamCipherKey key) {
		final byte[] k = key.keyBytes();
		final boolean derived = hasDerivedIv(key);
		final int[] iv = key.iv();
		final byte[] out = new byte[4 + k.length + (derived ? 0 : 2 * iv.length)];
		out[0] = 'M';
		out[1] = 'C';
		out[2] = (byte) (derived ? DERIVED_IV : EXPLICIT_IV);
		out[3] = (byte) k.length;
		System.arraycopy(k, 0, out, 4, k.length);
		if (!derived) {
			for (int i = 0; i < iv.length; i++) {
				out[4 + k.length + 2 * i] = (byte) (iv[i] >> 8);
				out[5 + k.length + 2 * i] = (byte) iv[i];
			}
		}
		return new BigInteger(1, out);
	}

	/** Thrown when a recovered integer is not a session key. */
	public static final class NotAKeyException extends Exception {

		private static final long serialVersionUID = 1L;

		NotAKeyException(final String message) {
			super(message);
		}
	}

	/** The key encoded by {@code value}, or the exact reason it is not one. */
	public static StreamCipherKey decode(final BigInteger value) throws NotAKeyException {
		if (value.signum() <= 0) throw new NotAKeyException("the recovered integer is " + value.signum());
		byte[] b = value.toByteArray();
		if (b[0] == 0) b = Arrays.copyOfRange(b, 1, b.length);
		if (b.length < 4 || b[0] != 'M' || b[1] != 'C') {
			throw new NotAKeyException("the recovered " + value.bitLength() + "-bit integer lacks the key prefix " +
				"(a session key starts with the bytes 'MC')");
		}
		final int form = b[2], kb = b[3] & 0xFF;
		if (form != DERIVED_IV && form != EXPLICIT_IV) throw new NotAKeyException("unknown key form " + form);
		if (kb * 8 < StreamCipherKey.MIN_BITS || kb * 8 > StreamCipherKey.MAX_BITS) {
			throw new NotAKeyException("key length " + kb * 8 + " bits is out of range");
		}
		final int length = form == DERIVED_IV ? 4 + kb : 4 + kb + kb * 8;
		if (b.length != length) {
			throw new NotAKeyException("the recovered integer has " + b.length + " bytes, a form-" + form + " " +
				kb * 8 + "-bit key has " + length);
		}
		final byte[] k = Arrays.copyOfRange(b, 4, 4 + kb);
		final int[] iv;
		if (form == DERIVED_IV) iv = derivedIv(k);
		else {
			iv = new int[kb * 4];
			for (int i = 0; i < iv.length; i++)
				iv[i] = (b[4 + kb + 2 * i] & 0xFF) << 8 | b[5 + kb + 2 * i] & 0xFF;
		}
		final StreamCipherKey key = new StreamCipherKey(k, iv);
		if (key.isDegenerate()) throw new NotAKeyException("the recovered key is degenerate (all coefficients 0)");
		return key;
	}
}
