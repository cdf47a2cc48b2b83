package org.medcrypt.groundtruth;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * One of a lab's images with its ground truth: a 2D integer image (8- or
 * 16-bit) and a binary mask of the same size beside it, non-zero where the
 * pixel belongs to the ground truth.
 */
public final class LabeledImage {

	private final RandomAccessibleInterval<? extends IntegerType<?>> image;
	private final RandomAccessibleInterval<? extends IntegerType<?>> mask;

	public LabeledImage(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final RandomAccessibleInterval<? extends IntegerType<?>> mask)
	{
		if (image.numDimensions() != 2) {
			throw new IllegalArgumentException("Algorithm 1 works on 2D images; this one has " + image.numDimensions() +
				" dimensions");
		}
		if (!Intervals.equalDimensions(image, mask)) {
			throw new IllegalArgumentException("the ground-truth mask must have the image's size");
		}
		this.image = image;
		this.mask = mask;
	}

	/**
	 * {@code image} with a ground truth made by thresholding ({@link #thresholdMask}):
	 * for demonstrations and tests on images that come without one.
	 */
	public static LabeledImage thresholded(final RandomAccessibleInterval<? extends IntegerType<?>> image) {
		return new LabeledImage(image, thresholdMask(image));
	}

	/** A binary mask (1 = ground truth) of the pixels at least as bright as the image's mean: bright tissue. */
	public static ArrayImg<UnsignedByteType, ByteArray> thresholdMask(
		final RandomAccessibleInterval<? extends IntegerType<?>> image)
	{
		double sum = 0;
		long count = 0;
		for (final IntegerType<?> p : Views.flatIterable(image)) {
			sum += p.getIntegerLong();
			count++;
		}
		final double mean = sum / count;
		final ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(image.dimension(0), image.dimension(
			1));
		final Cursor<UnsignedByteType> m = Views.flatIterable(mask).cursor();
		for (final IntegerType<?> p : Views.flatIterable(image)) m.next().set(p.getIntegerLong() >= mean ? 1 : 0);
		return mask;
	}

	public RandomAccessibleInterval<? extends IntegerType<?>> image() {
		return image;
	}

	public RandomAccessibleInterval<? extends IntegerType<?>> mask() {
		return mask;
	}

	public int width() {
		return (int) image.dimension(0);
	}

	public int height() {
		return (int) image.dimension(1);
	}
}
