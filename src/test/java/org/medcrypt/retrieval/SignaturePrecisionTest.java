package org.medcrypt.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import org.junit.jupiter.api.Test;
import org.medcrypt.testing.Datasets;

/**
 * Mean precision at 5 (query excluded) of the paper's, the Spatial and the
 * Spatial2 signature, in plaintext (the encrypted path gives the same rankings:
 * {@link SpatialSignatureTest}), on the two labelled sets: brain-tumor-mri (120
 * MRI slices, 3 classes) and MedNIST (300 images, 6 classes). The default run
 * measures every third MedNIST image and brain slice (seconds); with
 * {@code -Dmedcrypt.precision=full} all 300 MedNIST images and 120 brain slices, the figures in README
 * and docs/RETRIEVAL.md.
 */
class SignaturePrecisionTest {

	private static final boolean FULL = "full".equals(System.getProperty("medcrypt.precision"));

	@Test
	void spatial2OnMedNist() throws Exception {
		final double[] p = precisions("mednist", FULL ? 1 : 3);
		System.out.printf(Locale.ROOT, "P@5 MedNIST (%s): paper %.4f spatial %.4f spatial2 %.4f%n", FULL ? "all 300"
			: "every third image", p[0], p[1], p[2]);
		if (FULL) {
			assertEquals(0.9867, p[0], 1e-4, "the paper's signature");
			assertEquals(0.9867, p[1], 1e-4, "the spatial signature");
			assertEquals(0.9900, p[2], 1e-4, "Spatial2 with its query expansion");
			assertTrue(p[2] >= 0.99 - 1e-9, "the issue's target");
		}
		else {
			// 100 images, 6 classes (chance 1/6): all three separate the classes almost perfectly
			assertTrue(p[0] > 0.9 && p[1] > 0.9 && p[2] > 0.9, "paper " + p[0] + ", spatial " + p[1] + ", spatial2 " +
				p[2]);
		}
	}

	@Test
	void spatial2BeatsThePapersAndSpatialOnBrainMri() throws Exception {
		final double[] p = precisions("brain-tumor-mri", FULL ? 1 : 3);
		System.out.printf(Locale.ROOT, "P@5 brain-tumor-mri (%s): paper %.4f spatial %.4f spatial2 %.4f%n", FULL
			? "all 120" : "every third slice", p[0], p[1], p[2]);
		if (FULL) {
			assertEquals(0.6267, p[0], 1e-4, "the paper's signature, as the issue measured it");
			assertEquals(0.7683, p[1], 1e-4, "the spatial signature");
			assertEquals(0.8033, p[2], 1e-4, "Spatial2 with its query expansion");
			assertTrue(p[2] >= 0.80, "the issue's target");
		}
		else {
			assertTrue(p[1] > p[0] + 0.05 && p[2] > p[0] + 0.05, "spatial " + p[1] + ", spatial2 " + p[2] +
				", paper " + p[0]);
		}
	}

	/** Mean P@5 of the paper's default signature, Spatial and Spatial2, on every {@code step}-th image. */
	static double[] precisions(final String set, final int step) throws Exception {
		final List<String> lines = Files.readAllLines(Datasets.file(set + "/labels.csv"), StandardCharsets.UTF_8);
		final List<String> labels = new ArrayList<>();
		final SignatureParameters[] parameters = { SignatureParameters.defaults(8), SignatureParameters.spatial(8),
			SignatureParameters.spatial(SignatureParameters.Method.SPATIAL2, 8) };
		final List<List<WaveletSignature>> signatures = new ArrayList<>();
		for (int m = 0; m < parameters.length; m++) signatures.add(new ArrayList<>());
		for (int i = 1; i < lines.size(); i += step) {
			final String[] f = lines.get(i).split(",");
			final Img<? extends IntegerType<?>> img = RetrievalImages.load(Datasets.file(set + "/" + f[0]));
			labels.add(f[1]);
			for (int m = 0; m < parameters.length; m++) signatures.get(m).add(WaveletSignature.of(img, parameters[m], 8));
		}
		final double[] p = new double[parameters.length];
		for (int m = 0; m < p.length; m++) p[m] = RetrievalEvaluation.meanPrecision(signatures.get(m), labels, 5);
		return p;
	}
}
