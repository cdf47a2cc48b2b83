package org.medcrypt.retrieval.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.Wire;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.SignatureParameters;

/**
 * A folder-based encrypted image store:
 *
 * <pre>
 * store.properties   format version, signature parameters
 * store.paillier.pub the physician's public key (the server computes with it)
 * store.lock         empty; locked by whoever changes the index (never deleted)
 * index.tsv          a header line "# MedCrypt encrypted store index v3", then one line per entry, tab-separated:
 *                    id, name, label, width, height, planes, bit depth, SHA-256 of the .mcimg, SHA-256 of the
 *                    .mcsig ("-" for an entry of a version 1 index whose files were missing at its upgrade),
 *                    the key holder's entry tag ({@link EntryTags}; "-" for an entry added before version 3)
 * images/ID.mcimg    the encrypted image
 * signatures/ID.mcsig its encrypted signature
 * index/             optional: the key holder's sealed signature index (retrieval.index.StoreIndex: segments/,
 *                    manifests/); readers that do not know it ignore it, so the store format stays 1
 * previews/ID-KEYID.mcpv optional: entries' sealed previews (retrieval.index.SealedPreview), their keys only in
 *                    the sealed index; removed with their entry
 * </pre>
 *
 * Ids are 16 lower-case hex digits (64 random bits); an index naming any other
 * id, or one id twice, is refused as damaged, so nothing from the index ever
 * becomes a path outside the store. Version 1 indexes (seven fields, no
 * digests) and version 2 (no tags) are read; the first change rewrites them
 * as version 3 with the digests of the files present then. Their entries have
 * no tag, so a key holder refuses to rank them until {@link #authenticate}
 * (the key holder's {@code store-authenticate}) has tagged them.
 *
 * <p><b>Concurrent writers.</b> Every change (add, remove, clean-up) holds
 * the store's lock from reading the index to writing it: a lock on
 * {@code store.lock} ({@link FileChannel#lock}) for other processes, and a
 * lock per store folder for other threads and store objects of this JVM (a
 * JVM cannot hold two file locks on one file). The index is re-read under the
 * lock, so two processes, or a store server and a command line, adding at
 * once both keep their entries. Readers take no lock: the index is replaced in
 * one rename, so they see the old or the new one. The lock is advisory and
 * may not work on network file systems; MedCrypt versions before index v2 do
 * not take it.
 *
 * <p><b>Crash safety</b> comes from ordering: an entry's files are written
 * (atomically, forced to disk with their folder) before the index that names
 * them is replaced (atomically, its folder forced), so an add returns only
 * once the entry is durably indexed; the index is rewritten before files are
 * deleted. A crash at any point leaves the old or the new index, never a torn
 * one; at worst unreferenced entry files and hidden {@code .part} temporaries
 * remain. Both are deleted under the lock when the store is opened and by
 * {@link #collectGarbage()}: since every writer writes only while it holds the
 * lock, no file seen under the lock belongs to a writer still at work.
 */
public final class EncryptedStore {

	private static final String PROPERTIES = "store.properties", INDEX = "index.tsv", LOCK = "store.lock";
	private static final String KEY = "store" + PaillierKeyFiles.PUBLIC_SUFFIX;
	private static final String INDEX_HEADER = "# MedCrypt encrypted store index v";
	/** Index version written; versions 1 (no digests) and 2 (no entry tags) are still read. */
	private static final int INDEX_VERSION = 3;
	private static final int FORMAT = 1;
	/** An index larger than this is refused before it is read (about 300,000 entries). */
	private static final long MAX_INDEX_BYTES = 64L << 20;
	/** What a store being created may already hold. */
	private static final Predicate<String> STORE_FILES = n -> n.equals(LOCK) || n.equals(KEY) || n.equals(INDEX) ||
		n.equals(PROPERTIES) || n.equals("images") || n.equals("signatures") || n.equals("index") || AtomicFiles.isTemporary(n);
	/** Folder (real path) -> the lock this JVM's writers of that store take before the file lock. */
	private static final Map<Path, ReentrantLock> WRITERS = new ConcurrentHashMap<>();

	private final Path dir;
	private final PaillierPublicKey key;
	private final SignatureParameters parameters;
	/** Signatures already read and checked: every query needs all of them, and an id's files never change. */
	private final Map<String, EncryptedSignature> signatures = new ConcurrentHashMap<>();
	private int collectedOnOpen;

	/** What runs while the store's lock is held. */
	@FunctionalInterface
	private interface Locked<T> {
		T run() throws IOException, MedCryptException;
	}

	private EncryptedStore(final Path dir, final PaillierPublicKey key, final SignatureParameters parameters) {
		this.dir = dir;
		this.key = key;
		this.parameters = parameters;
	}

	/** Creates an empty store in a new or empty folder. */
	public static EncryptedStore create(final Path dir, final PaillierPublicKey key,
		final SignatureParameters parameters) throws MedCryptException
	{
		try {
			checkEmpty(dir);
			Files.createDirectories(dir);
			return locked(dir, () -> createLocked(dir, key, parameters));
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not create the store in " + dir + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Opens the store in {@code dir}, or creates it there (with {@code key} and
	 * {@code parameters}) if the folder is new or empty, deciding under the lock
	 * so that two writers starting on a new folder at once share one store.
	 */
	public static EncryptedStore openOrCreate(final Path dir, final PaillierPublicKey key,
		final SignatureParameters parameters) throws MedCryptException
	{
		final EncryptedStore created;
		try {
			// outside the lock, another writer may be creating the store here: only foreign files refuse now
			if (!Files.isRegularFile(dir.resolve(PROPERTIES))) checkEmpty(dir, STORE_FILES);
			Files.createDirectories(dir);
			created = locked(dir, () -> Files.isRegularFile(dir.resolve(PROPERTIES)) ? null : createLocked(dir, key,
				parameters));
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not create the store in " + dir + ": " + e.getMessage(), e);
		}
		return created != null ? created : open(dir);
	}

	/** Refuses a folder that holds anything but the lock file. */
	private static void checkEmpty(final Path dir) throws IOException, MedCryptException {
		checkEmpty(dir, LOCK::equals);
	}

	/** Refuses a folder that holds a file whose name {@code allowed} rejects. */
	private static void checkEmpty(final Path dir, final Predicate<String> allowed) throws IOException,
		MedCryptException
	{
		if (!Files.isDirectory(dir)) return;
		try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			if (s.anyMatch(f -> !allowed.test(f.getFileName().toString()))) {
				throw new OutputExistsException("Cannot create a store in " + dir + ": the folder is not empty. " +
					"Choose a new folder, or open the store that is there.");
			}
		}
	}

	/** Writes a new store's files, {@code store.properties} last: a store is complete once it has one. */
	private static EncryptedStore createLocked(final Path dir, final PaillierPublicKey key,
		final SignatureParameters parameters) throws IOException, MedCryptException
	{
		checkEmpty(dir);
		Files.createDirectories(dir.resolve("images"));
		Files.createDirectories(dir.resolve("signatures"));
		PaillierKeyFiles.writePublic(dir.resolve(KEY), key);
		final Properties p = new Properties();
		p.setProperty("format", Integer.toString(FORMAT));
		p.setProperty("bitDepth", Integer.toString(parameters.bitDepth()));
		p.setProperty("delta", Integer.toString(parameters.delta()));
		p.setProperty("levels", Integer.toString(parameters.levels()));
		// only for the spatial signature, so that paper stores are written as before
		if (parameters.method() != SignatureParameters.Method.PAPER) p.setProperty("signature", parameters.method()
			.label());
		p.setProperty("key", key.fingerprint());
		final java.io.StringWriter text = new java.io.StringWriter();
		p.store(text, "MedCrypt encrypted image store");
		final EncryptedStore store = new EncryptedStore(dir, key, parameters);
		store.writeIndex(new ArrayList<>());
		AtomicFiles.write(dir.resolve(PROPERTIES), AtomicFiles.IfExists.FAIL, false, text.toString().getBytes(
			StandardCharsets.ISO_8859_1));
		forceFolder(dir);
		return store;
	}

	/**
	 * Opens an existing store and checks its index; if this user may change the
	 * store, deletes what crashed writers left ({@link #collectGarbage()}; see
	 * {@link #collectedOnOpen()}).
	 */
	public static EncryptedStore open(final Path dir) throws MedCryptException {
		if (!Files.isRegularFile(dir.resolve(PROPERTIES))) {
			throw new DamagedFileException(dir + " is not a MedCrypt encrypted store (no " + PROPERTIES +
				"). Create one first (Encrypted Database Add with a new folder, or 'medcrypt store-server --create').");
		}
		final EncryptedStore store;
		try {
			final Properties p = new Properties();
			try (java.io.Reader r = Files.newBufferedReader(dir.resolve(PROPERTIES), StandardCharsets.ISO_8859_1)) {
				p.load(r);
			}
			if (!Integer.toString(FORMAT).equals(p.getProperty("format"))) {
				throw new DamagedFileException(dir + " is a store of format " + p.getProperty("format") +
					"; this MedCrypt reads format " + FORMAT + ".");
			}
			final int bitDepth = Integer.parseInt(p.getProperty("bitDepth"));
			final int delta = Integer.parseInt(p.getProperty("delta")), levels = Integer.parseInt(p.getProperty(
				"levels"));
			final SignatureParameters.Method method = SignatureParameters.Method.named(p.getProperty("signature",
				SignatureParameters.Method.PAPER.label()));
			final SignatureParameters parameters = SignatureParameters.of(method, bitDepth, delta, levels);
			final PaillierPublicKey key = PaillierKeyFiles.readPublic(dir.resolve(KEY));
			if (!key.fingerprint().equals(p.getProperty("key"))) {
				throw new DamagedFileException("The public key in " + dir + " does not match the store's record: " +
					"the store was tampered with.");
			}
			store = new EncryptedStore(dir, key, parameters);
		}
		catch (final NoSuchFileException e) {
			throw new DamagedFileException("The store in " + dir + " is incomplete: " + e.getFile() +
				" is missing.", e);
		}
		catch (final IOException | IllegalArgumentException e) {
			throw new DamagedFileException("The store in " + dir + " is damaged: " + e.getMessage(), e);
		}
		// a reader without write access (a read-only copy, another user's store) needs no lock
		final Path lock = dir.resolve(LOCK);
		if (Files.isWritable(dir) && (Files.notExists(lock) || Files.isWritable(lock))) {
			store.collectedOnOpen = store.collectGarbage();
		}
		else {
			readIndex(dir);
		}
		return store;
	}

	public Path folder() {
		return dir;
	}

	public PaillierPublicKey key() {
		return key;
	}

	/**
	 * Refuses a private key that is not this store's ({@code keyName}: the
	 * key's file, for the message), before the key holder tags or indexes it.
	 */
	public void requireKeyHolder(final org.medcrypt.paillier.PaillierPrivateKey privateKey, final Object keyName)
		throws WrongKeyException
	{
		if (!key.fingerprint().equals(privateKey.publicKey().fingerprint())) {
			throw new WrongKeyException("The store " + dir + " holds images for key " + key.fingerprint() + "; " +
				keyName + " is key " + privateKey.publicKey().fingerprint() + ". Give the store's private key.");
		}
	}

	public SignatureParameters parameters() {
		return parameters;
	}

	/** How many leftover files (orphaned entry files, stale temporaries) {@link #open} deleted. */
	public int collectedOnOpen() {
		return collectedOnOpen;
	}

	/** The entries as the index lists them now (re-read: other processes may have changed it). */
	public List<StoreEntry> list() throws MedCryptException {
		return Collections.unmodifiableList(readIndex(dir));
	}

	/**
	 * Adds an image with its signature. Returns once the entry is durably in
	 * the index; the store changes only once both files are safely on disk.
	 */
	public StoreEntry add(final String name, final String label, final EncryptedImage image,
		final EncryptedSignature signature) throws MedCryptException
	{
		return add(null, name, label, image, signature, null);
	}

	/**
	 * Adds an image with its signature under the id the key holder chose
	 * ({@code id}; null: a fresh one) and the key holder's {@link EntryTags}
	 * tag ({@code tag}; null: none, and no key holder will rank the entry).
	 * An id already in the store is refused.
	 */
	public StoreEntry add(final String id, final String name, final String label, final EncryptedImage image,
		final EncryptedSignature signature, final byte[] tag) throws MedCryptException
	{
		if (id != null && !StoreEntry.isValidId(id)) {
			throw new MedCryptException("An entry id is 16 lower-case hex digits; '" + id + "' is not one.");
		}
		if (tag != null && tag.length != EntryTags.BYTES) {
			throw new MedCryptException("An entry tag is " + EntryTags.BYTES + " bytes, not " + tag.length + ".");
		}
		checkContent(name, image, signature, key, parameters);
		final byte[] imageBytes = EncryptedImageFile.toBytes(image), signatureBytes = signature.toBytes(key);
		try {
			return locked(dir, () -> {
				final List<StoreEntry> next = upgraded(readIndex(dir));
				final Set<String> taken = ids(next);
				if (id != null && (taken.contains(id) || Files.exists(imageFile(id)) || Files.exists(signatureFile(
					id)))) {
					throw new OutputExistsException("The store " + dir + " already has an entry " + id + ". Add " +
						"the image again (a new id is drawn).");
				}
				String fresh = id;
				while (fresh == null || taken.contains(fresh) || Files.exists(imageFile(fresh)) || Files.exists(
					signatureFile(fresh))) {
					fresh = StoreEntry.newId();
				}
				final String entryId = fresh;
				final StoreEntry entry = new StoreEntry(entryId, name, label, image.layout().width(), image.layout()
					.height(), image.layout().planes(), image.bitDepth(), sha256(imageBytes), sha256(signatureBytes),
					tag);
				try {
					AtomicFiles.write(imageFile(entryId), AtomicFiles.IfExists.FAIL, false, imageBytes);
					AtomicFiles.write(signatureFile(entryId), AtomicFiles.IfExists.FAIL, false, signatureBytes);
					forceFolder(imageFile(entryId).getParent());
					forceFolder(signatureFile(entryId).getParent());
					next.add(entry);
					replaceIndex(next);
				}
				catch (final IOException e) {
					// not indexed: the files go now rather than at the next clean-up
					Files.deleteIfExists(imageFile(entryId));
					Files.deleteIfExists(signatureFile(entryId));
					throw e;
				}
				// indexed: from here on, a failure leaves the entry in the store
				forceFolder(dir);
				signatures.put(entryId, signature);
				return entry;
			});
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not add " + name + " to the store " + dir + ": " + e.getMessage(), e);
		}
	}

	/** What every entry of a store with {@code key} and {@code parameters} must be: refused here otherwise. */
	static void checkContent(final String name, final EncryptedImage image, final EncryptedSignature signature,
		final PaillierPublicKey key, final SignatureParameters parameters) throws MedCryptException
	{
		EncryptedImageFile.checkKey(name, image, key);
		if (!signature.keyFingerprint().equals(key.fingerprint())) {
			throw new WrongKeyException("The signature of " + name + " is encrypted for another key.");
		}
		if (!signature.parameters().equals(parameters)) {
			throw new MedCryptException("The signature of " + name + " has parameters " + signature.parameters() +
				"; this store uses " + parameters + ".");
		}
	}

	/**
	 * Adds the entries staged in {@code staging} ({@link StagedEntries}; a
	 * folder on the store's file system) in one index change, under the store's
	 * lock: each entry's objects are hard-linked (copied where the file system
	 * has no hard links) to the entry's files, forced to disk, then the index
	 * naming them all is written once. An entry already in the index with the
	 * same description and digests (a commit that was interrupted after the
	 * index was written, then run again) is skipped, so running a commit twice
	 * never duplicates an entry; an id in the index with other content is
	 * refused. Files of an id the index does not name are another interrupted
	 * commit's and are replaced. Returns the entries added now.
	 */
	public List<StoreEntry> commit(final Path staging, final List<StoreEntry> entries) throws MedCryptException {
		try {
			return locked(dir, () -> {
				final List<StoreEntry> next = upgraded(readIndex(dir));
				final Map<String, StoreEntry> known = new HashMap<>();
				for (final StoreEntry e : next) known.put(e.id, e);
				final List<StoreEntry> added = new ArrayList<>();
				for (final StoreEntry e : entries) {
					final StoreEntry there = known.get(e.id);
					if (there != null) {
						if (there.sameAs(e) && e.imageSha256.equals(there.imageSha256) && e.signatureSha256.equals(
							there.signatureSha256)) continue;
						throw new OutputExistsException("The store " + dir + " already has an entry " + e.id + " (" +
							there.name + ") other than the staged " + e.name + ". Nothing was committed.");
					}
					if (e.imageSha256 == null || e.signatureSha256 == null) {
						throw new MedCryptException("The staged entry " + e.id + " (" + e.name + ") names no files.");
					}
					link(StagedEntries.imageObject(staging, e.imageSha256), imageFile(e.id));
					link(StagedEntries.signatureObject(staging, e.signatureSha256), signatureFile(e.id));
					known.put(e.id, e);
					added.add(e);
				}
				if (added.isEmpty()) return added;
				forceFolder(dir.resolve("images"));
				forceFolder(dir.resolve("signatures"));
				next.addAll(added);
				writeIndex(next);
				return added;
			});
		}
		catch (final NoSuchFileException e) {
			throw new DamagedFileException("The staging folder " + staging + " is incomplete: " + e.getFile() +
				" is missing. Delete " + staging + " and run the job again.", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not commit the staged entries of " + staging + " to the store " + dir +
				": " + e.getMessage(), e);
		}
	}

	/** An entry's file from a staged object: a hard link (no copy of the ciphertext), else a copy. */
	private static void link(final Path object, final Path target) throws IOException {
		if (!Files.isRegularFile(object, LinkOption.NOFOLLOW_LINKS)) throw new NoSuchFileException(object.toString());
		// not indexed (checked under the lock): an interrupted commit's, replaced
		Files.deleteIfExists(target);
		try {
			Files.createLink(target, object);
		}
		catch (final UnsupportedOperationException | java.nio.file.FileSystemException e) {
			if (e instanceof java.nio.file.FileAlreadyExistsException) throw (java.nio.file.FileAlreadyExistsException) e;
			AtomicFiles.write(target, AtomicFiles.IfExists.FAIL, false, out -> Files.copy(object, out));
		}
	}

	/**
	 * The key holder's re-authentication of a store written before index
	 * version 3: tags every entry that has none with {@code tags} (made from
	 * the private key, so only the key holder can run it), binding each entry
	 * to the signature file it has now. It trusts those files: run it only on
	 * a store folder nobody else could change since its entries were added.
	 * Returns how many entries it tagged.
	 */
	public int authenticate(final EntryTags tags) throws MedCryptException {
		try {
			return locked(dir, () -> {
				final List<StoreEntry> next = upgraded(readIndex(dir));
				int tagged = 0;
				for (int i = 0; i < next.size(); i++) {
					final StoreEntry e = next.get(i);
					if (e.tag() != null) continue;
					next.set(i, e.withTag(tags.tag(e, signature(e).toBytes(key))));
					tagged++;
				}
				if (tagged > 0) writeIndex(next);
				return tagged;
			});
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not authenticate the entries of the store " + dir + ": " + e
				.getMessage(), e);
		}
	}

	/** Removes an entry: first from the index (durably), then its files. */
	public StoreEntry remove(final String id) throws MedCryptException {
		try {
			return locked(dir, () -> {
				final List<StoreEntry> next = upgraded(readIndex(dir));
				final StoreEntry entry = find(next, id);
				next.remove(entry);
				writeIndex(next);
				signatures.remove(id);
				Files.deleteIfExists(imageFile(id));
				Files.deleteIfExists(signatureFile(id));
				// its sealed previews (retrieval.index.SealedPreview), under any key
				if (Files.isDirectory(dir.resolve("previews"))) {
					try (java.nio.file.DirectoryStream<Path> previews = Files.newDirectoryStream(dir.resolve("previews"),
						id + "-*.mcpv")) {
						for (final Path f : previews) Files.deleteIfExists(f);
					}
				}
				return entry;
			});
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not remove " + id + " from the store " + dir + ": " + e.getMessage(), e);
		}
	}

	public StoreEntry entry(final String id) throws MedCryptException {
		return find(readIndex(dir), id);
	}

	private static StoreEntry find(final List<StoreEntry> entries, final String id) throws MedCryptException {
		for (final StoreEntry e : entries) if (e.id.equals(id)) return e;
		throw new MedCryptException("The store has no entry " + (StoreEntry.isValidId(id) ? id
			: "with that id (ids are 16 hex digits)") + ". List the store to see its entries.");
	}

	/** The entry's image, checked against the digest the index records for it (entries as {@link #list} gives them). */
	public EncryptedImage image(final StoreEntry entry) throws MedCryptException {
		final Path file = imageFile(entry.id);
		checkBound(file, entry.imageSha256, entry, "encrypted image");
		return EncryptedImageFile.read(file, key);
	}

	/**
	 * SHA-256 (hex) of the entry's encrypted image file: the digest the index
	 * recorded when it was added, or (an entry of a version 1 index) the file's
	 * now. The sealed index binds each record to it.
	 */
	public String imageSha256(final StoreEntry entry) throws MedCryptException {
		if (entry.imageSha256 != null) return entry.imageSha256;
		try {
			return sha256(imageFile(entry.id));
		}
		catch (final IOException e) {
			throw new DamagedFileException("The encrypted image of entry " + entry.id + " (" + entry.name + ") " +
				"cannot be read (" + e.getMessage() + "). Remove the entry and add the image again.", e);
		}
	}

	/** The entry's signature, checked against the digest the index records for it, then kept for later queries. */
	public EncryptedSignature signature(final StoreEntry entry) throws MedCryptException {
		final EncryptedSignature known = signatures.get(entry.id);
		if (known != null) return known;
		final Path file = signatureFile(entry.id);
		checkBound(file, entry.signatureSha256, entry, "signature");
		final EncryptedSignature read = EncryptedSignature.read(file, "The signature of " + entry.name + " (" + file +
			")", key);
		signatures.put(entry.id, read);
		return read;
	}

	/**
	 * Fails, naming the entry, unless {@code file} has the SHA-256 the index
	 * recorded when the entry was added ({@code expected}; null: an entry from
	 * a version 1 index, not bound): a file replaced, or swapped with another
	 * entry's, is reported here instead of silently changing a ranking.
	 */
	private void checkBound(final Path file, final String expected, final StoreEntry entry, final String what)
		throws MedCryptException
	{
		if (expected == null) return;
		final String actual;
		try {
			actual = sha256(file);
		}
		catch (final NoSuchFileException e) {
			throw new DamagedFileException("The " + what + " of entry " + entry.id + " (" + entry.name + ") is " +
				"missing from the store " + dir + " (" + file.getFileName() + "). Remove the entry and add the " +
				"image again.", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not read " + file + ": " + e.getMessage(), e);
		}
		if (!MessageDigest.isEqual(Hex.parse(actual), Hex.parse(expected))) {
			throw new DamagedFileException(file + " is not the " + what + " entry " + entry.id + " (" + entry.name +
				") was added with: its SHA-256 differs from the store's index, so it was replaced or swapped with " +
				"another entry's. Restore it, or remove the entry and add the image again.");
		}
	}

	/**
	 * Deletes what crashed writers left, under the store's lock: entry files
	 * the index does not name and hidden {@code .part} temporaries (of
	 * {@link AtomicFiles}) in the store, its images and its signatures. Files
	 * with names a store never makes are left alone. Returns how many files it
	 * deleted.
	 */
	public int collectGarbage() throws MedCryptException {
		try {
			return locked(dir, () -> {
				final Set<String> ids = ids(readIndex(dir));
				return delete(dir, n -> false, ids) + delete(dir.resolve("images"), n -> n.endsWith(
					EncryptedImageFile.SUFFIX), ids) + delete(dir.resolve("signatures"), n -> n.endsWith(
						EncryptedSignature.SUFFIX), ids);
			});
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not clean up leftover files in the store " + dir + ": " + e
				.getMessage(), e);
		}
	}

	/** Deletes the stale temporaries in {@code folder} and the entry files ({@code entryFile}) of no id in {@code ids}. */
	private static int delete(final Path folder, final Predicate<String> entryFile, final Set<String> ids)
		throws IOException
	{
		if (!Files.isDirectory(folder)) return 0;
		int removed = 0;
		try (java.util.stream.Stream<Path> files = Files.list(folder)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				final String n = f.getFileName().toString();
				final boolean temporary = AtomicFiles.isTemporary(n);
				final String stem = n.contains(".") ? n.substring(0, n.indexOf('.')) : n;
				final boolean orphan = entryFile.test(n) && StoreEntry.isValidId(stem) && !ids.contains(stem);
				if ((temporary || orphan) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(f)) {
					removed++;
				}
			}
		}
		return removed;
	}

	/** The image file of an id the store made; any other id is refused (it would be a path). */
	Path imageFile(final String id) {
		return dir.resolve("images").resolve(checkedId(id) + EncryptedImageFile.SUFFIX);
	}

	Path signatureFile(final String id) {
		return dir.resolve("signatures").resolve(checkedId(id) + EncryptedSignature.SUFFIX);
	}

	private static String checkedId(final String id) {
		if (!StoreEntry.isValidId(id)) throw new IllegalArgumentException("not a store entry id");
		return id;
	}

	/**
	 * Reads and checks the index: its version, each line, ids valid and
	 * unique; a damaged index is refused naming the file and the line.
	 */
	static List<StoreEntry> readIndex(final Path dir) throws MedCryptException {
		final Path file = dir.resolve(INDEX);
		final List<String> lines;
		try {
			if (Files.size(file) > MAX_INDEX_BYTES) {
				throw new DamagedFileException(file + " is larger than any store index (" + Files.size(file) +
					" bytes): it is damaged. Restore it from a backup.");
			}
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (final NoSuchFileException e) {
			throw new DamagedFileException("The store in " + dir + " is incomplete: " + file + " is missing.", e);
		}
		catch (final CharacterCodingException e) {
			throw new DamagedFileException(file + " is damaged: it is not UTF-8 text. Restore it from a backup.", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not read " + file + ": " + e.getMessage(), e);
		}
		int version = 0;
		for (int v = 1; v <= INDEX_VERSION; v++) if (!lines.isEmpty() && lines.get(0).equals(INDEX_HEADER + v)) version = v;
		if (version == 0) {
			throw new DamagedFileException(file + " is not a MedCrypt store index (version 1 to " + INDEX_VERSION +
				")" + (lines.isEmpty() || !lines.get(0).startsWith(INDEX_HEADER) ? "" : ": it is of a newer " +
					"version; update MedCrypt") + ".");
		}
		final List<StoreEntry> entries = new ArrayList<>();
		final Map<String, Integer> lineOf = new HashMap<>();
		for (int i = 1; i < lines.size(); i++) {
			if (lines.get(i).isEmpty()) continue;
			final StoreEntry e;
			try {
				e = StoreEntry.fromLine(lines.get(i), version);
			}
			catch (final IllegalArgumentException x) {
				throw new DamagedFileException(file + " line " + (i + 1) + " is damaged: " + x.getMessage() + ". " +
					"The index was altered; restore it from a backup.", x);
			}
			final Integer first = lineOf.putIfAbsent(e.id, i + 1);
			if (first != null) {
				throw new DamagedFileException(file + " line " + (i + 1) + " is damaged: entry " + e.id + " is " +
					"listed again (first on line " + first + "). The index was altered; restore it from a backup.");
			}
			entries.add(e);
		}
		return entries;
	}

	/** Entries of a version 1 index bound to the files they have now (the first change upgrades the index). */
	private List<StoreEntry> upgraded(final List<StoreEntry> entries) throws IOException {
		final List<StoreEntry> out = new ArrayList<>(entries.size() + 1);
		for (final StoreEntry e : entries) {
			if (e.imageSha256 != null || !Files.isRegularFile(imageFile(e.id)) || !Files.isRegularFile(signatureFile(
				e.id))) {
				out.add(e);
			}
			else {
				out.add(e.withDigests(sha256(imageFile(e.id)), sha256(signatureFile(e.id))));
			}
		}
		return out;
	}

	/** Replaces the index and forces its folder to disk: once this returns, the change survives a crash. */
	private void writeIndex(final List<StoreEntry> list) throws IOException {
		replaceIndex(list);
		forceFolder(dir);
	}

	/** Replaces the index in one rename (not yet forced to disk). */
	private void replaceIndex(final List<StoreEntry> list) throws IOException {
		final StringBuilder text = new StringBuilder(INDEX_HEADER).append(INDEX_VERSION).append('\n');
		for (final StoreEntry e : list) text.append(e.toLine()).append('\n');
		AtomicFiles.write(dir.resolve(INDEX), AtomicFiles.IfExists.REPLACE, false, text.toString().getBytes(
			StandardCharsets.UTF_8));
	}

	/**
	 * Runs {@code action} holding the store's lock: this JVM's lock for the
	 * folder, then the file lock that other processes honour.
	 */
	private static <T> T locked(final Path dir, final Locked<T> action) throws IOException, MedCryptException {
		final ReentrantLock inJvm = WRITERS.computeIfAbsent(dir.toRealPath(), p -> new ReentrantLock());
		if (inJvm.isHeldByCurrentThread()) throw new IllegalStateException("the store lock is not reentrant");
		inJvm.lock();
		try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
			StandardOpenOption.WRITE); FileLock lock = channel.lock())
		{
			return action.run();
		}
		finally {
			inJvm.unlock();
		}
	}

	/**
	 * Forces a folder's entries (renames, new files) to disk: without it a
	 * crash may forget a rename that already returned. Windows cannot open a
	 * folder this way; NTFS journals its renames.
	 */
	private static void forceFolder(final Path folder) throws IOException {
		try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (final AccessDeniedException e) {
			if (!System.getProperty("os.name", "").startsWith("Windows")) throw e;
		}
	}

	private static Set<String> ids(final List<StoreEntry> entries) {
		final Set<String> ids = new HashSet<>();
		for (final StoreEntry e : entries) ids.add(e.id);
		return ids;
	}

	private static String sha256(final byte[] bytes) {
		return Hex.of(Wire.sha256().digest(bytes));
	}

	private static String sha256(final Path file) throws IOException {
		final MessageDigest sha = Wire.sha256();
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] buffer = new byte[1 << 16];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) sha.update(buffer, 0, n);
		}
		return Hex.of(sha.digest());
	}
}
