package org.medcrypt.retrieval.net;

import java.io.Closeable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import org.medcrypt.encimage.EncryptedHaar;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.HaarSubbands;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.encimage.PolyphaseLayout;
import org.medcrypt.io.DeviatingPartyException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.io.Wire;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.SlotPacking;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.Luma;
import org.medcrypt.retrieval.QueryProtocol;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.SignatureProtocol;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.index.IndexManifest;
import org.medcrypt.retrieval.index.IndexRecord;
import org.medcrypt.retrieval.index.IndexSegment;
import org.medcrypt.retrieval.index.IndexVersions;
import org.medcrypt.retrieval.index.SealedIndex;
import org.medcrypt.retrieval.index.SealedPreview;
import org.medcrypt.retrieval.index.StoreIndex;
import org.medcrypt.retrieval.net.RetrievalMessage.Type;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.EntryContent;
import org.medcrypt.retrieval.store.EntryTags;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.tls.PartyCredentials;

/**
 * The key holder's side of a retrieval session (the physician's Fiji): holds the
 * private key, which never leaves it, and answers the server's interval tests
 * and rankings. {@link #local} runs the server in the same process over an
 * in-memory channel; {@link #connect} reaches one over mutually authenticated
 * TLS 1.3 (the key holder's party certificate, the server's pinned by its
 * fingerprint). Same messages.
 */
public final class RetrievalClient implements Closeable {

	/** One returned image: its rank (1 = nearest), entry, and the preview decrypted from the encrypted LL band. */
	public static final class Match {

		public final int rank;
		public final StoreEntry entry;
		public final int previewWidth, previewHeight;
		/** Mean pixel of each F x F block (F = 2^L), raster order. */
		public final int[] preview;

		Match(final int rank, final StoreEntry entry, final int previewWidth, final int previewHeight,
			final int[] preview)
		{
			this.rank = rank;
			this.entry = entry;
			this.previewWidth = previewWidth;
			this.previewHeight = previewHeight;
			this.preview = preview;
		}
	}

	/**
	 * How the key holder ranks: {@link #INDEX} scans its sealed index locally
	 * (the server learns only which d images are fetched), {@link #PAPER} is
	 * paper 1's encrypted signatures, decrypted one by one (about 1.3 ms per
	 * stored image), {@link #AUTO} the index where the store has one, else the
	 * paper mode: the index is faster by about three orders of magnitude and
	 * tells the server no more (docs/SECURITY.md).
	 */
	public enum Mode {
		AUTO, INDEX, PAPER;

		/** "index", "paper" or "auto" (any case). */
		public static Mode named(final String name) {
			for (final Mode m : values()) if (m.name().equalsIgnoreCase(name.trim())) return m;
			throw new IllegalArgumentException("the query mode is index, paper or auto, not '" + name + "'");
		}
	}

	private final MessageChannel channel;
	private final PaillierPrivateKey key;
	/** How this key holder names the store in its register of index versions (folder real path, host:port). */
	private final String location;
	private IndexVersions versions = IndexVersions.inUserFolder();
	/** The last manifest this key holder accepted in this session (binds fetched images), or null. */
	private IndexManifest manifest;
	private Mode lastMode;
	private final SignatureParameters parameters;
	/** This key holder's entry tags (from its private key). */
	private final EntryTags tags;
	private final Thread localServer;

	private RetrievalClient(final MessageChannel channel, final PaillierPrivateKey key, final Thread localServer,
		final String location) throws MedCryptException
	{
		this.channel = channel;
		this.key = key;
		this.location = location;
		this.tags = EntryTags.of(key);
		this.localServer = localServer;
		try {
			channel.send(RetrievalMessage.of(Type.HELLO, "MedCrypt retrieval", key.publicKey().fingerprint()));
			final RetrievalMessage welcome = expect(channel.receive(), Type.WELCOME).expectFields(4, 0);
			final int bitDepth = welcome.number(0, 8, 16), delta = welcome.number(1, 0, Integer.MAX_VALUE);
			final int levels = welcome.number(2, 1, SignatureParameters.MAX_LEVELS | (SignatureParameters
				.Method.values().length - 1) << 4), method = levels >> 4;
			if (method >= SignatureParameters.Method.values().length) throw new IllegalArgumentException("method " +
				method);
			this.parameters = SignatureParameters.of(SignatureParameters.Method.values()[method], bitDepth, delta,
				levels & 15);
		}
		catch (final MedCryptException | IllegalArgumentException e) {
			channel.close();
			throw e instanceof MedCryptException ? (MedCryptException) e : new PeerFailureException(
				"The server announced invalid signature parameters (" + e.getMessage() + ").", e);
		}
	}

	/**
	 * Opens a session with a store server over TLS 1.3, presenting
	 * {@code credentials} (the key holder's party certificate, which the server
	 * must allow) and accepting only the server certificate with SHA-256
	 * fingerprint {@code serverFingerprint}.
	 */
	public static RetrievalClient connect(final String host, final int port, final PaillierPrivateKey key,
		final PartyCredentials credentials, final String serverFingerprint) throws MedCryptException
	{
		return new RetrievalClient(SocketMessageChannel.connect(host, port, RetrievalServer.TIMEOUT_MILLIS, credentials,
			serverFingerprint), key, null, host + ":" + port);
	}

	/**
	 * Over plain, unauthenticated TCP, to a server started with
	 * {@code --insecure-plain-tcp yes}: tests and legacy set-ups only.
	 */
	public static RetrievalClient connectInsecurePlain(final String host, final int port,
		final PaillierPrivateKey key) throws MedCryptException
	{
		return new RetrievalClient(SocketMessageChannel.connectInsecurePlain(host, port,
			RetrievalServer.TIMEOUT_MILLIS), key, null, host + ":" + port);
	}

	/** A session over a channel already open (tests put a deviating server at its other end). */
	static RetrievalClient over(final MessageChannel channel, final PaillierPrivateKey key) throws MedCryptException {
		return over(channel, key, "test channel");
	}

	/** As {@link #over(MessageChannel, PaillierPrivateKey)}, the store known as {@code location}. */
	static RetrievalClient over(final MessageChannel channel, final PaillierPrivateKey key, final String location)
		throws MedCryptException
	{
		return new RetrievalClient(channel, key, null, location);
	}

	/** Both roles in this process: a server thread on {@code store}, reached through an in-memory channel. */
	public static RetrievalClient local(final EncryptedStore store, final PaillierPrivateKey key)
		throws MedCryptException
	{
		final InMemoryChannel[] ends = InMemoryChannel.pair(RetrievalServer.TIMEOUT_MILLIS);
		final RetrievalServer server = new RetrievalServer(store, line -> {});
		final Thread thread = new Thread(() -> server.serve(ends[1]), "medcrypt-local-retrieval-server");
		thread.setDaemon(true);
		thread.start();
		return new RetrievalClient(ends[0], key, thread, StoreIndex.location(store.folder()));
	}

	/**
	 * Opens a session on a store: {@code location} is host:port of a store server,
	 * or a folder (a new or empty folder becomes a store with {@code forNewStore}; with null, only an existing
	 * store is opened). For host:port it connects over TLS ({@link #connect}) with the key holder's
	 * keystore {@code credentials} (opened with {@code password}) and the store
	 * server's certificate fingerprint, all three required then; for a folder
	 * they are not used.
	 */
	public static RetrievalClient open(final String location, final PaillierPrivateKey key,
		final SignatureParameters forNewStore, final java.nio.file.Path credentials, final char[] password,
		final String serverFingerprint) throws MedCryptException
	{
		final String where = location == null ? "" : location.trim();
		if (where.isEmpty()) throw new MedCryptException("Give the store: a folder, or host:port of a store server.");
		final java.util.regex.Matcher remote = java.util.regex.Pattern.compile("([A-Za-z0-9.\\-]+|\\[[0-9a-fA-F:]+\\]):(\\d{1,5})")
			.matcher(where);
		if (remote.matches()) {
			if (credentials == null || serverFingerprint == null || serverFingerprint.trim().isEmpty()) {
				throw new MedCryptException("A store server (" + where + ") is reached over TLS: give your party " +
					"credentials (.p12 keystore, from Generate Party Certificate) with its password, and the store " +
					"server's certificate fingerprint (its operator reads it from the server's first line).");
			}
			return connect(remote.group(1), Integer.parseInt(remote.group(2)), key, PartyCredentials.load(credentials,
				password == null ? new char[0] : password), serverFingerprint);
		}
		final java.nio.file.Path folder = java.nio.file.Paths.get(where);
		final boolean exists = java.nio.file.Files.exists(folder.resolve("store.properties"));
		if (!exists && forNewStore == null) {
			throw new MedCryptException("'" + where + "' is neither a store folder nor host:port of a store server. " +
				"Add images with Encrypted Database Add first.");
		}
		final EncryptedStore store = exists ? EncryptedStore.open(folder) : EncryptedStore.openOrCreate(folder, key
			.publicKey(), forNewStore);
		return local(store, key);
	}

	/** Uses {@code register} instead of the user's register of index versions (tests). */
	public RetrievalClient withVersions(final IndexVersions register) {
		this.versions = register;
		return this;
	}

	/** The mode the last query ran in (INDEX or PAPER), or null before any. */
	public Mode lastMode() {
		return lastMode;
	}

	/** The store's signature parameters. */
	public SignatureParameters parameters() {
		return parameters;
	}

	/**
	 * Uploads an encrypted image under an entry id this key holder draws, and
	 * tags the entry ({@link EntryTags}: id, name, label, size and signature)
	 * so that later queries can authenticate it. With {@code signature} (the
	 * owner's fast path) the server stores it and must not ask for interval
	 * tests. With null the server must ask for them (BANDS) about exactly this
	 * image: the key holder computes the request itself from the image it sent
	 * (the Haar transform on ciphertexts, additions only) and answers only if
	 * the server's request is identical, so it never decrypts a band the
	 * server chose. Any other reply is a {@link DeviatingPartyException}.
	 */
	public StoreEntry add(final String name, final String label, final EncryptedImage image,
		final EncryptedSignature signature, final Progress progress) throws MedCryptException
	{
		return add(name, label, image, signature, null, progress);
	}

	/**
	 * As {@link #add(String, String, EncryptedImage, EncryptedSignature, Progress)} with the preview's pixels when
	 * the caller has them from the plaintext ({@link EntryContent#preview}); null: this key holder decrypts the
	 * image's LL band for them. The preview is sealed under a fresh key ({@link SealedPreview}) and stored beside
	 * the entry; the key goes only into the entry's sealed index record.
	 */
	private StoreEntry add(final String name, final String label, final EncryptedImage image,
		final EncryptedSignature signature, final SealedPreview.Pixels preview, final Progress progress)
		throws MedCryptException
	{
		try {
			return addOrFail(name, label, image, signature, preview, progress);
		}
		catch (final MedCryptException | RuntimeException e) {
			abandon();
			throw e;
		}
	}

	private StoreEntry addOrFail(final String name, final String label, final EncryptedImage image,
		final EncryptedSignature signature, final SealedPreview.Pixels preview, final Progress progress)
		throws MedCryptException
	{
		final String id = StoreEntry.newId();
		final StoreEntry entry = new StoreEntry(id, name, label, image.layout().width(), image.layout().height(),
			image.layout().planes(), image.bitDepth());
		final SignatureProtocol.BandRequest expected = signature == null ? SignatureProtocol.request(image, key
			.publicKey(), parameters) : null;
		final byte[] imageBytes = EncryptedImageFile.toBytes(image);
		final String imageSha256 = IndexSegment.sha256(imageBytes);
		final byte[] previewKey = SealedPreview.newKey(SecureRandoms.forThisThread());
		final byte[] sealedPreview = SealedPreview.seal(preview != null ? preview : SealedPreview.decrypt(image,
			key), previewKey,
			id, imageSha256, SecureRandoms.forThisThread());
		channel.send(RetrievalMessage.of(Type.ADD, entry.name, entry.label, imageBytes,
			signature == null ? new byte[0] : signature.toBytes(key.publicKey()), id, signature == null ? new byte[0]
				: tags.tag(entry, signature.toBytes(key.publicKey())), SealedPreview.name(id, previewKey),
			sealedPreview));
		RetrievalMessage m = channel.receive();
		if (m.type() == Type.BANDS) {
			if (expected == null) {
				throw new DeviatingPartyException("The store server deviates from the protocol: it asked for interval " +
					"tests on " + entry.name + " although this key holder sent the owner's signature. Nothing was " +
					"answered; stop using this server and tell its operator.");
			}
			final byte[] asked = m.expectFields(1, 0).bytes(0);
			if (!java.security.MessageDigest.isEqual(asked, expected.toBytes(key.publicKey()))) {
				throw new DeviatingPartyException("The store server deviates from the protocol: its interval tests " +
					"for " + entry.name + " are not the bands of the image this key holder sent. Nothing was " +
					"decrypted or answered; stop using this server and tell its operator.");
			}
			final EncryptedSignature answer = SignatureProtocol.answer(expected, key, progress);
			final byte[] bytes = answer.toBytes(key.publicKey());
			lastAnswer = bytes;
			channel.send(RetrievalMessage.of(Type.SIGNATURE, bytes, tags.tag(entry, bytes)));
			m = channel.receive();
		}
		else if (expected != null && m.type() == Type.ADDED) {
			throw new DeviatingPartyException("The store server deviates from the protocol: it reports " + entry.name +
				" added without asking for its signature. Remove the entry; stop using this server.");
		}
		final StoreEntry added = entries(expect(m, Type.ADDED)).get(0);
		if (!added.sameAs(entry)) {
			throw new DeviatingPartyException("The store server deviates from the protocol: it reports another entry (" +
				added + ") than the one this key holder added (" + entry + ").");
		}
		final EncryptedSignature stored = signature != null ? signature : EncryptedSignature.fromBytes("signature",
			lastAnswer, key.publicKey());
		indexChange(entry, imageSha256, stored.decrypt(key), previewKey);
		return added;
	}

	/**
	 * The owner's path: encrypts the image with the private key (its fast
	 * encryption) and computes the signature from the plaintext meanwhile.
	 */
	public StoreEntry addImage(final String name, final String label,
		final RandomAccessibleInterval<? extends IntegerType<?>> image, final Progress progress)
		throws MedCryptException
	{
		final EntryContent content = EntryContent.of(image, key, parameters, progress);
		return add(name, label, content.image, content.signature, content.preview, progress);
	}

	/**
	 * The owner's path for an RGB image given as its channel planes (R, G, B per
	 * image plane, 8-bit): encrypts them as an RGB image (default slots) and
	 * stores the signature of its luma ({@link Luma}), computed from the plaintext.
	 */
	public StoreEntry addRgbImage(final String name, final String label,
		final RandomAccessibleInterval<? extends IntegerType<?>> channels, final Progress progress)
		throws MedCryptException
	{
		final EntryContent content = EntryContent.ofRgb(channels, key, parameters, progress);
		return add(name, label, content.image, content.signature, content.preview, progress);
	}

	/** The encrypted signature of a plaintext image, as stored images are padded. */
	public EncryptedSignature signatureOf(final RandomAccessibleInterval<? extends IntegerType<?>> image)
		throws MedCryptException
	{
		return EntryContent.signature(image, key, parameters);
	}

	/** The signature this key holder answered in the add under way. */
	private byte[] lastAnswer;

	/**
	 * Keeps the sealed index up to date with a change this key holder made
	 * (an add: {@code record} non-null; a remove: {@code removedId}): if the
	 * store has an index, the next manifest (one more segment holding the new
	 * record, or the id dropped) goes to the server. A store without an index
	 * stays without ({@code store-index} makes one).
	 */
	private void indexChange(final StoreEntry added, final String imageSha256, final WaveletSignature plain,
		final byte[] previewKey) throws MedCryptException
	{
		final IndexManifest current = currentManifest();
		if (current == null) return;
		final java.util.Map<String, String> entries = new java.util.LinkedHashMap<>(current.entries);
		final List<String> segments = new ArrayList<>(current.segments);
		byte[] segment = new byte[0];
		if (plain != null) {
			segment = IndexSegment.seal(java.util.Collections.singletonList(new IndexRecord(added, imageSha256, plain,
				previewKey)),
				parameters, key.publicKey(), SecureRandoms.forThisThread());
			segments.add(IndexSegment.sha256(segment));
			entries.put(added.id, imageSha256);
		}
		else {
			entries.remove(added.id);
		}
		final IndexManifest next = current.next(segments, entries);
		final byte[] bytes = next.toBytes(key);
		channel.send(RetrievalMessage.of(Type.PUT_INDEX, segment, bytes));
		expect(channel.receive(), Type.INDEX_STORED).expectFields(0, 0);
		versions.accept(location, next, IndexManifest.sha256(bytes));
		manifest = next;
	}

	/**
	 * The store's manifest, authenticated and checked against the highest
	 * version this key holder has seen there; null if the store has no index
	 * and never had one this key holder saw.
	 */
	private IndexManifest currentManifest() throws MedCryptException {
		channel.send(RetrievalMessage.of(Type.INDEX));
		final byte[] bytes = expect(channel.receive(), Type.MANIFEST).expectFields(1, 0).bytes(0);
		if (bytes.length == 0) {
			final IndexVersions.Seen seen = versions.at(location);
			if (seen != null) {
				throw new DeviatingPartyException("The store server at " + location + " deviates: it presents no " +
					"sealed index, where this key holder has seen version " + seen.counter + " of index " + seen
						.indexId + ". Nothing was ranked; stop using this server and tell its operator.");
			}
			return null;
		}
		final IndexManifest m = IndexManifest.open("The sealed index manifest from " + location, bytes, key);
		if (!m.parameters.equals(parameters)) {
			throw new DeviatingPartyException("The store server at " + location + " deviates: its sealed index has " +
				"signature parameters " + m.parameters + ", the store " + parameters + ".");
		}
		versions.accept(location, m, IndexManifest.sha256(bytes));
		manifest = m;
		return m;
	}

	public List<StoreEntry> list() throws MedCryptException {
		channel.send(RetrievalMessage.of(Type.LIST));
		return entries(expect(channel.receive(), Type.ENTRIES));
	}

	/** Removes an entry, and drops it from the store's sealed index if it has one. */
	public StoreEntry remove(final String id) throws MedCryptException {
		channel.send(RetrievalMessage.of(Type.REMOVE, id));
		final StoreEntry removed = entries(expect(channel.receive(), Type.REMOVED)).get(0);
		indexChange(removed, null, null, null);
		return removed;
	}

	/**
	 * The d stored images nearest to the query, nearest first, with their
	 * previews. The query never leaves this key holder: the server sends every
	 * entry's tag and encrypted signature, and the key holder checks all tags
	 * (each entry's id, name, label and size bound to its signature) and the
	 * parameters, counts and sizes before it decrypts anything
	 * ({@link QueryProtocol}). An untagged entry (a store from before index
	 * version 3) stops the query ({@link RefusedByPolicyException}, naming
	 * store-authenticate); anything else that fails stops it as the server's
	 * deviation ({@link DeviatingPartyException}); either way no ranking is
	 * sent and nothing is returned.
	 */
	public List<Match> query(final EncryptedSignature query, final int d, final Progress progress)
		throws MedCryptException
	{
		return query(query, d, Mode.AUTO, progress);
	}

	/**
	 * As {@link #query(EncryptedSignature, int, Progress)} in {@code mode}. In
	 * the index mode the key holder fetches the manifest (authenticated, not
	 * older than the newest it has seen, {@link IndexVersions}) and every
	 * segment it lists, scans them ({@link SealedIndex#scan}: every live entry
	 * exactly once, bound to its image's hash), ranks locally with the same
	 * distance and ranking as the paper mode, and asks only for the previews
	 * of the d nearest: the query never reaches the server.
	 */
	public List<Match> query(final EncryptedSignature query, final int d, final Mode mode, final Progress progress)
		throws MedCryptException
	{
		try {
			if (mode != Mode.PAPER) {
				if (!query.keyFingerprint().equals(key.publicKey().fingerprint())) {
					throw new WrongKeyException("The query signature is encrypted for key " + query.keyFingerprint() +
						", not for this key holder's " + key.publicKey().fingerprint() + ".");
				}
				final IndexManifest m = currentManifest();
				if (m != null) return indexQuery(query.decrypt(key), m, d, progress);
				if (mode == Mode.INDEX) {
					throw new RefusedByPolicyException("The store at " + location + " has no sealed index. Make one " +
						"with 'medcrypt store-index --store FOLDER --key KEY' on the store folder, or query in the " +
						"paper mode (--mode paper).");
				}
			}
			lastMode = Mode.PAPER;
			return queryOrFail(query, d, progress);
		}
		catch (final MedCryptException | RuntimeException e) {
			abandon();
			throw e;
		}
	}

	/**
	 * Ends the session without another word after a failed add or query: the
	 * server, which may be waiting for an answer, gets none (the channel
	 * closes), and later calls on this client fail.
	 */
	private void abandon() {
		channel.close();
	}

	private List<Match> queryOrFail(final EncryptedSignature query, final int d, final Progress progress)
		throws MedCryptException
	{
		if (!query.keyFingerprint().equals(key.publicKey().fingerprint())) {
			throw new WrongKeyException("The query signature is encrypted for key " + query.keyFingerprint() +
				", not for this key holder's " + key.publicKey().fingerprint() + ".");
		}
		final WaveletSignature own = query.decrypt(key);
		channel.send(RetrievalMessage.of(Type.QUERY, d));
		final Candidates candidates = Candidates.fromBytes("The server's candidates", expect(channel.receive(),
			Type.CANDIDATES).expectFields(1, 0).bytes(0), key.publicKey());
		authenticate(candidates, own);
		final int[] top = QueryProtocol.rank(own, candidates.signatures, key, d, progress);
		final Object[] positions = new Object[top.length];
		for (int i = 0; i < top.length; i++) positions[i] = top[i];
		channel.send(RetrievalMessage.of(Type.RANKING, positions));
		final RetrievalMessage results = expect(channel.receive(), Type.RESULTS).expectFields(0, 11);
		if (results.size() != 11 * top.length) throw results.malformed("it holds another number of images");
		final List<Match> matches = new ArrayList<>();
		for (int r = 0; r < top.length; r++) matches.add(preview(results, r, candidates.entries.get(top[r])));
		return matches;
	}

	private List<Match> indexQuery(final WaveletSignature own, final IndexManifest m, final int d,
		final Progress progress) throws MedCryptException
	{
		final int[] done = { 0 };
		final List<IndexRecord> records = SealedIndex.scan(location, m, sha -> {
			progress.checkCanceled();
			progress.report("Key holder: sealed index segments", ++done[0], m.segments.size());
			channel.send(RetrievalMessage.of(Type.SEGMENT, sha));
			final byte[] bytes = expect(channel.receive(), Type.SEGMENT_DATA).expectFields(1, 0).bytes(0);
			return bytes.length == 0 ? null : bytes;
		}, key);
		final int[] top = SealedIndex.rank(own, records, d);
		final Match[] matches = new Match[top.length];
		// the sealed previews: AES-GCM under the keys of this key holder's records, no Paillier decryption
		final List<Integer> sealed = new ArrayList<>(), fallback = new ArrayList<>();
		for (int r = 0; r < top.length; r++) (records.get(top[r]).previewKey != null ? sealed : fallback).add(r);
		if (!sealed.isEmpty()) {
			final Object[] names = new Object[sealed.size()];
			for (int i = 0; i < names.length; i++) {
				final IndexRecord rec = records.get(top[sealed.get(i)]);
				names[i] = SealedPreview.name(rec.entry.id, rec.previewKey);
			}
			channel.send(RetrievalMessage.of(Type.SEALED_PREVIEWS, names));
			final RetrievalMessage files = expect(channel.receive(), Type.SEALED_PREVIEW_DATA).expectFields(names.length,
				0);
			for (int i = 0; i < names.length; i++) {
				final int r = sealed.get(i);
				final IndexRecord rec = records.get(top[r]);
				final SealedPreview.Pixels p = files.bytes(i).length == 0 ? null : SealedPreview.open(files.bytes(i),
					rec.previewKey, rec.entry.id, rec.imageSha256);
				if (p == null) {
					throw new DeviatingPartyException("The store server at " + location + " deviates: the sealed " +
						"preview of entry " + rec.entry.id + " (" + rec.entry.name + ") is " + (files.bytes(i).length == 0
							? "missing" : "not the one this key holder's index binds to it (swapped or altered)") +
						". Nothing was shown; stop using this server and tell its operator.");
				}
				matches[r] = new Match(r + 1, rec.entry, p.width, p.height, p.pixels);
			}
		}
		if (!fallback.isEmpty()) {
			// entries without a sealed preview (indexed before them): their LL bands, decrypted as in the paper mode
			final Object[] ids = new Object[fallback.size()];
			for (int i = 0; i < ids.length; i++) ids[i] = records.get(top[fallback.get(i)]).entry.id;
			channel.send(RetrievalMessage.of(Type.PREVIEWS, ids));
			final RetrievalMessage results = expect(channel.receive(), Type.RESULTS).expectFields(0, 11);
			if (results.size() != 11 * ids.length) throw results.malformed("it holds another number of images");
			for (int i = 0; i < ids.length; i++) {
				final int r = fallback.get(i);
				final Match fb = preview(results, i, records.get(top[r]).entry);
				matches[r] = new Match(r + 1, fb.entry, fb.previewWidth, fb.previewHeight, fb.preview);
			}
		}
		lastMode = Mode.INDEX;
		return java.util.Arrays.asList(matches);
	}

	/**
	 * Every candidate is a genuine entry of this key holder's: tagged, tag
	 * valid over the entry and its signature's canonical bytes, signature for
	 * the query's parameters. Checked for all before any decryption.
	 */
	private void authenticate(final Candidates candidates, final WaveletSignature own) throws MedCryptException {
		for (int m = 0; m < candidates.entries.size(); m++) {
			final StoreEntry e = candidates.entries.get(m);
			if (e.tag() == null) {
				throw new RefusedByPolicyException("Store entry " + e.id + " (" + e.name + ") has no key holder's tag: " +
					"it was added by a MedCrypt before entry tags (store index version 3), and the key holder ranks " +
					"only authenticated entries. On the store folder run 'medcrypt store-authenticate --store FOLDER " +
					"--key KEY' (it trusts the files as they are now), or remove the entry and add the image again.");
			}
		}
		for (int m = 0; m < candidates.entries.size(); m++) {
			final StoreEntry e = candidates.entries.get(m);
			final EncryptedSignature s = candidates.signatures.get(m);
			if (!tags.verify(e, e.tag(), s.toBytes(key.publicKey()))) {
				throw new DeviatingPartyException("The store server deviates from the protocol: what it sent as entry " +
					e.id + " (" + e.name + ") is not what this key holder added (its tag does not match its " +
					"signature, name or size). The query was stopped before anything was decrypted; nothing was " +
					"ranked or returned. Stop using this server and tell its operator.");
			}
			if (!s.parameters().equals(own.parameters())) {
				throw new DeviatingPartyException("The store server deviates from the protocol: entry " + e.id + " (" +
					e.name + ") has signature parameters " + s.parameters() + ", the query " + own.parameters() +
					", which the server announced for its store. The query was stopped; nothing was returned.");
			}
		}
	}

	/**
	 * One result's entry and preview. The entry must be the ranked candidate;
	 * the layout must be the one an image of its (authenticated) size and bit
	 * depth can have under this key: levels, slot width and slots per
	 * ciphertext as {@link PaillierImageCipher} lays them out, the ciphertext
	 * count exact. The preview ciphertexts themselves are not authenticated
	 * (docs/SECURITY.md): decrypted values are clamped to the pixel range, and
	 * nothing derived from them goes back to the server.
	 */
	private Match preview(final RetrievalMessage results, final int r, final StoreEntry ranked)
		throws MedCryptException
	{
		final int f = 11 * r;
		final StoreEntry entry = new StoreEntry(results.text(f), results.text(f + 1), results.text(f + 2), results
			.number(f + 3, 1, 1 << 20), results.number(f + 4, 1, 1 << 20), results.number(f + 5, 1, 1 << 16), results
				.number(f + 9, 8, 16));
		if (!entry.sameAs(ranked)) {
			throw new DeviatingPartyException("The store server deviates from the protocol: it returned " + entry +
				" as result " + (r + 1) + ", where this key holder ranked " + ranked + ".");
		}
		final int levels = results.number(f + 6, 0, 6), slotBits = results.number(f + 8, 2, 56);
		final PolyphaseLayout layout;
		try {
			org.medcrypt.encimage.PackingParameters.of(levels, slotBits, entry.bitDepth);
			final int slots = SlotPacking.forKey(key.publicKey(), slotBits).slots();
			if (results.number(f + 7, 1, 1 << 16) != slots) {
				throw new IllegalArgumentException(slots + " slots per ciphertext at " + slotBits + " bits");
			}
			layout = new PolyphaseLayout(entry.width, entry.height, entry.planes, levels, slots);
			if ((long) layout.gridWidth() * layout.gridHeight() > MAX_PREVIEW_PIXELS) {
				throw new IllegalArgumentException("a preview larger than " + MAX_PREVIEW_PIXELS + " pixels");
			}
		}
		catch (final IllegalArgumentException e) {
			throw results.malformed("image " + (r + 1) + " has an invalid layout (" + e.getMessage() + ")");
		}
		final BigInteger[] cts = Wire.open("The preview of " + entry.name, new byte[] { 'L', 'L' }, 1, results
			.bytes(f + 10), in -> Wire.readCiphertexts(in, key.publicKey().ciphertextBytes(), layout.chunks(), key
				.publicKey().modulusSquared()));
		if (cts.length != layout.chunks()) throw results.malformed("the preview of image " + (r + 1) + " has " +
			cts.length + " ciphertexts, not " + layout.chunks());
		final long[] ll = EncryptedHaar.decrypt(new EncryptedHaar.Band(levels, HaarSubbands.Band.LL, 1, cts), layout,
			slotBits, key);
		final SealedPreview.Pixels p = SealedPreview.fromLowpass(ll, layout.gridWidth(), layout.gridHeight(), levels,
			entry.bitDepth);
		return new Match(r + 1, ranked, p.width, p.height, p.pixels);
	}

	/** The largest preview decoded: 2^26 block means (a 8192x8192 image at L = 0). */
	private static final long MAX_PREVIEW_PIXELS = 1L << 26;

	/** Downloads a stored encrypted image (to decrypt it in full). */
	public EncryptedImage fetch(final String id) throws MedCryptException {
		channel.send(RetrievalMessage.of(Type.FETCH, id));
		final RetrievalMessage m = expect(channel.receive(), Type.IMAGE).expectFields(2, 0);
		final String bound = manifest == null ? null : manifest.entries.get(id);
		if (bound != null && !IndexSegment.sha256(m.bytes(1)).equals(bound)) {
			throw new DeviatingPartyException("The store server at " + location + " deviates: the image it sent as " +
				id + " is not the one the sealed index binds to that entry (its SHA-256 differs). Nothing was " +
				"decrypted; stop using this server and tell its operator.");
		}
		final EncryptedImage image = EncryptedImageFile.parse("The stored image " + id, m.bytes(1));
		EncryptedImageFile.checkKey("The stored image " + id, image, key.publicKey());
		return image;
	}

	@Override
	public void close() {
		try {
			channel.send(RetrievalMessage.of(Type.BYE));
		}
		catch (final MedCryptException ignored) {
			// already closed
		}
		channel.close();
		if (localServer != null) {
			try {
				localServer.join(5000);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static RetrievalMessage expect(final RetrievalMessage m, final Type type) throws MedCryptException {
		if (m.type() == Type.ERROR && m.size() == 1) throw new PeerFailureException("The server refused: " + m.text(0));
		if (m.type() != type) throw RetrievalServer.outOfOrder(m, type.toString());
		return m;
	}

	private static List<StoreEntry> entries(final RetrievalMessage m) throws MedCryptException {
		m.expectFields(0, 7);
		final List<StoreEntry> list = new ArrayList<>();
		for (int i = 0; i < m.size(); i += 7) {
			list.add(new StoreEntry(m.text(i), m.text(i + 1), m.text(i + 2), m.number(i + 3, 1, 1 << 20), m.number(
				i + 4, 1, 1 << 20), m.number(i + 5, 1, 1 << 16), m.number(i + 6, 8, 16)));
		}
		return list;
	}
}
