package org.medcrypt.encimage;

import java.math.BigInteger;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * What an attacker holding the file sees: the ciphertext bytes, one byte a
 * pixel, in a square 8-bit image. Without the key it is uniform noise, whatever
 * the image was; its size shows the data expansion.
 */
public final class CiphertextView {

	private CiphertextView() {}

	public static ArrayImg<UnsignedByteType, ByteArray> render(final EncryptedImage image) {
		return render(image.ciphertexts(), image.modulusBits());
	}

	/** The same view of any ciphertexts of a key with an n of {@code modulusBits} bits. */
	public static ArrayImg<UnsignedByteType, ByteArray> render(final BigInteger[] ciphertexts,
		final int modulusBits)
	{
		final int size = EncryptedImageFile.ciphertextBytes(modulusBits);
		final long total = (long) size * ciphertexts.length;
		final int side = (int) Math.ceil(Math.sqrt(total));
		final byte[] pixels = new byte[side * side];
		int offset = 0;
		for (final BigInteger c : ciphertexts) {
			System.arraycopy(org.medcrypt.io.FixedWidth.bytes(c, size), 0, pixels, offset, size);
			offset += size;
		}
		return ArrayImgs.unsignedBytes(pixels, side, side);
	}
}
