package org.medcrypt.encimage;

import java.math.BigInteger;
import java.util.stream.IntStream;

import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.paillier.SlotPacking;

/**
 * The Haar transform of {@link HaarSubbands}, computed by an untrusted server on
 * a packed encrypted image with the public key only (seed paper 1, eqs. 2-3: a
 * filter tap of +1 is a ciphertext product, -1 a product with an inverse).
 *
 * <p>Thanks to the polyphase layout, the four pixels of every 2x2 block of a
 * level sit in the same slot of four ciphertexts whose phases differ only in
 * their lowest bit, so one level is, per chunk, eight products and four inverses
 * of whole ciphertexts, whatever the number of pixels per ciphertext. Level l
 * leaves F/2^l phases per axis (F = 2^L); after L levels each band is one phase,
 * i.e. plain raster order in the slots.
 */
public final class EncryptedHaar {

	/** One encrypted band of one level: ciphertexts indexed like a layout with {@code factor} phases per axis. */
	public static final class Band {

		public final int level;
		public final HaarSubbands.Band kind;
		/** Phases per axis: F / 2^level. */
		public final int factor;
		public final BigInteger[] ciphertexts;

		public Band(final int level, final HaarSubbands.Band kind, final int factor, final BigInteger[] ciphertexts) {
			this.level = level;
			this.kind = kind;
			this.factor = factor;
			this.ciphertexts = ciphertexts;
		}
	}

	private EncryptedHaar() {}

	/**
	 * Levels 1..levels (at most the layout's L) of one plane. Returns
	 * [level-1][band] like {@link HaarSubbands#transform}.
	 */
	public static Band[][] transform(final EncryptedImage image, final PaillierPublicKey key, final int plane,
		final int levels)
	{
		final PolyphaseLayout layout = image.layout();
		if (levels < 1 || levels > layout.levels()) {
			throw new IllegalArgumentException("this image's layout aligns 1 to " + layout.levels() + " levels");
		}
		final int chunks = layout.chunks();
		int factor = layout.factor();
		BigInteger[] input = new BigInteger[factor * factor * chunks];
		for (int py = 0; py < factor; py++) {
			for (int px = 0; px < factor; px++) {
				for (int k = 0; k < chunks; k++) {
					input[(py * factor + px) * chunks + k] = image.ciphertexts()[layout.ciphertextIndex(plane, px, py, k)];
				}
			}
		}
		final Band[][] out = new Band[levels][4];
		for (int l = 0; l < levels; l++) {
			final int half = factor / 2;
			final BigInteger[][] bands = new BigInteger[4][half * half * chunks];
			final BigInteger[] in = input;
			final int f = factor;
			IntStream.range(0, half * half * chunks).parallel().forEach(i -> {
				final int k = i % chunks, q = i / chunks, qx = q % half, qy = q / half;
				final BigInteger a = in[((2 * qy) * f + 2 * qx) * chunks + k];
				final BigInteger b = in[((2 * qy) * f + 2 * qx + 1) * chunks + k];
				final BigInteger c = in[((2 * qy + 1) * f + 2 * qx) * chunks + k];
				final BigInteger d = in[((2 * qy + 1) * f + 2 * qx + 1) * chunks + k];
				// The key's homomorphic add/subtract: products on the pure-Java kernel.
				final BigInteger sumTop = key.add(a, b), sumBottom = key.add(c, d);
				final BigInteger diffTop = key.subtract(a, b), diffBottom = key.subtract(c, d);
				bands[HaarSubbands.Band.LL.ordinal()][i] = key.add(sumTop, sumBottom);
				bands[HaarSubbands.Band.LH.ordinal()][i] = key.subtract(sumTop, sumBottom);
				bands[HaarSubbands.Band.HL.ordinal()][i] = key.add(diffTop, diffBottom);
				bands[HaarSubbands.Band.HH.ordinal()][i] = key.subtract(diffTop, diffBottom);
			});
			for (final HaarSubbands.Band kind : HaarSubbands.Band.values()) {
				out[l][kind.ordinal()] = new Band(l + 1, kind, half, bands[kind.ordinal()]);
			}
			input = bands[HaarSubbands.Band.LL.ordinal()];
			factor = half;
		}
		return out;
	}

	/**
	 * Only the last level's LL band, the cheap preview: with the polyphase
	 * layout it is, per chunk, the product of the F² phase ciphertexts (no
	 * inverses, no intermediate levels). Decrypted and divided by 4^L it is the
	 * image reduced F times, as the key holder previews it.
	 */
	public static Band lowpass(final EncryptedImage image, final PaillierPublicKey key, final int plane) {
		final PolyphaseLayout layout = image.layout();
		final int f = layout.factor(), chunks = layout.chunks();
		final BigInteger[] out = new BigInteger[chunks];
		IntStream.range(0, chunks).parallel().forEach(k -> {
			BigInteger product = BigInteger.ONE;
			for (int py = 0; py < f; py++) {
				for (int px = 0; px < f; px++) {
					product = key.add(product, image.ciphertexts()[layout.ciphertextIndex(plane, px, py, k)]);
				}
			}
			out[k] = product;
		});
		return new Band(layout.levels(), HaarSubbands.Band.LL, 1, out);
	}

	/**
	 * The key holder's view of a band: its coefficients in raster order over the
	 * padded plane's grid at that level, (gridWidth·factor) x (gridHeight·factor).
	 */
	public static long[] decrypt(final Band band, final EncryptedImage image, final PaillierPrivateKey key) {
		return decrypt(band, image.layout(), image.slotBits(), key);
	}

	/** {@link #decrypt(Band, EncryptedImage, PaillierPrivateKey)} when only the image's layout travelled with the band. */
	public static long[] decrypt(final Band band, final PolyphaseLayout layout, final int slotBits,
		final PaillierPrivateKey key)
	{
		final SlotPacking packing = SlotPacking.forKey(key.publicKey(), slotBits);
		final int f = band.factor, chunks = layout.chunks(), gw = layout.gridWidth();
		final int width = gw * f;
		final long[] out = new long[width * layout.gridHeight() * f];
		IntStream.range(0, band.ciphertexts.length).parallel().forEach(i -> {
			final int k = i % chunks, q = i / chunks, px = q % f, py = q / f;
			final int used = layout.slotsUsed(k);
			final long[] values = new long[used];
			packing.unpack(key.decrypt(band.ciphertexts[i]), values, 0, used);
			for (int j = 0; j < used; j++) {
				final int g = k * layout.slots() + j;
				out[((g / gw) * f + py) * width + (g % gw) * f + px] = values[j];
			}
		});
		return out;
	}
}
