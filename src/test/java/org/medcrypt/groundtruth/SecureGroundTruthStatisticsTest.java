package org.medcrypt.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.SecureSumTest;

/**
 * Algorithm 1 on real brain MRI slices (plus a 16-bit CT and an ultrasound)
 * dealt to 3 and 5 labs: under every protocol the researcher gets exactly the
 * integers, and then the doubles, of the pooled plaintext computation, and the
 * labs get exactly its mean rounded to the session's public scale.
 */
class SecureGroundTruthStatisticsTest {

	private static final int WINDOW = 5;
	private static List<LabeledImage> images;

	@BeforeAll
	static void loadImages() throws Exception {
		images = new ArrayList<>(StudyImages.brainMri(4));
		images.add(StudyImages.load("medical-samples/png/ct_small_HUplus1024_gray16_128x128.png"));
		images.add(StudyImages.load("medical-samples/png/us_pelvis_aloka_gray8_396x400_crop.png"));
	}

	@TestFactory
	Stream<DynamicTest> secureResultEqualsPooledPlaintext() {
		return SecureSumTest.protocolsAndLabs((protocol, labs) -> {
			final GroundTruthStatistics pooled = GroundTruthStatistics.pooled(images, WINDOW,
				DeviationFeature.PIXEL_INTENSITY);
			final StudyParameters parameters = StudyParameters.create(labs, WINDOW, DeviationFeature.PIXEL_INTENSITY,
				protocol, Duration.ofSeconds(10), new SecureRandom()).withMinImagesPerLab(1);
			final InProcessStudy run = run(parameters, StudyImages.split(images, labs));
			assertSame(pooled, run.researcher);
			for (final GlobalMean labMean : run.labMeans) assertEquals(pooled.globalMean(), labMean);
		});
	}

	@Test
	void windowMeanDeviationsToo() throws Exception {
		final GroundTruthStatistics pooled = GroundTruthStatistics.pooled(images, 3, DeviationFeature.WINDOW_MEAN);
		final StudyParameters parameters = StudyParameters.create(5, 3, DeviationFeature.WINDOW_MEAN,
			Protocol.ADDITIVE_SHARING, Duration.ofSeconds(10), new SecureRandom()).withMinImagesPerLab(1);
		assertSame(pooled, run(parameters, StudyImages.split(images, 5)).researcher);
		assertTrue(pooled.standardDeviation() < GroundTruthStatistics.pooled(images, 3, DeviationFeature.PIXEL_INTENSITY)
			.standardDeviation(), "window means vary less than pixels");
	}

	@Test
	void pooledStatisticsMatchAPlainDoubleComputation() {
		final GroundTruthStatistics pooled = GroundTruthStatistics.pooled(images, WINDOW,
			DeviationFeature.PIXEL_INTENSITY);
		// Independent reference in doubles: levels by floating-point rounding, windows by direct loops.
		final List<double[]> windowMeansAndLevels = new ArrayList<>();
		for (final LabeledImage image : images) {
			final int w = image.width(), h = image.height(), r = WINDOW / 2;
			final double[] raw = new double[w * h];
			int i = 0;
			double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
			for (final IntegerType<?> p : Views.flatIterable(image.image())) {
				raw[i] = p.getRealDouble();
				min = Math.min(min, raw[i]);
				max = Math.max(max, raw[i++]);
			}
			final double[] level = new double[w * h];
			for (int p = 0; p < raw.length; p++) level[p] = Math.floor((raw[p] - min) * 1023 / (max - min) + 0.5);
			i = 0;
			for (final IntegerType<?> m : Views.flatIterable(image.mask())) {
				final int x = i % w, y = i / w;
				if (m.getIntegerLong() != 0 && x >= r && x < w - r && y >= r && y < h - r) {
					double s = 0;
					for (int dy = -r; dy <= r; dy++) {
						for (int dx = -r; dx <= r; dx++) s += level[(y + dy) * w + x + dx];
					}
					windowMeansAndLevels.add(new double[] { s / (WINDOW * WINDOW), level[i] });
				}
				i++;
			}
		}
		final int n = windowMeansAndLevels.size();
		double sum = 0;
		for (final double[] q : windowMeansAndLevels) sum += q[0];
		final double mean = sum / n;
		double sd = 0;
		for (final double[] q : windowMeansAndLevels) sd += (q[1] - mean) * (q[1] - mean);
		final double sigma = Math.sqrt(sd / (n - 1));
		assertEquals(BigInteger.valueOf(n), pooled.groundTruthPixels());
		assertEquals(mean, pooled.mean(), 1e-9 * mean);
		assertEquals(sigma, pooled.standardDeviation(), 1e-9 * sigma);
		assertTrue(n > 100_000, "the thresholded masks must select a real amount of tissue: " + n);
	}

	private static void assertSame(final GroundTruthStatistics expected, final GroundTruthStatistics actual) {
		assertEquals(expected.groundTruthPixels(), actual.groundTruthPixels(), "n");
		assertEquals(expected.windowSum(), actual.windowSum(), "window sum");
		assertEquals(expected.encodedSquaredDeviations(), actual.encodedSquaredDeviations(), "squared deviations");
		assertEquals(expected.featureSum(), actual.featureSum(), "feature sum");
		assertEquals(expected.globalMean(), actual.globalMean(), "published (rounded) mean");
		assertEquals(expected.mean(), actual.mean(), 0.0, "mean as a double");
		assertEquals(expected.standardDeviation(), actual.standardDeviation(), 0.0, "sigma as a double");
	}

	private static InProcessStudy run(final StudyParameters parameters, final List<List<LabeledImage>> perLab)
		throws Exception
	{
		final InProcessStudy run = InProcessStudy.run(parameters, perLab);
		assertEquals(perLab.size(), run.labMeans.size());
		return run;
	}
}
