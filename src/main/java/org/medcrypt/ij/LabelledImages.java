package org.medcrypt.ij;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.UnsupportedImageException;

/**
 * A folder of images with a {@code labels.csv} (header, then path,label[,...]
 * with paths relative to the folder), as the evaluation commands read it.
 */
public final class LabelledImages {

	public final List<String> paths = new ArrayList<>();
	public final List<String> labels = new ArrayList<>();
	public final List<Img<? extends IntegerType<?>>> images = new ArrayList<>();
	private int bitDepth;

	private LabelledImages() {}

	/** Reads every listed image; all must be 8-bit (RGB JPEGs are converted) or all 16-bit grayscale. */
	public static LabelledImages read(final Path folder, final Progress progress) throws MedCryptException {
		final Path csv = folder.resolve("labels.csv");
		final List<String> lines;
		try {
			lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new MedCryptException("The evaluation needs " + csv + " with lines 'path,label' (paths relative " +
				"to the folder); it could not be read: " + e.getMessage(), e);
		}
		final LabelledImages set = new LabelledImages();
		for (int i = 1; i < lines.size(); i++) {
			final String line = lines.get(i).trim();
			if (line.isEmpty()) continue;
			final String[] f = line.split(",");
			if (f.length < 2) throw new DamagedFileException(csv + " line " + (i + 1) + " has no label: '" + line +
				"'.");
			progress.checkCanceled();
			progress.report("Reading images", i, lines.size() - 1);
			ImagePlus imp = ImageFiles.open(folder.resolve(f[0].trim()));
			if (imp.getType() == ImagePlus.COLOR_RGB || imp.getType() == ImagePlus.COLOR_256) {
				imp = new ImagePlus(imp.getTitle(), imp.getProcessor().convertToByteProcessor());
			}
			final Img<? extends IntegerType<?>> img = ImagePlusImgs.wrap(imp);
			if (set.images.isEmpty()) set.bitDepth = imp.getBitDepth();
			else if (imp.getBitDepth() != set.bitDepth) {
				throw new UnsupportedImageException(f[0] + " is " + imp.getBitDepth() + "-bit but the first image is " +
					set.bitDepth + "-bit; signatures compare images of one bit depth.");
			}
			set.paths.add(f[0].trim());
			set.labels.add(f[1].trim());
			set.images.add(img);
		}
		if (set.images.size() < 2) throw new MedCryptException(csv + " lists fewer than 2 images.");
		return set;
	}

	public int bitDepth() {
		return bitDepth;
	}
}
