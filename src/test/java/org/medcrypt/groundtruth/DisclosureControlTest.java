package org.medcrypt.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.securesum.InMemoryNetwork;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.net.NetworkSession;

/**
 * Disclosure control as DataSHIELD applies it: a lab whose own count is below
 * the study's minimum refuses to take part, naming the rule, and every other
 * party stops with that refusal named, not with a blame for misbehaviour; the
 * minimum lives in the session file, and a file written before the key existed
 * still reads, with the default.
 */
class DisclosureControlTest {

	@TempDir
	Path dir;

	private static List<LabeledImage> image(final String name) throws Exception {
		final List<LabeledImage> one = new ArrayList<>();
		one.add(StudyImages.load("medical-samples/png/" + name));
		return one;
	}

	@Test
	void aLabWithTooFewImagesRefusesNamingTheRuleAndEveryoneSeesItsRefusal() throws Exception {
		final List<List<LabeledImage>> perLab = new ArrayList<>();
		final List<LabeledImage> ct = image("ct_small_HUplus1024_gray16_128x128.png"), mr = image(
			"mr_small_gray16_64x64.png");
		final List<LabeledImage> two = new ArrayList<>(ct);
		two.addAll(mr);
		perLab.add(two);
		perLab.add(mr); // lab 2: one image, below the minimum of 2
		perLab.add(two);
		final StudyParameters parameters = StudyParameters.create(3, 5, DeviationFeature.PIXEL_INTENSITY,
			Protocol.ADDITIVE_SHARING, Duration.ofSeconds(10), new SecureRandom()).withMinImagesPerLab(2);
		final InMemoryNetwork network = new InMemoryNetwork(3);
		final ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			final List<Future<?>> parties = new ArrayList<>();
			parties.add(pool.submit(() -> SecureGroundTruthStatistics.asResearcher(network.endpoint(0), parameters)));
			for (int lab = 1; lab <= 3; lab++) {
				final List<LabeledImage> images = perLab.get(lab - 1);
				final int node = lab;
				parties.add(pool.submit(() -> SecureGroundTruthStatistics.asLab(network.endpoint(node), parameters,
					images)));
			}
			for (int node = 0; node <= 3; node++) {
				final int n = node;
				final ExecutionException e = assertThrows(ExecutionException.class, () -> parties.get(n).get(30,
					TimeUnit.SECONDS), "node " + node + " must get no result");
				assertTrue(e.getCause() instanceof SecureSumAbortedException, "node " + node + ": " + e.getCause());
				final SecureSumAbortedException refusal = (SecureSumAbortedException) e.getCause();
				assertTrue(refusal.isRefusal(), refusal.getMessage());
				assertEquals(2, refusal.culprit());
				assertEquals(SecureGroundTruthStatistics.SUM_1 + ", " + SecureSumAbortedException.REFUSAL_STEP, refusal
					.step());
				final String m = refusal.getMessage();
				assertTrue(m.contains("lab 2 refused to take part: it has 1 image with ground truth, fewer than the " +
					"study's minimum of 2 per lab (disclosure control rule algorithm1.min.images.per.lab)"), m);
				assertTrue(m.contains("not a fault: no party deviated"), m);
				assertFalse(m.contains("check that"), "no blame: " + m);
			}
		}
		finally {
			pool.shutdownNow();
		}
		// With the minimum met by every lab, the same study runs.
		final InProcessStudy run = InProcessStudy.run(parameters.withMinImagesPerLab(1), perLab);
		assertEquals(3, run.labMeans.size());
	}

	@Test
	void aLabCannotFakeAnotherLabsRefusal() {
		// An ABORT is a refusal only when the lab it names reported it itself (the sender is authenticated).
		final SecureSumAbortedException forged = abort(2, "sum 1 of 2 (n and window sum), refusal", 3);
		assertFalse(forged.isRefusal(), forged.getMessage());
		assertTrue(forged.getMessage().contains("check that lab 2"), forged.getMessage());
	}

	private static SecureSumAbortedException abort(final int culprit, final String step, final int reporter) {
		try {
			final java.lang.reflect.Constructor<SecureSumAbortedException> c = SecureSumAbortedException.class
				.getDeclaredConstructor(int.class, String.class, String.class, int.class);
			c.setAccessible(true);
			return c.newInstance(culprit, step, "refused to take part: made up", reporter);
		}
		catch (final ReflectiveOperationException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void theMinimumIsInTheSessionFileAndOldFilesReadWithTheDefault() throws Exception {
		// Written by MedCrypt before the keys algorithm1.mean.scale.bits and algorithm1.min.images.per.lab existed.
		final Path old = Path.of(getClass().getResource("format1-before-minimum.session").toURI());
		final String text = new String(Files.readAllBytes(old), StandardCharsets.UTF_8);
		assertFalse(text.contains("min.images") || text.contains("mean.scale"));
		final StudySession read = StudySession.read(old);
		assertEquals(StudyParameters.DEFAULT_MIN_IMAGES_PER_LAB, read.study().minImagesPerLab());
		assertEquals(5, StudyParameters.DEFAULT_MIN_IMAGES_PER_LAB);
		assertEquals(StudyParameters.DEFAULT_MEAN_SCALE_BITS, read.study().meanScaleBits());
		assertEquals(5, read.study().window());
		// Its canonical text, the one every party's check value is computed over, lists the defaults.
		assertTrue(read.network().format().contains("algorithm1.min.images.per.lab = 5\n"));
		assertTrue(read.network().format().contains("algorithm1.mean.scale.bits = 16\n"));
		assertFalse(read.network().digest().equals(NetworkSession.parse(text).digest()),
			"an older MedCrypt (without the keys) computes another check value and is stopped at connection");
		// A new file round-trips its minimum; a minimum below 1 is refused, naming the key's meaning.
		final StudySession custom = StudySession.of(read.study().withMinImagesPerLab(12), read.network()
			.connectTimeout(), read.network().nodes());
		final Path file = dir.resolve("custom.session");
		custom.write(file);
		assertEquals(12, StudySession.read(file).study().minImagesPerLab());
		final Path zero = dir.resolve("zero.session");
		Files.write(zero, custom.network().format().replace("algorithm1.min.images.per.lab = 12",
			"algorithm1.min.images.per.lab = 0").getBytes(StandardCharsets.UTF_8));
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> StudySession.read(zero));
		assertTrue(e.getMessage().contains("minimum of images per lab must be at least 1"), e.getMessage());
	}
}
