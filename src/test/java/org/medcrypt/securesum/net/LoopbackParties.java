package org.medcrypt.securesum.net;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.StudySession;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.tls.PartyCredentials;

/**
 * The researcher and {@code labs} labs on free ports of 127.0.0.1, each with
 * its own certificate, for the network tests: sessions over them, their files,
 * and {@code party run} processes of {@link org.medcrypt.cli.MedCryptCli} (or {@link FaultyParty}).
 */
final class LoopbackParties {

	static final SecureRandom RANDOM = new SecureRandom();
	static final char[] PASSWORD = "test-password".toCharArray();
	private static final String PASSWORD_ENV = "MEDCRYPT_TEST_PW";

	final List<PartyCredentials> creds = new ArrayList<>();
	final List<NetworkSession.Node> nodes = new ArrayList<>();

	LoopbackParties(final int labs) throws Exception {
		for (int i = 0; i <= labs; i++) {
			final String name = i == 0 ? "researcher" : "lab-" + (char) ('a' + i - 1);
			final PartyCredentials c = PartyCredentials.generate(name, PASSWORD, RANDOM);
			creds.add(c);
			nodes.add(new NetworkSession.Node(i, name, "127.0.0.1", freePort(), c.fingerprint()));
		}
	}

	/** One secure sum of 2 values below 1000. */
	NetworkSession sum(final Protocol protocol, final Duration connect, final Duration hop) {
		return NetworkSession.create(protocol, 2, BigInteger.valueOf(1000), hop, connect, nodes, RANDOM);
	}

	/** Algorithm 1 with window 5 and the paper's pixel deviations; labs of a few test images (minimum 1). */
	StudySession study(final Protocol protocol, final Duration connect, final Duration hop) {
		return study(protocol, connect, hop, 1);
	}

	/** As above with a disclosure-control minimum of {@code minImages} images per lab. */
	StudySession study(final Protocol protocol, final Duration connect, final Duration hop, final int minImages) {
		return StudySession.create(protocol, 5, DeviationFeature.PIXEL_INTENSITY, minImages, hop, connect, nodes,
			RANDOM);
	}

	String name(final int node) {
		return nodes.get(node).name();
	}

	/** Writes every keystore and certificate into {@code dir}, and the session file; returns the latter. */
	Path write(final Path dir, final StudySession session) throws IOException {
		return write(dir, session.network());
	}

	/** Writes every keystore and certificate into {@code dir}, and the session file; returns the latter. */
	Path write(final Path dir, final NetworkSession session) throws IOException {
		for (int i = 0; i < creds.size(); i++) {
			creds.get(i).save(dir.resolve(name(i) + ".p12"), dir.resolve(name(i) + ".pem"));
		}
		final Path file = dir.resolve("session-" + Long.toHexString(session.sum().id()) + ".txt");
		session.write(file);
		return file;
	}

	/**
	 * Starts node {@code node} as its own JVM: {@code party run} with the
	 * keystore in {@code dir} and {@code partyArgs}; with {@code jvmArgs} (system
	 * properties of {@link FaultyParty}), as a faulty party. Output goes to
	 * {@code dir/NAME.out} and {@code .err}.
	 */
	Process spawn(final Path dir, final Path session, final int node, final List<String> partyArgs,
		final String... jvmArgs) throws IOException
	{
		final List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx256m");
		cmd.add("-XX:TieredStopAtLevel=1");
		cmd.add("-D" + org.medcrypt.testing.Datasets.PROPERTY + "=" + System.getProperty(
			org.medcrypt.testing.Datasets.PROPERTY, ""));
		cmd.addAll(Arrays.asList(jvmArgs));
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(jvmArgs.length > 0 ? FaultyParty.class.getName() : org.medcrypt.cli.MedCryptCli.class.getName());
		cmd.addAll(Arrays.asList("party", "run", "--session", session.toString(), "--keystore", dir.resolve(name(node) + ".p12")
			.toString(), "--password-env", PASSWORD_ENV, "--name", name(node)));
		cmd.addAll(partyArgs);
		final ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().put(PASSWORD_ENV, new String(PASSWORD));
		pb.redirectOutput(dir.resolve(name(node) + ".out").toFile());
		pb.redirectError(dir.resolve(name(node) + ".err").toFile());
		return pb.start();
	}

	/** What node {@code node}'s process printed: standard output, then standard error. */
	String output(final Path dir, final int node) throws IOException {
		return new String(Files.readAllBytes(dir.resolve(name(node) + ".out")), StandardCharsets.UTF_8) + new String(
			Files.readAllBytes(dir.resolve(name(node) + ".err")), StandardCharsets.UTF_8);
	}

	/** The exit code; fails the test if the process runs longer than 60 s. */
	static int await(final Process p) throws InterruptedException {
		if (!p.waitFor(60, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			fail("party process did not finish");
		}
		return p.exitValue();
	}

	static int freePort() throws IOException {
		return org.medcrypt.testing.TestPorts.free();
	}
}
