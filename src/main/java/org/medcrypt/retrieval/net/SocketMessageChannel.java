package org.medcrypt.retrieval.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.tls.FramedConnection;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.tls.TlsContexts;

/**
 * Retrieval messages over a socket, one message a frame of a
 * {@link FramedConnection} (a 4-byte length and the message bytes). Frames
 * longer than {@link RetrievalMessage#MAX_BYTES} are refused before anything
 * is allocated; a peer silent for the channel's timeout is reported.
 * <p>
 * The link is mutually authenticated TLS 1.3 ({@link #connect}): the key holder
 * presents its party certificate and accepts only the server certificate whose
 * SHA-256 fingerprint it pinned; the server accepts only the physician
 * certificates it allows ({@link RetrievalServer#listen}). Plain TCP
 * ({@link #connectInsecurePlain}) is kept for tests and legacy set-ups only:
 * anyone on the network can then read the (encrypted) traffic and falsify it.
 * </p>
 */
public final class SocketMessageChannel implements MessageChannel {

	private final FramedConnection frames;
	private final String peer;
	/** For a TLS client: what a TLS failure after the handshake means (the server refused our certificate). */
	private final String tlsRefusal;
	/**
	 * Whether a message has arrived. In TLS 1.3 the client's handshake ends before
	 * the server has checked its certificate, so a refusal may surface as the
	 * connection dropping on the first send or receive rather than as an alert.
	 */
	private volatile boolean heard;

	/** How long a TLS handshake may take. */
	static final int HANDSHAKE_MILLIS = 30_000;

	public SocketMessageChannel(final Socket socket, final int timeoutMillis) throws IOException {
		this(socket, timeoutMillis, timeoutMillis, null);
	}

	/** The server's end: {@code awaitMillis} for the first message to begin, {@code frameMillis} inside one. */
	SocketMessageChannel(final Socket socket, final int awaitMillis, final int frameMillis) throws IOException {
		this(socket, awaitMillis, frameMillis, null);
	}

	private SocketMessageChannel(final Socket socket, final int awaitMillis, final int frameMillis,
		final String tlsRefusal) throws IOException
	{
		this.tlsRefusal = tlsRefusal;
		this.frames = new FramedConnection(socket, RetrievalMessage.MAX_BYTES, awaitMillis, frameMillis);
		this.peer = socket.getRemoteSocketAddress().toString();
	}

	@Override
	public void awaitNextFor(final int millis) {
		frames.awaitNextFor(millis);
	}

	/**
	 * Connects to a store server over mutually authenticated TLS 1.3: presents
	 * {@code credentials} and accepts only a server whose certificate has the
	 * SHA-256 fingerprint {@code serverFingerprint}.
	 */
	public static SocketMessageChannel connect(final String host, final int port, final int timeoutMillis,
		final PartyCredentials credentials, final String serverFingerprint) throws MedCryptException
	{
		final String where = host + ":" + port;
		final String pin;
		final SSLContext context;
		try {
			pin = Fingerprints.parseCertificate(serverFingerprint);
			context = TlsContexts.pinned(credentials, Collections.singleton(pin),
				"the store server certificate pinned here (server fingerprint " + pin + ")");
		}
		catch (final IllegalArgumentException | IOException e) {
			throw new PeerFailureException("Cannot connect to the store server at " + where + ": " + e.getMessage() +
				".", e);
		}
		final Socket plain = reach(host, port, timeoutMillis);
		SSLSocket socket = null;
		try {
			socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
			socket.setEnabledProtocols(new String[] { TlsContexts.PROTOCOL });
			socket.setUseClientMode(true);
			socket.setSoTimeout(HANDSHAKE_MILLIS);
			socket.startHandshake();
			return new SocketMessageChannel(socket, timeoutMillis, timeoutMillis, "The store server at " + where +
				" refused this key holder's certificate (SHA-256 " + credentials.fingerprint() +
				"): ask its operator to add this fingerprint to the server's --allow list");
		}
		catch (final IOException e) {
			close(socket);
			close(plain);
			final String refusal = TlsContexts.refusal(e);
			if (refusal != null) throw new RefusedByPolicyException("Refused the store server at " + where + ": " +
				refusal + ". Check the server fingerprint with the server's operator (the server prints it when it " +
				"starts); if it is right, someone else is answering at this address.", e);
			// The server's trust manager refused our certificate and its alert arrived before our handshake ended
			// (in TLS 1.3 it usually arrives later, on the first read: see receive()).
			if (String.valueOf(e.getMessage()).matches(".*(certificate_unknown|bad_certificate|access_denied).*")) {
				throw new RefusedByPolicyException("The store server at " + where + " refused this key holder's " +
					"certificate (SHA-256 " + credentials.fingerprint() + "): ask its operator to add this fingerprint " +
					"to the server's --allow list (" + e.getMessage() + ").", e);
			}
			throw new PeerFailureException("The TLS handshake with the store server at " + where + " failed (" + e
				.getMessage() + "). Is it a MedCrypt store server running with TLS?", e);
		}
	}

	/**
	 * Connects over plain, unauthenticated TCP: only for tests and for legacy
	 * servers started with {@code --insecure-plain-tcp yes}.
	 */
	public static SocketMessageChannel connectInsecurePlain(final String host, final int port, final int timeoutMillis)
		throws MedCryptException
	{
		final Socket socket = reach(host, port, timeoutMillis);
		try {
			return new SocketMessageChannel(socket, timeoutMillis);
		}
		catch (final IOException e) {
			close(socket);
			throw new PeerFailureException("Cannot use the connection to " + host + ":" + port + " (" + e.getMessage() +
				").", e);
		}
	}

	private static Socket reach(final String host, final int port, final int timeoutMillis) throws MedCryptException {
		final Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(host, port), Math.min(timeoutMillis, 15_000));
			return socket;
		}
		catch (final IOException e) {
			close(socket);
			throw new PeerFailureException("Cannot reach the retrieval server at " + host + ":" + port + " (" + e
				.getMessage() + "). Check that it is running and the address is right.", e);
		}
	}

	private static void close(final Socket socket) {
		if (socket == null) return;
		try {
			socket.close();
		}
		catch (final IOException ignored) {
			// nothing more to do
		}
	}

	@Override
	public synchronized void send(final RetrievalMessage message) throws MedCryptException {
		final byte[] bytes = message.toBytes();
		try {
			frames.send(bytes);
		}
		catch (final SSLException e) {
			throw refused(e);
		}
		catch (final IOException e) {
			if (tlsRefusal != null && !heard) throw refused(e);
			throw new PeerFailureException("The connection to " + peer + " dropped while sending (" + e.getMessage() +
				").", e);
		}
	}

	@Override
	public RetrievalMessage receive() throws MedCryptException {
		try {
			final byte[] bytes = frames.receive();
			heard = true;
			return RetrievalMessage.parse(bytes);
		}
		catch (final FramedConnection.OversizedFrameException e) {
			throw new PeerFailureException(peer + " sent a frame of " + e.length() + " bytes; refused.");
		}
		catch (final SocketTimeoutException e) {
			throw new PeerFailureException(peer + " did not answer in time.", e);
		}
		catch (final SSLException e) {
			throw refused(e);
		}
		catch (final IOException e) {
			if (tlsRefusal != null && !heard) throw refused(e);
			if (e instanceof EOFException) throw new PeerFailureException("The connection to " + peer +
				" was closed.", e);
			throw new PeerFailureException("The connection to " + peer + " dropped (" + e.getMessage() + ").", e);
		}
	}

	private MedCryptException refused(final IOException e) {
		if (tlsRefusal != null) return new RefusedByPolicyException(tlsRefusal + " (" + e.getMessage() + ").", e);
		return new PeerFailureException("The TLS connection to " + peer + " failed (" + e.getMessage() + ").", e);
	}

	@Override
	public String peer() {
		return peer;
	}

	@Override
	public void close() {
		close(frames.socket());
	}
}
