package org.medcrypt.securesum;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.util.Intervals;

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
