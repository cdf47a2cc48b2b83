package org.medcrypt.retrieval.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;

import ij.IJ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.cli.MedCryptCli;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.TestKeys;
import org.medcrypt.retrieval.Ranking;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.net.RetrievalMessage.Type;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.testing.Datasets;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.tls.TlsContexts;

/**
 * The two roles as two processes: a store server started from the command
 * line in its own JVM, and this JVM as the physician's key holder, over
 * mutually authenticated TLS 1.3 on loopback. Also what a server must refuse
 * (unpinned certificates, plain TCP, wrong messages), what the key holder must
 * refuse (a server it did not pin), and what a dropped connection must not do
 * to the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrievalServerProcessTest {

	@TempDir
	static Path dir;
	private final PaillierKeyPair pair = TestKeys.real();
	private static final String PASSWORD_ENV = "MEDCRYPT_TEST_STORE_PW";
	private static final String PASSWORD = "store-test-password";
	private Process server;
	private int port;
	private Path store;
	private Path pub;
	/** The store server's, the allowed physician's, and a stranger's party credentials. */
	private PartyCredentials serverId, physician, stranger;

	@BeforeAll
	void startServer() throws Exception {
		pub = dir.resolve("physician.paillier.pub");
		PaillierKeyFiles.writePublic(pub, pair.publicKey());
		serverId = credentials("store-server");
		physician = credentials("physician");
		stranger = credentials("stranger");
		store = dir.resolve("store");
		server = startServer("server.log", "store-server", "--store", store.toString(), "--port", "0", "--key", pub
			.toString(), "--credentials", dir.resolve("store-server.p12").toString(), "--password-env", PASSWORD_ENV,
			"--allow", physician.fingerprint());
		port = portOf(server, "server.log");
		assertTrue(log().contains("server certificate SHA-256 " + serverId.fingerprint()), log());
	}

	private static PartyCredentials credentials(final String name) throws Exception {
		final PartyCredentials c = PartyCredentials.generate(name, PASSWORD.toCharArray(), SecureRandoms
			.forThisThread());
		c.save(dir.resolve(name + ".p12"), dir.resolve(name + ".pem"));
		return c;
	}

	/** Runs the command line in its own JVM, the keystore password in its environment, output to {@code log}. */
	private static Process startServer(final String log, final String... args) throws IOException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx512m");
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(MedCryptCli.class.getName());
		cmd.addAll(List.of(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().put(PASSWORD_ENV, PASSWORD);
		pb.redirectErrorStream(true);
		pb.redirectOutput(dir.resolve(log).toFile());
		return pb.start();
	}

	private static int portOf(final Process process, final String log) throws Exception {
		final Pattern ready = Pattern.compile("on port (\\d+)");
		for (int i = 0; i < 300; i++) {
			Thread.sleep(100);
			final Matcher m = ready.matcher(log(log));
			if (m.find()) return Integer.parseInt(m.group(1));
			if (!process.isAlive()) break;
		}
		throw new AssertionError("the server did not start: " + log(log));
	}

	@AfterAll
	void stopServer() throws Exception {
		server.destroy();
		server.waitFor(10, TimeUnit.SECONDS);
	}

	private String log() throws IOException {
		return log("server.log");
	}

	private static String log(final String name) throws IOException {
		return new String(Files.readAllBytes(dir.resolve(name)), StandardCharsets.UTF_8);
	}

	/** Waits up to 10 s for the server's log to contain all of {@code parts}. */
	private void awaitLog(final String... parts) throws Exception {
		for (int i = 0; i < 100; i++) {
			final String log = log();
			if (java.util.Arrays.stream(parts).allMatch(log::contains)) return;
			Thread.sleep(100);
		}
		throw new AssertionError("the server log lacks " + List.of(parts) + ":\n" + log());
	}

	/** The allowed physician's session, pinning the right server. */
	private RetrievalClient connect() throws MedCryptException {
		return RetrievalClient.connect("localhost", port, pair.privateKey(), physician, serverId.fingerprint());
	}

	private SocketMessageChannel channel() throws MedCryptException {
		return SocketMessageChannel.connect("localhost", port, 20_000, physician, serverId.fingerprint());
	}

	@Test
	void addAndQueryAcrossProcessesRankAsThePlaintextMethod() throws Exception {
		final List<String> lines = Files.readAllLines(Datasets.file("mednist/labels.csv"), StandardCharsets.UTF_8);
		final List<WaveletSignature> plain = new ArrayList<>();
		final List<String> ids = new ArrayList<>();
		try (RetrievalClient client = connect()) {
			assertEquals(0, client.list().size(), "only this test adds");
			for (int i = 1; i < lines.size(); i += 30) {
				final String[] f = lines.get(i).split(",");
				final var img = ImagePlusImgs.wrap(IJ.openImage(Datasets.file("mednist/" + f[0]).toString()));
				plain.add(WaveletSignature.of(img, client.parameters(), 8));
				// Alternate the owner's path and the key-holder protocol.
				ids.add((i / 30) % 2 == 0 ? client.addImage(f[0], f[1], img, Progress.NONE).id : client.add(f[0], f[1],
					PaillierImageCipher.encrypt(img, pair.publicKey(), Progress.NONE), null, Progress.NONE).id);
			}
			assertEquals(plain.size(), client.list().size());
			for (final int q : new int[] { 0, 4, 7 }) {
				final List<RetrievalClient.Match> matches = client.query(client.signatureOf(ImagePlusImgs.wrap(IJ
					.openImage(Datasets.file("mednist/" + lines.get(1 + 30 * q).split(",")[0]).toString()))), 5,
					Progress.NONE);
				final int[] expected = Ranking.nearest(plain.get(q), plain, -1, 5);
				for (int r = 0; r < 5; r++) assertEquals(ids.get(expected[r]), matches.get(r).entry.id);
			}
		}
		assertTrue(log().contains("answered a query with 5 of"), log());
	}

	@Test
	void outOfOrderMalformedAndForeignMessagesAreRefusedWithAClearError() throws Exception {
		// A RANKING before any QUERY.
		try (SocketMessageChannel ch = channel()) {
			ch.send(RetrievalMessage.of(Type.HELLO, "test", pair.publicKey().fingerprint()));
			assertEquals(Type.WELCOME, ch.receive().type());
			ch.send(RetrievalMessage.of(Type.RANKING, 0));
			final RetrievalMessage error = ch.receive();
			assertEquals(Type.ERROR, error.type());
			assertTrue(error.text(0).contains("received RANKING where a request was expected"), error.text(0));
		}
		// Garbage instead of a message (inside an authenticated connection).
		try (SSLSocket s = (SSLSocket) TlsContexts.pinned(physician, Set.of(serverId.fingerprint()), "pinned")
			.getSocketFactory().createSocket("localhost", port))
		{
			s.setEnabledProtocols(new String[] { TlsContexts.PROTOCOL });
			s.startHandshake();
			final DataOutputStream out = new DataOutputStream(s.getOutputStream());
			out.writeInt(12);
			out.write("GET / HTTP/1".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			final SocketMessageChannel ch = new SocketMessageChannel(s, 20_000);
			final RetrievalMessage error = ch.receive();
			assertTrue(error.text(0).contains("not speaking the MedCrypt retrieval protocol"), error.text(0));
		}
		// Another physician's key.
		final PeerFailureException foreign = assertThrows(PeerFailureException.class, () -> RetrievalClient.connect(
			"localhost", port, TestKeys.small().privateKey(), physician, serverId.fingerprint()));
		assertTrue(foreign.getMessage().contains("Connect with the key the store was made for"), foreign.getMessage());
	}

	@Test
	void aConnectionDroppedMidAddLeavesTheStoreUnchanged() throws Exception {
		final EncryptedImage image = PaillierImageCipher.encrypt(ImagePlusImgs.wrap(IJ.openImage(Datasets.file(
			"mednist/Hand/000000.jpeg").toString())), pair.publicKey(), Progress.NONE);
		final int before;
		try (RetrievalClient client = connect()) {
			before = client.list().size();
		}
		try (SocketMessageChannel ch = channel()) {
			ch.send(RetrievalMessage.of(Type.HELLO, "test", pair.publicKey().fingerprint()));
			ch.receive();
			ch.send(RetrievalMessage.of(Type.ADD, "dropped", "", EncryptedImageFile.toBytes(image), new byte[0],
				"0123456789abcdef", new byte[0], "", new byte[0]));
			assertEquals(Type.BANDS, ch.receive().type(), "the server asks for the interval tests");
		} // ...and the key holder vanishes.
		// The server logs the end of the session once the add has failed: only then is "unchanged" final.
		awaitLog("ended: The connection to");
		assertEquals(before, EncryptedStore.open(store).list().size());
		try (RetrievalClient client = connect()) {
			assertEquals(before, client.list().size());
			assertTrue(client.list().stream().noneMatch(e -> e.name.equals("dropped")));
		}
	}

	@Test
	void aKeyHolderWhoseCertificateIsNotAllowedIsRefusedAndToldWhy() throws Exception {
		final RefusedByPolicyException refused = assertThrows(RefusedByPolicyException.class, () -> RetrievalClient
			.connect("localhost", port, pair.privateKey(), stranger, serverId.fingerprint()));
		assertTrue(refused.getMessage().contains("The store server at localhost:" + port +
			" refused this key holder's certificate (SHA-256 " + stranger.fingerprint() + ")"), refused.getMessage());
		assertTrue(refused.getMessage().contains("--allow"), refused.getMessage());
		awaitLog("refused a connection from /127.0.0.1:", "the peer's certificate (SHA-256 " + stranger
			.fingerprint() + ") is not among the key holder certificates this store server allows (--allow)");
	}

	@Test
	void aKeyHolderRefusesAServerItDidNotPin() throws Exception {
		final RefusedByPolicyException refused = assertThrows(RefusedByPolicyException.class, () -> RetrievalClient
			.connect("localhost", port, pair.privateKey(), physician, stranger.fingerprint()));
		assertTrue(refused.getMessage().startsWith("Refused the store server at localhost:" + port +
			": the peer's certificate (SHA-256 " + serverId.fingerprint() +
			") is not the store server certificate pinned here (server fingerprint " + stranger.fingerprint() + ")"),
			refused.getMessage());
		// The server's own log line for this case is not asserted: the key holder may close before its alert
		// reaches the server, and then the server has nothing to report.
	}

	@Test
	void plainTcpToTheTlsServerIsRefused() throws Exception {
		try (Socket s = new Socket("localhost", port)) {
			s.setSoTimeout(20_000);
			final DataOutputStream out = new DataOutputStream(s.getOutputStream());
			final byte[] hello = RetrievalMessage.of(Type.HELLO, "test", pair.publicKey().fingerprint()).toBytes();
			out.writeInt(hello.length);
			out.write(hello);
			out.flush();
			// The server answers with a TLS alert (or closes): never a WELCOME.
			assertThrows(PeerFailureException.class, () -> new SocketMessageChannel(s, 20_000).receive());
		}
		awaitLog("TLS handshake failed");
	}

	@Test
	void theCommandLineClientReachesTheServerWithItsCredentials() throws Exception {
		final Path key = dir.resolve("physician.paillier.key");
		if (!Files.exists(key)) PaillierKeyFiles.writePrivate(key, pair.privateKey());
		final Process client = startServer("client.log", "store-list", "--store", "localhost:" + port, "--key", key
			.toString(), "--credentials", dir.resolve("physician.p12").toString(), "--password-env", PASSWORD_ENV,
			"--server-fingerprint", serverId.fingerprint().toUpperCase(java.util.Locale.ROOT));
		assertTrue(client.waitFor(60, TimeUnit.SECONDS));
		assertEquals(0, client.exitValue(), log("client.log"));
		try (RetrievalClient c = connect()) {
			assertEquals(c.list().size(), log("client.log").lines().filter(l -> !l.isBlank()).count(), log(
				"client.log"));
		}
	}

	@Test
	void theServerRefusesToStartWithoutCredentialsUnlessPlainTcpIsChosenExplicitly() throws Exception {
		final Path other = dir.resolve("store-never");
		// Both JVMs start at once (separate stores, logs and ports): their start-ups overlap.
		final Process refused = startServer("refused.log", "store-server", "--store", other.toString(), "--port", "0",
			"--key", pub.toString());
		final Process plain = startServer("plain.log", "store-server", "--store", dir.resolve("plain-store")
			.toString(), "--port", "0", "--key", pub.toString(), "--insecure-plain-tcp", "yes");
		try {
			assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
			final String message = log("refused.log");
			assertEquals(1, refused.exitValue(), message);
			assertTrue(message.contains("--credentials SERVER.p12 --password-env VAR --allow") && message.contains(
				"party keygen") && message.contains("--insecure-plain-tcp yes"), message);
			assertTrue(!Files.exists(other), "nothing is created");

			final int plainPort = portOf(plain, "plain.log");
			assertTrue(log("plain.log").contains("INSECURE plain TCP"), log("plain.log"));
			try (RetrievalClient c = RetrievalClient.connectInsecurePlain("localhost", plainPort, pair.privateKey())) {
				assertEquals(0, c.list().size());
			}
		}
		finally {
			plain.destroy();
			plain.waitFor(10, TimeUnit.SECONDS);
		}
	}
}
