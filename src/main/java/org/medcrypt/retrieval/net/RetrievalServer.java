package org.medcrypt.retrieval.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.medcrypt.encimage.EncryptedHaar;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PolyphaseLayout;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.Wire;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.SignatureProtocol;
import org.medcrypt.retrieval.index.SealedPreview;
import org.medcrypt.retrieval.index.StoreIndex;
import org.medcrypt.retrieval.net.RetrievalMessage.Type;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.EntryTags;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.tls.TlsContexts;

/**
 * The untrusted server: answers one key holder per connection on an
 * {@link EncryptedStore}. It holds the public key only.
 *
 * <p>A session is HELLO/WELCOME, then any of: LIST/ENTRIES; ADD (the key
 * holder's entry id, and the owner's signature with its tag, or no signature:
 * BANDS to the key holder, SIGNATURE and tag back) / ADDED; REMOVE/REMOVED;
 * QUERY (d), CANDIDATES (every entry's tag and signature) to the key holder,
 * RANKING back / RESULTS; FETCH/IMAGE; the sealed index (protocol 3): INDEX/MANIFEST (the newest manifest, or
 * none), SEGMENT/SEGMENT_DATA (one sealed segment by its hash), PREVIEWS (entry ids the key holder ranked
 * locally) / RESULTS, PUT_INDEX (a segment and a manifest from the key holder) / INDEX_STORED; and BYE. Anything else, out of order or malformed ends
 * the session with an ERROR naming it. The store changes only when an ADD or
 * REMOVE has completed, so a dropped connection never leaves it half-written.
 * <p>
 * Who waits for whom: the key holder speaks first (TLS handshake, HELLO) and
 * does so at once, so the server allows it {@link Limits#handshakeMillis}
 * (seconds) for both. After that the server waits whenever the key holder
 * computes: before a request (it may be encrypting an image or a query
 * signature), for the SIGNATURE (decrypting the bands) and for the RANKING
 * (decrypting every difference), so once authenticated it waits up to
 * {@link Limits#keyHolderMillis} for a message to begin. A message, once
 * begun, is sent whole: a pause of {@link Limits#frameMillis} inside it ends
 * the session. Connections are admitted by a {@link ConnectionGate} (caps per
 * address and in total, unauthenticated connections dropped first).
 * </p>
 */
public final class RetrievalServer {

	/** How long a key holder waits for the server at any step (the server may compute over the whole store). */
	public static final int TIMEOUT_MILLIS = 10 * 60 * 1000;

	/**
	 * The server's timeouts and caps (store-server's {@code --handshake-timeout},
	 * {@code --frame-timeout}, {@code --key-holder-timeout},
	 * {@code --max-connections}, {@code --max-per-address}).
	 */
	public static final class Limits {

		/** 10 s to authenticate, 30 s inside a message, 10 min for a key holder's computation, 256 and 32 connections. */
		public static final Limits DEFAULTS = new Limits(10_000, 30_000, TIMEOUT_MILLIS, 256, 32, 8);

		/** From accept to a completed TLS handshake and HELLO (for plain TCP: to HELLO). */
		public final int handshakeMillis;
		/** The longest pause inside a message (between two reads once its length has arrived). */
		public final int frameMillis;
		/** An authenticated key holder's turn: how long the server waits for its next message to begin. */
		public final int keyHolderMillis;
		/** Open connections in all, and from one remote address. */
		public final int maxConnections, maxPerAddress;
		/** Threads running TLS handshakes (only for connections that have sent their first bytes). */
		public final int handshakeThreads;

		public Limits(final int handshakeMillis, final int frameMillis, final int keyHolderMillis,
			final int maxConnections, final int maxPerAddress, final int handshakeThreads)
		{
			if (handshakeMillis <= 0 || frameMillis <= 0 || keyHolderMillis <= 0) throw new IllegalArgumentException(
				"timeouts must be positive");
			if (maxConnections < 1 || maxPerAddress < 1 || handshakeThreads < 1) throw new IllegalArgumentException(
				"connection caps and handshake threads must be at least 1");
			this.handshakeMillis = handshakeMillis;
			this.frameMillis = frameMillis;
			this.keyHolderMillis = keyHolderMillis;
			this.maxConnections = maxConnections;
			this.maxPerAddress = Math.min(maxPerAddress, maxConnections);
			this.handshakeThreads = handshakeThreads;
		}

		@Override
		public String toString() {
			return "handshake " + handshakeMillis / 1000.0 + " s, inside a message " + frameMillis / 1000.0 +
				" s, key holder's turn " + keyHolderMillis / 1000.0 + " s; at most " + maxConnections +
				" connections, " + maxPerAddress + " per address";
		}
	}

	private final EncryptedStore store;
	private final Consumer<String> log;
	private final Limits limits;

	public RetrievalServer(final EncryptedStore store, final Consumer<String> log) {
		this(store, log, Limits.DEFAULTS);
	}

	public RetrievalServer(final EncryptedStore store, final Consumer<String> log, final Limits limits) {
		this.store = store;
		this.log = log;
		this.limits = limits;
	}

	/** Runs one session to its end; never throws (errors go to the peer and the log). */
	public void serve(final MessageChannel channel) {
		serve(channel, () -> {});
	}

	/** As {@link #serve(MessageChannel)}; {@code hello} runs once a HELLO for this store's key was received. */
	private void serve(final MessageChannel channel, final Runnable hello) {
		try {
			final RetrievalMessage first = channel.receive();
			if (first.type() != Type.HELLO) throw outOfOrder(first, "HELLO");
			first.expectFields(2, 0);
			if (!first.text(1).equals(store.key().fingerprint())) {
				throw new WrongKeyException("This store holds images encrypted for key " + store.key()
					.fingerprint() + "; the key holder's key is " + (first.text(1).matches("[0-9a-f]{64}") ? first.text(1)
						: "not a key fingerprint") +
					". Connect with the key the store was made for.");
			}
			hello.run();
			channel.awaitNextFor(limits.keyHolderMillis);
			// the method in the levels field's high bits, as in FormatHeader: a paper store's WELCOME is unchanged
			channel.send(RetrievalMessage.of(Type.WELCOME, store.parameters().bitDepth(), store.parameters().delta(),
				store.parameters().levels() | store.parameters().method().ordinal() << 4, store.list().size()));
			while (true) {
				final RetrievalMessage m = channel.receive();
				switch (m.type()) {
					case LIST:
						channel.send(entries(Type.ENTRIES, store.list()));
						break;
					case ADD:
						add(channel, m.expectFields(8, 0));
						break;
					case REMOVE:
						final StoreEntry removed = store.remove(m.expectFields(1, 0).text(0));
						log.accept("removed " + removed);
						channel.send(entries(Type.REMOVED, java.util.Collections.singletonList(removed)));
						break;
					case QUERY:
						query(channel, m.expectFields(1, 0));
						break;
					case FETCH:
						final StoreEntry entry = store.entry(m.expectFields(1, 0).text(0));
						channel.send(RetrievalMessage.of(Type.IMAGE, entry.id, EncryptedImageFile.toBytes(store.image(
							entry))));
						break;
					case INDEX:
						m.expectFields(0, 0);
						final byte[] manifest = StoreIndex.latestManifest(store.folder());
						channel.send(RetrievalMessage.of(Type.MANIFEST, manifest == null ? new byte[0] : manifest));
						break;
					case SEGMENT:
						final String sha = m.expectFields(1, 0).text(0);
						if (!sha.matches("[0-9a-f]{64}")) throw m.malformed("not a segment hash");
						final byte[] segment = StoreIndex.segment(store.folder(), sha);
						channel.send(RetrievalMessage.of(Type.SEGMENT_DATA, segment == null ? new byte[0] : segment));
						break;
					case PREVIEWS:
						previews(channel, m);
						break;
					case SEALED_PREVIEWS:
						sealedPreviews(channel, m);
						break;
					case PUT_INDEX:
						m.expectFields(2, 0);
						if (m.bytes(0).length > 0) StoreIndex.putSegment(store.folder(), m.bytes(0));
						StoreIndex.putManifest(store.folder(), m.bytes(1));
						log.accept("stored a sealed index manifest");
						channel.send(RetrievalMessage.of(Type.INDEX_STORED));
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
		final String id = m.text(4);
		if (!StoreEntry.isValidId(id)) throw m.malformed("the entry id is not 16 lower-case hex digits");
		byte[] tag = m.bytes(5);
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
			signature = EncryptedSignature.fromBytes("The key holder's signature of " + name, answer.expectFields(2, 0)
				.bytes(0), store.key());
			tag = answer.bytes(1);
		}
		if (tag.length != EntryTags.BYTES) throw m.malformed("the entry tag is not " + EntryTags.BYTES + " bytes");
		final String previewName = m.text(6);
		if (!previewName.isEmpty()) {
			// the entry's sealed preview (its key only in the key holder's index record), written before the entry
			if (!SealedPreview.isValidName(previewName) || !previewName.startsWith(id + "-") || m.bytes(7).length >
				SealedPreview.MAX_BYTES) throw m.malformed("the sealed preview is not one of entry " + id);
			SealedPreview.write(store.folder(), previewName, m.bytes(7));
		}
		final StoreEntry entry = store.add(id, name, label, image, signature, tag);
		log.accept("added " + entry);
		channel.send(entries(Type.ADDED, java.util.Collections.singletonList(entry)));
	}

	private void query(final MessageChannel channel, final RetrievalMessage m) throws MedCryptException {
		final int d = m.number(0, 1, 1000);
		final List<StoreEntry> entries = store.list();
		final List<EncryptedSignature> signatures = new ArrayList<>();
		for (final StoreEntry e : entries) signatures.add(store.signature(e));
		channel.send(RetrievalMessage.of(Type.CANDIDATES, new Candidates(entries, signatures).toBytes(store.key())));
		final RetrievalMessage ranking = channel.receive();
		if (ranking.type() != Type.RANKING) throw outOfOrder(ranking, "RANKING");
		if (ranking.size() > Math.min(d, entries.size())) throw ranking.malformed("more than d = " + d + " results");
		final Set<Integer> seen = new HashSet<>();
		final List<StoreEntry> chosen = new ArrayList<>();
		for (int i = 0; i < ranking.size(); i++) {
			final int position = ranking.number(i, 0, entries.size() - 1);
			if (!seen.add(position)) throw ranking.malformed("position " + position + " is repeated");
			chosen.add(entries.get(position));
		}
		log.accept("answered a query with " + ranking.size() + " of " + entries.size() + " images");
		channel.send(results(chosen));
	}

	/**
	 * Sealed index mode: the key holder ranked locally and names the d entries
	 * it wants previews of (all this server learns of the query).
	 */
	private void previews(final MessageChannel channel, final RetrievalMessage m) throws MedCryptException {
		if (m.size() > 1000) throw m.malformed("more than 1000 previews");
		final Set<String> seen = new HashSet<>();
		final List<StoreEntry> chosen = new ArrayList<>();
		for (int i = 0; i < m.size(); i++) {
			if (!seen.add(m.text(i))) throw m.malformed("entry " + m.text(i) + " is repeated");
			chosen.add(store.entry(m.text(i)));
		}
		log.accept("sent " + chosen.size() + " previews (sealed index query)");
		channel.send(results(chosen));
	}

	/**
	 * Sealed index mode: the sealed preview files the key holder names (entry id and key id, nothing it did not
	 * reveal by fetching), each sent as it is (empty if there is none); only the key holder can open them.
	 */
	private void sealedPreviews(final MessageChannel channel, final RetrievalMessage m) throws MedCryptException {
		if (m.size() > 1000) throw m.malformed("more than 1000 previews");
		final Object[] files = new Object[m.size()];
		for (int i = 0; i < m.size(); i++) {
			if (!SealedPreview.isValidName(m.text(i))) throw m.malformed("not a preview name");
			final byte[] bytes = SealedPreview.read(store.folder(), m.text(i));
			files[i] = bytes == null ? new byte[0] : bytes;
		}
		log.accept("sent " + files.length + " sealed previews (sealed index query)");
		channel.send(RetrievalMessage.of(Type.SEALED_PREVIEW_DATA, files));
	}

	/** RESULTS: each entry's description and the encrypted LL band of its image (the preview). */
	private RetrievalMessage results(final List<StoreEntry> chosen) throws MedCryptException {
		final List<Object> fields = new ArrayList<>();
		for (final StoreEntry e : chosen) {
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
		return RetrievalMessage.of(Type.RESULTS, fields.toArray());
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

	/**
	 * Listens on a port (loopback only unless {@code bindAll}) for mutually
	 * authenticated TLS 1.3: presents {@code credentials} (the server's party
	 * certificate) and accepts only key holders whose certificate fingerprint is
	 * in {@code allowed}; refused connections are logged with their fingerprint.
	 * Connections are admitted within this server's {@link Limits}; one thread
	 * per authenticated session. Returns the socket, which stops the server when closed.
	 */
	public ServerSocket listen(final int port, final boolean bindAll, final PartyCredentials credentials,
		final Set<String> allowed) throws MedCryptException
	{
		if (allowed.isEmpty()) throw new RefusedByPolicyException(
			"Allow at least one key holder's certificate fingerprint.");
		final SSLContext context;
		try {
			context = TlsContexts.pinned(credentials, allowed,
				"among the key holder certificates this store server allows (--allow)");
		}
		catch (final IOException e) {
			throw new MedCryptException("Cannot set up TLS: " + e.getMessage(), e);
		}
		final String own = credentials.fingerprint();
		return listen(port, bindAll, c -> handshake(c, context.getSocketFactory(), own));
	}

	/**
	 * As {@link #listen(int, boolean, PartyCredentials, Set)} over plain,
	 * unauthenticated TCP: only for tests and legacy set-ups on a trusted network
	 * ({@code --insecure-plain-tcp yes}); anyone on the path can falsify results.
	 * A connection counts as authenticated once it has sent a HELLO for the store's key.
	 */
	public ServerSocket listenInsecurePlain(final int port, final boolean bindAll) throws MedCryptException {
		return listen(port, bindAll, c -> {
			try {
				startSession(c, c.socket(), c::authenticated);
			}
			catch (final IOException e) {
				log.accept("could not start a session with " + c.address + ": " + e.getMessage());
				c.close();
			}
		});
	}

	private ServerSocket listen(final int port, final boolean bindAll,
		final Consumer<ConnectionGate.Connection> authenticate) throws MedCryptException
	{
		ServerSocketChannel channel = null;
		try {
			channel = ServerSocketChannel.open();
			channel.bind(bindAll ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress
				.getLoopbackAddress(), port), BACKLOG);
			ConnectionGate.start(channel, limits, log, authenticate);
			return channel.socket();
		}
		catch (final IOException e) {
			if (channel != null) {
				try {
					channel.close();
				}
				catch (final IOException ignored) {
					// nothing more to do
				}
			}
			throw new MedCryptException("Cannot listen on port " + port + " (" + e.getMessage() + ").", e);
		}
	}

	/** Connections the operating system may queue before the gate accepts them (it accepts at once). */
	private static final int BACKLOG = 128;

	/**
	 * On a handshake thread: the TLS handshake within what remains of the
	 * connection's deadline; then the session runs on a thread of its own.
	 */
	private void handshake(final ConnectionGate.Connection c, final SSLSocketFactory factory,
		final String ownFingerprint)
	{
		final Socket plain = c.socket();
		final String from = String.valueOf(plain.getRemoteSocketAddress());
		final SSLSocket tls;
		try {
			// autoClose false: a failed handshake must not close the TCP connection under the key holder's
			// last handshake bytes (see lingeringClose); the connection's close() closes it.
			tls = (SSLSocket) factory.createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(),
				false);
			tls.setUseClientMode(false);
			tls.setNeedClientAuth(true);
			tls.setEnabledProtocols(new String[] { TlsContexts.PROTOCOL });
			tls.setSoTimeout(c.remainingMillis());
			tls.startHandshake();
		}
		catch (final IOException e) {
			final boolean late = c.isClosed();
			if (!late) lingeringClose(plain, c.remainingMillis());
			c.close();
			if (late) return; // counted by the gate as not authenticated in time
			final String refusal = TlsContexts.refusal(e);
			final boolean byPeer = String.valueOf(e.getMessage()).startsWith("Received fatal alert");
			log.accept("refused a connection from " + from + ": " + (refusal != null ? refusal : byPeer
				? "the key holder ended the TLS handshake (" + e.getMessage() + "): has it pinned this " +
					"server's certificate, SHA-256 " + ownFingerprint + "?" : "TLS handshake failed (" + e
						.getMessage() + ")"));
			return;
		}
		try {
			c.authenticated();
			log.accept("key holder " + Fingerprints.of((X509Certificate) tls.getSession().getPeerCertificates()[0]) +
				" connected from " + from);
			startSession(c, tls, () -> {});
		}
		catch (final IOException e) {
			log.accept("could not start a session with " + from + ": " + e.getMessage());
			c.close();
		}
	}

	/** Bytes a refused key holder may still send before the server closes (its TLS 1.3 Finished is far less). */
	private static final int LINGER_BYTES = 64 * 1024;

	/** At most this long for a refused key holder's last handshake bytes. */
	private static final int LINGER_MILLIS = 2_000;

	/**
	 * After a refused handshake (the alert is sent): half-closes, then reads
	 * and discards what the key holder is still sending, until it closes, a
	 * bound is reached or the connection's deadline. Why: in TLS 1.3 the key
	 * holder sends its certificate and Finished in one flight; if the server
	 * closed at once, the unread bytes would make the kernel answer with a
	 * reset, which can discard the alert before the key holder reads it, so it
	 * would see a "broken pipe" instead of being told its certificate is not
	 * allowed.
	 */
	private static void lingeringClose(final Socket plain, final int remainingMillis) {
		try {
			plain.shutdownOutput();
			plain.setSoTimeout(Math.max(1, Math.min(LINGER_MILLIS, remainingMillis)));
			final byte[] discard = new byte[4096];
			int total = 0, n;
			while (total < LINGER_BYTES && (n = plain.getInputStream().read(discard)) >= 0) total += n;
		}
		catch (final IOException ignored) {
			// closed, reset or timed out: the connection is closed next either way
		}
	}

	/**
	 * Serves {@code socket} (the connection's, or TLS over it) on a thread of
	 * its own: the HELLO within what remains of the handshake deadline, then
	 * the key holder's turns within {@link Limits#keyHolderMillis}.
	 */
	private void startSession(final ConnectionGate.Connection c, final Socket socket, final Runnable hello)
		throws IOException
	{
		final SocketMessageChannel channel = new SocketMessageChannel(socket, c.remainingMillis(), limits
			.frameMillis);
		final Thread session = new Thread(() -> {
			try {
				serve(channel, hello);
			}
			finally {
				c.close();
			}
		}, "medcrypt-retrieval-session");
		session.setDaemon(true);
		session.start();
	}
}
