package org.medcrypt.tls;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.medcrypt.io.Wire;

/**
 * Length-prefixed frames over one socket: a 4-byte big-endian length L, then
 * L bytes. The one framing of MedCrypt's links between machines, under the
 * secure-sum transport ({@code org.medcrypt.securesum.net.TlsTransport}, which
 * puts its padded messages inside) and the retrieval link
 * ({@code org.medcrypt.retrieval.net.SocketMessageChannel}); normally over TLS
 * 1.3 ({@link TlsContexts}), over plain TCP only where a user asked for it
 * (the retrieval server's {@code --insecure-plain-tcp}).
 * <p>
 * The reader never allocates what a length field announces: a frame above
 * the caller's {@code maxFrame} is refused ({@link OversizedFrameException})
 * before anything is read, and a frame within it is read into a buffer that
 * grows only as its bytes arrive ({@link Wire#readArriving}), so a broken or
 * hostile peer that announces 256 MiB and sends nothing costs 64 KiB, not
 * 256 MiB. Two timeouts ({@link SocketTimeoutException}; 0 waits for ever, for
 * transports with their own timeouts): how long to wait for the next frame to
 * begin ({@link #awaitNextFor}: the peer may be computing), and how long any
 * read inside a frame may wait (a frame is sent whole, so a pause there is a
 * stalled peer). The end of the stream
 * before a frame's length is complete is an {@link EOFException}; inside its
 * body a {@link TruncatedFrameException}, so a caller can
 * tell a peer that hung up from one that broke off. The empty frame is a
 * valid frame; what it means is the caller's business (the secure-sum
 * transport's goodbye). Sending is thread-safe; one thread reads.
 * </p>
 */
public final class FramedConnection implements Closeable {

	/** Buffer of each direction. */
	private static final int BUFFER = 1 << 16;

	private final Socket socket;
	private final int maxFrame;
	private final int frameTimeoutMillis;
	private volatile int awaitMillis;
	private final DataInputStream in;
	private final DataOutputStream out;

	/**
	 * Frames over {@code socket} (connected, and for TLS past its handshake),
	 * every read waiting at most {@code readTimeoutMillis} (0: for ever).
	 * Turns off Nagle's algorithm (a frame is flushed whole and its peer waits for it).
	 */
	public FramedConnection(final Socket socket, final int maxFrame, final int readTimeoutMillis)
		throws IOException
	{
		this(socket, maxFrame, readTimeoutMillis, readTimeoutMillis);
	}

	/**
	 * As {@link #FramedConnection(Socket, int, int)}, waiting at most
	 * {@code awaitMillis} for a frame to begin (changed with
	 * {@link #awaitNextFor}) and {@code frameTimeoutMillis} for any read inside it.
	 */
	public FramedConnection(final Socket socket, final int maxFrame, final int awaitMillis,
		final int frameTimeoutMillis) throws IOException
	{
		if (maxFrame < 0) throw new IllegalArgumentException("negative frame limit " + maxFrame);
		if (awaitMillis < 0 || frameTimeoutMillis < 0) throw new IllegalArgumentException("negative timeout");
		this.socket = socket;
		this.maxFrame = maxFrame;
		this.awaitMillis = awaitMillis;
		this.frameTimeoutMillis = frameTimeoutMillis;
		socket.setSoTimeout(awaitMillis);
		socket.setTcpNoDelay(true);
		this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER));
		this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER));
	}

	/** How long the following {@link #receive()} calls wait for their frame to begin (0: for ever). */
	public void awaitNextFor(final int millis) {
		if (millis < 0) throw new IllegalArgumentException("negative timeout " + millis);
		awaitMillis = millis;
	}

	/**
	 * Writes one frame and flushes it; returns the bytes written (4 + its
	 * length), e.g. for a transport's traffic count.
	 */
	public long send(final byte[] payload) throws IOException {
		synchronized (out) {
			out.writeInt(payload.length);
			out.write(payload);
			out.flush();
		}
		return 4L + payload.length;
	}

	/**
	 * The next frame's bytes (empty for the empty frame).
	 *
	 * @throws EOFException if the stream ended before the frame's 4-byte length was complete
	 * @throws TruncatedFrameException if it ended inside the frame's body
	 * @throws OversizedFrameException if the length is negative or above the limit (nothing more is read)
	 * @throws SocketTimeoutException if no frame began in time, or a read inside it waited too long
	 */
	public byte[] receive() throws IOException {
		final boolean twoTimeouts = awaitMillis != frameTimeoutMillis;
		if (twoTimeouts) socket.setSoTimeout(awaitMillis);
		final int first = in.read();
		if (first < 0) throw new EOFException("the connection ended between frames");
		if (twoTimeouts) socket.setSoTimeout(frameTimeoutMillis);
		final int length = (first << 24) | (in.readUnsignedByte() << 16) | in.readUnsignedShort();
		if (length < 0 || length > maxFrame) throw new OversizedFrameException(length, maxFrame);
		try {
			return Wire.readArriving(in, length);
		}
		catch (final EOFException e) {
			throw new TruncatedFrameException("the connection ended inside a frame of " + length + " bytes");
		}
	}

	/** The socket the frames travel on (e.g. for the peer's address or TLS session). */
	public Socket socket() {
		return socket;
	}

	/** Closes the socket (for TLS, with close_notify). */
	@Override
	public void close() throws IOException {
		socket.close();
	}

	/** A frame whose length field is negative or above the reader's limit; the connection cannot be read further. */
	public static final class OversizedFrameException extends IOException {

		private static final long serialVersionUID = 1L;
		private final int length, limit;

		OversizedFrameException(final int length, final int limit) {
			super("a frame of " + (length & 0xffffffffL) + " bytes exceeds the limit of " + limit);
			this.length = length;
			this.limit = limit;
		}

		/** The length field as read (a signed int; negative means above 2^31 - 1 unsigned). */
		public int length() {
			return length;
		}

		public int limit() {
			return limit;
		}
	}

	/** The stream ended inside a frame: the peer broke off rather than hung up between frames. */
	public static final class TruncatedFrameException extends EOFException {

		private static final long serialVersionUID = 1L;

		TruncatedFrameException(final String message) {
			super(message);
		}
	}
}
