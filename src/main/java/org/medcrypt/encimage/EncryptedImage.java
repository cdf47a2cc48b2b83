package org.medcrypt.encimage;

import java.math.BigInteger;

/**
 * A packed, Paillier-encrypted image (or stack) as the server stores it: the
 * layout, the pixel bit depth, the slot width, the fingerprint of the key it is
 * encrypted for, and the ciphertexts in layout order. Holds no secret.
 */
public final class EncryptedImage {

	private final PolyphaseLayout layout;
	private final int bitDepth;
	private final int slotBits;
	private final int modulusBits;
	private final String keyFingerprint;
	private final BigInteger[] ciphertexts;
	private final byte[] ownerSeal;

	public EncryptedImage(final PolyphaseLayout layout, final int bitDepth, final int slotBits,
		final int modulusBits, final String keyFingerprint, final BigInteger[] ciphertexts)
	{
		this(layout, bitDepth, slotBits, modulusBits, keyFingerprint, ciphertexts, null);
	}

	/**
	 * @param ownerSeal the owner's sealed randomness seed
	 *          ({@link org.medcrypt.paillier.SeededRandomness}), or null when the
	 *          image was encrypted with the public key alone
	 */
	public EncryptedImage(final PolyphaseLayout layout, final int bitDepth, final int slotBits,
		final int modulusBits, final String keyFingerprint, final BigInteger[] ciphertexts, final byte[] ownerSeal)
	{
		if (ciphertexts.length != layout.ciphertextCount()) {
			throw new IllegalArgumentException("the layout needs " + layout.ciphertextCount() +
				" ciphertexts, not " + ciphertexts.length);
		}
		this.layout = layout;
		this.bitDepth = bitDepth;
		this.slotBits = slotBits;
		this.modulusBits = modulusBits;
		this.keyFingerprint = keyFingerprint;
		this.ciphertexts = ciphertexts;
		this.ownerSeal = ownerSeal;
	}

	/** The owner's sealed randomness seed, or null (see the constructor). */
	public byte[] ownerSeal() {
		return ownerSeal == null ? null : ownerSeal.clone();
	}

	public PolyphaseLayout layout() {
		return layout;
	}

	/** 8 or 16. */
	public int bitDepth() {
		return bitDepth;
	}

	public int slotBits() {
		return slotBits;
	}

	public int modulusBits() {
		return modulusBits;
	}

	/** SHA-256 fingerprint (hex) of the public key the image is encrypted for. */
	public String keyFingerprint() {
		return keyFingerprint;
	}

	/** The ciphertexts in layout order; the array is shared, not copied. */
	public BigInteger[] ciphertexts() {
		return ciphertexts;
	}

	/** Ciphertext bytes over pixel bytes. */
	public double expansion() {
		final long pixelBytes = (long) layout.width() * layout.height() * layout.planes() * (bitDepth / 8);
		final long cipherBytes = (long) ciphertexts.length * 2 * ((modulusBits + 7) / 8);
		return (double) cipherBytes / pixelBytes;
	}
}
