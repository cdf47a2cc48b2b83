package org.medcrypt.retrieval.index;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.EntryTags;
import org.medcrypt.retrieval.store.StoreEntry;

/**
 * The sealed index in a store folder, beside the entries:
 *
 * <pre>
 * index/segments/SHA256.mcidx          sealed segments (anyone with the public key writes them: the Spark job,
 *                                      a key holder's add), content-addressed, never replaced
 * index/manifests/manifest-COUNTER.mcidm the key holder's manifests, one per version, never replaced
 * </pre>
 *
 * The server serves the manifest with the highest counter and the segments it
 * is asked for; it cannot check a manifest (only the key holder can), so what
 * counts is what the key holder accepts ({@link SealedIndex#scan},
 * {@link IndexVersions}). {@link #update} is the key holder's
 * {@code store-index}: it adopts segments written by others, indexes entries
 * no segment holds, drops removed ones, compacts, and signs the next manifest.
 */
public final class StoreIndex {

	/** Records per segment the key holder writes when it compacts (one KEM decryption each at a query). */
	public static final int SEGMENT_RECORDS = 50_000;
	private static final Pattern MANIFEST = Pattern.compile("manifest-(\\d{19})\\" + IndexManifest.SUFFIX);
	private static final Pattern SEGMENT = Pattern.compile("([0-9a-f]{64})\\" + IndexSegment.SUFFIX);

	private StoreIndex() {}

	public static Path segments(final Path store) {
		return store.resolve("index").resolve("segments");
	}

	public static Path manifests(final Path store) {
		return store.resolve("index").resolve("manifests");
	}

	/** The bytes of the manifest with the highest counter, or null if the store has no index. */
	public static byte[] latestManifest(final Path store) throws MedCryptException {
		final Path dir = manifests(store);
		if (!Files.isDirectory(dir)) return null;
		String best = null;
		try (Stream<Path> files = Files.list(dir)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				final Matcher m = MANIFEST.matcher(f.getFileName().toString());
				if (m.matches() && (best == null || m.group(1).compareTo(best) > 0)) best = m.group(1);
			}
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not list " + dir + ": " + e.getMessage(), e);
		}
		if (best == null) return null;
		final Path file = dir.resolve("manifest-" + best + IndexManifest.SUFFIX);
		try {
			return org.medcrypt.io.BoundedFiles.readAllBytes(file, IndexManifest.MAX_BYTES);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not read " + file + ": " + e.getMessage(), e);
		}
	}

	/** The segment named {@code sha256}, or null if the store has none. */
	public static byte[] segment(final Path store, final String sha256) throws MedCryptException {
		final Path file = segments(store).resolve(IndexSegment.fileName(sha256));
		if (!Files.isRegularFile(file)) return null;
		return IndexSegment.read(file);
	}

	/** The hashes of the segment files present (adopted or not). */
	public static List<String> segmentFiles(final Path store) throws MedCryptException {
		final List<String> out = new ArrayList<>();
		final Path dir = segments(store);
		if (!Files.isDirectory(dir)) return out;
		try (Stream<Path> files = Files.list(dir)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				final Matcher m = SEGMENT.matcher(f.getFileName().toString());
				if (m.matches()) out.add(m.group(1));
			}
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not list " + dir + ": " + e.getMessage(), e);
		}
		java.util.Collections.sort(out);
		return out;
	}

	/** Stores a segment under its hash (a server receiving one from the key holder); returns the hash. */
	public static String putSegment(final Path store, final byte[] bytes) throws MedCryptException {
		final String sha = IndexSegment.sha256(bytes);
		AtomicFiles.writeContentNamed(segments(store).resolve(IndexSegment.fileName(sha)), bytes);
		return sha;
	}

	/**
	 * Stores a manifest under the counter it claims; one already there under
	 * that counter (another key holder's change at the same time) is refused,
	 * never replaced.
	 */
	public static void putManifest(final Path store, final byte[] bytes) throws MedCryptException {
		final long counter = IndexManifest.counterOf(bytes);
		final Path file = manifests(store).resolve(String.format("manifest-%019d", counter) + IndexManifest.SUFFIX);
		try {
			Files.createDirectories(file.getParent());
			AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, false, bytes);
		}
		catch (final FileAlreadyExistsException e) {
			throw new OutputExistsException("The sealed index of " + store + " already has a version " + counter +
				" (another key holder changed it at the same time). Run the change again.");
		}
		catch (final IOException e) {
			throw AtomicFiles.failure(file, e);
		}
	}

	/** What {@link #update} did. */
	public static final class Update {

		public final long counter;
		public final int entries, adopted, sealed, rejected, segments;
		/** Files the update made useless and deleted: processed segments, previews no live record opens. */
		public final int removed;

		Update(final long counter, final int entries, final int adopted, final int sealed, final int rejected,
			final int segments, final int removed)
		{
			this.removed = removed;
			this.counter = counter;
			this.entries = entries;
			this.adopted = adopted;
			this.sealed = sealed;
			this.rejected = rejected;
			this.segments = segments;
		}

		@Override
		public String toString() {
			return "sealed index version " + counter + ": " + entries + " entries in " + segments + " segments (" +
				adopted + " records adopted from segments written with the public key, " + sealed + " sealed from " +
				"the store's encrypted signatures, " + rejected + " records refused; " + removed +
				" processed segment or stale preview files deleted)";
		}
	}

	/**
	 * The key holder's {@code store-index} on a store folder: the next
	 * manifest covering every entry of the store, written and remembered
	 * ({@link IndexVersions}, location: the folder's real path). Records come
	 * from the current manifest's segments (already authenticated), then from
	 * segments others wrote (adopted only if the record matches the entry:
	 * same description, same image SHA-256, signature equal to the decryption
	 * of the entry's encrypted signature, whose key-holder tag is checked if it
	 * has one), and for the rest from decrypting the entry's encrypted
	 * signature; for those it also decrypts the LL band once and writes the
	 * entry's sealed preview ({@link SealedPreview}), its key in the record. Adopted and new records are sealed again into segments of at
	 * most {@value #SEGMENT_RECORDS}; segments of the current manifest that
	 * still hold live records are kept.
	 */
	public static Update update(final EncryptedStore store, final PaillierPrivateKey key, final IndexVersions versions,
		final Progress progress) throws MedCryptException
	{
		final Path dir = store.folder();
		final String location = location(dir);
		final byte[] currentBytes = latestManifest(dir);
		final IndexManifest current = currentBytes == null ? null : IndexManifest.open("The sealed index manifest of " +
			dir, currentBytes, key);
		if (current != null) versions.accept(location, current, IndexManifest.sha256(currentBytes));
		final List<StoreEntry> entries = store.list();
		final Map<String, StoreEntry> byId = new LinkedHashMap<>();
		for (final StoreEntry e : entries) byId.put(e.id, e);
		final Map<String, IndexRecord> have = new HashMap<>();
		final List<String> kept = new ArrayList<>();
		// Segments no manifest listed that this update has read through: deleted once the next manifest is written.
		final List<String> processed = new ArrayList<>();
		if (current != null) {
			if (!current.parameters.equals(store.parameters())) {
				throw new MedCryptException("The sealed index of " + dir + " has parameters " + current.parameters +
					"; the store " + store.parameters() + ".");
			}
			for (final String sha : current.segments) {
				final byte[] bytes = segment(dir, sha);
				// a segment lost or altered: its entries are sealed again below from their encrypted signatures
				if (bytes == null || !IndexSegment.sha256(bytes).equals(sha)) continue;
				boolean live = false;
				for (final IndexRecord r : IndexSegment.open("Index segment " + sha, bytes, key)) {
					final StoreEntry e = byId.get(r.entry.id);
					if (e != null && r.imageSha256.equals(current.entries.get(e.id)) && !have.containsKey(e.id)) {
						have.put(e.id, r);
						live = true;
					}
				}
				// one that is no longer live is not deleted: a query may still hold the manifest this update
				// replaces (later updates keep it too: its records are of removed entries, which they cannot
				// tell from entries not committed yet)
				if (live) kept.add(sha);
			}
		}
		final List<IndexRecord> fresh = new ArrayList<>();
		int adopted = 0, rejected = 0, sealed = 0;
		final EntryTags tags = EntryTags.of(key);
		for (final String sha : segmentFiles(dir)) {
			if (current != null && current.segments.contains(sha)) continue;
			final List<IndexRecord> records;
			try {
				records = IndexSegment.open("Index segment " + sha, segment(dir, sha), key);
			}
			catch (final MedCryptException e) {
				rejected++;
				processed.add(sha);
				continue;
			}
			// a record for an entry not in the store (yet: a Spark job commits its entries after writing its
			// segments) keeps the segment for a later update
			boolean pending = false;
			for (final IndexRecord r : records) {
				progress.checkCanceled();
				final StoreEntry e = byId.get(r.entry.id);
				if (e == null) pending = true;
				if (e == null || have.containsKey(e.id)) continue;
				if (!e.sameAs(r.entry) || !store.imageSha256(e).equals(r.imageSha256)) {
					rejected++;
					continue;
				}
				// decrypted once per record: a signature is several Paillier decryptions
				final WaveletSignature stored = storedSignature(store, e, tags, key);
				if (!java.util.Arrays.equals(stored.counts(), r.signature.counts()) || stored
					.level1Coefficients() != r.signature.level1Coefficients())
				{
					rejected++;
					continue;
				}
				have.put(e.id, r);
				fresh.add(r);
				adopted++;
			}
			if (!pending) processed.add(sha);
		}
		int done = 0;
		final SecureRandom rnd = SecureRandoms.forThisThread();
		for (final StoreEntry e : entries) {
			progress.checkCanceled();
			progress.report("Sealed index: entries", ++done, entries.size());
			if (have.containsKey(e.id)) continue;
			// its preview sealed too (the LL band decrypted once here), so queries open it with no Paillier decryption
			final String imageSha256 = store.imageSha256(e);
			final byte[] previewKey = SealedPreview.newKey(rnd);
			SealedPreview.write(dir, SealedPreview.name(e.id, previewKey), SealedPreview.seal(SealedPreview.decrypt(store
				.image(e), key), previewKey, e.id, imageSha256, rnd));
			final IndexRecord r = new IndexRecord(e, imageSha256, storedSignature(store, e, tags, key), previewKey);
			have.put(e.id, r);
			fresh.add(r);
			sealed++;
		}
		final List<String> segments = new ArrayList<>(kept);
		for (int from = 0; from < fresh.size(); from += SEGMENT_RECORDS) {
			segments.add(IndexSegment.write(segments(dir), fresh.subList(from, Math.min(fresh.size(), from +
				SEGMENT_RECORDS)), store.parameters(), key.publicKey(), rnd));
		}
		final Map<String, String> live = new LinkedHashMap<>();
		for (final StoreEntry e : entries) live.put(e.id, have.get(e.id).imageSha256);
		final IndexManifest next = current == null ? IndexManifest.first(key, store.parameters(), segments, live)
			: current.next(segments, live);
		final byte[] bytes = next.toBytes(key);
		putManifest(dir, bytes);
		versions.accept(location, next, IndexManifest.sha256(bytes));
		final int removed = removeProcessed(dir, processed, segments, entries, have);
		return new Update(next.counter, live.size(), adopted, sealed, rejected, segments.size(), removed);
	}

	/**
	 * After the manifest is written: deletes the segments no manifest listed
	 * that this update read through and the new manifest does not list (their
	 * records are sealed again or were refused; a re-run Spark job or a retried
	 * task leaves such segments; never one a manifest listed, which a query
	 * running now may still read), and every preview of a live entry other than the one its
	 * record opens (previews of discarded attempts; a query holding the
	 * replaced manifest opens the same preview for a live entry, its record
	 * being kept). Only the key holder can tell which preview is live, so the
	 * server never does this. Returns how many files.
	 */
	private static int removeProcessed(final Path dir, final List<String> processed, final List<String> listed,
		final List<StoreEntry> entries, final Map<String, IndexRecord> records) throws MedCryptException
	{
		int removed = 0;
		try {
			for (final String sha : processed) {
				if (!listed.contains(sha) && Files.deleteIfExists(segments(dir).resolve(IndexSegment.fileName(sha)))) {
					removed++;
				}
			}
			final Path previews = dir.resolve("previews");
			if (!Files.isDirectory(previews)) return removed;
			for (final StoreEntry e : entries) {
				final IndexRecord r = records.get(e.id);
				final String live = r == null || r.previewKey == null ? null : SealedPreview.name(e.id, r.previewKey) +
					SealedPreview.SUFFIX;
				try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(previews, e.id + "-*" +
					SealedPreview.SUFFIX))
				{
					for (final Path f : files) {
						if (!f.getFileName().toString().equals(live) && Files.deleteIfExists(f)) removed++;
					}
				}
			}
			return removed;
		}
		catch (final IOException e) {
			throw new MedCryptException("The sealed index of " + dir + " is written; deleting the files it made " +
				"useless failed: " + e.getMessage() + ". Run store-index again to finish.", e);
		}
	}

	/**
	 * The key holder's plaintext of an entry's stored signature: its tag
	 * checked first if it has one (encrypt then MAC, as at a query).
	 */
	private static WaveletSignature storedSignature(final EncryptedStore store, final StoreEntry e,
		final EntryTags tags, final PaillierPrivateKey key) throws MedCryptException
	{
		final EncryptedSignature s = store.signature(e);
		if (e.tag() != null && !tags.verify(e, e.tag(), s.toBytes(key.publicKey()))) {
			throw new org.medcrypt.io.AuthenticationFailedException("Store entry " + e.id + " (" + e.name + ") in " +
				store.folder() + " does not match its key holder's tag: its signature or description was altered. " +
				"Remove the entry and add the image again.");
		}
		return s.decrypt(key);
	}

	/** The location a key holder remembers a store folder by: its real path. */
	public static String location(final Path dir) {
		try {
			return dir.toRealPath().toString();
		}
		catch (final IOException e) {
			return dir.toAbsolutePath().normalize().toString();
		}
	}
}
