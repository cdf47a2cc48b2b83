package org.medcrypt.encimage;

/**
 * How an image is packed before encryption: the Haar levels the layout aligns
 * (L) and the slot width w. A level-L integer Haar transform (taps 1, ±1) of
 * b-bit pixels needs b + 2L + 1 signed bits; the default adds one bit of
 * headroom, so 8-bit images use 16-bit slots (191 pixels a 3072-bit plaintext)
 * and 16-bit images 24-bit slots.
 */
public final class PackingParameters {

	public static final int DEFAULT_LEVELS = 3;

	private final int levels;
	private final int slotBits;

	private PackingParameters(final int levels, final int slotBits) {
		this.levels = levels;
		this.slotBits = slotBits;
	}

	/** The default for b-bit pixels: L = 3, w = b + 2L + 2. */
	public static PackingParameters defaults(final int bitDepth) {
		return of(DEFAULT_LEVELS, minimumSlotBits(bitDepth, DEFAULT_LEVELS) + 1, bitDepth);
	}

	/** Explicit parameters, checked against what an L-level transform of b-bit pixels needs. */
	public static PackingParameters of(final int levels, final int slotBits, final int bitDepth) {
		if (levels < 0 || levels > 6) {
			throw new IllegalArgumentException("Haar levels must be between 0 and 6, not " + levels);
		}
		final int min = minimumSlotBits(bitDepth, levels);
		if (slotBits < min || slotBits > 56) {
			throw new IllegalArgumentException("a " + levels + "-level Haar transform of " + bitDepth +
				"-bit pixels needs slots of " + min + " to 56 bits, not " + slotBits);
		}
		return new PackingParameters(levels, slotBits);
	}

	/** b + 2L + 1: the signed range of level-L Haar coefficients of b-bit pixels. */
	public static int minimumSlotBits(final int bitDepth, final int levels) {
		return bitDepth + 2 * levels + 1;
	}

	public int levels() {
		return levels;
	}

	public int slotBits() {
		return slotBits;
	}
}
