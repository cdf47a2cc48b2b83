package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.GroundTruthStatistics;
import org.medcrypt.groundtruth.StudyParty;
import org.medcrypt.groundtruth.StudySession;
import org.medcrypt.ij.LabImageFolder;
import org.medcrypt.io.Progress;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PartyCredentialFiles;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.net.NetworkSession;
import org.medcrypt.testing.LabFolders;
import org.medcrypt.tls.PartyCredentials;

/**
 * The collaboration macros, headless as Fiji runs them: each party's
 * certificate from the macro, then Algorithm 1 over TLS on 127.0.0.1 with one
 * party driven by the shipped macro (the researcher, then a lab) and the
 * others on threads of this JVM, each lab with its own folder of real brain MRI
 * slices; the macro's party completes the protocol and its result equals the
 * pooled plaintext.
 */
class CollaborationMacrosTest extends ShippedMacroTest {

	private static final String[] NAMES = { "researcher", "lab-a", "lab-b", "lab-c" };
	private static final String PASSWORD = "correct horse";

	CollaborationMacrosTest() {
		super(Set.of("generate-party-certificate.ijm", "secure-sum-party.ijm"), "Generate Party Certificate",
			"Secure Sum Party");
	}

	private static List<Path> folders;
	private static GroundTruthStatistics pooled;
	private static final Map<String, String> fingerprints = new HashMap<>();

	@BeforeAll
	static void certificatesAndImages() throws Exception {
		for (final String name : NAMES) {
			fingerprints.put(name, ij.returnOf("generate-party-certificate.ijm", name + "|" + keystore(name) + "|" + pem(
				name) + "|" + PASSWORD));
		}
		folders = LabFolders.deal(dir.resolve("images"), 3, LabFolders.brainMri(4));
		pooled = GroundTruthStatistics.pooled(LabFolders.pooled(folders), 5, DeviationFeature.PIXEL_INTENSITY);
	}

	private static Path keystore(final String name) {
		return dir.resolve(name + ".p12");
	}

	private static Path pem(final String name) {
		return dir.resolve(name + ".pem");
	}

	@Test
	void certificatesAreOwnerOnlyKeystoresWithTheReturnedFingerprint() throws Exception {
		for (final String name : NAMES) {
			assertEquals(Fingerprints.of(PartyCredentialFiles.readCertificate(pem(name))), fingerprints.get(name));
			assertEquals(fingerprints.get(name), PartyCredentials.load(keystore(name), PASSWORD.toCharArray())
				.fingerprint());
			assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore(name))));
		}
		final String error = ij.errorOf("generate-party-certificate.ijm", "x|" + keystore("lab-a") + "|" + dir.resolve(
			"x.pem") + "|" + PASSWORD);
		assertTrue(error.contains("already exists"), error);
	}

	/** A new Algorithm 1 session file over the four parties on free ports. */
	private static Path session(final Protocol protocol) throws Exception {
		final List<NetworkSession.Node> nodes = new ArrayList<>();
		for (int i = 0; i < NAMES.length; i++) {
			nodes.add(new NetworkSession.Node(i, NAMES[i], "127.0.0.1", org.medcrypt.testing.TestPorts.free(),
				fingerprints.get(NAMES[i])));
		}
		final StudySession session = StudySession.create(protocol, 5, DeviationFeature.PIXEL_INTENSITY, 1, Duration
			.ofSeconds(20), Duration.ofSeconds(30), nodes, new SecureRandom());
		final Path file = dir.resolve("study-" + Long.toHexString(session.network().sum().id()) + ".session");
		session.write(file);
		return file;
	}

	/** Runs every party but {@code byMacro} on its own thread; the futures hold their outcomes. */
	private static List<Future<StudyParty.Outcome>> others(final ExecutorService pool, final Path file,
		final int byMacro) throws Exception
	{
		final StudySession session = StudySession.read(file);
		final List<Future<StudyParty.Outcome>> futures = new ArrayList<>();
		for (int node = 0; node < NAMES.length; node++) {
			if (node == byMacro) continue;
			final String name = NAMES[node];
			final PartyCredentials creds = PartyCredentials.load(keystore(name), PASSWORD.toCharArray());
			final Path folder = node == 0 ? null : folders.get(node - 1);
			futures.add(pool.submit(() -> StudyParty.run(session, name, creds, folder == null ? null
				: (window, feature, p) -> LabImageFolder.localSums(folder, window, feature, p), Progress.NONE,
				line -> {})));
		}
		return futures;
	}

	/** What the macro's party checks once the other parties run. */
	@FunctionalInterface
	private interface ByMacro {
		void run(Path session, List<Future<StudyParty.Outcome>> others) throws Exception;
	}

	/** A new session under {@code protocol}: node {@code byMacro} runs {@code body}, the others run on threads. */
	private static void study(final Protocol protocol, final int byMacro, final ByMacro body) throws Exception {
		final Path file = session(protocol);
		final ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			body.run(file, others(pool, file, byMacro));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theResearcherByMacroGetsThePooledMeanSigmaAndN() throws Exception {
		study(Protocol.ADDITIVE_SHARING, 0, (file, labs) -> {
			final String result = ij.returnOf("secure-sum-party.ijm", file + "|researcher|" + keystore("researcher") +
				"|" + PASSWORD);
			final String[] f = result.split(" ");
			assertEquals("n=" + pooled.groundTruthPixels(), f[0], result);
			assertEquals(pooled.mean(), Double.parseDouble(f[1].substring("mean=".length())), 1e-9, result);
			assertEquals(pooled.standardDeviation(), Double.parseDouble(f[2].substring("sigma=".length())), 1e-9,
				result);
			for (final Future<StudyParty.Outcome> lab : labs) {
				assertEquals(pooled.globalMean(), lab.get(60, TimeUnit.SECONDS).mean());
			}
		});
	}

	@Test
	void aLabByMacroLearnsTheMeanAndTheResearcherThePooledStatistics() throws Exception {
		study(Protocol.PERMUTED_RINGS, 2, (file, others) -> {
			final String result = ij.returnOf("secure-sum-party.ijm", file + "|lab-b|" + keystore("lab-b") + "|" +
				PASSWORD + "|Permuted rings|" + folders.get(1));
			assertTrue(result.startsWith("mean=") && !result.contains("sigma"), result);
			// A lab learns the pooled mean rounded to the session's public 2^-16 (fixed point), nothing finer.
			assertEquals(pooled.globalMean().toDouble(), Double.parseDouble(result.substring("mean=".length())), 1e-9,
				result);
			final GroundTruthStatistics researcher = others.get(0).get(60, TimeUnit.SECONDS).statistics();
			assertEquals(pooled.mean(), researcher.mean(), 0.0);
			assertEquals(pooled.groundTruthPixels(), researcher.groundTruthPixels());
			assertEquals(pooled.encodedSquaredDeviations(), researcher.encodedSquaredDeviations());
			assertEquals(pooled.standardDeviation(), researcher.standardDeviation(), 0.0);
		});
	}

	@Test
	void aProtocolOtherThanTheSessionsOrAWrongPasswordIsOneClearError() throws Exception {
		final Path file = session(Protocol.RING);
		String error = ij.errorOf("secure-sum-party.ijm", file + "|lab-a|" + keystore("lab-a") + "|" + PASSWORD +
			"|Additive sharing|" + folders.get(0));
		assertTrue(error.contains("The session runs RING but you chose Additive sharing"), error);
		error = ij.errorOf("secure-sum-party.ijm", file + "|lab-a|" + keystore("lab-a") + "|wrong|Ring|" + folders.get(
			0));
		assertTrue(error.toLowerCase().contains("password"), error);
		error = ij.errorOf("secure-sum-party.ijm", file + "|lab-a|" + keystore("lab-a") + "|" + PASSWORD + "|Ring|" + dir
			.resolve("no-such-folder"));
		assertTrue(error.contains("does not exist"), error);
	}
}
