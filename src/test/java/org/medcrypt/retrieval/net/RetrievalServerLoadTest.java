package org.medcrypt.retrieval.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;

import ij.IJ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.cli.MedCryptCli;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.net.RetrievalMessage.Type;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.TestKeyFiles;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.tls.TlsContexts;

/**
 * Issue 14's load: a store server in its own JVM under a small heap, with its
 * default limits, while idle connections (TCP, nothing sent) and oversized
 * ones (allowed key holders announcing 256 MiB, in a frame or in a field of a
 * 20-byte message) press on it, and key holders query. Every query must be
 * answered and ranked right, the server must stay up without an
 * OutOfMemoryError, and its heap after garbage collection stays small.
 * <p>
 * The default run is a small sample (20 idle, 5 oversized, 2 key holders);
 * the full load (200, 50, 10) runs with {@code -Dmedcrypt.loadtest=full}:
 * {@code mvn -B test -Dtest=RetrievalServerLoadTest -Dmedcrypt.loadtest=full}.
 * Idle connections come half from the key holders' address (127.0.0.1), half
 * from 127.0.0.2; oversized ones from 127.0.0.3 (loopback addresses on Linux).
 * </p>
 */
class RetrievalServerLoadTest {

	@TempDir
	Path dir;
	private static final boolean FULL = "full".equals(System.getProperty("medcrypt.loadtest"));
	private static final int IDLE = FULL ? 200 : 20, OVERSIZED = FULL ? 50 : 5, KEY_HOLDERS = FULL ? 10 : 2,
		IMAGES = FULL ? 6 : 2;
	/** The server's heap: 50 oversized connections announcing 256 MiB each would need 12.5 GiB. */
	private static final String HEAP = "-Xmx128m";
	private static final String PASSWORD_ENV = "MEDCRYPT_TEST_STORE_PW";
	private static final String PASSWORD = "store-load-password";

	@Test
	void idleAndOversizedConnectionsDoNotStopKeyHoldersNorExhaustMemory() throws Exception {
		final PaillierKeyPair pair = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]);
		final PartyCredentials serverId = credentials("store-server"), physician = credentials("physician");
		final Path log = dir.resolve("server.log"), gc = dir.resolve("gc.log");
		final Process server = startServer(log, gc, pair);
		final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
		final ExecutorService pool = Executors.newFixedThreadPool(16);
		final long launched = System.nanoTime();
		try {
			final int port = portOf(server, log);
			final long up = System.nanoTime();
			final List<String> lines = Files.readAllLines(Datasets.file("mednist/labels.csv"), StandardCharsets.UTF_8);
			final List<String> images = new ArrayList<>();
			final List<String> ids = new ArrayList<>();
			try (RetrievalClient owner = RetrievalClient.connect("localhost", port, pair.privateKey(), physician,
				serverId.fingerprint()))
			{
				for (int i = 0; i < IMAGES; i++) {
					final String image = lines.get(1 + 50 * i).split(",")[0];
					images.add(image);
					ids.add(owner.addImage(image, "", ImagePlusImgs.wrap(IJ.openImage(Datasets.file("mednist/" + image)
						.toString())), Progress.NONE).id);
				}
			}
			final long start = System.nanoTime();
			System.out.printf("load: server up in %d ms, %d images added in %d ms%n", TimeUnit.NANOSECONDS.toMillis(
				up - launched), IMAGES, TimeUnit.NANOSECONDS.toMillis(start - up));
			// The idle attacker re-opens its connections every 3 s (the attack, at a third of the handshake
			// deadline), closing the previous batch, until the key holders are done.
			final CountDownLatch done = new CountDownLatch(1), firstBatch = new CountDownLatch(1);
			final AtomicInteger idleOpened = new AtomicInteger();
			final Future<?> idler = pool.submit(() -> {
				List<Socket> previous = new ArrayList<>();
				do {
					final List<Socket> batch = new ArrayList<>();
					for (int i = 0; i < IDLE; i++) {
						batch.add(connect(i % 2 == 0 ? "127.0.0.1" : "127.0.0.2", port));
						idleOpened.incrementAndGet();
					}
					for (final Socket s : previous) s.close();
					previous = batch;
					firstBatch.countDown();
				}
				while (!done.await(3, TimeUnit.SECONDS));
				for (final Socket s : previous) s.close();
				return null;
			});
			assertTrue(firstBatch.await(120, TimeUnit.SECONDS), "the idle connections were opened");
			final AtomicInteger oversizedSent = new AtomicInteger(), oversizedRefused = new AtomicInteger();
			final List<Future<?>> attacks = new ArrayList<>();
			for (int i = 0; i < OVERSIZED; i++) {
				final boolean inAField = i % 2 == 1;
				attacks.add(pool.submit(() -> {
					try {
						final SSLSocket s = tls(connect("127.0.0.3", port), port, physician, serverId);
						sockets.add(s);
						final SocketMessageChannel ch = new SocketMessageChannel(s, 30_000);
						ch.send(RetrievalMessage.of(Type.HELLO, "load", pair.publicKey().fingerprint()));
						ch.receive();
						final DataOutputStream out = new DataOutputStream(s.getOutputStream());
						if (inAField) {
							// A whole 20-byte message whose one field announces 256 MiB.
							out.writeInt(20);
							out.write(ByteBuffer.allocate(20).put(new byte[] { 'M', 'C', 'R', 'P' }).putShort(
								(short) RetrievalMessage.VERSION).put((byte) Type.ADD.ordinal()).putShort((short) 1).put(
									(byte) 'B').putInt(RetrievalMessage.MAX_BYTES).array());
						}
						else {
							// A frame announcing 256 MiB, 10 bytes of it, then silence.
							out.writeInt(RetrievalMessage.MAX_BYTES);
							out.write(new byte[10]);
						}
						out.flush();
						oversizedSent.incrementAndGet();
					}
					catch (final Exception refused) {
						oversizedRefused.incrementAndGet(); // over the per-address cap: refused, as it should be
					}
					return null;
				}));
			}
			for (final Future<?> f : attacks) f.get(120, TimeUnit.SECONDS);
			// The key holders query while all of that is open.
			final List<Future<Long>> queries = new ArrayList<>();
			final AtomicLong slowestConnect = new AtomicLong();
			for (int k = 0; k < KEY_HOLDERS; k++) {
				final int q = k % IMAGES;
				queries.add(pool.submit(() -> {
					final long t0 = System.nanoTime();
					try (RetrievalClient c = RetrievalClient.connect("localhost", port, pair.privateKey(), physician,
						serverId.fingerprint()))
					{
						slowestConnect.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), Math::max);
						final List<RetrievalClient.Match> matches = c.query(c.signatureOf(ImagePlusImgs.wrap(IJ.openImage(
							Datasets.file("mednist/" + images.get(q)).toString()))), 2, Progress.NONE);
						assertEquals(2, matches.size());
						assertEquals(ids.get(q), matches.get(0).entry.id, "the image itself ranks first");
					}
					return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
				}));
			}
			long slowest = 0;
			for (final Future<Long> f : queries) slowest = Math.max(slowest, f.get(300, TimeUnit.SECONDS));
			final long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			done.countDown();
			idler.get(60, TimeUnit.SECONDS);
			assertTrue(server.isAlive(), read(log));
			try (RetrievalClient c = RetrievalClient.connect("localhost", port, pair.privateKey(), physician, serverId
				.fingerprint()))
			{
				assertEquals(IMAGES, c.list().size(), "the server still serves, the store intact");
			}
			final String serverLog = read(log);
			assertFalse(serverLog.contains("OutOfMemoryError"), serverLog);
			assertTrue(oversizedSent.get() > 0, "some oversized connections reached the server");
			final long peak = peakHeapAfterGcMiB(gc);
			assertTrue(peak < 100, "heap after GC reached " + peak + " MiB");
			System.out.printf("load: %d idle connections opened in batches of %d, %d oversized (%d sent, %d refused over the per-address cap), %d key " +
				"holders; every query answered, slowest connection (TLS and HELLO) %d ms, slowest query %d ms, all " +
				"done in %d ms; server heap %s, largest heap after GC %d MiB%n", idleOpened.get(), IDLE, OVERSIZED, oversizedSent.get(),
				oversizedRefused.get(), KEY_HOLDERS, slowestConnect.get(), slowest, total, HEAP, peak);
		}
		finally {
			pool.shutdownNow();
			synchronized (sockets) {
				for (final Socket s : sockets) s.close();
			}
			server.destroy();
			server.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private PartyCredentials credentials(final String name) throws Exception {
		final PartyCredentials c = PartyCredentials.generate(name, PASSWORD.toCharArray(), SecureRandoms
			.forThisThread());
		c.save(dir.resolve(name + ".p12"), dir.resolve(name + ".pem"));
		return c;
	}

	private Process startServer(final Path log, final Path gc, final PaillierKeyPair pair) throws Exception {
		final Path pub = dir.resolve("physician.paillier.pub");
		PaillierKeyFiles.writePublic(pub, pair.publicKey());
		final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), HEAP, "-Xlog:gc:file=" + gc, "-cp", System.getProperty("java.class.path"), MedCryptCli.class
				.getName(), "store-server", "--store", dir.resolve("store").toString(), "--port", "0", "--key", pub
					.toString(), "--credentials", dir.resolve("store-server.p12").toString(), "--password-env",
			PASSWORD_ENV, "--allow", PartyCredentials.load(dir.resolve("physician.p12"), PASSWORD.toCharArray())
				.fingerprint()));
		final ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().put(PASSWORD_ENV, PASSWORD);
		pb.redirectErrorStream(true);
		pb.redirectOutput(log.toFile());
		return pb.start();
	}

	private static int portOf(final Process process, final Path log) throws Exception {
		final Pattern ready = Pattern.compile("on port (\\d+)");
		for (int i = 0; i < 600; i++) {
			final Matcher m = ready.matcher(read(log));
			if (m.find()) return Integer.parseInt(m.group(1));
			if (!process.isAlive()) break;
			Thread.sleep(100);
		}
		throw new AssertionError("the server did not start: " + read(log));
	}

	private static String read(final Path file) throws IOException {
		return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
	}

	private static Socket connect(final String from, final int port) throws IOException {
		final Socket s = new Socket();
		s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
		s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
		return s;
	}

	private static SSLSocket tls(final Socket plain, final int port, final PartyCredentials as,
		final PartyCredentials server) throws Exception
	{
		final SSLSocket s = (SSLSocket) TlsContexts.pinned(as, Set.of(server.fingerprint()), "pinned")
			.getSocketFactory().createSocket(plain, "localhost", port, true);
		s.setEnabledProtocols(new String[] { TlsContexts.PROTOCOL });
		s.setUseClientMode(true);
		s.setSoTimeout(30_000);
		s.startHandshake();
		return s;
	}

	/** The largest heap in use after a collection, from the server's -Xlog:gc ("12M->3M(59M)"), in MiB. */
	private static long peakHeapAfterGcMiB(final Path gc) throws IOException {
		final Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(read(gc));
		long peak = 0;
		while (m.find()) peak = Math.max(peak, Long.parseLong(m.group(2)));
		return peak;
	}
}
