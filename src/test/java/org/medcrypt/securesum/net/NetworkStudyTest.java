package org.medcrypt.securesum.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.GroundTruthStatistics;
import org.medcrypt.groundtruth.StudyParty;
import org.medcrypt.groundtruth.StudySession;
import org.medcrypt.ij.LabImageFolder;
import org.medcrypt.io.Progress;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.LabFolders;
import org.medcrypt.tls.PartyCredentials;

/**
 * Algorithm 1 between separate JVMs ({@code party run} of {@link org.medcrypt.cli.MedCryptCli}) over TLS on 127.0.0.1,
 * each lab with its own folder of real brain MRI slices (and a 16-bit CT) with
 * threshold masks: the researcher's n, mean and sigma equal the pooled
 * plaintext computation exactly; a lab killed mid-protocol, an impostor's
 * certificate, and well-formed messages of the wrong session or step from an
 * authenticated lab make every honest party abort, naming the party and the
 * step, with no result printed.
 */
class NetworkStudyTest {

	private static final Duration HOP = Duration.ofSeconds(3), SLOW_HOP = Duration.ofSeconds(20);
	private static final Duration CONNECT = Duration.ofSeconds(30);

	@TempDir
	static Path images;
	@TempDir
	Path dir;

	private static List<Path> three, five;

	@BeforeAll
	static void labFolders() throws Exception {
		final List<Path> mri = LabFolders.brainMri(9);
		final List<Path> mixed = new ArrayList<>(mri.subList(0, 5));
		mixed.add(Datasets.samplePng("ct_small_HUplus1024_gray16_128x128.png"));
		three = LabFolders.deal(images.resolve("three"), 3, mixed);
		five = LabFolders.deal(images.resolve("five"), 5, mri.subList(0, 9));
	}

	private static List<String> imagesOf(final List<Path> folders, final int node) {
		return node == 0 ? List.of() : List.of("--images", folders.get(node - 1).toString());
	}

	/** Starts every node as its own JVM; {@code faulty} gets {@code jvmArgs}. */
	private static List<Process> start(final LoopbackParties parties, final Path dir, final Path session,
		final List<Path> folders, final int faulty, final String... jvmArgs) throws Exception
	{
		final List<Process> processes = new ArrayList<>();
		for (int node = 0; node < parties.nodes.size(); node++) {
			processes.add(node == faulty ? parties.spawn(dir, session, node, imagesOf(folders, node), jvmArgs)
				: parties.spawn(dir, session, node, imagesOf(folders, node)));
		}
		return processes;
	}

	private List<Process> start(final LoopbackParties parties, final Path session, final List<Path> folders,
		final int faulty, final String... jvmArgs) throws Exception
	{
		return start(parties, dir, session, folders, faulty, jvmArgs);
	}

	@Test
	void threeAndFiveLabsInSeparateProcessesGetExactlyThePooledPlaintext() throws Exception {
		for (final List<Path> folders : List.of(three, five)) {
			final int labs = folders.size();
			final LoopbackParties parties = new LoopbackParties(labs);
			final Path run = Files.createDirectories(dir.resolve(labs + "-labs"));
			// 5 labs: permuted rings (2 rings), so a ring protocol crosses the network too
			final Protocol protocol = labs == 3 ? Protocol.ADDITIVE_SHARING : Protocol.PERMUTED_RINGS;
			final Path session = parties.write(run, parties.study(protocol, CONNECT, SLOW_HOP));
			final List<Process> processes = start(parties, run, session, folders, -1);
			final GroundTruthStatistics pooled = GroundTruthStatistics.pooled(LabFolders.pooled(folders), 5,
				DeviationFeature.PIXEL_INTENSITY);
			assertTrue(pooled.groundTruthPixels().longValue() > 100_000, pooled.toString());
			for (int node = 0; node <= labs; node++) {
				assertEquals(0, LoopbackParties.await(processes.get(node)), parties.output(run, node));
			}
			final String researcher = parties.output(run, 0);
			assertTrue(researcher.contains("result: n=" + pooled.groundTruthPixels() + " mean=" + pooled.mean() +
				" sigma=" + pooled.standardDeviation() + "\n"), researcher);
			assertTrue(researcher.contains("exact: n=" + pooled.groundTruthPixels() + " window_sum=" + pooled
				.windowSum() + " squared_deviations=" + pooled.encodedSquaredDeviations() + " feature_sum=" + pooled
					.featureSum() + " published_mean=" + pooled.globalMean() + "\n"), researcher);
			assertTrue(researcher.contains("progress: sum 2 of 2 (squared deviations): waiting for lab "),
				researcher);
			for (int node = 1; node <= labs; node++) {
				final String lab = parties.output(run, node);
				// The lab's mean is the pooled one rounded to the public 2^-16, in fixed point.
				assertTrue(lab.contains("result: mean=" + pooled.globalMean().toDouble() + " (" + pooled.globalMean() +
					")\n"), lab);
				assertEquals(pooled.mean(), pooled.globalMean().toDouble(), 1.0 / (1 << 17));
				assertFalse(lab.contains("sigma"), "a lab learns the mean only: " + lab);
			}
		}
	}

	/** Every honest node exits 1, blames {@code culprit} at a step starting with {@code step}, and prints no result. */
	private void assertAllAbort(final LoopbackParties parties, final List<Process> processes, final int culprit,
		final String step, final int... honest) throws Exception
	{
		for (final int node : honest) {
			assertEquals(1, LoopbackParties.await(processes.get(node)), parties.output(dir, node));
			final String out = parties.output(dir, node);
			assertTrue(out.contains("aborted: culprit=" + culprit + " step=" + step), out);
			assertTrue(out.contains("blamed on lab " + culprit + " (" + parties.name(culprit) + ")"), out);
			assertFalse(out.contains("result:"), out);
		}
	}

	@Test
	void aLabKilledDuringTheSecondSumMakesEveryoneAbortNamingItAtOnce() throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		// A hop timeout of 30 s (the old default): the death must be seen from the connection, not the timeout.
		final Path session = parties.write(dir, parties.study(Protocol.ADDITIVE_SHARING, CONNECT, Duration.ofSeconds(
			30)));
		// Additive sharing, 3 labs: 2 shares and a partial sum per sum, so frame 4 is lab 2's first share of sum 2.
		final List<Process> processes = start(parties, session, three, 2, "-Dhalt.after=4");
		final List<java.util.concurrent.CompletableFuture<Long>> exits = new ArrayList<>();
		for (final Process p : processes) exits.add(p.onExit().thenApply(x -> System.nanoTime()));
		assertAllAbort(parties, processes, 2, "sum 2 of 2 (squared deviations), ", 0, 1, 3);
		assertEquals(137, LoopbackParties.await(processes.get(2)));
		for (final int node : new int[] { 0, 1, 3 }) {
			final double seconds = (exits.get(node).get() - exits.get(2).get()) / 1e9;
			assertTrue(seconds < 10, "node " + node + " exited " + seconds + " s after lab 2 was killed");
		}
	}

	@Test
	void aLabWithATamperedPixelCapIsNamedByEveryone() throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		final StudySession study = parties.study(Protocol.ADDITIVE_SHARING, CONNECT, HOP);
		// Lab 1 raised the public cap N in its copy (and the first sum's bound with it, so that the file is valid).
		final org.medcrypt.securesum.SumSession first = study.network().sum();
		final long cap = study.study().maxPixelsPerLab() * 4;
		final StudySession tampered = StudySession.of(new org.medcrypt.groundtruth.StudyParameters(study.study()
			.window(), study.study().feature(), cap, first.withDomain(first.id(), new org.medcrypt.securesum.SumDomain(3,
				2, org.medcrypt.groundtruth.StudyParameters.firstBound(study.study().window(), cap)))), study.network()
					.connectTimeout(), study.network().nodes());
		assertTrue(tampered.network().format().contains("algorithm1.max.pixels.per.lab = " + cap));
		final ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			final List<Future<StudyParty.Outcome>> futures = new ArrayList<>();
			for (int node = 0; node <= 3; node++) {
				final int id = node;
				final StudyParty.LabImages images = node == 0 ? null : (window, feature, p) -> LabImageFolder.localSums(
					three.get(id - 1), window, feature, p);
				futures.add(pool.submit(() -> StudyParty.run(id == 1 ? tampered : study, parties.name(id), parties.creds
					.get(id), images, Progress.NONE, line -> {})));
			}
			for (int node = 0; node <= 3; node++) {
				final Future<StudyParty.Outcome> f = futures.get(node);
				final ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
					() -> f.get(60, TimeUnit.SECONDS), "node " + node);
				final SecureSumAbortedException abort = assertAbort(e.getCause(), "node " + node);
				assertEquals(1, abort.culprit(), abort.getMessage());
				assertTrue(abort.getMessage().contains("runs another session file (check value " + tampered.network()
					.checkValue()), abort.getMessage());
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Lab {@code lab} sends its {@code frame}-th frame tampered ({@link FaultyParty}); every other party must
	 * abort naming it at {@code step}, and {@code detector} must say why ({@code reason}).
	 */
	private void assertTamperedFrameAbortsEveryone(final int lab, final int frame, final String kind,
		final String step, final int detector, final String reason) throws Exception
	{
		final LoopbackParties parties = new LoopbackParties(3);
		final Path session = parties.write(dir, parties.study(Protocol.ADDITIVE_SHARING, CONNECT, HOP));
		final List<Process> processes = start(parties, session, three, lab, "-Dtamper.frame=" + frame,
			"-Dtamper.kind=" + kind);
		final int[] honest = new int[3];
		for (int node = 0, i = 0; node <= 3; node++) {
			if (node != lab) honest[i++] = node;
		}
		assertAllAbort(parties, processes, lab, step, honest);
		assertTrue(parties.output(dir, detector).contains(reason), parties.output(dir, detector));
		LoopbackParties.await(processes.get(lab));
	}

	@Test
	void aWellFormedMessageOfAnotherSessionFromAnAuthenticatedLabMakesEveryoneAbortNamingIt() throws Exception {
		// Lab 1's second frame: its share of sum 1 for lab 3, under another session id.
		assertTamperedFrameAbortsEveryone(1, 2, "session", "sum 1 of 2 (n and window sum), share", 3,
			"sent a message for another session");
	}

	@Test
	void aMessageOfTheWrongStepFromAnAuthenticatedLabMakesEveryoneAbortNamingIt() throws Exception {
		// Lab 3's first frame of sum 2, a share for lab 1, sent as a partial sum (only the researcher takes those).
		assertTamperedFrameAbortsEveryone(3, 4, "type", "sum 2 of 2 (squared deviations), partial sum", 1,
			"sent an unexpected partial sum message");
	}

	@Test
	void aLabWithTheWrongCertificateIsRefusedAndEveryoneAbortsNamingIt() throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		final StudySession study = parties.study(Protocol.ADDITIVE_SHARING, Duration.ofSeconds(10), HOP);
		// Lab 3 runs with a certificate of its own making, in a session file it edited to list it.
		final PartyCredentials impostor = PartyCredentials.generate("lab-c", LoopbackParties.PASSWORD,
			LoopbackParties.RANDOM);
		final List<StudySession> sessions = new ArrayList<>();
		for (int node = 0; node <= 3; node++) {
			sessions.add(node == 3 ? StudySession.of(NetworkSession.parse(study.network().format().replace(study
				.network().node(3).fingerprint(), impostor.fingerprint()))) : study);
		}
		final ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			final List<Future<StudyParty.Outcome>> futures = new ArrayList<>();
			for (int node = 0; node <= 3; node++) {
				final int id = node;
				final PartyCredentials creds = node == 3 ? impostor : parties.creds.get(node);
				final StudyParty.LabImages images = node == 0 ? null : (window, feature, p) -> LabImageFolder.localSums(
					three.get(id - 1), window, feature, p);
				futures.add(pool.submit(() -> StudyParty.run(sessions.get(id), parties.name(id), creds, images,
					Progress.NONE, line -> {})));
			}
			for (final int node : new int[] { 0, 1, 2 }) {
				final ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
					() -> futures.get(node).get(60, TimeUnit.SECONDS), "node " + node);
				final SecureSumAbortedException abort = assertAbort(e.getCause(), "node " + node);
				assertEquals(3, abort.culprit(), abort.getMessage());
				assertTrue(abort.step().startsWith("sum 1 of 2 (n and window sum), "), abort.step());
				final String explained = NetworkParty.explain(study.network(), abort);
				assertTrue(explained.contains("lab 3 (lab-c)"), explained);
				if (node != 0) assertTrue(explained.contains(impostor.fingerprint()), explained);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Disclosure control over TLS: lab 2 holds one image (a folder of its own)
	 * where the session asks for 2; it refuses naming the rule, and every party's
	 * explanation tells a refusal, not a blame.
	 */
	@Test
	void aLabBelowTheMinimumRefusesAndEveryPartyIsToldSo() throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		final StudySession study = parties.study(Protocol.ADDITIVE_SHARING, CONNECT, HOP, 2);
		final List<Path> single = LabFolders.deal(images.resolve("single"), 1, List.of(Datasets.samplePng(
			"ct_small_HUplus1024_gray16_128x128.png")));
		final ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			final List<Future<StudyParty.Outcome>> futures = new ArrayList<>();
			for (int node = 0; node <= 3; node++) {
				final int id = node;
				final StudyParty.LabImages labImages = node == 0 ? null : (window, feature, p) -> LabImageFolder
					.localSums(id == 2 ? single.get(0) : three.get(id - 1), window, feature, p);
				futures.add(pool.submit(() -> StudyParty.run(study, parties.name(id), parties.creds.get(id), labImages,
					Progress.NONE, line -> {})));
			}
			for (int node = 0; node <= 3; node++) {
				final int id = node;
				final ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
					() -> futures.get(id).get(60, TimeUnit.SECONDS), "node " + node);
				final SecureSumAbortedException abort = assertAbort(e.getCause(), "node " + node);
				assertTrue(abort.isRefusal(), abort.getMessage());
				assertEquals(2, abort.culprit());
				final String explained = NetworkParty.explain(study.network(), abort);
				assertTrue(explained.startsWith("STOPPED at step 'sum 1 of 2 (n and window sum), refusal': lab 2 " +
					"(lab-b) refused to take part under the study's rules (not a fault)"), explained);
				assertTrue(explained.contains("fewer than the study's minimum of 2 per lab (disclosure control rule " +
					"algorithm1.min.images.per.lab)"), explained);
				assertFalse(explained.contains("blamed"), explained);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void sessionFilesOfAlgorithm1RoundTripAndPadForTheSecondSum() throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		final StudySession study = parties.study(Protocol.PERMUTED_RINGS, CONNECT, HOP);
		final StudySession read = StudySession.read(parties.write(dir, study));
		assertEquals(study.network().format(), read.network().format());
		assertEquals(5, read.study().window());
		assertEquals(DeviationFeature.PIXEL_INTENSITY, read.study().feature());
		assertTrue(read.network().format().contains("algorithm1.max.pixels.per.lab = 4294967296"), read.network()
			.format());
		// The second sum's widest modulus decides the padding, not the first sum's.
		final int valueBytes = 4 + read.study().secondDomain().modulus().bitLength() / 8 + 1;
		assertEquals(1056 + 2 * valueBytes, TlsTransport.paddedSize(read.network(), StudyParty.laterValueBytes(read
			.study())));
		// A bound that does not match the window is refused, as is a plain-sum run of a study.
		final String text = study.network().format();
		final String bound = "bound = " + study.network().sum().domain().bound();
		assertTrue(text.contains(bound));
		final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
			IllegalArgumentException.class, () -> StudySession.of(NetworkSession.parse(text.replace(bound,
				"bound = 1000"))));
		assertTrue(e.getMessage().contains("first session must sum"), e.getMessage());
		final org.medcrypt.io.MedCryptException plain = org.junit.jupiter.api.Assertions.assertThrows(
			org.medcrypt.io.MedCryptException.class, () -> NetworkParty.run(read.network(), "lab-a", parties.creds.get(1),
				new java.math.BigInteger[2], line -> {}));
		assertTrue(plain.getMessage().contains("Algorithm 1"), plain.getMessage());
		assertTrue(Files.exists(dir.resolve("lab-a.p12")));
	}

	/** {@code cause} as the abort it must be; anything else fails with its whole stack trace (a party let it escape). */
	static SecureSumAbortedException assertAbort(final Throwable cause, final String who) {
		if (cause instanceof SecureSumAbortedException) return (SecureSumAbortedException) cause;
		final java.io.StringWriter trace = new java.io.StringWriter();
		cause.printStackTrace(new java.io.PrintWriter(trace));
		throw new AssertionError(who + " ended with " + cause + " instead of an abort:\n" + trace, cause);
	}
}
