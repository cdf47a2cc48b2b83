package org.medcrypt.securesum.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.Transport;
import org.medcrypt.tls.PartyCredentials;

/** Secure sums over real TLS on 127.0.0.1: threads, separate JVMs, impostors, crashes and garbage. */
class TlsTransportTest {

	private static final SecureRandom RANDOM = LoopbackParties.RANDOM;
	private static final char[] PASSWORD = LoopbackParties.PASSWORD;
	/** Hop timeout where a fault must be detected (short), and where none should occur (generous, costs nothing). */
	private static final Duration HOP = Duration.ofSeconds(2), SLOW_HOP = Duration.ofSeconds(8);

	@TempDir
	Path dir;

	/** Credentials and a session for the researcher and {@code labs} labs on free loopback ports. */
	private static final class Setup {

		final LoopbackParties parties;
		final List<PartyCredentials> creds;
		final NetworkSession session;

		Setup(final int labs, final Protocol protocol, final Duration connect) throws Exception {
			this(labs, protocol, connect, HOP);
		}

		Setup(final int labs, final Protocol protocol, final Duration connect, final Duration hop) throws Exception {
			parties = new LoopbackParties(labs);
			creds = parties.creds;
			session = parties.sum(protocol, connect, hop);
		}

		String name(final int node) {
			return session.node(node).name();
		}
	}

	private static BigInteger[] input(final int lab) {
		return new BigInteger[] { BigInteger.valueOf(100 + lab * 37), BigInteger.valueOf(999 - lab) };
	}

	private static BigInteger[] plainSum(final int labs) {
		final BigInteger[] sum = { BigInteger.ZERO, BigInteger.ZERO };
		for (int lab = 1; lab <= labs; lab++) {
			for (int i = 0; i < 2; i++) sum[i] = sum[i].add(input(lab)[i]);
		}
		return sum;
	}

	/** Runs every node on its own thread; an element is the result or the abort. */
	private static List<Object> runThreads(final Setup setup, final List<NetworkSession> sessions,
		final List<UnaryOperator<Transport>> decorators) throws Exception
	{
		final int n = setup.session.nodes().size();
		final ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			final List<Future<BigInteger[]>> futures = new ArrayList<>();
			for (int node = 0; node < n; node++) {
				final int id = node;
				futures.add(pool.submit(() -> NetworkParty.run(sessions.get(id), setup.name(id), setup.creds.get(id),
					id == 0 ? null : input(id), line -> {}, decorators.get(id))));
			}
			final List<Object> outcomes = new ArrayList<>();
			for (final Future<BigInteger[]> f : futures) {
				try {
					outcomes.add(f.get(30, TimeUnit.SECONDS));
				}
				catch (final ExecutionException e) {
					if (!(e.getCause() instanceof SecureSumAbortedException)) throw new AssertionError(e.getCause());
					outcomes.add(e.getCause());
				}
			}
			return outcomes;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static List<Object> runThreads(final Setup setup) throws Exception {
		final int n = setup.session.nodes().size();
		return runThreads(setup, nCopies(setup.session, n), nCopies(UnaryOperator.identity(), n));
	}

	private static <T> List<T> nCopies(final T t, final int n) {
		return new ArrayList<>(java.util.Collections.nCopies(n, t));
	}

	@Test
	void threeLabsOverTlsComputeThePlainSumUnderEveryProtocol() throws Exception {
		for (final Protocol protocol : Protocol.values()) {
			final Setup setup = new Setup(3, protocol, Duration.ofSeconds(10), SLOW_HOP);
			final List<Object> outcomes = runThreads(setup);
			for (int node = 0; node < outcomes.size(); node++) {
				assertTrue(outcomes.get(node) instanceof BigInteger[], protocol + ", node " + node + ": " + outcomes.get(
					node));
				assertArrayEquals(plainSum(3), (BigInteger[]) outcomes.get(node), protocol + ", node " + node);
			}
		}
	}

	@Test
	void sessionFileRoundTripsAndRejectsDuplicatesAndUnknownKeys() throws Exception {
		final Setup setup = new Setup(5, Protocol.PERMUTED_RINGS, Duration.ofSeconds(10));
		final Path file = dir.resolve("session.txt");
		setup.session.write(file);
		final NetworkSession read = NetworkSession.read(file);
		assertEquals(setup.session.format(), read.format());
		assertEquals(setup.session.sum().schedule().toString(), read.sum().schedule().toString());
		final String text = setup.session.format();
		assertThrows(IllegalArgumentException.class, () -> NetworkSession.parse(text + "bound = 5\n"));
		assertThrows(IllegalArgumentException.class, () -> NetworkSession.parse(text + "extra = 5\n"));
		assertThrows(IllegalArgumentException.class, () -> NetworkSession.parse(text.replace(
			"medcrypt.session.format = 1", "medcrypt.session.format = 2")));
		// the same certificate for two nodes is refused
		final String fp1 = setup.session.node(1).fingerprint(), fp2 = setup.session.node(2).fingerprint();
		assertThrows(IllegalArgumentException.class, () -> NetworkSession.parse(text.replace(fp2, fp1)));
	}

	@Test
	void newSessionCommandListsTheCertificatesFingerprints() throws Exception {
		final List<String> args = new ArrayList<>(Arrays.asList("party", "new-session", "--out", dir.resolve("s.txt")
			.toString(), "--protocol", "PERMUTED_RINGS", "--width", "2", "--bound", "65536"));
		final List<PartyCredentials> creds = new ArrayList<>();
		for (int n = 0; n <= 5; n++) {
			final PartyCredentials c = PartyCredentials.generate("p" + n, PASSWORD, RANDOM);
			creds.add(c);
			c.save(dir.resolve("p" + n + ".p12"), dir.resolve("p" + n + ".pem"));
			args.add("--node" + n);
			// Port 9000 lies below every ephemeral range; 50000 + n inside Linux's default and IANA's.
			args.add("p" + n + ",127.0.0.1," + (n == 0 ? 9000 : 50000 + n) + "," + dir.resolve("p" + n + ".pem"));
		}
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err =
			new java.io.ByteArrayOutputStream();
		assertEquals(0, org.medcrypt.cli.MedCryptCli.run(args.toArray(new String[0]), UnaryOperator.identity(), new java.io.PrintStream(
			out, true, "UTF-8"), new java.io.PrintStream(err, true, "UTF-8")));
		final EphemeralPorts range = EphemeralPorts.ofThisMachine();
		for (int n = 0; n <= 5; n++) {
			final int port = n == 0 ? 9000 : 50000 + n;
			assertEquals(range.contains(port), err.toString("UTF-8").contains("(p" + n + ") listens on port " + port +
				", inside the ephemeral port range"), err.toString("UTF-8"));
		}
		final NetworkSession s = NetworkSession.read(dir.resolve("s.txt"));
		assertEquals(5, s.sum().labs());
		assertEquals(2, s.sum().schedule().rings());
		for (int n = 0; n <= 5; n++) assertEquals(creds.get(n).fingerprint(), s.node(n).fingerprint());
		assertTrue(out.toString("UTF-8").contains(s.checkValue()));
		// too few parties is a wrong call: exit code 2, as for every usage error of the command line
		assertEquals(2, org.medcrypt.cli.MedCryptCli.run(new String[] { "party", "new-session", "--out", dir.resolve("t.txt").toString(),
			"--width", "1", "--bound", "10", "--node0", "x,h,1," + dir.resolve("p0.pem") }, UnaryOperator.identity(),
			System.out, new java.io.PrintStream(new java.io.ByteArrayOutputStream())));
	}

	// ---------- separate JVMs

	private Path writeFiles(final Setup setup) throws IOException {
		return setup.parties.write(dir, setup.session);
	}

	private Process spawn(final Setup setup, final Path session, final int node, final String... jvmArgs)
		throws IOException
	{
		return setup.parties.spawn(dir, session, node, node == 0 ? List.of() : List.of("--input", input(node)[0] + "," +
			input(node)[1]), jvmArgs);
	}

	private String output(final Setup setup, final int node) throws IOException {
		return setup.parties.output(dir, node);
	}

	private static int await(final Process p) throws InterruptedException {
		return LoopbackParties.await(p);
	}

	@Test
	void fiveLabsAsSeparateProcessesComputeTheSum() throws Exception {
		// Three labs as processes: NetworkStudyTest (Algorithm 1) and the kill test below; in threads: the first test.
		for (final int labs : new int[] { 5 }) {
			final Setup setup = new Setup(labs, Protocol.ADDITIVE_SHARING, Duration.ofSeconds(20), SLOW_HOP);
			final Path session = writeFiles(setup);
			final List<Process> processes = new ArrayList<>();
			for (int node = 0; node <= labs; node++) processes.add(spawn(setup, session, node));
			final BigInteger[] sum = plainSum(labs);
			for (int node = 0; node <= labs; node++) {
				assertEquals(0, await(processes.get(node)), output(setup, node));
				assertTrue(output(setup, node).contains("result: " + sum[0] + "," + sum[1]), output(setup, node));
			}
			for (final File f : dir.toFile().listFiles()) f.delete();
		}
	}

	@Test
	void aPartyKilledMidProtocolMakesTheOthersAbortNamingIt() throws Exception {
		final Setup setup = new Setup(3, Protocol.ADDITIVE_SHARING, Duration.ofSeconds(20));
		final Path session = writeFiles(setup);
		final List<Process> processes = new ArrayList<>();
		for (int node = 0; node <= 3; node++) {
			processes.add(node == 2 ? spawn(setup, session, node, "-Dhalt.after=1") : spawn(setup, session, node));
		}
		assertEquals(137, await(processes.get(2)));
		for (final int node : new int[] { 0, 1, 3 }) {
			assertEquals(1, await(processes.get(node)), output(setup, node));
			final String out = output(setup, node);
			assertTrue(out.contains("aborted: culprit=2"), out);
			assertTrue(out.contains("lab 2 (lab-b)"), out);
		}
	}

	// ---------- impostors and garbage, in threads

	@Test
	void aPartyWithAnUnlistedCertificateIsRefusedAndEveryoneAbortsNamingIt() throws Exception {
		final Setup setup = new Setup(3, Protocol.ADDITIVE_SHARING, Duration.ofSeconds(3));
		// The impostor knows the whole (public) session file and runs as lab 2 with its own certificate.
		final PartyCredentials impostor = PartyCredentials.generate("lab-b", PASSWORD, RANDOM);
		final String forged = setup.session.format().replace(setup.session.node(2).fingerprint(), impostor
			.fingerprint());
		setup.creds.set(2, impostor);
		final List<NetworkSession> sessions = nCopies(setup.session, 4);
		sessions.set(2, NetworkSession.parse(forged));
		final List<Object> outcomes = runThreads(setup, sessions, nCopies(UnaryOperator.identity(), 4));
		// Every honest party aborts and blames the impostor, or, if the parties that refused it stopped before
		// reaching it, nobody: never an honest party. The impostor's own peers always see its certificate.
		SecureSumAbortedException named = null;
		for (final int node : new int[] { 0, 1, 3 }) {
			assertTrue(outcomes.get(node) instanceof SecureSumAbortedException, "node " + node);
			final SecureSumAbortedException e = (SecureSumAbortedException) outcomes.get(node);
			assertTrue(e.culprit() == 2 || e.culprit() == org.medcrypt.securesum.Nodes.NOBODY, e.getMessage());
			if (e.culprit() == 2) named = e;
		}
		assertTrue(named != null, "no party named the impostor");
		final String explained = NetworkParty.explain(setup.session, named);
		assertTrue(explained.contains("lab 2 (lab-b)") && explained.contains(impostor.fingerprint()), explained);
	}

	/**
	 * Two session files, each run by half of the parties: no majority says which is wrong, so every party
	 * aborts naming nobody (it once threw IndexOutOfBoundsException listing the problems of node -1).
	 */
	@Test
	void sessionFilesSplitTwoAgainstTwoAbortEveryoneNamingNobody() throws Exception {
		final Setup setup = new Setup(3, Protocol.ADDITIVE_SHARING, Duration.ofSeconds(10));
		final String hop = "hop.timeout.ms = " + HOP.toMillis();
		assertTrue(setup.session.format().contains(hop));
		final NetworkSession edited = NetworkSession.parse(setup.session.format().replace(hop, "hop.timeout.ms = " +
			(HOP.toMillis() + 500)));
		final List<NetworkSession> sessions = nCopies(setup.session, 4);
		sessions.set(2, edited);
		sessions.set(3, edited);
		final List<Object> outcomes = runThreads(setup, sessions, nCopies(UnaryOperator.identity(), 4));
		for (int node = 0; node <= 3; node++) {
			assertTrue(outcomes.get(node) instanceof SecureSumAbortedException, "node " + node);
			final SecureSumAbortedException e = (SecureSumAbortedException) outcomes.get(node);
			assertEquals(-1, e.culprit(), e.getMessage());
			assertTrue(e.getMessage().contains("no session is run by a majority"), e.getMessage());
			assertTrue(NetworkParty.explain(setup.session, e).contains("an unidentified party"), e.getMessage());
		}
	}

	/**
	 * The race of a party that aborts while a connection is still being set up: lab 1 refuses lab 2's
	 * (impostor) certificate and aborts while lab 3, played here, holds lab 1's hello unanswered until
	 * lab 1 has sent it its ABORT. Lab 3 must then read that ABORT (naming lab 2) and a goodbye, not a
	 * connection closed under it (which it would blame on lab 1, an honest party).
	 */
	@Test
	void aPartyThatAbortsWhileAConnectionIsBeingSetUpTellsThatPeerWhyBeforeItsGoodbye() throws Exception {
		final Setup setup = new Setup(3, Protocol.ADDITIVE_SHARING, Duration.ofSeconds(10));
		final PartyCredentials impostor = PartyCredentials.generate("lab-b", PASSWORD, RANDOM);
		final java.util.concurrent.CountDownLatch sentTo3 = new java.util.concurrent.CountDownLatch(1);
		final List<UnaryOperator<Transport>> decorators = nCopies(UnaryOperator.identity(), 4);
		decorators.set(1, t -> new Transport() {

			@Override
			public int self() {
				return t.self();
			}

			@Override
			public void send(final int to, final byte[] frame) throws IOException {
				try {
					t.send(to, frame);
				}
				finally {
					if (to == 3) sentTo3.countDown();
				}
			}

			@Override
			public Frame receive(final Duration timeout) throws IOException, InterruptedException {
				return t.receive(timeout);
			}

			@Override
			public Failure failure() {
				return t.failure();
			}
		});
		final ExecutorService pool = Executors.newFixedThreadPool(3);
		try (javax.net.ssl.SSLServerSocket lab2 = listen(impostor, setup.session.node(2).port());
			javax.net.ssl.SSLServerSocket lab3 = listen(setup.creds.get(3), setup.session.node(3).port()))
		{
			pool.submit(() -> {
				try (SSLSocket s = (SSLSocket) lab2.accept()) {
					s.startHandshake();
				}
				return null;
			});
			final Future<BigInteger[]> lab1 = pool.submit(() -> NetworkParty.run(setup.session, setup.name(1), setup
				.creds.get(1), input(1), line -> {}, decorators.get(1)));
			try (SSLSocket s = (SSLSocket) lab3.accept()) {
				s.setSoTimeout(20_000);
				s.startHandshake();
				final DataInputStream in = new DataInputStream(s.getInputStream());
				final byte[] hello = new byte[2 + 4 + 64];
				in.readFully(hello);
				assertArrayEquals(TlsTransport.hello(TlsTransport.fullDigest(setup.session), 1), hello);
				assertTrue(sentTo3.await(20, TimeUnit.SECONDS), "lab 1 never sent anything to lab 3");
				s.getOutputStream().write(0x4d);
				s.getOutputStream().write(TlsTransport.fullDigest(setup.session).getBytes(StandardCharsets.US_ASCII));
				s.getOutputStream().flush();
				final byte[] frame = new byte[in.readInt()];
				in.readFully(frame);
				assertTrue(frame.length > 4, "lab 1's first frame must be its ABORT, not a goodbye");
				final int inner = java.nio.ByteBuffer.wrap(frame).getInt();
				final org.medcrypt.securesum.Message abort = org.medcrypt.securesum.Message.decode(Arrays.copyOfRange(
					frame, 4, 4 + inner));
				assertEquals(org.medcrypt.securesum.MessageType.ABORT, abort.type());
				assertEquals(1, abort.sender());
				assertEquals(2, abort.culprit(), abort.abortReason());
				assertEquals(0, in.readInt(), "lab 1 says goodbye after its ABORT");
			}
			final ExecutionException e = assertThrows(ExecutionException.class, () -> lab1.get(20, TimeUnit.SECONDS));
			assertEquals(2, NetworkStudyTest.assertAbort(e.getCause(), "lab 1").culprit());
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** A TLS listener on {@code port} with {@code creds}' certificate that trusts any client certificate. */
	private static javax.net.ssl.SSLServerSocket listen(final PartyCredentials creds, final int port) throws Exception {
		final javax.net.ssl.SSLServerSocket server = (javax.net.ssl.SSLServerSocket) trustingContext(creds)
			.getServerSocketFactory().createServerSocket(port);
		server.setNeedClientAuth(true);
		server.setSoTimeout(20_000);
		return server;
	}

	@Test
	void aGarbageFrameMakesEveryoneAbortNamingItsSender() throws Exception {
		final Setup setup = new Setup(3, Protocol.ADDITIVE_SHARING, Duration.ofSeconds(10));
		final List<UnaryOperator<Transport>> decorators = nCopies(UnaryOperator.identity(), 4);
		decorators.set(1, t -> new Transport() {

			@Override
			public int self() {
				return t.self();
			}

			@Override
			public void send(final int to, final byte[] frame) throws IOException {
				final byte[] tampered = frame.clone();
				tampered[0] ^= 0x5a;
				t.send(to, tampered);
			}

			@Override
			public Frame receive(final Duration timeout) throws IOException, InterruptedException {
				return t.receive(timeout);
			}

			@Override
			public Failure failure() {
				return t.failure();
			}
		});
		final List<Object> outcomes = runThreads(setup, nCopies(setup.session, 4), decorators);
		for (final int node : new int[] { 0, 2, 3 }) {
			assertTrue(outcomes.get(node) instanceof SecureSumAbortedException, "node " + node);
			final SecureSumAbortedException e = (SecureSumAbortedException) outcomes.get(node);
			assertEquals(1, e.culprit(), e.getMessage());
		}
	}

	/** Sends node {@code node}'s hello over {@code s} and reads lab 3's confirmation and session digest. */
	static DataInputStream hello(final SSLSocket s, final NetworkSession session, final int node)
		throws IOException
	{
		s.startHandshake();
		s.getOutputStream().write(TlsTransport.hello(TlsTransport.fullDigest(session), node));
		s.getOutputStream().flush();
		final DataInputStream in = new DataInputStream(s.getInputStream());
		assertEquals(0x4d, in.read());
		final byte[] digest = new byte[64];
		in.readFully(digest);
		assertEquals(TlsTransport.fullDigest(session), new String(digest, StandardCharsets.US_ASCII));
		return in;
	}

	private static void assertClosed(final DataInputStream in) throws IOException {
		try {
			assertEquals(-1, in.read(), "lab 3 must close the connection");
		}
		catch (final SocketException e) {
			// reset: closed as well
		}
	}

	@Test
	void anOversizedFrameClosesTheConnectionAndUnknownCertificatesAreRefused() throws Exception {
		final Setup setup = new Setup(3, Protocol.ADDITIVE_SHARING, Duration.ofSeconds(3));
		final ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			final Future<TlsTransport> lab3 = pool.submit(() -> TlsTransport.open(setup.session, 3, setup.creds.get(3)));
			final int port = setup.session.node(3).port();
			// An unlisted certificate: the handshake or the confirmation fails.
			final PartyCredentials stranger = PartyCredentials.generate("stranger", PASSWORD, RANDOM);
			try (SSLSocket s = rawClient(stranger, port)) {
				assertThrows(IOException.class, () -> {
					s.startHandshake();
					if (s.getInputStream().read() < 0) throw new IOException("closed");
				});
			}
			// The researcher's and lab 1's real certificates, each with its hello, confirmed by lab 3 (both connect
			// before either misbehaves: the first failure ends lab 3's set-up).
			try (SSLSocket r = rawClient(setup.creds.get(0), port); SSLSocket l = rawClient(setup.creds.get(1), port)) {
				final DataInputStream rin = hello(r, setup.session, 0), lin = hello(l, setup.session, 1);
				// The researcher: a good frame, then an absurd length.
				final DataOutputStream out = new DataOutputStream(r.getOutputStream());
				out.writeInt(4 + 5 + 3);
				out.writeInt(5);
				out.write("hello".getBytes(StandardCharsets.US_ASCII));
				out.write(new byte[3]);
				out.writeInt(TlsTransport.MAX_FRAME + 1);
				out.write(new byte[64]);
				out.flush();
				assertClosed(rin);
				// Lab 1: a frame whose padding is not zero: refused, not delivered.
				final DataOutputStream lout = new DataOutputStream(l.getOutputStream());
				lout.writeInt(4 + 3 + 2);
				lout.writeInt(3);
				lout.write(new byte[] { 'b', 'a', 'd', 0, 1 });
				lout.flush();
				assertClosed(lin);
			}
			try (TlsTransport transport = lab3.get(20, TimeUnit.SECONDS)) {
				final Transport.Frame frame = transport.receive(Duration.ofSeconds(2));
				assertNotNull(frame);
				assertEquals(0, frame.from());
				assertEquals("hello", new String(frame.bytes(), StandardCharsets.US_ASCII));
				assertNull(transport.receive(Duration.ofMillis(200)), "nothing of the oversized frame is delivered");
				assertEquals(TlsTransport.paddedSize(setup.session, 0), 1056 + 2 * (4 + setup.session.sum().domain().modulus()
					.bitLength() / 8 + 1));
				final String problem = transport.problems().get(0);
				assertNotNull(problem, transport.problems().toString());
				assertTrue(problem.contains("limit"), problem);
				assertTrue(transport.problems().get(1).contains("padding"), transport.problems().toString());
				final IOException e = assertThrows(IOException.class, () -> transport.send(0, new byte[] { 1 }));
				assertTrue(e.getMessage().contains("the researcher (researcher)"), e.getMessage());
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	static SSLSocket rawClient(final PartyCredentials creds, final int port) throws Exception {
		final SSLContext context = trustingContext(creds);
		Socket plain = null;
		for (int attempt = 0; plain == null; attempt++) {
			try {
				plain = new Socket("127.0.0.1", port);
			}
			catch (final IOException e) {
				if (attempt > 50) throw e;
				Thread.sleep(100);
			}
		}
		final SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
		s.setSoTimeout(5000);
		return s;
	}

	/** A TLS 1.3 context with {@code creds}' certificate that trusts any peer (the tests play parties by hand). */
	private static SSLContext trustingContext(final PartyCredentials creds) throws Exception {
		final KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
		kmf.init(creds.keyStore(), PASSWORD);
		final SSLContext context = SSLContext.getInstance("TLSv1.3");
		context.init(kmf.getKeyManagers(), new TrustManager[] { new X509TrustManager() {

			@Override
			public void checkClientTrusted(final X509Certificate[] chain, final String authType) {}

			@Override
			public void checkServerTrusted(final X509Certificate[] chain, final String authType) {}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}
		} }, RANDOM);
		return context;
	}
}
