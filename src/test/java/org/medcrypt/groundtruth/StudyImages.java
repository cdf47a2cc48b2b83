package org.medcrypt.groundtruth;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.LabFolders;

/**
 * Real images from the shared datasets with ground-truth masks made by
 * thresholding ({@link LabeledImage#thresholdMask}).
 */
final class StudyImages {

	private StudyImages() {}

	/** Brain MRI slices (512×512 8-bit JPEG), {@code perClass} from each tumour class. */
	static List<LabeledImage> brainMri(final int perClass) throws Exception {
		final List<LabeledImage> images = new ArrayList<>();
		for (final java.nio.file.Path file : LabFolders.brainMri(3 * perClass)) {
			images.add(load(Datasets.root().relativize(file).toString()));
		}
		return images;
	}

	/** An image of any size and bit depth, e.g. {@code medical-samples/png/...}. */
	static LabeledImage load(final String relative) throws Exception {
		final ImagePlus imp = ImageFiles.open(Datasets.file(relative));
		if (imp.getType() == ImagePlus.GRAY16) return LabeledImage.thresholded(ImagePlusImgs.<UnsignedShortType> wrap(imp));
		if (imp.getType() == ImagePlus.GRAY8) return LabeledImage.thresholded(ImagePlusImgs.<UnsignedByteType> wrap(imp));
		throw new AssertionError(relative + " is not 8- or 16-bit grayscale");
	}

	/** Deals images to labs round-robin. */
	static List<List<LabeledImage>> split(final List<LabeledImage> images, final int labs) {
		final List<List<LabeledImage>> perLab = new ArrayList<>();
		for (int lab = 0; lab < labs; lab++) perLab.add(new ArrayList<>());
		for (int i = 0; i < images.size(); i++) perLab.get(i % labs).add(images.get(i));
		return perLab;
	}
}
