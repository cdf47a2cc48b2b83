package org.medcrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.process.ImageStatistics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every committed sample in {@code test-images/} (see SOURCES.md there) opens
 * with plain ImageJ 1.x, headless, with the geometry and type we rely on.
 * Dynamic tests rather than {@code @ParameterizedTest}: junit-jupiter-params is
 * not a dependency of the project.
 */
class TestImagesTest {

	private static final Path DIR = Paths.get("test-images");

	@BeforeAll
	static void headlessDicom() {
		// Headless ImageJ cannot open a DICOM with a non-integer rescale slope (it
		// would ask in a dialog). Our samples have slope 1 or none; set it anyway so
		// adding a sample never hangs or fails headless.
		Prefs.ignoreRescaleSlope = true;
	}

	@TestFactory
	Stream<DynamicTest> opensWithImageJ() {
		return Stream.of(
			expect("CT_small.dcm", 128, 128, 16),
			expect("MR_small.dcm", 64, 64, 16),
			expect("retina.jpg", 1411, 1411, 24),
			expect("microaneurysms.png", 102, 102, 8),
			expect("FatMRISlice.png", 256, 256, 8));
	}

	private static DynamicTest expect(final String name, final int width, final int height,
		final int bitDepth)
	{
		return DynamicTest.dynamicTest(name, () -> {
			final Path file = DIR.resolve(name);
			assertTrue(Files.isRegularFile(file), "missing " + file.toAbsolutePath());
			final ImagePlus imp = IJ.openImage(file.toString());
			assertNotNull(imp, "ImageJ could not open " + name);
			try {
				assertEquals(width, imp.getWidth(), name + " width");
				assertEquals(height, imp.getHeight(), name + " height");
				assertEquals(bitDepth, imp.getBitDepth(), name + " bit depth");
				assertEquals(1, imp.getStackSize(), name + " slices");
				// Guard against a blank decode (wrong transfer syntax, broken reader).
				final ImageStatistics stats = imp.getProcessor().getStats();
				assertTrue(stats.max > stats.min, name + " has no contrast");
			}
			finally {
				imp.close();
			}
		});
	}
}
