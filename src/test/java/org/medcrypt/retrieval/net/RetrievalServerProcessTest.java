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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.medcrypt.io.Progress;
import org.medcrypt.paillier.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.TestKeys;
import org.medcrypt.retrieval.Distance;
import org.medcrypt.retrieval.Ranking;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.net.RetrievalMessage.Type;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.testing.Datasets;

/**
 * The two roles as two processes: a store server started from the command
 * line in its own JVM, and this JVM as the physician's key holder, over TCP on
 * loopback. Also what a server must refuse, and what a dropped connection must
 * not do to the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrievalServerProcessTest {

	@TempDir
	static Path dir;
	private final PaillierKeyPair pair = TestKeys.real();
	private Process server;
	private int port;
	private Path store;

	@BeforeAll
	void startServer() throws Exception {
		final Path pub = dir.resolve("physician.paillier.pub");
		PaillierKeyFiles.writePublic(pub, pair.publicKey());
		store = dir.resolve("store");
		final List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx512m");
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(MedCryptCli.class.getName());
		cmd.addAll(List.of("store-server", "--store", store.toString(), "--port", "0", "--key", pub.toString()));
		final ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.redirectErrorStream(true);
		pb.redirectOutput(dir.resolve("server.log").toFile());
		server = pb.start();
		final Pattern ready = Pattern.compile("on port (\\d+)");
		for (int i = 0; i < 300 && port == 0; i++) {
			Thread.sleep(100);
			final Matcher m = ready.matcher(log());
			if (m.find()) port = Integer.parseInt(m.group(1));
			if (!server.isAlive()) break;
		}
		assertTrue(port > 0, "the server did not start: " + log());
	}

	@AfterAll
	void stopServer() throws Exception {
		server.destroy();
		server.waitFor(10, TimeUnit.SECONDS);
	}

	private String log() throws IOException {
		return new String(Files.readAllBytes(dir.resolve("server.log")), StandardCharsets.UTF_8);
	}

	@Test
	void addAndQueryAcrossProcessesRankAsThePlaintextMethod() throws Exception {
		final List<String> lines = Files.readAllLines(Datasets.file("mednist/labels.csv"), StandardCharsets.UTF_8);
		final List<WaveletSignature> plain = new ArrayList<>();
		final List<String> ids = new ArrayList<>();
		try (RetrievalClient client = RetrievalClient.connect("localhost", port, pair.privateKey())) {
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
				final Distance[] d = new Distance[plain.size()];
				for (int i = 0; i < d.length; i++) d[i] = plain.get(q).distance(plain.get(i));
				final List<RetrievalClient.Match> matches = client.query(client.signatureOf(ImagePlusImgs.wrap(IJ
					.openImage(Datasets.file("mednist/" + lines.get(1 + 30 * q).split(",")[0]).toString()))), 5,
					Progress.NONE);
				final int[] expected = Ranking.nearest(d, -1, 5);
				for (int r = 0; r < 5; r++) assertEquals(ids.get(expected[r]), matches.get(r).entry.id);
			}
		}
		assertTrue(log().contains("answered a query with 5 of"), log());
	}

	@Test
	void outOfOrderMalformedAndForeignMessagesAreRefusedWithAClearError() throws Exception {
		// A RANKING before any QUERY.
		try (SocketChannel ch = SocketChannel.connect("localhost", port, 20_000)) {
			ch.send(RetrievalMessage.of(Type.HELLO, "test", pair.publicKey().fingerprint()));
			assertEquals(Type.WELCOME, ch.receive().type());
			ch.send(RetrievalMessage.of(Type.RANKING, 0));
			final RetrievalMessage error = ch.receive();
			assertEquals(Type.ERROR, error.type());
			assertTrue(error.text(0).contains("received RANKING where a request was expected"), error.text(0));
		}
		// Garbage instead of a message.
		try (Socket s = new Socket("localhost", port)) {
			final DataOutputStream out = new DataOutputStream(s.getOutputStream());
			out.writeInt(12);
			out.write("GET / HTTP/1".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			final SocketChannel ch = new SocketChannel(s, 20_000);
			final RetrievalMessage error = ch.receive();
			assertTrue(error.text(0).contains("not speaking the MedCrypt retrieval protocol"), error.text(0));
		}
		// Another physician's key.
		final MedCryptException foreign = assertThrows(MedCryptException.class, () -> RetrievalClient.connect(
			"localhost", port, TestKeys.small().privateKey()));
		assertTrue(foreign.getMessage().contains("Connect with the key the store was made for"), foreign.getMessage());
	}

	@Test
	void aConnectionDroppedMidAddLeavesTheStoreUnchanged() throws Exception {
		final EncryptedImage image = PaillierImageCipher.encrypt(ImagePlusImgs.wrap(IJ.openImage(Datasets.file(
			"mednist/Hand/000000.jpeg").toString())), pair.publicKey(), Progress.NONE);
		final int before;
		try (RetrievalClient client = RetrievalClient.connect("localhost", port, pair.privateKey())) {
			before = client.list().size();
		}
		try (SocketChannel ch = SocketChannel.connect("localhost", port, 20_000)) {
			ch.send(RetrievalMessage.of(Type.HELLO, "test", pair.publicKey().fingerprint()));
			ch.receive();
			ch.send(RetrievalMessage.of(Type.ADD, "dropped", "", EncryptedImageFile.toBytes(image), new byte[0]));
			assertEquals(Type.BANDS, ch.receive().type(), "the server asks for the interval tests");
		} // ...and the key holder vanishes.
		Thread.sleep(500);
		assertEquals(before, EncryptedStore.open(store).list().size());
		try (RetrievalClient client = RetrievalClient.connect("localhost", port, pair.privateKey())) {
			assertEquals(before, client.list().size());
			assertTrue(client.list().stream().noneMatch(e -> e.name.equals("dropped")));
		}
		assertTrue(log().contains("ended: The connection to"), log());
	}
}
