package org.medcrypt.cipher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

import org.medcrypt.io.Hex;
import org.medcrypt.io.Wire;

/**
 * Secret key of the asynchronous pixel stream cipher of Puech (2008), section
 * 1.2: the key bits {@code K = b_1 ... b_k} and the initialisation vector
 * (IV) of {@code k/2} virtual encrypted pixels {@code p'_{-1} ... p'_{-k/2}}
 * that the paper says "is coded in the key". <b>Study only</b>: see
 * {@link PixelStreamCipher} for why this cipher is weak.
 *
 * <h2>Coefficients (eqs. 2 and 3)</h2>
 * Bit {@code b_1} is the most significant bit of the first key byte. For
 * {@code j = 1 .. k/2}, {@code beta_j = 2 b_{2j-1} + b_{2j}}; {@code alpha_j =
 * beta_j - 1} when {@code beta_j} is 0, 1 or 2. The paper leaves the sign of
 * {@code alpha_j = ±2} (when {@code beta_j = 3}) to be chosen so that the mean
 * of the {@code alpha_j} is near 0 (eq. 3) without saying how; MedCrypt's
 * deterministic rule: let {@code s} be the sum of the coefficients in
 * {@code {-1, 0, 1}}; then for each {@code j} with {@code beta_j = 3}, in
 * increasing {@code j}, {@code alpha_j = +2} if {@code s <= 0}, else
 * {@code -2}, and {@code s += alpha_j}. The final sum is within
 * {@code max(2, |s_0| - 2 m)} of zero ({@code m} = number of threes), so the
 * mean is as near 0 as the {@code ±2} allow.
 *
 * <h2>IV</h2>
 * {@code k/2} values in {@code 0..65535}; entry {@code j-1} is
 * {@code p'_{-j}} (so entry 0 is the virtual pixel just before the first
 * pixel). For 8-bit images the values are taken mod 256.
 */
public final class StreamCipherKey {

	/** Default key length in bits, as in the paper's experiments. */
	public static final int DEFAULT_BITS = 128;
	/** Smallest and largest supported key lengths (multiples of 8). */
	public static final int MIN_BITS = 16, MAX_BITS = 1024;

	private final byte[] keyBits;
	private final int[] iv;
	private final int[] alpha;
	/** The blocked encryption's join matrices for the last image size this key encrypted (derived from alpha). */
	private final BlockedRecurrence.JoinCache joins = new BlockedRecurrence.JoinCache();

	/**
	 * @param keyBits the {@code k/8} key bytes; {@code k} a multiple of 8 in
	 *          {@value #MIN_BITS}..{@value #MAX_BITS}
	 * @param iv {@code k/2} virtual pixels in 0..65535, entry {@code j-1} being
	 *          {@code p'_{-j}}
	 */
	public StreamCipherKey(final byte[] keyBits, final int[] iv) {
		final int k = keyBits.length * 8;
		if (k < MIN_BITS || k > MAX_BITS) {
			throw new IllegalArgumentException("stream cipher keys have " + MIN_BITS + " to " + MAX_BITS +
				" bits, not " + k);
		}
		if (iv.length != k / 2) throw new IllegalArgumentException("a " + k + "-bit key needs " + k / 2 +
			" IV values, not " + iv.length);
		for (final int v : iv) {
			if (v < 0 || v > 0xFFFF) throw new IllegalArgumentException("IV values are 16-bit: " + v);
		}
		this.keyBits = keyBits.clone();
		this.iv = iv.clone();
		this.alpha = coefficients(keyBits);
	}

	/** A fresh random key of {@code bits} bits and a random IV; refuses degenerate keys (all alpha 0). */
	public static StreamCipherKey generate(final int bits, final Random random) {
		if (bits % 8 != 0) throw new IllegalArgumentException("key length must be a multiple of 8: " + bits);
		while (true) {
			final byte[] k = new byte[bits / 8];
			random.nextBytes(k);
			final int[] iv = new int[bits / 2];
			for (int i = 0; i < iv.length; i++)
				iv[i] = random.nextInt(0x10000);
			final StreamCipherKey key = new StreamCipherKey(k, iv);
			if (!key.isDegenerate()) return key;
		}
	}

	/** The coefficients {@code alpha_1 .. alpha_{k/2}} of eqs. 2-3 (index {@code j-1}). */
	public static int[] coefficients(final byte[] keyBits) {
		final int n = keyBits.length * 4;
		final int[] alpha = new int[n];
		int sum = 0;
		for (int j = 0; j < n; j++) {
			final int beta = (keyBits[j >> 2] >> (6 - 2 * (j & 3))) & 3;
			if (beta < 3) {
				alpha[j] = beta - 1;
				sum += alpha[j];
			}
		}
		for (int j = 0; j < n; j++) {
			if (((keyBits[j >> 2] >> (6 - 2 * (j & 3))) & 3) == 3) {
				alpha[j] = sum <= 0 ? 2 : -2;
				sum += alpha[j];
			}
		}
		return alpha;
	}

	/** Key length {@code k} in bits. */
	public int bits() {
		return keyBits.length * 8;
	}

	/** Order of the recurrence, {@code k/2}. */
	public int taps() {
		return alpha.length;
	}

	/** A copy of {@code alpha_1 .. alpha_{k/2}}. */
	public int[] alpha() {
		return alpha.clone();
	}

	/** A copy of the IV, entry {@code j-1} being {@code p'_{-j}}. */
	public int[] iv() {
		return iv.clone();
	}

	/** A copy of the key bytes. */
	public byte[] keyBytes() {
		return keyBits.clone();
	}

	int[] alphaInternal() {
		return alpha;
	}

	int[] ivInternal() {
		return iv;
	}

	BlockedRecurrence.JoinCache joins() {
		return joins;
	}

	/** True if every coefficient is 0: encryption would then leave every pixel unchanged. */
	public boolean isDegenerate() {
		for (final int a : alpha)
			if (a != 0) return false;
		return true;
	}

	/**
	 * Sixteen hex digits identifying the key (a truncated SHA-256 of a label,
	 * the key bytes and the IV); safe to show and to store with an image.
	 */
	public String fingerprint() {
		final MessageDigest sha = Wire.sha256();
		sha.update("MedCrypt stream cipher key fingerprint v1".getBytes(StandardCharsets.US_ASCII));
		sha.update(keyBits);
		for (final int v : iv) {
			sha.update((byte) (v >> 8));
			sha.update((byte) v);
		}
		return Hex.of(Arrays.copyOf(sha.digest(), 8));
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof StreamCipherKey && MessageDigest.isEqual(keyBits, ((StreamCipherKey) o).keyBits) &&
			Arrays.equals(iv, ((StreamCipherKey) o).iv);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(iv);
	}

	/** Never the key itself: only its length and fingerprint. */
	@Override
	public String toString() {
		return "StreamCipherKey[" + bits() + " bits, " + fingerprint() + "]";
	}
}
