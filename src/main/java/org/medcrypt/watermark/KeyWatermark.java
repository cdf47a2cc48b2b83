package org.medcrypt.watermark;

import java.math.BigInteger;

import org.medcrypt.image.PixelPlanes;

/**
 * The paper's substitutive watermark: the {@code L} bits of K'' replace the
 * least significant bit of {@code L} carrier pixels of the encrypted image.
 * <p>
 * Positions: the image (all planes, in the stream cipher's scan order) is cut
 * into {@code L} consecutive blocks of {@code B = floor(N / L)} pixels, and
 * bit {@code i} (most significant first, K'' left-padded with zeros to
 * {@code L} bits) goes into the <em>first</em> pixel of block {@code i}, flat
 * index {@code i * B}. For the paper's case (512x512, L = 1024) B = 256: one
 * bit per 256 pixels, i.e. pixels x = 0 and x = 256 of every row, the regular
 * grid visible in figure 5.d. Positions are public (they depend only on N and
 * L, which both parties know), as in the paper: the watermark carries the key,
 * it does not hide it. Blocks of at least k/2 + 1 pixels keep the decryption
 * damage of two carriers from overlapping.
 * </p>
 */
public final class KeyWatermark {

	private KeyWatermark() {}

	/** Pixels per embedded bit, {@code floor(n / bits)}; refuses images with fewer than {@code bits} pixels. */
	public static long pixelsPerBit(final long pixels, final int bits) {
		if (bits <= 0) throw new IllegalArgumentException("nothing to embed");
		if (pixels < bits) {
			throw new IllegalArgumentException("the image has " + pixels + " pixels, too few to carry " + bits +
				" bits (one pixel per bit at least)");
		}
		return pixels / bits;
	}

	/** Embeds {@code value} on {@code bits} bits; returns how many carrier pixels actually changed. */
	public static int embed(final PixelPlanes planes, final BigInteger value, final int bits) {
		if (value.signum() < 0 || value.bitLength() > bits) {
			throw new IllegalArgumentException("the value has " + value.bitLength() + " bits, more than " + bits);
		}
		final long step = pixelsPerBit(planes.pixelCount(), bits);
		int changed = 0;
		for (int i = 0; i < bits; i++) {
			final int bit = value.testBit(bits - 1 - i) ? 1 : 0;
			if (setLsb(planes, i * step, bit)) changed++;
		}
		return changed;
	}

	/** The {@code bits}-bit value carried by the planes. */
	public static BigInteger extract(final PixelPlanes planes, final int bits) {
		final long step = pixelsPerBit(planes.pixelCount(), bits);
		final byte[] out = new byte[(bits + 7) / 8];
		for (int i = 0; i < bits; i++) {
			if ((planes.value(i * step) & 1) != 0) {
				final int pos = bits - 1 - i; // bit position in the value
				out[out.length - 1 - pos / 8] |= 1 << (pos % 8);
			}
		}
		return new BigInteger(1, out);
	}

	/** Flat indices of the carrier pixels. */
	public static long[] carriers(final long pixels, final int bits) {
		final long step = pixelsPerBit(pixels, bits);
		final long[] c = new long[bits];
		for (int i = 0; i < bits; i++)
			c[i] = i * step;
		return c;
	}

	/** Sets the least significant bit of pixel {@code index}; true if it changed. */
	private static boolean setLsb(final PixelPlanes planes, final long index, final int bit) {
		final int old = planes.value(index);
		planes.setValue(index, old & ~1 | bit);
		return (old & 1) != bit;
	}
}
