package org.medcrypt.securesum;

import java.io.IOException;
import java.time.Duration;

/**
 * One node's end of an authenticated network between the researcher and the
 * labs. Frames between two nodes arrive in the order sent (as over one TLS
 * connection); frames from different nodes may interleave. The sender of a
 * received frame must be authenticated by the transport (in-memory: by
 * construction; over TLS: by the peer certificate), never taken from the frame.
 */
public interface Transport {

	/** This node's number (0 = researcher, 1..k = labs). */
	int self();

	/** Sends one frame to {@code to}; throws if the node cannot be reached. */
	void send(int to, byte[] frame) throws IOException;

	/**
	 * The next frame from any node, or {@code null} if none arrived within
	 * {@code timeout}.
	 */
	Frame receive(Duration timeout) throws IOException, InterruptedException;

	/**
	 * A node this transport knows can no longer take part as the session says,
	 * and why; {@code null} while none is known. Over a network: a node whose
	 * connection ended without a goodbye (crashed, killed), that never
	 * connected, that runs twice, or that runs another session. Reported only
	 * once every frame that node delivered has been received, so an ABORT it
	 * sent before dying is read first. A node that said goodbye (finished or
	 * aborted) is no failure. In memory nothing fails: the default knows none.
	 */
	default Failure failure() {
		return null;
	}

	/**
	 * Waits at most {@code max} until every other node has left (said goodbye,
	 * failed, or could not be reached). A party that stops first on purpose (a
	 * lab's refusal) calls it after its ABORT, so that its own departure cannot
	 * cut short another party's connection set-up before that party has read
	 * why. In memory nobody needs the wait: returns at once.
	 */
	default void awaitOthersLeft(final Duration max) throws InterruptedException {}

	/** A node that failed and what it did, phrased to follow its name ("closed the connection without ..."). */
	final class Failure {

		private final int node;
		private final String reason;

		public Failure(final int node, final String reason) {
			this.node = node;
			this.reason = reason;
		}

		public int node() {
			return node;
		}

		public String reason() {
			return reason;
		}
	}

	/** A received frame and the authenticated node it came from. */
	final class Frame {

		private final int from;
		private final byte[] bytes;

		public Frame(final int from, final byte[] bytes) {
			this.from = from;
			this.bytes = bytes.clone();
		}

		public int from() {
			return from;
		}

		public byte[] bytes() {
			return bytes.clone();
		}
	}
}
