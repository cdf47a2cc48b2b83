package org.medcrypt.securesum;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A network of the researcher (node 0) and {@code labs} labs inside one JVM:
 * one unbounded queue per node, for parties running on separate threads.
 * Frames are copied, so parties share no state. An {@link Interceptor} sees
 * every frame in flight, for tests that drop, corrupt or inject messages.
 */
public final class InMemoryNetwork {

	/** Sees each frame in flight; returns the frame to deliver, or {@code null} to drop it. */
	@FunctionalInterface
	public interface Interceptor {
		byte[] onSend(int from, int to, byte[] frame);
	}

	private final List<BlockingQueue<Transport.Frame>> inboxes = new ArrayList<>();
	private final Interceptor interceptor;

	public InMemoryNetwork(final int labs) {
		this(labs, (from, to, frame) -> frame);
	}

	public InMemoryNetwork(final int labs, final Interceptor interceptor) {
		for (int node = 0; node <= labs; node++) inboxes.add(new LinkedBlockingQueue<>());
		this.interceptor = interceptor;
	}

	/** The end of node {@code node}; give each to exactly one party. */
	public Transport endpoint(final int node) {
		if (node < 0 || node >= inboxes.size()) throw new IllegalArgumentException("no node " + node);
		return new Endpoint(node);
	}

	/** Delivers a frame as if {@code from} had sent it, bypassing the interceptor (for fault injection). */
	public void inject(final int from, final int to, final byte[] frame) {
		inboxes.get(to).add(new Transport.Frame(from, frame));
	}

	private final class Endpoint implements Transport {

		private final int self;

		Endpoint(final int self) {
			this.self = self;
		}

		@Override
		public int self() {
			return self;
		}

		@Override
		public void send(final int to, final byte[] frame) throws IOException {
			if (to < 0 || to >= inboxes.size() || to == self) throw new IOException("no node " + to + " to send to");
			final byte[] delivered = interceptor.onSend(self, to, frame.clone());
			if (delivered != null) inboxes.get(to).add(new Frame(self, delivered));
		}

		@Override
		public Frame receive(final Duration timeout) throws InterruptedException {
			return inboxes.get(self).poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
		}
	}
}
