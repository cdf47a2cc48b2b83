package org.medcrypt.retrieval.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.net.RetrievalMessage.Type;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.testing.TestKeyFiles;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.tls.TlsContexts;

/**
 * The store server against idle, slow and greedy clients (issue 14): a server
 * in this JVM over TLS 1.3 on loopback, clients from 127.0.0.1 and, where a
 * test needs several remote addresses, from 127.0.0.2-4 (all loopback on Linux).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrievalServerLimitsTest {

	@TempDir
	static Path dir;
	private PaillierKeyPair pair;
	private EncryptedStore store;
	private PartyCredentials serverId, physician;
	private final List<String> log = Collections.synchronizedList(new ArrayList<>());
	private final List<Socket> sockets = new ArrayList<>();
	private ServerSocket server;

	@BeforeAll
	void setUp() throws Exception {
		pair = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]);
		store = EncryptedStore.create(dir.resolve("store"), pair.publicKey(), SignatureParameters.defaults(8));
		serverId = PartyCredentials.generate("store-server", "pw".toCharArray(), SecureRandoms.forThisThread());
		physician = PartyCredentials.generate("physician", "pw".toCharArray(), SecureRandoms.forThisThread());
	}

	@AfterEach
	void stop() throws IOException {
		for (final Socket s : sockets) s.close();
		sockets.clear();
		if (server != null) server.close();
	}

	private int start(final RetrievalServer.Limits limits) throws MedCryptException {
		server = new RetrievalServer(store, log::add, limits).listen(0, false, serverId, Set.of(physician
			.fingerprint()));
		return server.getLocalPort();
	}

	/** A TCP connection from {@code from} that sends nothing (kept open until the test ends). */
	private Socket idle(final String from) throws IOException {
		final Socket s = new Socket();
		sockets.add(s);
		s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
		s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
		return s;
	}

	/** The allowed key holder's TLS connection from {@code from}, past the handshake. */
	private SSLSocket tls(final String from) throws Exception {
		final SSLSocket s = (SSLSocket) TlsContexts.pinned(physician, Set.of(serverId.fingerprint()), "pinned")
			.getSocketFactory().createSocket(idle(from), "localhost", server.getLocalPort(), true);
		s.setEnabledProtocols(new String[] { TlsContexts.PROTOCOL });
		s.setUseClientMode(true);
		s.setSoTimeout(10_000);
		s.startHandshake();
		return s;
	}

	/** A key holder's session from {@code from}, past HELLO and WELCOME. */
	private SocketMessageChannel keyHolder(final String from) throws Exception {
		return hello(new SocketMessageChannel(tls(from), 10_000));
	}

	private SocketMessageChannel hello(final SocketMessageChannel ch) throws Exception {
		ch.send(RetrievalMessage.of(Type.HELLO, "test", pair.publicKey().fingerprint()));
		assertEquals(Type.WELCOME, ch.receive().type());
		return ch;
	}

	/** Waits (at most 10 s) for the server to close {@code s}; returns how long that took. */
	private static long closedByServerMillis(final Socket s) throws IOException {
		s.setSoTimeout(10_000);
		final long start = System.nanoTime();
		final InputStream in = s.getInputStream();
		try {
			while (in.read() >= 0) {
				// a TLS alert, if any, then the end
			}
		}
		catch (final java.net.SocketException reset) {
			// closed with a reset: closed all the same
		}
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	@Test
	void sixteenIdleConnectionsDoNotLockAKeyHolderOut() throws Exception {
		// Issue 14: 16 TCP connections that sent nothing held every handshake slot for 30 s.
		final int port = start(RetrievalServer.Limits.DEFAULTS);
		for (int i = 0; i < 16; i++) idle("127.0.0.1");
		final long start = System.nanoTime();
		try (RetrievalClient client = RetrievalClient.connect("localhost", port, pair.privateKey(), physician,
			serverId.fingerprint()))
		{
			assertEquals(0, client.list().size());
		}
		final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertTrue(millis < 5000, "served after " + millis + " ms");
		// More idle connections than one address may hold: the oldest are dropped, the key holder served.
		for (int i = 0; i < 2 * RetrievalServer.Limits.DEFAULTS.maxPerAddress; i++) idle("127.0.0.1");
		try (RetrievalClient client = RetrievalClient.connect("localhost", port, pair.privateKey(), physician,
			serverId.fingerprint()))
		{
			assertEquals(0, client.list().size());
		}
		assertTrue(closedByServerMillis(sockets.get(0)) < 5000, "the oldest idle connection was dropped");
	}

	@Test
	void unauthenticatedConnectionsAreClosedAtTheHandshakeDeadline() throws Exception {
		start(new RetrievalServer.Limits(500, 30_000, 600_000, 256, 32, 2));
		final Socket silent = idle("127.0.0.1");
		final Socket dribbling = idle("127.0.0.1");
		dribbling.getOutputStream().write(0x16); // the first byte of a TLS record, then nothing
		dribbling.getOutputStream().flush();
		final long silentMillis = closedByServerMillis(silent);
		assertTrue(silentMillis < 3000, "a silent connection was closed after " + silentMillis + " ms");
		final long dribblingMillis = closedByServerMillis(dribbling);
		assertTrue(dribblingMillis < 3000, "a stalled handshake was closed after " + dribblingMillis + " ms");
		// An authenticated key holder that sends no HELLO is held to the same deadline.
		final SocketMessageChannel ch = new SocketMessageChannel(tls("127.0.0.1"), 10_000);
		final long start = System.nanoTime();
		final RetrievalMessage error = ch.receive();
		assertEquals(Type.ERROR, error.type());
		assertTrue(error.text(0).contains("did not answer in time"), error.text(0));
		assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
	}

	@Test
	void aKeyHolderComputingLongerThanTheShortTimeoutsIsServedButAStalledMessageIsCut() throws Exception {
		start(new RetrievalServer.Limits(500, 500, 20_000, 256, 32, 2));
		final SocketMessageChannel ch = keyHolder("127.0.0.1");
		// The key holder computes (e.g. encrypts its query image) for three times the short timeouts.
		Thread.sleep(1500);
		ch.send(RetrievalMessage.of(Type.LIST));
		assertEquals(Type.ENTRIES, ch.receive().type());
		// A message begun and left unfinished: the session ends at the short timeout.
		final SSLSocket raw = tls("127.0.0.1");
		final SocketMessageChannel stalled = hello(new SocketMessageChannel(raw, 10_000));
		final DataOutputStream out = new DataOutputStream(raw.getOutputStream());
		out.writeInt(RetrievalMessage.MAX_BYTES);
		out.write(new byte[10]);
		out.flush();
		final long start = System.nanoTime();
		final RetrievalMessage error = stalled.receive();
		final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertEquals(Type.ERROR, error.type());
		assertTrue(millis < 5000, "cut after " + millis + " ms");
		assertTrue(log.stream().anyMatch(l -> l.contains("did not answer in time")), log.toString());
	}

	@Test
	void connectionsAreCappedPerAddressAndInAllUnauthenticatedOnesGoFirst() throws Exception {
		start(new RetrievalServer.Limits(10_000, 30_000, 600_000, 5, 3, 2));
		for (int i = 0; i < 3; i++) keyHolder("127.0.0.1");
		// A fourth connection from the same address: refused (the address holds its three authenticated sessions).
		assertThrows(Exception.class, () -> keyHolder("127.0.0.1"));
		// Another address is served.
		keyHolder("127.0.0.2");
		// An idle connection takes the last place; a key holder arriving then takes it from the idle one.
		final Socket waiting = idle("127.0.0.3");
		keyHolder("127.0.0.2");
		assertTrue(closedByServerMillis(waiting) < 5000, "the unauthenticated connection made room");
		// Every place is held by an authenticated session: a newcomer is refused at once.
		final long millis = closedByServerMillis(idle("127.0.0.4"));
		assertTrue(millis < 5000, "refused after " + millis + " ms");
	}
}
