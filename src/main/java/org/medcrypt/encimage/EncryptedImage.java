package org.medcrypt.encimage;

import java.math.BigInteger;

/**
 * A packed, Paillier-encrypted image (or stack) as the server stores it: the
 * layout, the pixel bit depth, the slot width, the fingerprint of the key it is
 * encrypted for, the ciphertexts in layout order, and, from format version 2,
 * the owner's seal with its MAC and the encrypted description. Holds no secret.
 */
public final class EncryptedImage {

	private final PolyphaseLayout layout;
	private final int bitDepth;
	private final int slotBits;
	private final int modulusBits;
	private final String keyFingerprint;
	private final BigInteger[] ciphertexts;
	private final byte[] ownerSeal;
	private final boolean rgb;
	private final byte[] description;
	private final int formatVersion;

	public EncryptedImage(final PolyphaseLayout layout, final int bitDepth, final int slotBits,
		final int modulusBits, final String keyFingerprint, final BigInteger[] ciphertexts)
	{
		this(layout, bitDepth, slotBits, modulusBits, keyFingerprint, ciphertexts, null);
	}

	public EncryptedImage(final PolyphaseLayout layout, final int bitDepth, final int slotBits,
		final int modulusBits, final String keyFingerprint, final BigInteger[] ciphertexts, final byte[] ownerSeal)
	{
		this(layout, bitDepth, slotBits, modulusBits, keyFingerprint, ciphertexts, ownerSeal, false, null,
			EncryptedImageFile.VERSION);
	}

	/**
	 * @param ownerSeal the owner's sealed randomness seed
	 *          ({@link org.medcrypt.paillier.SeededRandomness}), or null when the
	 *          image was encrypted with the public key alone
	 */
	/**
	 * @param ownerSeal the owner's sealed randomness seed and MAC
	 *          ({@link org.medcrypt.paillier.SeededRandomness}), or null when the
	 *          image was encrypted with the public key alone
	 * @param rgb whether the planes are the R, G and B channels of an RGB image,
	 *          three consecutive 8-bit planes per image plane
	 * @param description the encrypted description block ({@link DescriptionBlock}), or null
	 * @param formatVersion the {@link EncryptedImageFile} version it was read from or is written as
	 */
	public EncryptedImage(final PolyphaseLayout layout, final int bitDepth, final int slotBits,
		final int modulusBits, final String keyFingerprint, final BigInteger[] ciphertexts, final byte[] ownerSeal,
		final boolean rgb, final byte[] description, final int formatVersion)
	{
		if (rgb && (bitDepth != 8 || layout.planes() % 3 != 0)) {
			throw new IllegalArgumentException("RGB images are 8-bit channel planes, three per image plane");
		}
		if (formatVersion == 1 && (rgb || description != null)) {
			throw new IllegalArgumentException("version 1 files hold grayscale pixels only");
		}
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
		this.rgb = rgb;
		this.description = description;
		this.formatVersion = formatVersion;
	}

	/** Whether the planes are the R, G, B channel planes of an RGB image (three per image plane). */
	public boolean rgb() {
		return rgb;
	}

	/** The encrypted description block, or null (a copy). */
	public byte[] descriptionBlock() {
		return description == null ? null : description.clone();
	}

	/** The {@link EncryptedImageFile} format version (1 for old files, else the current one). */
	public int formatVersion() {
		return formatVersion;
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
