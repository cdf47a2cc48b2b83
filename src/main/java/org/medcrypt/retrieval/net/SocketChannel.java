package org.medcrypt.retrieval.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.medcrypt.io.MedCryptException;

/**
 * Messages over TCP, each framed as a 4-byte length and the message bytes.
 * Frames longer than {@link RetrievalMessage#MAX_BYTES} are refused before
 * anything is allocated.
 */
public final class SocketChannel implements MessageChannel {

	private final Socket socket;
	private final DataInputStream in;
	private final DataOutputStream out;
	private final String peer;

	public SocketChannel(final Socket socket, final int timeoutMillis) throws IOException {
		this.socket = socket;
		socket.setSoTimeout(timeoutMillis);
		socket.setTcpNoDelay(true);
		this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
		this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
		this.peer = socket.getRemoteSocketAddress().toString();
	}

	/** Connects to a server. */
	public static SocketChannel connect(final String host, final int port, final int timeoutMillis)
		throws MedCryptException
	{
		final Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(host, port), Math.min(timeoutMillis, 15_000));
			return new SocketChannel(socket, timeoutMillis);
		}
		catch (final IOException e) {
			try {
				socket.close();
			}
			catch (final IOException ignored) {
				// nothing more to do
			}
			throw new MedCryptException("Cannot reach the retrieval server at " + host + ":" + port + " (" + e
				.getMessage() + "). Check that it is running and the address is right.", e);
		}
	}

	@Override
	public synchronized void send(final RetrievalMessage message) throws MedCryptException {
		final byte[] bytes = message.toBytes();
		try {
			out.writeInt(bytes.length);
			out.write(bytes);
			out.flush();
		}
		catch (final IOException e) {
			throw new MedCryptException("The connection to " + peer + " dropped while sending (" + e.getMessage() +
				").", e);
		}
	}

	@Override
	public RetrievalMessage receive() throws MedCryptException {
		try {
			final int n = in.readInt();
			if (n < 0 || n > RetrievalMessage.MAX_BYTES) {
				throw new MedCryptException(peer + " sent a frame of " + n + " bytes; refused.");
			}
			final byte[] bytes = new byte[n];
			in.readFully(bytes);
			return RetrievalMessage.parse(bytes);
		}
		catch (final SocketTimeoutException e) {
			throw new MedCryptException(peer + " did not answer in time.", e);
		}
		catch (final EOFException e) {
			throw new MedCryptException("The connection to " + peer + " was closed.", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("The connection to " + peer + " dropped (" + e.getMessage() + ").", e);
		}
	}

	@Override
	public String peer() {
		return peer;
	}

	@Override
	public void close() {
		try {
			socket.close();
		}
		catch (final IOException ignored) {
			// closing is best effort
		}
	}
}
