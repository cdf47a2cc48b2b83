package org.medcrypt.securesum;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs several secure sums one after the other over one {@link Transport}: a
 * faster party may already send messages of the next sum while this one still
 * waits for the previous result, so frames of the other announced sessions
 * are held back until their session is run. Frames of unannounced sessions
 * pass through, and the runner rejects them. For one party's thread only.
 */
public final class SessionMailbox {

	/** Where the session id sits in every frame (see {@link Message}). */
	private static final int SESSION_OFFSET = 6;

	private final Transport transport;
	private final Map<Long, Deque<Transport.Frame>> held = new HashMap<>();

	public SessionMailbox(final Transport transport, final long... sessions) {
		this.transport = transport;
		for (final long session : sessions) held.put(session, new ArrayDeque<>());
	}

	/** The transport as seen by the run of {@code session}, one of the announced ones. */
	public Transport session(final long session) {
		final Deque<Transport.Frame> mine = held.get(session);
		if (mine == null) throw new IllegalArgumentException("session " + Long.toHexString(session) + " not announced");
		return new Transport() {

			@Override
			public int self() {
				return transport.self();
			}

			@Override
			public void send(final int to, final byte[] frame) throws IOException {
				transport.send(to, frame);
			}

			@Override
			public Frame receive(final Duration timeout) throws IOException, InterruptedException {
				if (!mine.isEmpty()) return mine.poll();
				final long deadline = System.nanoTime() + timeout.toNanos();
				while (true) {
					final Frame frame = transport.receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
					if (frame == null) return null;
					final Deque<Frame> other = frameSession(frame);
					if (other == null || other == mine) return frame;
					other.add(frame);
				}
			}

			@Override
			public void awaitOthersLeft(final Duration max) throws InterruptedException {
				transport.awaitOthersLeft(max);
			}

			/** Frames of this session held back are received before a failure is reported. */
			@Override
			public Failure failure() {
				return mine.isEmpty() ? transport.failure() : null;
			}
		};
	}

	private Deque<Transport.Frame> frameSession(final Transport.Frame frame) {
		final byte[] bytes = frame.bytes();
		if (bytes.length < SESSION_OFFSET + Long.BYTES) return null;
		return held.get(ByteBuffer.wrap(bytes, SESSION_OFFSET, Long.BYTES).getLong());
	}
}
