package org.medcrypt.retrieval.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Admits the store server's connections so that idle, slow or hostile
 * clients cannot lock key holders out (issue 14: sixteen TCP connections that
 * sent nothing used to hold every TLS handshake slot).
 * <ul>
 * <li>One thread accepts every connection and, with a {@link Selector}, waits
 * for its first bytes without a thread of its own: a connection that sends
 * nothing costs a socket, never a thread, and is closed when its handshake
 * deadline ({@link RetrievalServer.Limits#handshakeMillis}, counted from
 * accept) passes.</li>
 * <li>Only connections that have spoken go to the bounded pool of handshake
 * threads ({@link RetrievalServer.Limits#handshakeThreads}); the deadline
 * still holds there (the same thread closes a handshake that dribbles).</li>
 * <li>Connections are capped in total and per remote address. When a cap is
 * reached, the oldest connection that is not yet authenticated (from that
 * address, for the per-address cap) is dropped to make room; if every
 * connection is authenticated the newcomer is refused. So unauthenticated
 * clients wait or are dropped, authenticated key holders are served.</li>
 * </ul>
 * Drops and refusals are logged as counts every few seconds, so a flood does
 * not flood the log.
 */
final class ConnectionGate {

	/** How often deadlines are checked. */
	private static final long TICK_MILLIS = 100;
	/** How often the counts of dropped and refused connections are logged, if any. */
	private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final ServerSocketChannel server;
	private final Selector selector;
	private final RetrievalServer.Limits limits;
	private final Consumer<String> log;
	private final Consumer<Connection> authenticate;
	private final ThreadPoolExecutor handshakes;
	/** Open connections, oldest first; guarded by itself, with {@link #perAddress}. */
	private final LinkedHashSet<Connection> open = new LinkedHashSet<>();
	private final Map<InetAddress, Integer> perAddress = new HashMap<>();
	private final AtomicInteger timedOut = new AtomicInteger(), evicted = new AtomicInteger(), refused =
		new AtomicInteger();
	private long lastReport = System.nanoTime();

	/**
	 * Starts admitting connections on {@code server} (bound); hands each that
	 * has sent its first bytes, in blocking mode, to {@code authenticate} on a
	 * handshake thread, which must mark it {@link Connection#authenticated()}
	 * or close it.
	 */
	static ConnectionGate start(final ServerSocketChannel server, final RetrievalServer.Limits limits,
		final Consumer<String> log, final Consumer<Connection> authenticate) throws IOException
	{
		final ConnectionGate gate = new ConnectionGate(server, limits, log, authenticate);
		final Thread thread = new Thread(gate::run, "medcrypt-retrieval-server");
		thread.setDaemon(true);
		thread.start();
		return gate;
	}

	private ConnectionGate(final ServerSocketChannel server, final RetrievalServer.Limits limits,
		final Consumer<String> log, final Consumer<Connection> authenticate) throws IOException
	{
		this.server = server;
		this.limits = limits;
		this.log = log;
		this.authenticate = authenticate;
		this.selector = Selector.open();
		final AtomicInteger threads = new AtomicInteger();
		this.handshakes = new ThreadPoolExecutor(limits.handshakeThreads, limits.handshakeThreads, 0,
			TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
				final Thread t = new Thread(r, "medcrypt-retrieval-handshake-" + threads.incrementAndGet());
				t.setDaemon(true);
				return t;
			});
		server.configureBlocking(false);
		server.register(selector, SelectionKey.OP_ACCEPT);
	}

	/** One connection, from accept to close. */
	final class Connection {

		private final SocketChannel channel;
		final InetAddress address;
		private final long deadline;
		private volatile boolean authenticated, closed;

		private Connection(final SocketChannel channel, final InetAddress address) {
			this.channel = channel;
			this.address = address;
			this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.handshakeMillis);
		}

		/** The socket, in blocking mode once handed to the handshake. */
		Socket socket() {
			return channel.socket();
		}

		/** What remains of the handshake deadline, at least 1 ms (0 would mean no timeout). */
		int remainingMillis() {
			return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
		}

		/** The peer proved who it is: from now on it is never dropped to make room, nor at the deadline. */
		void authenticated() {
			authenticated = true;
		}

		boolean isClosed() {
			return closed;
		}

		/** Closes the socket (if a session has not already) and frees the connection's place. */
		void close() {
			synchronized (open) {
				if (closed) return;
				closed = true;
				open.remove(this);
				perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
			}
			try {
				channel.close();
			}
			catch (final IOException ignored) {
				// nothing more to do
			}
		}
	}

	private void run() {
		final List<Connection> spoke = new ArrayList<>();
		try {
			while (server.isOpen()) {
				selector.select(TICK_MILLIS);
				for (final Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
					final SelectionKey key = it.next();
					it.remove();
					if (!key.isValid()) continue;
					if (key.isAcceptable()) acceptAll();
					else if (key.isReadable()) {
						key.cancel();
						spoke.add((Connection) key.attachment());
					}
				}
				if (!spoke.isEmpty()) {
					selector.selectNow(); // completes the cancellations, so the channels may block again
					for (final Connection c : spoke) handOver(c);
					spoke.clear();
				}
				reap();
			}
		}
		catch (final IOException | ClosedSelectorException e) {
			if (server.isOpen()) log.accept("the server stopped accepting connections: " + e.getMessage());
		}
		finally {
			try {
				selector.close();
			}
			catch (final IOException ignored) {
				// nothing more to do
			}
			handshakes.shutdownNow();
			final List<Connection> waiting;
			synchronized (open) {
				waiting = new ArrayList<>(open);
			}
			for (final Connection c : waiting) if (!c.authenticated) c.close();
		}
	}

	/** Accepts what is pending; a failure (e.g. out of file descriptors) is logged and retried at the next tick. */
	private void acceptAll() {
		while (true) {
			SocketChannel channel = null;
			final Connection c;
			try {
				channel = server.accept();
				if (channel == null) return;
				c = new Connection(channel, ((InetSocketAddress) channel.getRemoteAddress()).getAddress());
			}
			catch (final IOException e) {
				if (channel != null) quietClose(channel);
				if (server.isOpen()) log.accept("accept failed: " + e.getMessage());
				return;
			}
			final Connection dropped;
			synchronized (open) {
				final boolean addressFull = perAddress.getOrDefault(c.address, 0) >= limits.maxPerAddress;
				final boolean full = addressFull || open.size() >= limits.maxConnections;
				dropped = full ? oldestUnauthenticated(addressFull ? c.address : null) : null;
				if (full && dropped == null) c.closed = true;
				else {
					open.add(c);
					perAddress.merge(c.address, 1, Integer::sum);
				}
			}
			if (dropped != null) {
				evicted.incrementAndGet();
				dropped.close();
			}
			if (c.closed) {
				refused.incrementAndGet();
				quietClose(channel);
				continue;
			}
			try {
				channel.configureBlocking(false);
				channel.register(selector, SelectionKey.OP_READ, c);
			}
			catch (final IOException | RuntimeException e) {
				c.close();
			}
		}
	}

	/** The oldest connection not yet authenticated (from {@code address}, unless null); guarded by {@link #open}. */
	private Connection oldestUnauthenticated(final InetAddress address) {
		for (final Connection c : open) {
			if (!c.authenticated && (address == null || address.equals(c.address))) return c;
		}
		return null;
	}

	private void handOver(final Connection c) {
		if (c.closed) return;
		try {
			c.channel.configureBlocking(true);
			handshakes.execute(() -> {
				if (c.closed) return;
				try {
					authenticate.accept(c);
				}
				catch (final RuntimeException e) {
					log.accept("could not start a session with " + c.address + ": " + e);
					c.close();
				}
			});
		}
		catch (final IOException | RuntimeException e) { // closed meanwhile, or the pool is shut down
			c.close();
		}
	}

	/** Closes the connections whose handshake deadline passed, and reports counts now and then. */
	private void reap() {
		final long now = System.nanoTime();
		final List<Connection> late = new ArrayList<>();
		synchronized (open) {
			for (final Connection c : open) if (!c.authenticated && now - c.deadline > 0) late.add(c);
		}
		for (final Connection c : late) {
			timedOut.incrementAndGet();
			c.close();
		}
		if (now - lastReport > REPORT_NANOS) {
			lastReport = now;
			final int t = timedOut.getAndSet(0), e = evicted.getAndSet(0), r = refused.getAndSet(0);
			if (t + e + r > 0) log.accept("dropped " + t + " connection(s) that did not authenticate within " +
				limits.handshakeMillis / 1000.0 + " s, " + e + " unauthenticated one(s) to make room; refused " + r +
				" over the caps (" + limits.maxConnections + " in all, " + limits.maxPerAddress + " per address)");
		}
	}

	private static void quietClose(final SocketChannel channel) {
		try {
			channel.close();
		}
		catch (final IOException ignored) {
			// nothing more to do
		}
	}
}
