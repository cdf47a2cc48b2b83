package org.medcrypt.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.io.RoiEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.LabeledImage;
import org.medcrypt.groundtruth.WindowStatistics;
import org.medcrypt.testing.LabFolders;

/** A lab's folder: masks and ImageJ selections beside real images, and the errors a user can act on. */
class LabImageFolderTest {

	@TempDir
	Path dir;

	private static long groundTruth(final LabeledImage image) {
		long n = 0;
		for (final IntegerType<?> m : Views.flatIterable(image.mask())) n += m.getIntegerLong() != 0 ? 1 : 0;
		return n;
	}

	@Test
	void masksAndSelectionsBesideRealImages() throws Exception {
		final Path folder = LabFolders.deal(dir, 1, LabFolders.brainMri(2)).get(0);
		// A third image whose ground truth is an oval selection saved by ImageJ.
		final Path mri = LabFolders.brainMri(3).get(2);
		Files.copy(mri, folder.resolve("oval.jpg"));
		final Roi oval = new OvalRoi(100, 120, 200, 150);
		assertTrue(RoiEncoder.save(oval, folder.resolve("oval.roi").toString()));
		Files.write(folder.resolve("notes.txt"), "ignored".getBytes());

		final List<Path> images = LabImageFolder.images(folder);
		assertEquals(3, images.size(), images.toString());
		assertEquals("oval.jpg", images.get(2).getFileName().toString());
		final ij.process.ImageProcessor inside = oval.getMask();
		long expected = 0;
		for (int i = 0; i < inside.getPixelCount(); i++) expected += inside.get(i) != 0 ? 1 : 0;
		assertTrue(expected > 20_000, "an oval of 200x150 pixels: " + expected);
		assertEquals(expected, groundTruth(LabImageFolder.load(images.get(2))), "the mask is the inside of the oval");
		// The folder's sums are the sums of its images, in any order of adding.
		final WindowStatistics.LocalSums sums = LabImageFolder.localSums(folder, 5, DeviationFeature.WINDOW_MEAN,
			Progress.NONE);
		final List<LabeledImage> loaded = List.of(LabImageFolder.load(images.get(0)), LabImageFolder.load(images.get(1)),
			LabImageFolder.load(images.get(2)));
		final WindowStatistics.LocalSums all = WindowStatistics.localSums(loaded, 5, DeviationFeature.WINDOW_MEAN);
		assertEquals(all.groundTruthPixels, sums.groundTruthPixels);
		assertEquals(all.windowSum, sums.windowSum);
	}

	@Test
	void missingOrAmbiguousGroundTruthIsAClearError() throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("lab"));
		final Path mri = LabFolders.brainMri(1).get(0);
		Files.copy(mri, folder.resolve("a.jpg"));
		MedCryptException e = assertThrows(MedCryptException.class, () -> LabImageFolder.images(folder));
		assertTrue(e.getMessage().contains("a.jpg has no ground truth beside it: add a.mask.png"), e.getMessage());
		// A JPEG mask is lossy: it is not taken as a mask (nor as an image).
		Files.copy(mri, folder.resolve("a.mask.jpg"));
		e = assertThrows(MedCryptException.class, () -> LabImageFolder.images(folder));
		assertTrue(e.getMessage().contains("no ground truth"), e.getMessage());
		assertTrue(RoiEncoder.save(new Roi(0, 0, 10, 10), folder.resolve("a.roi").toString()));
		assertEquals(1, LabImageFolder.images(folder).size());
		LabFolders.deal(dir.resolve("other"), 1, List.of(mri));
		Files.copy(dir.resolve("other/lab-1").resolve(mri.getFileName().toString().replace(".jpg", ".mask.tif")), folder
			.resolve("a.mask.tif"));
		e = assertThrows(MedCryptException.class, () -> LabImageFolder.images(folder));
		assertTrue(e.getMessage().contains("several ground truths"), e.getMessage());
		e = assertThrows(MedCryptException.class, () -> LabImageFolder.images(Files.createDirectories(dir.resolve(
			"empty"))));
		assertTrue(e.getMessage().contains("holds no image"), e.getMessage());
	}
}
