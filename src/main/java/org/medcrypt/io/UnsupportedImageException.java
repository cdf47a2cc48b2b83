package org.medcrypt.io;

/**
 * An image MedCrypt cannot take for this operation: a bit depth or type it does
 * not handle (32-bit float, RGB where grayscale is needed), too many
 * dimensions, a virtual stack, too few pixels to carry what must be embedded,
 * or a size, type or bit depth that does not match the image, store or
 * signature it must go with. Nothing is wrong with the image itself; the
 * message says which conversion (Image &gt; Type, Image &gt; Duplicate...) or
 * which other image to use.
 */
public final class UnsupportedImageException extends MedCryptException {

	private static final long serialVersionUID = 1L;

	public UnsupportedImageException(final String message) {
		super(message);
	}

	public UnsupportedImageException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
