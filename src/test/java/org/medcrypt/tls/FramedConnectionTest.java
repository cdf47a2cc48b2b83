package org.medcrypt.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medcrypt.testing.Allocations;

/** Frames over a real TLS 1.3 socket pair made with {@link TlsContexts}, and over plain TCP. */
class FramedConnectionTest {

	private static final char[] PASSWORD = "framed-test".toCharArray();
	private static PartyCredentials alice, bob;
	private static ExecutorService pool;

	@BeforeAll
	static void credentials() throws Exception {
		final SecureRandom random = new SecureRandom();
		alice = PartyCredentials.generate("alice", PASSWORD, random);
		bob = PartyCredentials.generate("bob", PASSWORD, random);
		pool = Executors.newCachedThreadPool();
	}

	@AfterAll
	static void stop() {
		pool.shutdownNow();
	}

	/** Two connected TLS sockets, handshake done: [0] alice's (client), [1] bob's (server); each pins the other. */
	private static Socket[] tlsPair() throws Exception {
		try (SSLServerSocket server = (SSLServerSocket) TlsContexts.pinned(bob, Collections.singleton(alice
			.fingerprint()), "alice's").getServerSocketFactory().createServerSocket(0, 1, InetAddress
				.getLoopbackAddress()))
		{
			server.setEnabledProtocols(new String[] { TlsContexts.PROTOCOL });
			server.setNeedClientAuth(true);
			final Future<Socket> accepted = pool.submit(() -> {
				final SSLSocket s = (SSLSocket) server.accept();
				s.startHandshake();
				return s;
			});
			final SSLSocket client = (SSLSocket) TlsContexts.pinned(alice, Collections.singleton(bob.fingerprint()),
				"bob's").getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
			client.setEnabledProtocols(new String[] { TlsContexts.PROTOCOL });
			client.startHandshake();
			return new Socket[] { client, accepted.get(20, TimeUnit.SECONDS) };
		}
	}

	/**
	 * Closes both ends at once: closing a TLS 1.3 socket waits (up to its read
	 * timeout) for the peer's close_notify, which the peer sends when it closes.
	 */
	private static void closeBoth(final Socket[] pair) throws Exception {
		final Future<?> other = pool.submit(() -> {
			pair[0].close();
			return null;
		});
		pair[1].close();
		other.get(20, TimeUnit.SECONDS);
	}

	private static Socket[] plainPair() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			final Future<Socket> accepted = pool.submit(server::accept);
			final Socket client = new Socket();
			client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
			return new Socket[] { client, accepted.get(20, TimeUnit.SECONDS) };
		}
	}

	@Test
	void framesRoundTripOverTls() throws Exception {
		final Socket[] pair = tlsPair();
		try {
			final FramedConnection a = new FramedConnection(pair[0], 1 << 20, 10_000);
			final FramedConnection b = new FramedConnection(pair[1], 1 << 20, 10_000);
			assertEquals(TlsContexts.PROTOCOL, ((SSLSocket) a.socket()).getSession().getProtocol());
			final byte[][] frames = { {}, { 42 }, new byte[70_000], new byte[1 << 20] };
			new SecureRandom().nextBytes(frames[2]);
			for (final byte[] f : frames) assertEquals(4L + f.length, a.send(f));
			for (final byte[] f : frames) assertArrayEquals(f, b.receive());
			b.send(new byte[] { 1, 2, 3 });
			assertArrayEquals(new byte[] { 1, 2, 3 }, a.receive());
			// The peer hangs up between frames: end of stream, not a truncated frame.
			final Future<?> closing = pool.submit(() -> {
				a.close();
				return null;
			});
			final EOFException end = assertThrows(EOFException.class, b::receive);
			assertEquals(EOFException.class, end.getClass());
			b.close();
			closing.get(20, TimeUnit.SECONDS);
		}
		finally {
			closeBoth(pair);
		}
	}

	@Test
	void anOversizedFrameIsRefusedBeforeAllocation() throws Exception {
		final Socket[] pair = tlsPair();
		try {
			final FramedConnection b = new FramedConnection(pair[1], 1000, 10_000);
			final DataOutputStream raw = new DataOutputStream(pair[0].getOutputStream());
			// Announce 2^31 - 1 bytes and send none: reading or allocating them would block until the
			// timeout or fail with OutOfMemoryError; the limit refuses the frame at once instead.
			raw.writeInt(Integer.MAX_VALUE);
			raw.flush();
			final long start = System.nanoTime();
			final FramedConnection.OversizedFrameException e = assertThrows(FramedConnection.OversizedFrameException.class,
				b::receive);
			assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "refused without waiting");
			assertEquals(Integer.MAX_VALUE, e.length());
			assertEquals(1000, e.limit());
			assertTrue(e.getMessage().contains("2147483647 bytes exceeds the limit of 1000"), e.getMessage());
			// A negative length (above 2^31 - 1 unsigned) is refused the same way, named unsigned.
			raw.writeInt(-1);
			raw.flush();
			final FramedConnection.OversizedFrameException negative = assertThrows(
				FramedConnection.OversizedFrameException.class, b::receive);
			assertEquals(-1, negative.length());
			assertTrue(negative.getMessage().contains("4294967295 bytes"), negative.getMessage());
		}
		finally {
			closeBoth(pair);
		}
	}

	@Test
	void theLimitItselfIsAccepted() throws Exception {
		final Socket[] pair = plainPair();
		try (FramedConnection a = new FramedConnection(pair[0], 1000, 10_000);
			FramedConnection b = new FramedConnection(pair[1], 1000, 10_000))
		{
			a.send(new byte[1000]);
			assertEquals(1000, b.receive().length);
			a.send(new byte[1001]);
			assertThrows(FramedConnection.OversizedFrameException.class, b::receive);
		}
	}

	@Test
	void theReadTimeoutFires() throws Exception {
		final Socket[] pair = tlsPair();
		try {
			new FramedConnection(pair[0], 1000, 10_000);
			final FramedConnection b = new FramedConnection(pair[1], 1000, 300);
			assertEquals(300, pair[1].getSoTimeout());
			final long start = System.nanoTime();
			assertThrows(SocketTimeoutException.class, b::receive);
			final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertTrue(millis >= 250 && millis < 5000, millis + " ms");
		}
		finally {
			closeBoth(pair);
		}
	}

	@Test
	void aFrameCutShortIsTruncatedOverPlainTcp() throws Exception {
		final Socket[] pair = plainPair();
		try (FramedConnection b = new FramedConnection(pair[1], 1000, 10_000)) {
			final DataOutputStream raw = new DataOutputStream(pair[0].getOutputStream());
			raw.writeInt(10);
			raw.write(new byte[4]);
			raw.flush();
			pair[0].close();
			assertThrows(FramedConnection.TruncatedFrameException.class, b::receive);
		}
	}

	@Test
	void aDeclaredLargeFrameAllocatesOnlyWhatArrived() throws Exception {
		final Socket[] pair = tlsPair();
		try {
			// The retrieval server's limit: 256 MiB. The peer announces all of it, sends 10 bytes and stalls.
			final FramedConnection b = new FramedConnection(pair[1], 256 << 20, 10_000, 500);
			final DataOutputStream raw = new DataOutputStream(pair[0].getOutputStream());
			raw.writeInt(256 << 20);
			raw.write(new byte[10]);
			raw.flush();
			final long before = Allocations.byThisThread();
			assertThrows(SocketTimeoutException.class, b::receive, "the pause inside the frame ends it");
			final long allocated = Allocations.byThisThread() - before;
			assertTrue(allocated < 2 << 20, allocated + " bytes allocated for a frame of 10 bytes announcing 256 MiB");
		}
		finally {
			closeBoth(pair);
		}
	}

	@Test
	void aLargeFrameThatArrivesInPiecesIsReadWhole() throws Exception {
		final Socket[] pair = plainPair();
		try (FramedConnection b = new FramedConnection(pair[1], 8 << 20, 10_000)) {
			final byte[] frame = new byte[(3 << 20) + 17];
			new SecureRandom().nextBytes(frame);
			final Future<?> sending = pool.submit(() -> {
				final DataOutputStream raw = new DataOutputStream(pair[0].getOutputStream());
				raw.writeInt(frame.length);
				for (int off = 0; off < frame.length; off += 100_000) {
					raw.write(frame, off, Math.min(100_000, frame.length - off));
					raw.flush();
				}
				return null;
			});
			assertArrayEquals(frame, b.receive());
			sending.get(20, TimeUnit.SECONDS);
		}
	}

	@Test
	void theWaitForAFrameAndAPauseInsideItHaveTheirOwnTimeouts() throws Exception {
		final Socket[] pair = plainPair();
		try (FramedConnection a = new FramedConnection(pair[0], 1000, 10_000);
			FramedConnection b = new FramedConnection(pair[1], 1000, 10_000, 300))
		{
			// The peer computes for longer than the pause allowed inside a frame before it begins one: served.
			final Future<?> late = pool.submit(() -> {
				Thread.sleep(1000);
				return a.send(new byte[] { 7 });
			});
			assertArrayEquals(new byte[] { 7 }, b.receive());
			late.get(20, TimeUnit.SECONDS);
			// A frame begun and left unfinished ends at the short timeout, not the long one.
			final DataOutputStream raw = new DataOutputStream(pair[0].getOutputStream());
			raw.writeInt(100);
			raw.write(new byte[10]);
			raw.flush();
			long start = System.nanoTime();
			assertThrows(SocketTimeoutException.class, b::receive);
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertTrue(millis >= 250 && millis < 5000, millis + " ms");
			// The wait for a frame to begin can be shortened (or lengthened) between frames.
			final Socket[] other = plainPair();
			try (FramedConnection c = new FramedConnection(other[1], 1000, 10_000, 5000)) {
				c.awaitNextFor(200);
				start = System.nanoTime();
				assertThrows(SocketTimeoutException.class, c::receive);
				millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				assertTrue(millis >= 150 && millis < 4000, millis + " ms");
			}
			finally {
				other[0].close();
			}
		}
	}
}
