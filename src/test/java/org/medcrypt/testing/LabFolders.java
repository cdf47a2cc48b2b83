package org.medcrypt.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.ij.LabImageFolder;
import org.medcrypt.groundtruth.LabeledImage;

/**
 * Labs' image folders for the Algorithm 1 tests, as {@link LabImageFolder}
 * reads them: real images from the shared datasets, each copied with a
 * ground-truth mask {@code NAME.mask.tif} made by thresholding
 * ({@link LabeledImage#thresholdMask}: a pixel is ground truth if its raw value
 * is at least the image's mean: bright tissue).
 */
public final class LabFolders {

	private LabFolders() {}

	/** The first {@code count} brain MRI slices (512×512 8-bit JPEG), taken in turn from each tumour class. */
	public static List<Path> brainMri(final int count) {
		final List<List<Path>> classes = new ArrayList<>();
		for (final String folder : new String[] { "glioma", "meningioma", "pituitary" }) {
			final File[] files = Datasets.file("brain-tumor-mri/labels.csv").resolveSibling(folder).toFile().listFiles((
				dir, name) -> name.endsWith(".jpg"));
			Arrays.sort(files);
			final List<Path> paths = new ArrayList<>();
			for (final File f : files) paths.add(f.toPath());
			classes.add(paths);
		}
		final List<Path> images = new ArrayList<>();
		for (int i = 0; images.size() < count; i++) {
			final List<Path> from = classes.get(i % 3);
			if (i / 3 >= from.size()) throw new AssertionError("brain-tumor-mri has fewer than " + count + " images");
			images.add(from.get(i / 3));
		}
		return images;
	}

	/**
	 * Deals {@code images} round-robin into {@code labs} folders {@code root/lab-1..k}
	 * (created), each image copied with its threshold mask; returns the folders.
	 */
	public static List<Path> deal(final Path root, final int labs, final List<Path> images) throws Exception {
		final List<Path> folders = new ArrayList<>();
		for (int lab = 1; lab <= labs; lab++) folders.add(Files.createDirectories(root.resolve("lab-" + lab)));
		for (int i = 0; i < images.size(); i++) {
			final Path image = images.get(i), folder = folders.get(i % labs);
			final String name = image.getFileName().toString();
			Files.copy(image, folder.resolve(name));
			ImageFiles.saveTiff(ImagePlusImgs.toImagePlus("mask", LabeledImage.thresholdMask(ImagePlusImgs.wrap(ImageFiles.open(
				image)))), folder.resolve(name.substring(0, name.lastIndexOf('.')) + ".mask.tif"));
		}
		return folders;
	}

	/** Every labelled image of every folder, read as the labs read them: the pooled plaintext's input. */
	public static List<LabeledImage> pooled(final List<Path> folders) throws Exception {
		final List<LabeledImage> all = new ArrayList<>();
		for (final Path folder : folders) {
			for (final Path image : LabImageFolder.images(folder)) all.add(LabImageFolder.load(image));
		}
		return all;
	}
}
