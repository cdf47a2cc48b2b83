package org.medcrypt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;

import ij.ImagePlus;
import ij.measure.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.ij.ImageDescriptions;
import org.medcrypt.ij.ImageDescriptionsTest;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 11 through the command line: {@code encrypt} then {@code decrypt}
 * gives back CT_small.dcm calibrated in HU with its header, label and display
 * range, and a 2x3x2 hyperstack as a hyperstack, in the TIFF it writes.
 */
class PaillierDescriptionCliTest {

	@TempDir
	Path dir;

	private final CliRun cli = new CliRun();
	private final Path[] keys = TestKeyFiles.paillier("test-a");

	private ImagePlus roundTrip(final Path image, final String name) throws Exception {
		final Path enc = dir.resolve(name + ".mcimg"), tif = dir.resolve(name + ".tif");
		assertEquals(0, cli.run("encrypt", "--key", keys[1].toString(), "--in", image.toString(), "--out", enc
			.toString(), "--levels", "1"), cli.err());
		assertEquals(0, cli.run("decrypt", "--key", keys[1].toString(), "--in", enc.toString(), "--out", tif
			.toString()), cli.err());
		assertFalse(cli.err().contains("note:"), "an owner's sealed file needs no notice: " + cli.err());
		return ImageFiles.open(tif);
	}

	@Test
	void ctComesBackCalibratedWithItsHeader() throws Exception {
		final Path dicom = Paths.get("test-images/CT_small.dcm");
		final ImagePlus ct = ImageFiles.open(dicom), back = roundTrip(dicom, "ct");
		assertEquals(904.0, back.getProcessor().getPixelValue(64, 64), 0);
		final Calibration a = ct.getCalibration(), b = back.getCalibration();
		// the TIFF the command line writes keeps the pixel size as ImageJ does, a 32-bit rational 1/size
		// (0.6614684...): the .mcimg itself returns it exactly (PaillierImagesDescriptionTest)
		assertEquals(0.661468, b.pixelWidth, 1e-6);
		assertEquals(0.661468, b.pixelHeight, 1e-6);
		assertEquals("mm", b.getUnit());
		assertEquals(a.getFunction(), b.getFunction());
		assertArrayEquals(a.getCoefficients(), b.getCoefficients(), 0);
		assertEquals(ct.getDisplayRangeMin(), back.getDisplayRangeMin(), 0);
		assertEquals(ct.getDisplayRangeMax(), back.getDisplayRangeMax(), 0);
		assertEquals(ct.getInfoProperty(), back.getInfoProperty());
		assertEquals(7465, back.getInfoProperty().length());
		assertEquals(ct.getStack().getSliceLabel(1), back.getStack().getSliceLabel(1));
	}

	@Test
	void hyperstackComesBackAsAHyperstack() throws Exception {
		final ImagePlus hyper = ImageDescriptionsTest.hyperstack();
		final Path tif = dir.resolve("hyper-in.tif");
		ImageFiles.saveTiff(hyper, tif);
		final ImagePlus back = roundTrip(tif, "hyper");
		assertTrue(back.isHyperStack(), "a hyperstack, not 12 flat slices");
		assertEquals(2, back.getNChannels());
		assertEquals(3, back.getNSlices());
		assertEquals(2, back.getNFrames());
		assertEquals(ImageDescriptions.of(ImageFiles.open(tif)).withTitle("t"), ImageDescriptions.of(back).withTitle(
			"t"), "every field as it was read from the TIFF");
	}
}
