package org.medcrypt.retrieval.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.medcrypt.encimage.EncryptedHaar;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PolyphaseLayout;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.Wire;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.QueryProtocol;
import org.medcrypt.retrieval.SignatureProtocol;
import org.medcrypt.retrieval.net.RetrievalMessage.Type;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.tls.TlsContexts;

/**
 * The untrusted server: answers one key holder per connection on an
 * {@link EncryptedStore}. It holds the public key only.
 *
 * <p>A session is HELLO/WELCOME, then any of: LIST/ENTRIES; ADD (with the
 * owner's signature, or without: BANDS to the key holder, SIGNATURE back) /
 * ADDED; REMOVE/REMOVED; QUERY, DIFFERENCES to the key holder, RANKING back /
 * RESULTS; FETCH/IMAGE; and BYE. Anything else, out of order or malformed ends
 * the session with an ERROR naming it. The store changes only when an ADD or
 * REMOVE has completed, so a dropped connection never leaves it half-written.
 */
public final class RetrievalServer {

	/** How long the server waits for the key holder at any step. */
	public static final int TIMEOUT_MILLIS = 10 * 60 * 1000;

	/** At most this many TLS handshakes at once; further connections are closed at once (as in TlsTransport). */
	static final int MAX_PENDING_HANDSHAKES = 16;

	private final EncryptedStore store;
	private final Consumer<String> log;
	private final java.util.concurrent.Semaphore handshakes = new java.util.concurrent.Semaphore(
		MAX_PENDING_HANDSHAKES);

	public RetrievalServer(final EncryptedStore store, final Consumer<String> log) {
		this.store = store;
		this.log = log;
	}

	/** Runs one session to its end; never throws (errors go to the peer and the log). */
	public void serve(final MessageChannel channel) {
		try {
			final RetrievalMessage hello = channel.receive();
			if (hello.type() != Type.HELLO) throw outOfOrder(hello, "HELLO");
			hello.expectFields(2, 0);
			if (!hello.text(1).equals(store.key().fingerprint())) {
				throw new WrongKeyException("This store holds images encrypted for key " + store.key()
					.shortFingerprint() + "; the key holder's key is " + abbreviate(hello.text(1)) +
					". Connect with the key the store was made for.");
			}
			channel.send(RetrievalMessage.of(Type.WELCOME, store.parameters().bitDepth(), store.parameters().delta(),
				store.parameters().levels(), store.list().size()));
			while (true) {
				final RetrievalMessage m = channel.receive();
				switch (m.type()) {
					case LIST:
						channel.send(entries(Type.ENTRIES, store.list()));
						break;
					case ADD:
						add(channel, m.expectFields(4, 0));
						break;
					case REMOVE:
						final StoreEntry removed = store.remove(m.expectFields(1, 0).text(0));
						log.accept("removed " + removed);
						channel.send(entries(Type.REMOVED, java.util.Collections.singletonList(removed)));
						break;
					case QUERY:
						query(channel, m.expectFields(2, 0));
						break;
					case FETCH:
						final StoreEntry entry = store.entry(m.expectFields(1, 0).text(0));
						channel.send(RetrievalMessage.of(Type.IMAGE, entry.id, EncryptedImageFile.toBytes(store.image(
							entry))));
						break;
					case BYE:
						return;
					default:
						throw outOfOrder(m, "a request");
				}
			}
		}
		catch (final MedCryptException | RuntimeException e) {
			final String why = e instanceof MedCryptException ? e.getMessage() : "internal error: " + e;
			log.accept("session with " + channel.peer() + " ended: " + why);
			try {
				channel.send(RetrievalMessage.of(Type.ERROR, why));
			}
			catch (final MedCryptException ignored) {
				// the peer is gone
			}
		}
		finally {
			channel.close();
		}
	}

	private void add(final MessageChannel channel, final RetrievalMessage m) throws MedCryptException {
		final String name = m.text(0), label = m.text(1);
		final EncryptedImage image = EncryptedImageFile.parse("The uploaded image " + name, m.bytes(2));
		EncryptedImageFile.checkKey("The uploaded image " + name, image, store.key());
		final EncryptedSignature signature;
		if (m.bytes(3).length > 0) {
			signature = EncryptedSignature.fromBytes("The signature of " + name, m.bytes(3), store.key());
		}
		else {
			final SignatureProtocol.BandRequest request = SignatureProtocol.request(image, store.key(), store
				.parameters());
			channel.send(RetrievalMessage.of(Type.BANDS, request.toBytes(store.key())));
			final RetrievalMessage answer = channel.receive();
			if (answer.type() != Type.SIGNATURE) throw outOfOrder(answer, "SIGNATURE");
			signature = EncryptedSignature.fromBytes("The key holder's signature of " + name, answer.expectFields(1, 0)
				.bytes(0), store.key());
		}
		final StoreEntry entry = store.add(name, label, image, signature);
		log.accept("added " + entry);
		channel.send(entries(Type.ADDED, java.util.Collections.singletonList(entry)));
	}

	private void query(final MessageChannel channel, final RetrievalMessage m) throws MedCryptException {
		final EncryptedSignature q = EncryptedSignature.fromBytes("The query signature", m.bytes(0), store.key());
		final int d = m.number(1, 1, 1000);
		final List<StoreEntry> entries = store.list();
		final List<EncryptedSignature> signatures = new ArrayList<>();
		for (final StoreEntry e : entries) signatures.add(store.signature(e));
		final QueryProtocol.Differences differences = QueryProtocol.differences(q, signatures, store.key(),
			Progress.NONE);
		channel.send(RetrievalMessage.of(Type.DIFFERENCES, differences.toBytes(store.key())));
		final RetrievalMessage ranking = channel.receive();
		if (ranking.type() != Type.RANKING) throw outOfOrder(ranking, "RANKING");
		if (ranking.size() > Math.min(d, entries.size())) throw ranking.malformed("more than d = " + d + " results");
		final Set<Integer> seen = new HashSet<>();
		final List<Object> fields = new ArrayList<>();
		for (int i = 0; i < ranking.size(); i++) {
			final int position = ranking.number(i, 0, entries.size() - 1);
			if (!seen.add(position)) throw ranking.malformed("position " + position + " is repeated");
			final StoreEntry e = entries.get(position);
			final EncryptedImage image = store.image(e);
			final PolyphaseLayout layout = image.layout();
			final EncryptedHaar.Band ll = EncryptedHaar.lowpass(image, store.key(), 0);
			fields.add(e.id);
			fields.add(e.name);
			fields.add(e.label);
			fields.add(layout.width());
			fields.add(layout.height());
			fields.add(layout.planes());
			fields.add(layout.levels());
			fields.add(layout.slots());
			fields.add(image.slotBits());
			fields.add(image.bitDepth());
			fields.add(Wire.seal(new byte[] { 'L', 'L' }, 1, out -> Wire.writeCiphertexts(out, ll.ciphertexts, store
				.key().ciphertextBytes())));
		}
		log.accept("answered a query with " + ranking.size() + " of " + entries.size() + " images");
		channel.send(RetrievalMessage.of(Type.RESULTS, fields.toArray()));
	}

	private static RetrievalMessage entries(final Type type, final List<StoreEntry> list) {
		final List<Object> fields = new ArrayList<>();
		for (final StoreEntry e : list) {
			fields.add(e.id);
			fields.add(e.name);
			fields.add(e.label);
			fields.add(e.width);
			fields.add(e.height);
			fields.add(e.planes);
			fields.add(e.bitDepth);
		}
		return RetrievalMessage.of(type, fields.toArray());
	}

	static PeerFailureException outOfOrder(final RetrievalMessage m, final String expected) throws MedCryptException {
		if (m.type() == Type.ERROR && m.size() == 1) return new PeerFailureException("The peer stopped: " + m.text(0));
		return new PeerFailureException("Protocol error: received " + m.type() + " where " + expected +
			" was expected.");
	}

	private static String abbreviate(final String fingerprint) {
		return fingerprint.length() > 16 ? fingerprint.substring(0, 16) : fingerprint;
	}

	/**
	 * Listens on a port (loopback only unless {@code bindAll}) for mutually
	 * authenticated TLS 1.3: presents {@code credentials} (the server's party
	 * certificate) and accepts only key holders whose certificate fingerprint is
	 * in {@code allowed}; refused connections are logged with their fingerprint.
	 * One thread per connection; returns the socket, which stops the server when closed.
	 */
	public ServerSocket listen(final int port, final boolean bindAll, final PartyCredentials credentials,
		final Set<String> allowed) throws MedCryptException
	{
		if (allowed.isEmpty()) throw new RefusedByPolicyException(
			"Allow at least one key holder's certificate fingerprint.");
		final SSLServerSocket socket;
		try {
			final SSLContext context = TlsContexts.pinned(credentials, allowed,
				"among the key holder certificates this store server allows (--allow)");
			socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
			socket.setEnabledProtocols(new String[] { TlsContexts.PROTOCOL });
			socket.setNeedClientAuth(true);
		}
		catch (final IOException e) {
			throw new MedCryptException("Cannot set up TLS: " + e.getMessage(), e);
		}
		return listen(socket, port, bindAll, credentials.fingerprint());
	}

	/**
	 * As {@link #listen(int, boolean, PartyCredentials, Set)} over plain,
	 * unauthenticated TCP: only for tests and legacy set-ups on a trusted network
	 * ({@code --insecure-plain-tcp yes}); anyone on the path can falsify results.
	 */
	public ServerSocket listenInsecurePlain(final int port, final boolean bindAll) throws MedCryptException {
		try {
			return listen(new ServerSocket(), port, bindAll, null);
		}
		catch (final IOException e) {
			throw new MedCryptException("Cannot listen on port " + port + " (" + e.getMessage() + ").", e);
		}
	}

	/** {@code ownFingerprint}: the server certificate's, for TLS; null for plain TCP. */
	private ServerSocket listen(final ServerSocket socket, final int port, final boolean bindAll,
		final String ownFingerprint) throws MedCryptException
	{
		try {
			socket.bind(bindAll ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getLoopbackAddress(),
				port), 16);
		}
		catch (final IOException e) {
			try {
				socket.close();
			}
			catch (final IOException ignored) {
				// nothing more to do
			}
			throw new MedCryptException("Cannot listen on port " + port + " (" + e.getMessage() + ").", e);
		}
		final Thread acceptor = new Thread(() -> {
			while (!socket.isClosed()) {
				try {
					final Socket s = socket.accept();
					final Thread session = new Thread(() -> session(s, ownFingerprint),
						"medcrypt-retrieval-session");
					session.setDaemon(true);
					session.start();
				}
				catch (final IOException e) {
					if (!socket.isClosed()) log.accept("accept failed: " + e.getMessage());
				}
			}
		}, "medcrypt-retrieval-server");
		acceptor.setDaemon(true);
		acceptor.start();
		return socket;
	}

	/** Authenticates a TLS peer (if TLS), then serves it. */
	private void session(final Socket s, final String ownFingerprint) {
		final String from = String.valueOf(s.getRemoteSocketAddress());
		try {
			if (s instanceof SSLSocket) {
				final SSLSocket tls = (SSLSocket) s;
				tls.setSoTimeout(SocketMessageChannel.HANDSHAKE_MILLIS);
				if (!handshakes.tryAcquire()) {
					log.accept("refused a connection from " + from + ": " + MAX_PENDING_HANDSHAKES +
						" TLS handshakes are already in progress");
					s.close();
					return;
				}
				try {
					tls.startHandshake();
				}
				catch (final IOException e) {
					final String refusal = TlsContexts.refusal(e);
					final boolean byPeer = String.valueOf(e.getMessage()).startsWith("Received fatal alert");
					log.accept("refused a connection from " + from + ": " + (refusal != null ? refusal : byPeer
						? "the key holder ended the TLS handshake (" + e.getMessage() + "): has it pinned this " +
							"server's certificate, SHA-256 " + ownFingerprint + "?" : "TLS handshake failed (" + e
								.getMessage() + ")"));
					s.close();
					return;
				}
				finally {
					handshakes.release();
				}
				log.accept("key holder " + Fingerprints.of((X509Certificate) tls.getSession()
					.getPeerCertificates()[0]) + " connected from " + from);
			}
			serve(new SocketMessageChannel(s, TIMEOUT_MILLIS));
		}
		catch (final IOException e) {
			log.accept("could not start a session with " + from + ": " + e.getMessage());
			try {
				s.close();
			}
			catch (final IOException ignored) {
				// nothing more to do
			}
		}
	}
}
