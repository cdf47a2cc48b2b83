package org.medcrypt.transfer;

import ij.ImagePlus;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.image.PixelPlanes;

/** The five committed samples of {@code test-images/} as pixel planes, opened as Fiji opens them. */
final class TestImages {

	/** Every file of test-images/ (see SOURCES.md there): DICOM 16-bit, JPEG RGB, PNG 8-bit and indexed. */
	static final List<String> NAMES = Arrays.asList("CT_small.dcm", "MR_small.dcm", "retina.jpg",
		"microaneurysms.png", "FatMRISlice.png");

	private TestImages() {}

	static ImagePlus open(final String name) throws Exception {
		return ImageFiles.open(path(name));
	}

	static Path path(final String name) {
		return Paths.get("test-images", name).toAbsolutePath();
	}

	/** The image's planes, shared with it (as the commands take them). */
	static PixelPlanes planes(final ImagePlus imp) {
		return ImagePlusImgs.planes(imp);
	}

	/** The pixel stream of planes (RGB without ImageJ's unused top byte): equal streams are equal images. */
	static byte[] stream(final PixelPlanes planes) {
		return PixelBytes.of(planes).toBytes(planes, 0);
	}
}
