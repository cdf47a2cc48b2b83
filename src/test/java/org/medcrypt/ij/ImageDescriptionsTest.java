package org.medcrypt.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.LUT;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;
import org.medcrypt.image.ImageDescription;

/**
 * Issue 11: an image's description (calibration with its function, C/Z/T,
 * labels, Info, display ranges, colour tables) captured from an ImageJ image,
 * encoded, decoded and put back on bare pixels gives the image it was: on
 * CT_small.dcm (HU function, 0.661468 mm pixels, the 7,465-character DICOM
 * header) and on a 2x3x2 composite hyperstack built here.
 */
public class ImageDescriptionsTest {

	/** Bare pixels: what decryption gives before the description is applied. */
	private static ImageStack bare(final ImagePlus imp) {
		final ImageStack s = imp.getStack(), copy = new ImageStack(imp.getWidth(), imp.getHeight());
		for (int i = 1; i <= s.getSize(); i++) copy.addSlice(null, s.getProcessor(i).duplicate());
		return copy;
	}

	@Test
	void ctComesBackCalibratedWithHeaderAndLabel() throws Exception {
		final ImagePlus ct = ImageFiles.open(Paths.get("test-images/CT_small.dcm"));
		final ImageDescription d = ImageDescriptions.of(ct);
		assertEquals(904.0, ct.getProcessor().getPixelValue(64, 64), "the original reads HU");
		assertEquals(7465, d.info().length());
		assertEquals(Calibration.STRAIGHT_LINE, d.function());
		assertEquals(0.661468, d.pixelWidth(), 1e-12);
		final ImageDescription decoded = ImageDescription.decode(d.encode());
		assertEquals(d, decoded);
		assertArrayEquals(d.encode(), decoded.encode(), "deterministic encoding");

		final ImageStack pixels = bare(ct);
		final ImagePlus uncalibrated = new ImagePlus("decrypted", pixels);
		assertEquals(34696.0, uncalibrated.getProcessor().getPixelValue(64, 64), "the bare pixels are raw");
		final ImagePlus restored = ImageDescriptions.create(decoded, pixels);
		assertEquals(904.0, restored.getProcessor().getPixelValue(64, 64), "HU again");
		assertEquals("CT_small.dcm", restored.getTitle());
		final Calibration c = restored.getCalibration();
		assertEquals(0.661468, c.pixelWidth, 0);
		assertEquals(0.661468, c.pixelHeight, 0);
		assertEquals(5.0, c.pixelDepth, 0);
		assertEquals("mm", c.getUnit());
		assertArrayEquals(ct.getCalibration().getCoefficients(), c.getCoefficients(), 0);
		assertEquals(ct.getDisplayRangeMin(), restored.getDisplayRangeMin(), 0);
		assertEquals(ct.getDisplayRangeMax(), restored.getDisplayRangeMax(), 0);
		assertEquals(ct.getInfoProperty(), restored.getInfoProperty());
		assertEquals(ct.getStack().getSliceLabel(1), restored.getStack().getSliceLabel(1));
		assertEquals(d, ImageDescriptions.of(restored), "every field as before");

		// applyTo on an existing plain image does the same
		final ImagePlus plain = new ImagePlus("x", bare(ct));
		ImageDescriptions.applyTo(decoded, plain);
		assertEquals(904.0, plain.getProcessor().getPixelValue(64, 64));
		assertEquals(d, ImageDescriptions.of(plain));
	}

	/** A 2-channel, 3-slice, 2-frame 16-bit composite, every plane labelled, calibrated in µm and s. */
	public static ImagePlus hyperstack() {
		final int w = 5, h = 4;
		final ImageStack stack = new ImageStack(w, h);
		for (int i = 0; i < 12; i++) {
			final short[] p = new short[w * h];
			for (int j = 0; j < p.length; j++) p[j] = (short) (1000 * i + 37 * j);
			stack.addSlice(i % 3 == 2 ? null : "plane " + i, new ShortProcessor(w, h, p, null));
		}
		final ImagePlus imp = new ImagePlus("hyper", stack);
		imp.setDimensions(2, 3, 2);
		imp.setOpenAsHyperStack(true);
		final CompositeImage ci = new CompositeImage(imp, IJ.COMPOSITE);
		ci.setChannelLut(LUT.createLutFromColor(java.awt.Color.green), 1);
		ci.setChannelLut(LUT.createLutFromColor(java.awt.Color.magenta), 2);
		ci.setPosition(1, 1, 1);
		ci.setDisplayRange(100, 9000);
		ci.setPosition(2, 1, 1);
		ci.setDisplayRange(500, 11000);
		ci.setPosition(1, 1, 1);
		final Calibration cal = new Calibration();
		cal.pixelWidth = 0.25;
		cal.pixelHeight = 0.3;
		cal.pixelDepth = 2;
		cal.setUnit("micron");
		cal.xOrigin = 1.5;
		cal.frameInterval = 7.5;
		cal.setTimeUnit("s");
		ci.setCalibration(cal);
		ci.setProperty("Info", "acquired on the test bench");
		return ci;
	}

	@Test
	void hyperstackComesBackAsAHyperstack() throws Exception {
		final ImagePlus original = hyperstack();
		final ImageDescription d = ImageDescriptions.of(original);
		assertEquals(2, d.channels());
		assertEquals(3, d.slices());
		assertEquals(2, d.frames());
		assertEquals(2, d.channelTables());
		assertNotEquals(d.displayMin(0), d.displayMin(1));
		final ImageDescription decoded = ImageDescription.decode(d.encode());
		final ImagePlus restored = ImageDescriptions.create(decoded, bare(original));
		assertTrue(restored.isHyperStack());
		assertTrue(restored.isComposite());
		assertEquals(2, restored.getNChannels());
		assertEquals(3, restored.getNSlices());
		assertEquals(2, restored.getNFrames());
		assertEquals(IJ.COMPOSITE, ((CompositeImage) restored).getMode());
		for (int c = 1; c <= 2; c++) {
			final LUT a = ((CompositeImage) original).getChannelLut(c), b = ((CompositeImage) restored)
				.getChannelLut(c);
			assertArrayEquals(a.getBytes(), b.getBytes());
			assertEquals(a.min, b.min, 0);
			assertEquals(a.max, b.max, 0);
		}
		assertEquals("plane 4", restored.getStack().getSliceLabel(5));
		assertNull(restored.getStack().getSliceLabel(3));
		assertEquals(7.5, restored.getCalibration().frameInterval, 0);
		assertEquals("micron", restored.getCalibration().getUnit());
		assertEquals(d, ImageDescriptions.of(restored), "every field as before");
		assertThrows(IllegalArgumentException.class, () -> ImageDescriptions.applyTo(d, new ImagePlus("flat",
			new ShortProcessor(5, 4))), "pixels of another geometry are refused");
		assertFalse(d.toString().contains("hyper"), "toString never shows the title");
	}
}
