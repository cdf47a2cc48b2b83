package org.medcrypt.retrieval.net;

import java.io.Closeable;

import org.medcrypt.io.MedCryptException;

/** A two-way, ordered message link between the server and the key holder. */
public interface MessageChannel extends Closeable {

	void send(RetrievalMessage message) throws MedCryptException;

	/** The next message; fails with a clear message on timeout, a dropped link or garbage. */
	RetrievalMessage receive() throws MedCryptException;

	/**
	 * How long the following receives wait for the peer to begin a message,
	 * e.g. longer once it is authenticated and may compute between messages;
	 * a channel with a single timeout of its own ignores it.
	 */
	default void awaitNextFor(final int millis) {}

	/** Who is at the other end, for messages. */
	String peer();

	@Override
	void close();
}
