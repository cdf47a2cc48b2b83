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
 * Mean precision at 5 (query excluded) of the paper's and the spatial signature,
 * in plaintext (the encrypted path gives the same rankings:
 * {@link SpatialSignatureTest}), on the two labelled sets: brain-tumor-mri (120
 * MRI slices, 3 classes) and MedNIST (300 images, 6 classes). The default run
 * measures every third MedNIST image and brain slice (seconds); with
 * {@code -Dmedcrypt.precision=full} all 300 MedNIST images and 120 brain slices, the figures in README
 * and docs/RETRIEVAL.md (P@5 0.768 against the paper's 0.627).
 */
class SignaturePrecisionTest {

	private static final boolean FULL = "full".equals(System.getProperty("medcrypt.precision"));

	@Test
	void spatialSignatureOnMedNistEqualsThePapers() throws Exception {
		final double[] p = precisions("mednist", FULL ? 1 : 3);
		System.out.printf(Locale.ROOT, "P@5 MedNIST (%s): paper %.4f spatial %.4f%n", FULL ? "all 300"
			: "every third image", p[0], p[1]);
		if (FULL) {
			assertEquals(0.9867, p[0], 1e-4, "the paper's signature");
			assertEquals(0.9867, p[1], 1e-4, "the spatial signature (the issue's target 0.99 is not reached)");
		}
		else {
			// 100 images, 6 classes (chance 1/6): both separate the classes almost perfectly
			assertTrue(p[0] > 0.9 && p[1] > 0.9, "paper " + p[0] + ", spatial " + p[1]);
		}
	}

	@Test
	void spatialSignatureBeatsThePapersOnBrainMri() throws Exception {
		final double[] p = precisions("brain-tumor-mri", FULL ? 1 : 3);
		System.out.printf(Locale.ROOT, "P@5 brain-tumor-mri (%s): paper %.4f spatial %.4f%n", FULL ? "all 120"
			: "every third slice", p[0], p[1]);
		if (FULL) {
			assertEquals(0.6267, p[0], 1e-4, "the paper's signature, as the issue measured it");
			assertEquals(0.7683, p[1], 1e-4, "the spatial signature (the issue's target 0.80 is not reached)");
		}
		else {
			assertTrue(p[1] > p[0] + 0.05, "spatial " + p[1] + ", paper " + p[0]);
		}
	}

	/** Mean P@5 of the paper's default signature and of the spatial one, on every {@code step}-th image. */
	static double[] precisions(final String set, final int step) throws Exception {
		final List<String> lines = Files.readAllLines(Datasets.file(set + "/labels.csv"), StandardCharsets.UTF_8);
		final List<String> labels = new ArrayList<>();
		final List<WaveletSignature> paper = new ArrayList<>(), spatial = new ArrayList<>();
		for (int i = 1; i < lines.size(); i += step) {
			final String[] f = lines.get(i).split(",");
			final Img<? extends IntegerType<?>> img = RetrievalImages.load(Datasets.file(set + "/" + f[0]));
			labels.add(f[1]);
			paper.add(WaveletSignature.of(img, SignatureParameters.defaults(8), 8));
			spatial.add(WaveletSignature.of(img, SignatureParameters.spatial(8), 8));
		}
		return new double[] { RetrievalEvaluation.meanPrecision(paper, labels, 5), RetrievalEvaluation
			.meanPrecision(spatial, labels, 5) };
	}
}
