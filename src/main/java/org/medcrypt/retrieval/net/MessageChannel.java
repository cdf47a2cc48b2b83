package org.medcrypt.retrieval.net;

import java.io.Closeable;

import org.medcrypt.io.MedCryptException;

/** A two-way, ordered message link between the server and the key holder. */
public interface MessageChannel extends Closeable {

	void send(RetrievalMessage message) throws MedCryptException;

	/** The next message; fails with a clear message on timeout, a dropped link or garbage. */
	RetrievalMessage receive() throws MedCryptException;

	/** Who is at the other end, for messages. */
	String peer();

	@Override
	void close();
}
