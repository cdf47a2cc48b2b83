package org.medcrypt.retrieval;

import java.math.BigInteger;
import java.util.stream.IntStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.encimage.PolyphaseLayout;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.paillier.PaillierPublicKey;

/**
 * What wavelet signatures and the encrypted store index of an RGB image: its
 * luma in integers, Y = 77·R + 150·G + 29·B (ITU-R BT.601 weights 0.299, 0.587,
 * 0.114 scaled by 256, summing to 256), a 16-bit image in 0..65280 whose
 * signature is that of any 16-bit image (paper 1, section 2.3, on one plane).
 *
 * <p>Y is linear in the channels, so the server forms E(Y) from the three
 * channel ciphertexts of an RGB {@code .mcimg} with the public key alone:
 * E(R)^77 · E(G)^150 · E(B)^29, slot by slot ({@link org.medcrypt.paillier.SlotPacking}
 * adds slot-wise). That needs slots wide enough for Y's Haar coefficients
 * (16 + 2L + 1 bits for L levels); the default RGB slots (16 bits, made for
 * 8-bit channels) are not, so the owner chooses {@link #SLOT_BITS} at encryption
 * to allow it, or indexes the image from its pixels (the owner's path).
 */
public final class Luma {

	/** The BT.601 weights scaled by 256. */
	public static final int RED = 77, GREEN = 150, BLUE = 29;
	/** Y's bit depth: at most 255·256 = 65280. */
	public static final int BIT_DEPTH = 16;
	/** The slot width an RGB image must be encrypted with for the key-holder protocol: the 16-bit default. */
	public static final int SLOT_BITS = PackingParameters.defaults(BIT_DEPTH).slotBits();

	private Luma() {}

	/** Y of one pixel's 8-bit channels. */
	public static int of(final int r, final int g, final int b) {
		return RED * r + GREEN * g + BLUE * b;
	}

	/** The bit depth a signature of this encrypted image is defined for: 16 for RGB (its Y), else its own. */
	public static int signatureBitDepth(final EncryptedImage image) {
		return image.rgb() ? BIT_DEPTH : image.bitDepth();
	}

	/**
	 * Y of RGB channel planes [x, y, 3·n] (R, G, B per image plane, 8-bit, as
	 * {@code .mcimg} content type 1 holds them): a 16-bit image [x, y, n].
	 */
	public static Img<UnsignedShortType> of(final RandomAccessibleInterval<? extends IntegerType<?>> channels) {
		final int w = (int) channels.dimension(0), h = (int) channels.dimension(1);
		final int planes = channels.numDimensions() > 2 ? (int) channels.dimension(2) : 1;
		if (channels.numDimensions() != 3 || planes % 3 != 0) {
			throw new IllegalArgumentException("RGB channel planes come three per image plane");
		}
		final Img<UnsignedShortType> y = ArrayImgs.unsignedShorts(w, h, planes / 3);
		for (int z = 0; z < planes / 3; z++) {
			final Cursor<? extends IntegerType<?>> r = plane(channels, 3 * z), g = plane(channels, 3 * z + 1),
				b = plane(channels, 3 * z + 2);
			final Cursor<UnsignedShortType> out = Views.flatIterable(Views.hyperSlice(y, 2, z)).cursor();
			while (out.hasNext()) out.next().set(of(r.next().getInteger(), g.next().getInteger(), b.next()
				.getInteger()));
		}
		return y;
	}

	private static Cursor<? extends IntegerType<?>> plane(final RandomAccessibleInterval<? extends IntegerType<?>> c,
		final int z)
	{
		return Views.flatIterable(Views.hyperSlice(c, 2, c.min(2) + z)).cursor();
	}

	/**
	 * Server side, public key only: E(Y) of the first image plane of an RGB
	 * {@code .mcimg}, a 16-bit grayscale image with the same layout and slots
	 * (E(R)^77·E(G)^150·E(B)^29 per ciphertext; deterministic, so the key holder
	 * computes the same request as the server). A grayscale image is returned as
	 * it is.
	 *
	 * @param levels the Haar levels the signature computes on it
	 * @throws UnsupportedImageException if the slots leave no room for Y's
	 *           level-{@code levels} coefficients (16 + 2·levels + 1 bits)
	 */
	public static EncryptedImage encrypted(final EncryptedImage image, final PaillierPublicKey key,
		final int levels) throws UnsupportedImageException
	{
		if (!image.rgb()) return image;
		final int needed = PackingParameters.minimumSlotBits(BIT_DEPTH, levels);
		if (image.slotBits() < needed) {
			throw new UnsupportedImageException("This RGB image was encrypted with " + image.slotBits() + "-bit " +
				"slots: its luma (16 bits) needs " + needed + " for a " + levels + "-level signature, so the server " +
				"cannot index it. Index it from the open image with the private key (Build Wavelet Signature or " +
				"Encrypted Database Add, \"Open image\"; CLI signature/store-add on the image file), or encrypt it " +
				"again with slot bits " + SLOT_BITS + " (Paillier Encrypt Image's slot width; CLI --slot-bits " +
				SLOT_BITS + ").");
		}
		final PolyphaseLayout rgb = image.layout();
		final PolyphaseLayout layout = new PolyphaseLayout(rgb.width(), rgb.height(), 1, rgb.levels(), rgb.slots());
		final BigInteger[] in = image.ciphertexts();
		final BigInteger[] out = new BigInteger[layout.ciphertextCount()];
		final BigInteger r = BigInteger.valueOf(RED), g = BigInteger.valueOf(GREEN), b = BigInteger.valueOf(BLUE);
		final int n = rgb.ciphertextsPerPlane();
		// Planes 0, 1, 2 are R, G, B of the first image plane: the same pixel sits in the same slot of each.
		IntStream.range(0, n).parallel().forEach(i -> out[i] = key.add(key.add(key.multiply(in[i], r), key.multiply(
			in[n + i], g)), key.multiply(in[2 * n + i], b)));
		return new EncryptedImage(layout, BIT_DEPTH, image.slotBits(), image.modulusBits(), image.keyFingerprint(),
			out, null, false, null, image.formatVersion());
	}
}
