package org.medcrypt.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medcrypt.testing.Datasets;

/** The plaintext signature: hand-checked counts, and retrieval on the labelled datasets. */
class WaveletSignatureTest {

	@Test
	void countsOnAHandCheckedBlock() {
		// One 2x2 block a=10 b=4 c=6 d=0: LL=20, HL=12, LH=8, HH=0 (see HaarSubbands).
		final WaveletSignature s = WaveletSignature.of(new int[] { 10, 4, 6, 0 }, 2, 2, SignatureParameters.of(8, 256, 1), 2);
		final int k = SignatureParameters.of(8, 256, 1).bands().get(0).intervals;
		assertEquals(4, k, "8-bit bands span 1021 values: 4 intervals of 256");
		final long[] expected = new long[4 * k];
		expected[0] = 1; // LL 20 in [0, 256)
		expected[k + (12 + 510) / 256] = 1; // HL, from -510
		expected[2 * k + (8 + 510) / 256] = 1; // LH
		expected[3 * k + 510 / 256] = 1; // HH
		assertArrayEquals(expected, s.counts());
		assertEquals(0.0, s.distance(s).value());
	}

	@Test
	void intervalsFromKOrDeltaAndTheirRanges() {
		assertEquals(16, SignatureParameters.resolve(8, 0, 64, 1).delta(), "64 intervals over 1021 values");
		assertEquals(64, SignatureParameters.resolve(8, 16, 0, 1).bands().get(1).intervals);
		assertEquals(SignatureParameters.defaults(8), SignatureParameters.resolve(8, 0, 0, 1));
		final IllegalArgumentException both = org.junit.jupiter.api.Assertions.assertThrows(
			IllegalArgumentException.class, () -> SignatureParameters.resolve(8, 4, 64, 1));
		assertTrue(both.getMessage().contains("not both"), both.getMessage());
		// Level 2 of a 16-bit image: LL in [0, 16·65535], details in ±8·65535, 4x the level-1 intervals.
		final SignatureParameters p = SignatureParameters.of(16, 4096, 2);
		assertEquals(7, p.bands().size(), "LL2, then HL, LH, HH of levels 1 and 2");
		assertEquals(0, p.bands().get(0).lowest);
		assertEquals(16L * 65535, p.bands().get(0).highest);
		assertEquals(-8L * 65535, p.bands().get(4).lowest);
		assertEquals(4 * p.bands().get(1).intervals, p.bands().get(4).intervals, 1);
	}

	@Test
	void retrievalOnLabelledDatasetsBeatsChanceAndDegradesWithCoarseIntervals() throws IOException {
		final Map<String, double[]> table = new LinkedHashMap<>();
		final int[] deltas = { 4, 16, 64, 256 };
		for (final String set : new String[] { "brain-tumor-mri", "mednist" }) {
			final List<int[]> planes = new ArrayList<>();
			final List<String> labels = new ArrayList<>();
			final int[] size = new int[2];
			final List<String> lines = Files.readAllLines(Datasets.file(set + "/labels.csv"), StandardCharsets.UTF_8);
			for (final String line : lines.subList(1, lines.size())) {
				final String[] f = line.split(",");
				final Path image = Datasets.file(set + "/" + f[0]);
				final ImagePlus imp = IJ.openImage(image.toString());
				final ImageProcessor ip = imp.getProcessor().convertToByteProcessor();
				final int[] p = new int[ip.getPixelCount()];
				for (int i = 0; i < p.length; i++) p[i] = ip.get(i);
				planes.add(p);
				labels.add(f[1]);
				size[0] = ip.getWidth();
				size[1] = ip.getHeight();
			}
			final double[] precision = new double[deltas.length];
			for (int i = 0; i < deltas.length; i++) {
				final List<WaveletSignature> signatures = new ArrayList<>();
				for (final int[] p : planes) signatures.add(WaveletSignature.of(p, size[0], size[1], SignatureParameters.of(8, deltas[i], 1), 8));
				precision[i] = RetrievalEvaluation.meanPrecision(signatures, labels, 5);
			}
			table.put(set, precision);
			final double chance = 1.0 / labels.stream().distinct().count();
			for (final double p : precision) assertTrue(p > 1.5 * chance, set + ": " + p + " is near chance " + chance);
			assertTrue(precision[deltas.length - 1] < precision[0], set + ": coarse intervals should lose precision");
			System.out.printf("%s (%d images): precision@5 for delta %s = %s%n", set, planes.size(), java.util.Arrays
				.toString(deltas), java.util.Arrays.toString(precision));
		}
	}
}
