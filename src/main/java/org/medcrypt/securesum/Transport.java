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
