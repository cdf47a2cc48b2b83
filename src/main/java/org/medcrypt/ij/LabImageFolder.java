package org.medcrypt.ij;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.process.ByteProcessor;
import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.LabeledImage;
import org.medcrypt.groundtruth.WindowStatistics;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.UnsupportedImageException;

/**
 * A lab's images for Algorithm 1: every image file in one folder, each with its
 * ground truth beside it under the same base name, either a binary mask
 * {@code NAME.mask.png} / {@code NAME.mask.tif} (non-zero = ground truth; a
 * lossless format, so JPEG masks are refused) or an ImageJ selection
 * {@code NAME.roi} (inside = ground truth). Images are 2D 8- or 16-bit
 * grayscale TIFF, PNG, JPEG, BMP or DICOM; other files are ignored, and an
 * image without ground truth is an error rather than silently left out.
 */
public final class LabImageFolder {

	private static final String[] IMAGE_EXTENSIONS = { "tif", "tiff", "png", "jpg", "jpeg", "bmp", "dcm" };
	private static final String[] MASK_EXTENSIONS = { "png", "tif", "tiff" };
	private static final String MASK = ".mask.";

	private LabImageFolder() {}

	/** The images of {@code folder} (sorted by name), each checked to have exactly one ground truth beside it. */
	public static List<Path> images(final Path folder) throws MedCryptException {
		if (!Files.isDirectory(folder)) throw new MedCryptException("Image folder " + folder + " does not exist.");
		final List<Path> images = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
			for (final Path file : files) {
				final String name = file.getFileName().toString();
				final String lower = name.toLowerCase(Locale.ROOT);
				if (name.startsWith(".") || !Files.isRegularFile(file) || lower.contains(MASK)) continue;
				if (extension(lower, IMAGE_EXTENSIONS) != null) images.add(file);
			}
		}
		catch (final IOException e) {
			throw new MedCryptException("Cannot list image folder " + folder + ": " + e.getMessage(), e);
		}
		if (images.isEmpty()) throw new MedCryptException("Image folder " + folder + " holds no image (" + String.join(
			", ", IMAGE_EXTENSIONS) + ").");
		images.sort(null);
		for (final Path image : images) groundTruth(image);
		return images;
	}

	/** One image with its ground truth as a mask of the same size. */
	public static LabeledImage load(final Path image) throws MedCryptException {
		final ImagePlus imp = ImageFiles.open(image);
		if (imp.getStackSize() != 1) throw new UnsupportedImageException(image + " has " + imp.getStackSize() +
			" slices; Algorithm 1 takes 2D images: save each slice with its own mask.");
		if (imp.getType() != ImagePlus.GRAY8 && imp.getType() != ImagePlus.GRAY16) throw new UnsupportedImageException(
			image + " is not 8- or 16-bit grayscale; convert it (Image > Type) first.");
		final Path truth = groundTruth(image);
		final ImagePlus mask;
		if (truth.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".roi")) {
			final Roi roi = RoiDecoder.open(truth.toString());
			if (roi == null) throw new DamagedFileException(truth + " is not an ImageJ selection (.roi) file.");
			final ByteProcessor inside = new ByteProcessor(imp.getWidth(), imp.getHeight());
			inside.setColor(1);
			inside.fill(roi);
			mask = new ImagePlus(truth.getFileName().toString(), inside);
		}
		else {
			mask = ImageFiles.open(truth);
			if (mask.getStackSize() != 1 || (mask.getType() != ImagePlus.GRAY8 && mask.getType() != ImagePlus.GRAY16)) {
				throw new UnsupportedImageException(truth +
					" must be one 8- or 16-bit mask (non-zero = ground truth).");
			}
			if (mask.getWidth() != imp.getWidth() || mask.getHeight() != imp.getHeight()) {
				throw new UnsupportedImageException(truth + " is " + mask.getWidth() + "x" + mask.getHeight() +
					" but its image is " + imp.getWidth() + "x" + imp.getHeight() + ".");
			}
		}
		return new LabeledImage(ImagePlusImgs.wrap(imp), ImagePlusImgs.wrap(mask));
	}

	/**
	 * The lab's local work of Algorithm 1 over the whole folder, one image in
	 * memory at a time, with progress per image; cancellable.
	 */
	public static WindowStatistics.LocalSums localSums(final Path folder, final int window,
		final DeviationFeature feature, final Progress progress) throws MedCryptException
	{
		final List<Path> images = images(folder);
		WindowStatistics.LocalSums sums = WindowStatistics.LocalSums.none(window, feature);
		for (int i = 0; i < images.size(); i++) {
			progress.checkCanceled();
			progress.report("local sums: " + images.get(i).getFileName(), i, images.size());
			sums = sums.plus(WindowStatistics.localSums(List.of(load(images.get(i))), window, feature));
		}
		progress.report("local sums", images.size(), images.size());
		return sums;
	}

	/** The ground-truth file of {@code image}: exactly one mask or selection must exist. */
	private static Path groundTruth(final Path image) throws MedCryptException {
		final String name = image.getFileName().toString();
		final String base = name.substring(0, name.lastIndexOf('.'));
		final List<Path> found = new ArrayList<>();
		for (final String ext : MASK_EXTENSIONS) {
			final Path mask = image.resolveSibling(base + MASK + ext);
			if (Files.isRegularFile(mask)) found.add(mask);
		}
		final Path roi = image.resolveSibling(base + ".roi");
		if (Files.isRegularFile(roi)) found.add(roi);
		if (found.size() == 1) return found.get(0);
		if (found.isEmpty()) throw new MedCryptException(image + " has no ground truth beside it: add " + base +
			".mask.png (non-zero = ground truth) or " + base + ".roi (an ImageJ selection), or move the image out.");
		throw new MedCryptException(image + " has several ground truths beside it (" + found + "); keep one.");
	}

	private static String extension(final String lowerName, final String[] extensions) {
		for (final String ext : extensions) {
			if (lowerName.endsWith("." + ext)) return ext;
		}
		return null;
	}
}
