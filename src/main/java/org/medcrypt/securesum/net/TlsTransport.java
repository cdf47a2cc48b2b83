package org.medcrypt.securesum.net;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.medcrypt.io.Progress;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.securesum.Nodes;
import org.medcrypt.securesum.SumDomain;
import org.medcrypt.securesum.Transport;
import org.medcrypt.tls.FramedConnection;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.tls.PinningTrustManager;
import org.medcrypt.tls.TlsContexts;

/**
 * {@link Transport} over mutually authenticated TLS 1.3 connections, one per
 * pair of nodes, trust decided only by the certificate fingerprints of the
 * {@link NetworkSession} (see {@link PinningTrustManager}).
 * <p>
 * Set-up ({@link #open}): every node listens on its port; node i connects to
 * every node j &gt; i, retrying refused connections until the connect
 * deadline; it accepts connections from nodes j &lt; i. The sender of every
 * frame is the node whose pinned certificate authenticated the connection.
 * After the handshake the connecting side sends its hello (0x48, version 1,
 * the node it runs as, and the SHA-256 of its session file's canonical text
 * as 64 hex digits) and the accepting side answers with one byte and its own
 * session digest: 0x4d (confirmed; in TLS 1.3 the client's handshake completes
 * before the server has checked its certificate, so this is how it learns),
 * 0x44 (a connection with this certificate is already open: a second instance
 * of that node) or 0x47 (the accepting node has already stopped).
 * </p>
 * <p>
 * Blame ({@link #failure()}): a node that runs twice, or whose session digest
 * differs from the one a majority of the nodes run (every node of the mesh
 * sees every digest, so all name the same one), makes the run void; a
 * connection that ends without a goodbye (a crash, a kill: seen at once as
 * EOF or reset), a node that never connected or was refused are failures,
 * reported after the frames it delivered. Set-up stops waiting as soon as a
 * connected node has failed or left, instead of waiting out the connect
 * timeout for nodes that can no longer make the run succeed.
 * </p>
 * <p>
 * Frames ({@link FramedConnection}): a 4-byte big-endian length L, then L bytes: a 4-byte length m of
 * the message, the message, and L - 4 - m zero bytes, so that every message of
 * a session has the same size on the wire ({@link #paddedSize}); lengths above
 * {@link #MAX_FRAME} (16 MiB), a bad m, non-zero padding or a connection that
 * ends inside a frame close the connection. The empty frame (length 0) is the transport's goodbye, sent by
 * {@link #close}: frames to a node that said goodbye are dropped silently (it
 * reads nothing more, and whatever it sent before, such as its ABORT, is
 * already queued), whereas a connection that ends without it (a crash, a
 * kill) makes later sends to that node fail. A message sent to a node whose
 * connection is still being set up fails like any send to an unconnected
 * node, but is also held: if that connection is confirmed after all (even
 * after {@link #close}, which waits up to {@value #SETUP_GRACE_MS} ms for
 * connections being set up), the held messages are written on it first, then
 * the goodbye; so a party that aborts before its last connection was confirmed
 * tells that peer why (its ABORT) instead of seeming to have crashed. A node
 * that could not be connected, refused, or broke its
 * connection is remembered with the reason: {@link #send} to it throws an
 * {@link IOException} carrying that reason, so the protocol aborts naming it.
 * Nothing is ever delivered from it afterwards; a silent node is caught by the
 * protocol's own hop timeouts.
 * </p>
 */
public final class TlsTransport implements Transport, Closeable {

	/** Largest frame accepted: 16 MiB, far above any secure-sum message of a sane session. */
	public static final int MAX_FRAME = 16 << 20;
	/** Hello of the connecting side, its version, and the accepting side's two answers. */
	private static final byte HELLO = 0x48, HELLO_VERSION = 1, CONFIRM = 0x4d, DUPLICATE = 0x44, GONE = 0x47;
	/** Hello: HELLO, HELLO_VERSION, the claimed node (4 bytes), the session digest (64 ASCII hex digits). */
	private static final int DIGEST_CHARS = Fingerprints.SHA256_DIGITS, HELLO_LENGTH = 2 + 4 + DIGEST_CHARS;
	private static final String PROTOCOL = TlsContexts.PROTOCOL;
	private static final long RETRY_MS = 100;
	private static final String SESSION = "the one the session file lists";
	/** At most this many unauthenticated handshakes at once; further connections are closed at once. */
	private static final int MAX_PENDING_HANDSHAKES = 16;
	/** Messages held for a node whose connection is still being set up (an abort sends one, a run a few). */
	private static final int MAX_HELD = 16;
	/** How long {@link #close} lets connections still being set up finish, so that they end with a goodbye. */
	private static final long SETUP_GRACE_MS = 2000;

	private final NetworkSession session;
	private final int self;
	private final int padTo;
	private final PartyCredentials credentials;
	private final BlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
	private final Connection[] connections;
	private final Map<Integer, String> problems = Collections.synchronizedMap(new LinkedHashMap<>());
	private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
	private final CountDownLatch allConnected;
	private final Set<Integer> departed = Collections.synchronizedSet(new HashSet<>());
	/**
	 * Nodes only known not to have connected before set-up stopped because of
	 * another party's failure: no evidence against them, so never blamed.
	 */
	private final Set<Integer> notReached = Collections.synchronizedSet(new HashSet<>());
	private final java.util.concurrent.Semaphore handshakes = new java.util.concurrent.Semaphore(
		MAX_PENDING_HANDSHAKES);
	private final java.util.concurrent.atomic.AtomicLong bytesSent = new java.util.concurrent.atomic.AtomicLong();
	private final java.util.concurrent.atomic.AtomicLong messagesSent = new java.util.concurrent.atomic.AtomicLong();
	/** Nodes that make the whole run void (running twice, another session), with the reason; found in set-up. */
	private final Map<Integer, String> conflicts = Collections.synchronizedMap(new LinkedHashMap<>());
	/** This session's digest and each peer's, as exchanged in the hellos (null: not connected). */
	private final String digest;
	private final String[] digests;
	/** Lower nodes a connection has been accepted from (a second one is a duplicate instance). */
	private final boolean[] claimed;
	/**
	 * Messages sent to a node before its connection was registered (guarded by
	 * {@code connections}): written first if it is registered after all, even
	 * once this transport is closed, so that a party that aborts while a
	 * connection is still being set up tells that peer why before its goodbye.
	 */
	private final Map<Integer, List<byte[]>> held = new java.util.HashMap<>();
	/** Connections past the TCP connect and not yet registered or given up (guarded by itself). */
	private final int[] settingUp = new int[1];
	private volatile boolean closed;
	/** Set-up is over; or it cannot succeed any more (a peer failed or left), so it stops waiting. */
	private volatile boolean setupOver, setupBroken;
	private ServerSocket server;

	private TlsTransport(final NetworkSession session, final int self, final PartyCredentials credentials,
		final long laterValueBytes)
	{
		this.session = session;
		this.self = self;
		this.credentials = credentials;
		this.connections = new Connection[session.nodes().size()];
		this.padTo = paddedSize(session, laterValueBytes);
		this.allConnected = new CountDownLatch(session.nodes().size() - 1);
		this.digest = fullDigest(session);
		this.digests = new String[session.nodes().size()];
		this.digests[self] = digest;
		this.claimed = new boolean[session.nodes().size()];
	}

	/** SHA-256 of the session's canonical text, 64 hex digits: {@link NetworkSession#digest()}, compared whole. */
	static String fullDigest(final NetworkSession session) {
		return session.digest();
	}

	/**
	 * Listens on this node's port and connects to every other node, waiting until
	 * all are connected or the session's connect timeout has passed. Nodes not
	 * connected by then are listed in {@link #problems()}; the transport is
	 * returned anyway and sending to them fails.
	 */
	public static TlsTransport open(final NetworkSession session, final int self, final PartyCredentials credentials)
		throws IOException, InterruptedException
	{
		return open(session, self, credentials, Progress.NONE);
	}

	/**
	 * As {@link #open(NetworkSession, int, PartyCredentials)}, telling {@code progress}
	 * which nodes it still waits for; if the user cancels, set-up stops and
	 * {@link java.util.concurrent.CancellationException} is thrown.
	 */
	public static TlsTransport open(final NetworkSession session, final int self, final PartyCredentials credentials,
		final Progress progress) throws IOException, InterruptedException
	{
		return open(session, self, credentials, progress, 0);
	}

	/**
	 * As {@link #open(NetworkSession, int, PartyCredentials, Progress)} for a
	 * session whose later sums (an application's, after the session's first sum)
	 * may send messages with up to {@code laterValueBytes} bytes of values
	 * ({@link #valueBytes}): every message is padded to the largest size.
	 */
	public static TlsTransport open(final NetworkSession session, final int self, final PartyCredentials credentials,
		final Progress progress, final long laterValueBytes) throws IOException, InterruptedException
	{
		if (self < 0 || self >= session.nodes().size()) throw new IllegalArgumentException("no node " + self);
		final String own = credentials.fingerprint();
		if (!own.equals(session.node(self).fingerprint())) {
			throw new IOException("this keystore's certificate (SHA-256 " + own + ") is not the one the session lists for " +
				session.node(self).describe() + " (" + session.node(self).fingerprint() + ")");
		}
		final TlsTransport transport = new TlsTransport(session, self, credentials, laterValueBytes);
		try {
			transport.start(progress);
		}
		catch (final IOException | RuntimeException | InterruptedException e) {
			transport.close();
			throw e;
		}
		return transport;
	}

	private void start(final Progress progress) throws IOException, InterruptedException {
		final long deadline = System.nanoTime() + session.connectTimeout().toNanos();
		final Set<String> lower = new HashSet<>();
		for (int j = 0; j < self; j++) lower.add(session.node(j).fingerprint());
		if (self > 0) {
			final SSLContext context = context(new PinningTrustManager(lower, SESSION));
			final SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
			listener.setReuseAddress(true);
			listener.bind(new InetSocketAddress(session.node(self).port()), 64);
			configure(listener);
			server = listener;
			daemon("accept", () -> acceptLoop(listener, deadline));
		}
		for (int j = self + 1; j < connections.length; j++) {
			final int node = j;
			daemon("connect-" + node, () -> connectLoop(node, deadline));
		}
		final int peers = connections.length - 1;
		while (!allConnected.await(Math.max(0, Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(
			100))), TimeUnit.NANOSECONDS) && deadline - System.nanoTime() > 0 && !setupBroken)
		{
			progress.checkCanceled();
			progress.report("connecting: waiting for " + missing(), peers - allConnected.getCount(), peers);
		}
		synchronized (connections) {
			setupOver = true;
			for (int j = 0; j < connections.length; j++) {
				if (j != self && connections[j] == null && !problems.containsKey(j)) {
					if (setupBroken) notReached.add(j);
					problems.put(j, setupBroken ? "had not connected when set-up stopped (another party had failed)"
						: "did not connect within " + session.connectTimeout().toMillis() + " ms");
				}
			}
		}
		checkSessions();
		// Set-up is over: accept nobody else (a connection is shared by both its ends, so every node
		// that still had to connect to us either has or is reported above).
		if (server != null) quietClose(server);
	}

	/** The nodes not connected yet, e.g. "lab 2 (hospital-b), lab 3 (hospital-c)". */
	private String missing() {
		final StringBuilder s = new StringBuilder();
		synchronized (connections) {
			for (int j = 0; j < connections.length; j++) {
				if (j != self && connections[j] == null && !problems.containsKey(j)) {
					s.append(s.length() == 0 ? "" : ", ").append(session.node(j).describe());
				}
			}
		}
		return s.toString();
	}

	private static void configure(final SSLServerSocket listener) {
		listener.setEnabledProtocols(new String[] { PROTOCOL });
		listener.setNeedClientAuth(true);
	}

	private void acceptLoop(final ServerSocket listener, final long deadline) {
		while (!closed) {
			final Socket raw;
			try {
				raw = listener.accept();
			}
			catch (final IOException e) {
				return;
			}
			if (!handshakes.tryAcquire()) {
				quietClose(raw);
				continue;
			}
			sockets.add(raw);
			daemon("handshake", () -> {
				try {
					acceptOne((SSLSocket) raw, deadline);
				}
				finally {
					handshakes.release();
				}
			});
		}
	}

	private void acceptOne(final SSLSocket socket, final long deadline) {
		settingUp(1);
		try {
			socket.setSoTimeout((int) Math.max(1000, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(
				deadline - System.nanoTime()))));
			socket.startHandshake();
			final int node = nodeOf(socket.getSession().getPeerCertificates());
			if (node < 0 || node >= self) throw new IOException("unexpected peer");
			final byte[] hello = new byte[HELLO_LENGTH];
			new java.io.DataInputStream(socket.getInputStream()).readFully(hello);
			final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(hello);
			final String theirs = new String(hello, 6, DIGEST_CHARS, java.nio.charset.StandardCharsets.US_ASCII);
			if (b.get() != HELLO || b.get() != HELLO_VERSION || !theirs.matches("[0-9a-f]{64}")) throw new IOException(
				"not a MedCrypt secure-sum hello");
			final int claims = b.getInt();
			final boolean duplicate, gone;
			synchronized (connections) {
				// Closed with nothing to tell it: it learns at once that we stopped. Closed with messages held
				// for it (our ABORT): confirmed, so that register writes them before the goodbye.
				gone = closed && !held.containsKey(node);
				duplicate = claimed[node] || connections[node] != null;
				claimed[node] = true;
			}
			socket.getOutputStream().write(gone ? GONE : duplicate ? DUPLICATE : CONFIRM);
			socket.getOutputStream().write(digest.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			if (gone) {
				quietClose(socket);
				return;
			}
			if (duplicate) {
				conflict(node, "runs twice: a second connection authenticated by its certificate arrived from " + socket
					.getInetAddress().getHostAddress() + (claims == node ? "" : " (claiming to be " + Nodes.name(claims) +
						", so under another session file)") + " while the first was open; stop the extra instance " +
					"(two processes with one keystore) and start again");
				quietClose(socket);
				return;
			}
			digests[node] = theirs;
			register(new Connection(node, socket));
		}
		catch (final IOException e) {
			// A refused or failed handshake names no node we could trust; the node that should have
			// connected is reported at the deadline, and the refused fingerprint is logged here.
			quietClose(socket);
		}
		finally {
			settingUp(-1);
		}
	}

	/** Counts connections being set up; {@link #close} waits for the count to reach 0. */
	private void settingUp(final int change) {
		synchronized (settingUp) {
			settingUp[0] += change;
			settingUp.notifyAll();
		}
	}

	private void connectLoop(final int node, final long deadline) {
		final NetworkSession.Node peer = session.node(node);
		final PinningTrustManager trust = new PinningTrustManager(Collections.singleton(peer.fingerprint()), SESSION);
		while (!closed) {
			final long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (left <= 0) return;
			SSLSocket socket = null;
			boolean counted = false;
			final Socket plain = new Socket();
			sockets.add(plain);
			try {
				final SSLContext context = context(trust);
				plain.connect(new InetSocketAddress(peer.host(), peer.port()), (int) Math.min(left, Integer.MAX_VALUE));
				settingUp(1);
				counted = true;
				socket = (SSLSocket) context.getSocketFactory().createSocket(plain, peer.host(), peer.port(), true);
				sockets.add(socket);
				socket.setEnabledProtocols(new String[] { PROTOCOL });
				socket.setUseClientMode(true);
				socket.setSoTimeout((int) Math.max(1000, Math.min(left, Integer.MAX_VALUE)));
				socket.startHandshake();
				if (nodeOf(socket.getSession().getPeerCertificates()) != node) throw new SSLException("wrong peer");
				socket.getOutputStream().write(hello(digest, self));
				socket.getOutputStream().flush();
				final java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
				final int answer = in.read();
				if (answer != CONFIRM && answer != DUPLICATE && answer != GONE) throw new SSLException(
					"no confirmation");
				final byte[] theirs = new byte[DIGEST_CHARS];
				in.readFully(theirs);
				if (answer == GONE) {
					// It aborted (or finished) before we reached it: its ABORT went to those it was connected to.
					departed.add(node);
					problems.put(node, "had already stopped (finished or aborted) when we connected");
					setupBroken = true;
					allConnected.countDown();
					quietClose(socket);
					return;
				}
				if (answer == DUPLICATE) {
					problems.put(node, "already has a connection from another instance of " + Nodes.name(self));
					conflict(self, "runs twice: " + peer.describe() + " already has a connection from another instance " +
						"of it (two processes with one keystore); stop the extra instance and start again");
					allConnected.countDown();
					quietClose(socket);
					return;
				}
				digests[node] = new String(theirs, java.nio.charset.StandardCharsets.US_ASCII);
				register(new Connection(node, socket));
				return;
			}
			catch (final ConnectException | SocketTimeoutException e) {
				quietClose(socket);
				quietClose(plain);
				sockets.remove(plain);
				sockets.remove(socket);
				sleep(RETRY_MS);
			}
			catch (final IOException e) {
				quietClose(socket);
				quietClose(plain);
				if (closed) return;
				if (trust.refused() != null) {
					problems.put(node, "presented a certificate (SHA-256 " + trust.refused() +
						") that is not the one the session file lists for it");
					setupBroken = true;
					allConnected.countDown();
					return;
				}
				if (e instanceof SSLException || e instanceof EOFException) {
					problems.put(node, "refused our certificate or the TLS handshake (" + e.getMessage() + ")");
					setupBroken = true;
					allConnected.countDown();
					return;
				}
				sleep(RETRY_MS);
			}
			finally {
				if (counted) settingUp(-1);
			}
		}
	}

	private void register(final Connection c) {
		synchronized (connections) {
			if (connections[c.node] != null) {
				c.goodbye();
				quietClose(c.socket);
				return;
			}
			// What we sent it while it connected comes first (in order: later sends wait for this lock).
			final List<byte[]> early = held.remove(c.node);
			try {
				if (early != null) {
					for (final byte[] message : early) c.send(message);
				}
			}
			catch (final IOException e) {
				return; // c.send recorded the failure
			}
			if (closed) {
				// Confirmed but too late: say goodbye, so the peer sees a departure and not a crash.
				c.goodbye();
				quietClose(c.socket);
				return;
			}
			connections[c.node] = c;
			problems.remove(c.node);
		}
		daemon("read-" + c.node, c::readLoop);
		allConnected.countDown();
	}

	/** The connecting side's hello: who it is (by its session) and the digest of the session it runs. */
	static byte[] hello(final String sessionDigest, final int node) {
		return java.nio.ByteBuffer.allocate(HELLO_LENGTH).put(HELLO).put(HELLO_VERSION).putInt(node).put(sessionDigest
			.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).array();
	}

	/**
	 * Records a node that makes the run void. Set-up still waits for the other
	 * connections, so that every node can be told (ABORT) and every node sees
	 * every session digest.
	 */
	private void conflict(final int node, final String reason) {
		conflicts.putIfAbsent(node, reason);
	}

	/**
	 * Compares the session digests of every connected node (own included): a
	 * node whose digest differs from the one a majority runs is a conflict
	 * (e.g. a lab that edited its pixel cap). Every node of a full mesh sees the
	 * same digests, so all name the same node.
	 */
	private void checkSessions() {
		final Map<String, Integer> counts = new LinkedHashMap<>();
		int known = 0;
		for (final String d : digests) {
			if (d == null) continue;
			known++;
			counts.merge(d, 1, Integer::sum);
		}
		if (counts.size() <= 1) return;
		String majority = null;
		for (final Map.Entry<String, Integer> e : counts.entrySet()) {
			if (2 * e.getValue() > known) majority = e.getKey();
		}
		for (int j = 0; j < digests.length; j++) {
			if (digests[j] == null || majority != null && Fingerprints.sameSha256(digests[j], majority)) continue;
			final String by = majority == null ? "the parties disagree and no session is run by a majority; yours " +
				"is " + Fingerprints.grouped(digest) : counts.get(majority) + " of " + known + " parties run " +
					Fingerprints.grouped(majority);
			conflict(majority == null ? Nodes.NOBODY : j, "runs another session file " +
				"(check value " + Fingerprints.grouped(digests[j]) + "; " + by + "): every party " +
				"needs a byte-identical copy of the researcher's session file");
			return;
		}
	}

	/**
	 * The first node that makes the run void (runs twice, runs another
	 * session), else the first that failed (crashed, never connected, refused),
	 * once every frame it delivered has been received; {@code null} if none.
	 * Nodes that said goodbye are not failures. A node that merely had not
	 * connected when set-up stopped over another party's failure is never
	 * blamed: if that other party left before telling this one why (it aborted
	 * before reaching us), the failure is an unidentified party's.
	 */
	private java.util.List<String> notReachedNames() {
		final java.util.List<String> names = new java.util.ArrayList<>();
		synchronized (notReached) {
			for (final int j : new java.util.TreeSet<>(notReached)) names.add(session.node(j).describe());
		}
		return names;
	}

	@Override
	public Failure failure() {
		synchronized (conflicts) {
			for (final Map.Entry<Integer, String> e : conflicts.entrySet()) return new Failure(e.getKey(), e.getValue());
		}
		Failure first = null;
		synchronized (problems) {
			for (final Map.Entry<Integer, String> e : problems.entrySet()) {
				if (!departed.contains(e.getKey()) && !notReached.contains(e.getKey())) {
					first = new Failure(e.getKey(), e.getValue());
					break;
				}
			}
			if (first == null && !notReached.isEmpty()) {
				first = new Failure(Nodes.NOBODY, "set-up stopped because a party failed or left before telling " +
					Nodes.name(self) + " why (" + String.join(", ", notReachedNames()) + " had not connected yet); " +
					"the other parties' messages name it");
			}
		}
		// A reader records the failure after queueing the node's last frame: those frames come first.
		return first != null && inbox.isEmpty() ? first : null;
	}

	/** The session node whose pinned certificate this is, or -1. */
	private int nodeOf(final Certificate[] chain) {
		if (chain.length == 0 || !(chain[0] instanceof X509Certificate)) return -1;
		final NetworkSession.Node n = session.byFingerprint(Fingerprints.of((X509Certificate) chain[0]));
		return n == null || n.id() == self ? -1 : n.id();
	}

	private SSLContext context(final TrustManager trust) throws IOException {
		return TlsContexts.create(credentials, trust);
	}

	/**
	 * The size every message is padded to: the largest secure-sum message of this
	 * session (26-byte header, 2 + 1024 bytes of note, 4-byte count, and per value
	 * 4 bytes of length plus a residue mod M), capped at {@link #MAX_FRAME} - 4.
	 * Later sums of an application may need more ({@code laterValueBytes}; for
	 * Algorithm 1 the second sum's modulus depends on the published mean).
	 */
	public static int paddedSize(final NetworkSession session, final long laterValueBytes) {
		final long values = Math.max(valueBytes(session.sum().domain(), session.sum().domain().width()),
			laterValueBytes);
		return (int) Math.min(26 + 2 + 1024 + 4 + values, MAX_FRAME - 4);
	}

	/** Bytes that {@code count} values of {@code domain} take in a message: length and residue each. */
	public static long valueBytes(final SumDomain domain, final int count) {
		return count * (4L + domain.modulus().bitLength() / 8 + 1);
	}

	/** Bytes of messages this node has written to its connections: frame headers, messages and padding, before TLS. */
	public long bytesSent() {
		return bytesSent.get();
	}

	/** Messages this node has sent (goodbyes not counted). */
	public long messagesSent() {
		return messagesSent.get();
	}

	@Override
	public int self() {
		return self;
	}

	@Override
	public void send(final int to, final byte[] frame) throws IOException {
		if (to < 0 || to >= connections.length || to == self) throw new IOException("no node " + to + " to send to");
		if (frame.length == 0) throw new IOException("empty frames are reserved");
		if (frame.length > MAX_FRAME - 4) throw new IOException("frame of " + frame.length + " bytes exceeds " +
			MAX_FRAME);
		final Connection c;
		synchronized (connections) {
			c = connections[to];
			if (c == null && !departed.contains(to)) {
				final List<byte[]> queue = held.computeIfAbsent(to, k -> new ArrayList<>());
				if (queue.size() < MAX_HELD) queue.add(frame.clone());
			}
		}
		if (c == null) {
			// A node that said goodbye reads nothing more; anything it sent before (e.g. its ABORT) is
			// already in our inbox, so dropping the frame is exactly what delivering it would achieve.
			if (departed.contains(to)) return;
			throw new IOException(describeProblem(to));
		}
		c.send(frame);
	}

	@Override
	public Frame receive(final Duration timeout) throws InterruptedException {
		return inbox.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
	}

	/** Nodes that are not (or no longer) connected or make the run void, with the reason; empty if none. */
	public Map<Integer, String> problems() {
		final Map<Integer, String> all = new LinkedHashMap<>();
		synchronized (conflicts) {
			all.putAll(conflicts);
		}
		synchronized (problems) {
			for (final Map.Entry<Integer, String> e : problems.entrySet()) all.putIfAbsent(e.getKey(), e.getValue());
		}
		return all;
	}

	private String describeProblem(final int node) {
		final String problem = problems.get(node);
		return session.node(node).describe() + " at " + session.node(node).host() + ":" + session.node(node).port() +
			" " + (problem == null ? "is not connected" : problem);
	}

	@Override
	public void awaitOthersLeft(final Duration max) throws InterruptedException {
		final long deadline = System.nanoTime() + max.toNanos();
		for (;;) {
			boolean all = true;
			for (int j = 0; j < connections.length && all; j++) {
				all = j == self || departed.contains(j) || problems.containsKey(j);
			}
			if (all || System.nanoTime() - deadline >= 0) return;
			TimeUnit.MILLISECONDS.sleep(50);
		}
	}

	/** Closes every connection (TLS close_notify) and the listening socket. */
	@Override
	public void close() {
		closed = true;
		if (server != null) quietClose(server);
		// A connection still being set up ends with what was held for it and a goodbye (register), not with
		// its socket closed under it: the peer would blame us for a crash instead of reading our ABORT.
		final long setups = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETUP_GRACE_MS);
		synchronized (settingUp) {
			for (long left = setups - System.nanoTime(); settingUp[0] > 0 && left > 0; left = setups - System
				.nanoTime())
			{
				try {
					TimeUnit.NANOSECONDS.timedWait(settingUp, left);
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		final List<Connection> open = new ArrayList<>();
		synchronized (connections) {
			for (final Connection c : connections) {
				if (c != null) open.add(c);
			}
		}
		for (final Connection c : open) c.goodbye();
		// Give the peers a moment to say goodbye too: closing an SSLSocket while its reader is
		// blocked makes the JDK wait for the read to end.
		final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
		for (final Connection c : open) {
			try {
				c.readerDone.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		for (final Connection c : open) quietClose(c.socket);
		synchronized (sockets) {
			for (final Socket s : sockets) quietClose(s);
		}
	}

	/** One peer's link: its frames ({@link FramedConnection}, no read timeout: the protocol has hop timeouts). */
	private final class Connection {

		final int node;
		final SSLSocket socket;
		final FramedConnection frames;
		final CountDownLatch readerDone = new CountDownLatch(1);

		Connection(final int node, final SSLSocket socket) throws IOException {
			this.node = node;
			this.socket = socket;
			this.frames = new FramedConnection(socket, MAX_FRAME, 0);
		}

		/** Sends {@code message} padded: its length m, the message, zero bytes up to the session's padded size. */
		void send(final byte[] message) throws IOException {
			final int padded = Math.max(message.length, padTo);
			final byte[] frame = new byte[4 + padded];
			java.nio.ByteBuffer.wrap(frame).putInt(message.length).put(message);
			try {
				bytesSent.addAndGet(frames.send(frame));
				messagesSent.incrementAndGet();
			}
			catch (final IOException e) {
				fail("could not be sent to (" + e.getMessage() + ")");
				throw new IOException(describeProblem(node), e);
			}
		}

		/** The empty frame: this end closes deliberately (a message is never empty). */
		void goodbye() {
			try {
				frames.send(new byte[0]);
			}
			catch (final IOException e) {
				// the peer is gone already
			}
		}

		void readLoop() {
			try {
				readFrames();
			}
			finally {
				readerDone.countDown();
			}
		}

		private void readFrames() {
			try {
				// Also once closed, until the peer's goodbye or the socket's close: a socket closed with unread
				// data is reset, and a reset may destroy what we wrote last (our ABORT, our goodbye) unread.
				while (true) {
					final byte[] bytes;
					try {
						bytes = frames.receive();
					}
					catch (final FramedConnection.TruncatedFrameException e) {
						fail("closed the connection in the middle of a frame");
						return;
					}
					catch (final EOFException e) {
						fail("closed the connection without saying goodbye (crashed or killed?)");
						return;
					}
					catch (final FramedConnection.OversizedFrameException e) {
						fail("sent a frame of " + (e.length() & 0xffffffffL) + " bytes (limit " + MAX_FRAME +
							"); connection closed");
						return;
					}
					final int length = bytes.length;
					if (length == 0) {
						departed.add(node);
						fail("has closed its end (finished or aborted)");
						return;
					}
					final int inner = length < 4 ? -1 : java.nio.ByteBuffer.wrap(bytes).getInt();
					if (inner <= 0 || inner > length - 4 || !zero(bytes, 4 + inner)) {
						fail("sent a malformed frame (bad inner length or non-zero padding); connection closed");
						return;
					}
					inbox.add(new Frame(node, java.util.Arrays.copyOfRange(bytes, 4, 4 + inner)));
				}
			}
			catch (final IOException e) {
				fail("broke the connection (" + e.getMessage() + ")");
			}
		}

		private void fail(final String reason) {
			synchronized (connections) {
				if (connections[node] == this) connections[node] = null;
				if (!closed) problems.put(node, reason);
				if (!setupOver) setupBroken = true;
			}
			quietClose(socket);
		}
	}

	private static boolean zero(final byte[] bytes, final int from) {
		int acc = 0;
		for (int i = from; i < bytes.length; i++) acc |= bytes[i];
		return acc == 0;
	}

	private static void daemon(final String name, final Runnable body) {
		final Thread t = new Thread(body, "medcrypt-tls-" + name);
		t.setDaemon(true);
		t.start();
	}

	private static void sleep(final long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void quietClose(final Closeable c) {
		if (c == null) return;
		try {
			c.close();
		}
		catch (final IOException e) {
			// closing anyway
		}
	}

}
