package org.medcrypt.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.UnsupportedImageException;

/**
 * Zero-copy bridge between {@link ImagePlus} and ImgLib2 {@link PlanarImg}.
 * <p>
 * Both sides share the same pixel arrays: one {@code byte[]} (8-bit) or
 * {@code short[]} (16-bit) per stack slice, which is exactly the layout of a
 * {@link PlanarImg}. Writing into the {@code Img} changes the
 * {@code ImagePlus} pixels and vice versa. After writing through the
 * {@code Img}, call {@link ImagePlus#updateAndDraw()} if the image is on
 * screen. The link holds as long as ImageJ keeps the same arrays: operations
 * that replace a slice's pixel array (e.g. {@code setProcessor} with a new
 * processor, or type conversion) break it.
 * </p>
 * <p>
 * Dimensions: {@code [width, height]} for a single-slice image,
 * {@code [width, height, n]} for a stack of {@code n} slices. Hyperstacks are
 * flattened: the third dimension is the ImageJ stack index (channels vary
 * fastest, then slices, then frames), so a C×Z×T hyperstack becomes
 * {@code n = C·Z·T} planes in stack order. Calibration, LUTs and overlays are
 * not carried over.
 * </p>
 */
public final class ImagePlusImgs {

	private ImagePlusImgs() {}

	/**
	 * Wraps the pixels of an 8-bit or 16-bit grayscale image without copying.
	 *
	 * @param <T> {@link UnsignedByteType} for 8-bit images,
	 *          {@link UnsignedShortType} for 16-bit images; the caller's choice is
	 *          not checked at compile time, use {@link #wrapUnsignedByte} or
	 *          {@link #wrapUnsignedShort} when the type is known
	 * @param imp the image; must hold its pixels in memory
	 * @return a {@link PlanarImg} sharing the slices' arrays
	 * @throws MedCryptException if the image is not 8-bit or 16-bit grayscale,
	 *           or is a virtual stack
	 */
	@SuppressWarnings("unchecked")
	public static <T extends IntegerType<T> & NativeType<T>> PlanarImg<T, ?>
		wrap(final ImagePlus imp) throws MedCryptException
	{
		checkWrappable(imp);
		switch (imp.getType()) {
			case ImagePlus.GRAY8:
				return (PlanarImg<T, ?>) (PlanarImg<?, ?>) wrapUnsignedByte(imp);
			case ImagePlus.GRAY16:
				return (PlanarImg<T, ?>) (PlanarImg<?, ?>) wrapUnsignedShort(imp);
			default:
				throw new IllegalStateException("unreachable: " + imp.getType());
		}
	}

	/**
	 * Wraps the pixels of an 8-bit grayscale image without copying.
	 *
	 * @throws MedCryptException if the image is not 8-bit grayscale or is a
	 *           virtual stack
	 */
	public static PlanarImg<UnsignedByteType, ByteArray> wrapUnsignedByte(
		final ImagePlus imp) throws MedCryptException
	{
		checkWrappable(imp);
		if (imp.getType() != ImagePlus.GRAY8) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is " +
				describe(imp) + " but an 8-bit image is needed here; convert it with" +
				" Image > Type > 8-bit.");
		}
		return planes(imp).unsignedBytes();
	}

	/**
	 * Wraps the pixels of a 16-bit grayscale image without copying.
	 *
	 * @throws MedCryptException if the image is not 16-bit grayscale or is a
	 *           virtual stack
	 */
	public static PlanarImg<UnsignedShortType, ShortArray> wrapUnsignedShort(
		final ImagePlus imp) throws MedCryptException
	{
		checkWrappable(imp);
		if (imp.getType() != ImagePlus.GRAY16) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is " +
				describe(imp) + " but a 16-bit image is needed here; convert it with" +
				" Image > Type > 16-bit.");
		}
		return planes(imp).unsignedShorts();
	}

	/**
	 * Makes an {@link ImagePlus} from a 2-D or 3-D image of
	 * {@link UnsignedByteType} (gives an 8-bit image) or
	 * {@link UnsignedShortType} (gives a 16-bit image). The third dimension, if
	 * any, becomes the stack.
	 * <p>
	 * Zero-copy when {@code image} is a {@link PlanarImg} whose planes are plain
	 * {@code byte[]}/{@code short[]} arrays (as made by {@link #wrap},
	 * {@link PlanarImgs} or a {@code PlanarImgFactory}); the ImagePlus then
	 * shares the arrays. Any other image (views, ArrayImg, cell images, a
	 * non-zero origin) is copied. 16-bit images get the display range
	 * min..max of all their pixels.
	 * </p>
	 *
	 * @throws IllegalArgumentException for other pixel types or dimensionality;
	 *           that is a programming error, not a user error
	 */
	public static ImagePlus toImagePlus(final String title,
		final RandomAccessibleInterval<? extends IntegerType<?>> image)
	{
		final int n = image.numDimensions();
		if (n < 2 || n > 3) {
			throw new IllegalArgumentException("Only 2-D or 3-D images become an" +
				" ImagePlus here; got " + n + " dimensions");
		}
		for (int d = 0; d < n; d++) {
			if (image.dimension(d) > Integer.MAX_VALUE) {
				throw new IllegalArgumentException("Dimension " + d + " too large: " +
					image.dimension(d));
			}
		}
		final long planeSize = image.dimension(0) * image.dimension(1);
		if (planeSize > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("Plane too large for ImageJ: " +
				image.dimension(0) + "x" + image.dimension(1));
		}
		final Object type = image.getType();
		final boolean bytes;
		if (type instanceof UnsignedByteType) bytes = true;
		else if (type instanceof UnsignedShortType) bytes = false;
		else {
			throw new IllegalArgumentException("Only UnsignedByteType (8-bit) and" +
				" UnsignedShortType (16-bit) images become an ImagePlus; got " + type
					.getClass().getSimpleName());
		}

		PixelPlanes planes = PixelPlanes.wrap(image);
		if (planes == null) planes = copiedPlanes(image, bytes);

		final int w = planes.width();
		final int h = planes.height();
		final ImagePlus imp;
		if (planes.planes() == 1) {
			final ImageProcessor ip = bytes ? new ByteProcessor(w, h, planes
				.bytePlane(0)) : new ShortProcessor(w, h, planes.shortPlane(0), null);
			imp = new ImagePlus(title, ip);
		}
		else {
			final ImageStack stack = new ImageStack(w, h);
			for (int i = 0; i < planes.planes(); i++) {
				stack.addSlice(null, planes.array(i));
			}
			imp = new ImagePlus(title, stack);
		}
		if (!bytes) {
			final int[] minMax = minMax(planes);
			imp.setDisplayRange(minMax[0], Math.max(minMax[1], minMax[0] + 1));
		}
		return imp;
	}

	// -- Helpers --

	private static void checkWrappable(final ImagePlus imp)
		throws MedCryptException
	{
		if (imp == null) {
			throw new MedCryptException("No image: open an 8-bit or 16-bit" +
				" grayscale image first.");
		}
		final int type = imp.getType();
		if (type != ImagePlus.GRAY8 && type != ImagePlus.GRAY16) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is " +
				describe(imp) + ". MedCrypt works on 8-bit or 16-bit grayscale" +
				" images; convert with Image > Type > 8-bit or 16-bit.");
		}
		if (imp.getStack().isVirtual()) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is a" +
				" virtual stack (its pixels stay on disk), but MedCrypt needs the" +
				" pixels in memory; make a copy with Image > Duplicate... or open it" +
				" without \"Use virtual stack\".");
		}
	}

	private static String describe(final ImagePlus imp) {
		switch (imp.getType()) {
			case ImagePlus.GRAY8:
				return "8-bit grayscale";
			case ImagePlus.GRAY16:
				return "16-bit grayscale";
			case ImagePlus.GRAY32:
				return "32-bit floating point";
			case ImagePlus.COLOR_256:
				return "8-bit color (indexed)";
			case ImagePlus.COLOR_RGB:
				return "RGB color";
			default:
				return imp.getBitDepth() + "-bit";
		}
	}

	/**
	 * The live pixel arrays of every slice, in stack order, wrapped (shared, not
	 * copied): 8-bit and indexed-colour images give {@link PixelPlanes.Kind#UINT8}
	 * planes, 16-bit {@link PixelPlanes.Kind#UINT16}, RGB {@link PixelPlanes.Kind#RGB}.
	 *
	 * @throws IllegalArgumentException for 32-bit images; callers refuse them
	 *           first with a message
	 */
	public static PixelPlanes planes(final ImagePlus imp) {
		final int n = imp.getStackSize(), w = imp.getWidth(), h = imp.getHeight();
		// For a single slice ImageJ keeps the pixels in the processor; the stack it builds on request refers to the
		// same array, but going to the processor directly avoids creating that stack.
		final ImageStack stack = n == 1 ? null : imp.getStack();
		switch (imp.getBitDepth()) {
			case 8: {
				final byte[][] p = new byte[n][];
				for (int i = 0; i < n; i++)
					p[i] = (byte[]) (stack == null ? imp.getProcessor().getPixels() : stack.getPixels(i + 1));
				return PixelPlanes.ofBytes(w, h, p);
			}
			case 16: {
				final short[][] p = new short[n][];
				for (int i = 0; i < n; i++)
					p[i] = (short[]) (stack == null ? imp.getProcessor().getPixels() : stack.getPixels(i + 1));
				return PixelPlanes.ofShorts(w, h, p);
			}
			case 24: {
				final int[][] p = new int[n][];
				for (int i = 0; i < n; i++)
					p[i] = (int[]) (stack == null ? imp.getProcessor().getPixels() : stack.getPixels(i + 1));
				return PixelPlanes.ofRgb(w, h, p);
			}
			default:
				throw new IllegalArgumentException("Image \"" + imp.getTitle() + "\" is " + describe(imp) +
					": 8-bit, 16-bit, indexed-colour or RGB planes only");
		}
	}

	/** Copies {@code image} plane by plane into new arrays. */
	private static PixelPlanes copiedPlanes(
		final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final boolean bytes)
	{
		final long[] dims = image.dimensionsAsLongArray();
		final PlanarImg<?, ?> target = bytes ? PlanarImgs.unsignedBytes(dims)
			: PlanarImgs.unsignedShorts(dims);
		// Both iterate in flat order (x fastest, then y, then z).
		final Cursor<? extends IntegerType<?>> in = Views.flatIterable(image)
			.cursor();
		@SuppressWarnings("unchecked")
		final Cursor<? extends IntegerType<?>> out =
			(Cursor<? extends IntegerType<?>>) target.cursor();
		while (in.hasNext()) {
			out.next().setInteger(in.next().getIntegerLong());
		}
		final PixelPlanes planes = PixelPlanes.wrap(target);
		if (planes == null) throw new IllegalStateException("PlanarImgs layout");
		return planes;
	}

	private static int[] minMax(final PixelPlanes shortPlanes) {
		int min = Integer.MAX_VALUE;
		int max = Integer.MIN_VALUE;
		for (int i = 0; i < shortPlanes.planes(); i++) {
			for (final short s : shortPlanes.shortPlane(i)) {
				final int v = s & 0xffff;
				if (v < min) min = v;
				if (v > max) max = v;
			}
		}
		return new int[] { min, max };
	}
}
