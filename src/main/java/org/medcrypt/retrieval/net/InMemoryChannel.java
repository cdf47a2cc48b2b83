package org.medcrypt.retrieval.net;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;

/**
 * Both roles in one process (a single user in Fiji). Messages still travel as
 * bytes, so the protocol is exactly the network one.
 */
public final class InMemoryChannel implements MessageChannel {

	private static final byte[] CLOSED = new byte[0];

	private final BlockingQueue<byte[]> in, out;
	private final String peer;
	private final long timeoutMillis;
	private volatile boolean closed;

	private InMemoryChannel(final BlockingQueue<byte[]> in, final BlockingQueue<byte[]> out, final String peer,
		final long timeoutMillis)
	{
		this.in = in;
		this.out = out;
		this.peer = peer;
		this.timeoutMillis = timeoutMillis;
	}

	/** Two connected ends: [key holder's end, server's end]. */
	public static InMemoryChannel[] pair(final long timeoutMillis) {
		final BlockingQueue<byte[]> a = new LinkedBlockingQueue<>(), b = new LinkedBlockingQueue<>();
		return new InMemoryChannel[] { new InMemoryChannel(a, b, "the local server", timeoutMillis),
			new InMemoryChannel(b, a, "the local key holder", timeoutMillis) };
	}

	@Override
	public void send(final RetrievalMessage message) throws MedCryptException {
		if (closed) throw new PeerFailureException("The link to " + peer + " is closed.");
		out.add(message.toBytes());
	}

	@Override
	public RetrievalMessage receive() throws MedCryptException {
		final byte[] bytes;
		try {
			bytes = in.poll(timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new MedCryptException("Interrupted while waiting for " + peer + ".", e);
		}
		if (bytes == null) throw new PeerFailureException(peer + " did not answer within " + timeoutMillis / 1000 +
			" s.");
		if (bytes == CLOSED) {
			in.add(CLOSED);
			throw new PeerFailureException("The link to " + peer + " was closed.");
		}
		return RetrievalMessage.parse(bytes);
	}

	@Override
	public String peer() {
		return peer;
	}

	@Override
	public void close() {
		if (!closed) {
			closed = true;
			out.add(CLOSED);
		}
	}
}
