package org.medcrypt.securesum;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.testing.Datasets;

/**
 * Real images from the shared datasets with ground-truth masks made by
 * thresholding: a pixel is ground truth if its raw value is at least the
 * image's mean (bright tissue).
 */
final class StudyImages {

	private StudyImages() {}

	/** Brain MRI slices (512×512 8-bit JPEG), {@code perClass} from each tumour class. */
	static List<LabeledImage> brainMri(final int perClass) throws Exception {
		final List<LabeledImage> images = new ArrayList<>();
		for (final String folder : new String[] { "glioma", "meningioma", "pituitary" }) {
			final java.io.File[] files = Datasets.file("brain-tumor-mri/labels.csv").resolveSibling(folder).toFile()
				.listFiles((dir, name) -> name.endsWith(".jpg"));
			java.util.Arrays.sort(files);
			if (files.length < perClass) throw new AssertionError("brain-tumor-mri/" + folder + " has too few images");
			for (int i = 0; i < perClass; i++) images.add(load("brain-tumor-mri/" + folder + "/" + files[i].getName()));
		}
		return images;
	}

	/** An image of any size and bit depth, e.g. {@code medical-samples/png/...}. */
	static LabeledImage load(final String relative) throws Exception {
		final ImagePlus imp = ImageFiles.open(Datasets.file(relative));
		if (imp.getType() == ImagePlus.GRAY16) return labeled(ImagePlusImgs.<UnsignedShortType> wrap(imp));
		if (imp.getType() == ImagePlus.GRAY8) return labeled(ImagePlusImgs.<UnsignedByteType> wrap(imp));
		throw new AssertionError(relative + " is not 8- or 16-bit grayscale");
	}

	static LabeledImage labeled(final RandomAccessibleInterval<? extends IntegerType<?>> image) {
		double sum = 0;
		long count = 0;
		for (final IntegerType<?> p : Views.flatIterable(image)) {
			sum += p.getIntegerLong();
			count++;
		}
		final double mean = sum / count;
		final ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(image.dimension(0), image.dimension(
			1));
		final net.imglib2.Cursor<UnsignedByteType> m = Views.flatIterable(mask).cursor();
		for (final IntegerType<?> p : Views.flatIterable(image)) m.next().set(p.getIntegerLong() >= mean ? 1 : 0);
		return new LabeledImage(image, mask);
	}

	/** Deals images to labs round-robin. */
	static List<List<LabeledImage>> split(final List<LabeledImage> images, final int labs) {
		final List<List<LabeledImage>> perLab = new ArrayList<>();
		for (int lab = 0; lab < labs; lab++) perLab.add(new ArrayList<>());
		for (int i = 0; i < images.size(); i++) perLab.get(i % labs).add(images.get(i));
		return perLab;
	}
}
