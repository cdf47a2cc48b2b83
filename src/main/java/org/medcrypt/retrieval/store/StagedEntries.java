package org.medcrypt.retrieval.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.SignatureParameters;

/**
 * Entries written apart from a store's index, by many writers at once (the
 * Spark bulk job's tasks), then added to the store in one index change by
 * {@link EncryptedStore#commit}. A staging folder holds
 *
 * <pre>
 * objects/SHA256.mcimg   encrypted images, named by the SHA-256 of their bytes
 * objects/SHA256.mcsig   encrypted signatures, likewise
 * entries/ID.entry       one store index line (version 3) naming the two objects: the entry is complete
 * </pre>
 *
 * <p>Why it survives retries, speculative copies and killed writers: objects
 * are content-addressed (two attempts never write the same name with other
 * bytes), every file is written atomically ({@link AtomicFiles}), and the
 * entry file, written last and never replaced, decides: of two attempts at one
 * id, the first whose entry file lands wins, the other reads and returns it.
 * An attempt killed before its entry file leaves objects nothing names; they
 * go with the staging folder after the commit. A new attempt at an id that
 * has an entry file reuses it without encrypting again.
 */
public final class StagedEntries {

	static final String OBJECTS = "objects", ENTRIES = "entries", ENTRY_SUFFIX = ".entry";
	/** An entry file is one index line: far below this. */
	private static final int MAX_ENTRY_BYTES = 4096;

	private StagedEntries() {}

	/**
	 * The entry already staged under {@code id} in {@code staging}, or null if
	 * there is none yet.
	 */
	public static StoreEntry staged(final Path staging, final String id) throws MedCryptException {
		final Path file = entryFile(staging, id);
		try {
			return parse(new String(BoundedFiles.read(file, MAX_ENTRY_BYTES, "staged entry"),
				StandardCharsets.UTF_8).trim(), file.toString());
		}
		catch (final MedCryptException e) {
			if (!Files.exists(file)) return null;
			throw e;
		}
	}

	/**
	 * Stages one entry: writes its objects, then its entry file. Returns the
	 * entry that is staged under {@code id} afterwards: this one, or the one
	 * another attempt staged first. The content is checked as
	 * {@link EncryptedStore#add} checks it (key, signature parameters).
	 *
	 * @param tag the key holder's {@link EntryTags} tag over the entry and its signature, or null (public-key writers)
	 */
	public static StoreEntry stage(final Path staging, final String id, final String name, final String label,
		final EntryContent content, final PaillierPublicKey key, final SignatureParameters parameters,
		final EntryTags tags) throws MedCryptException
	{
		if (!StoreEntry.isValidId(id)) {
			throw new MedCryptException("An entry id is 16 lower-case hex digits; '" + id + "' is not one.");
		}
		EncryptedStore.checkContent(name, content.image, content.signature, key, parameters);
		final byte[] imageBytes = EncryptedImageFile.toBytes(content.image), signatureBytes = content.signature
			.toBytes(key);
		final String imageSha = sha256(imageBytes), signatureSha = sha256(signatureBytes);
		final StoreEntry plain = new StoreEntry(id, name, label, content.image.layout().width(), content.image
			.layout().height(), content.image.layout().planes(), content.image.bitDepth(), imageSha, signatureSha,
			null);
		final StoreEntry entry = tags == null ? plain : plain.withTag(tags.tag(plain, signatureBytes));
		final Path file = entryFile(staging, id);
		try {
			writeObject(imageObject(staging, imageSha), imageBytes);
			writeObject(signatureObject(staging, signatureSha), signatureBytes);
			AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, false, (entry.toLine() + "\n").getBytes(
				StandardCharsets.UTF_8));
			return entry;
		}
		catch (final FileAlreadyExistsException e) {
			// another attempt at this id (a speculative copy, a retry racing a slow original) staged it first
			final StoreEntry first = staged(staging, id);
			if (first == null) throw new MedCryptException("Could not stage " + name + ": " + e.getMessage(), e);
			return first;
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not stage " + name + " in " + staging + ": " + e.getMessage(), e);
		}
	}

	/** An object's bytes never differ from its name, so an object already there is this one. */
	private static void writeObject(final Path file, final byte[] bytes) throws IOException {
		if (Files.isRegularFile(file)) return;
		try {
			AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, false, bytes);
		}
		catch (final FileAlreadyExistsException e) {
			// written meanwhile by another attempt: same name, same bytes
		}
	}

	/**
	 * The SHA-256 (hex) of a staged entry's encrypted image: its object's
	 * name, and the hash of {@code images/ID.mcimg} once committed (a hard link
	 * or a copy of the object), which the entry's index record binds.
	 */
	public static String imageSha256(final StoreEntry entry) {
		return checkedDigest(entry.imageSha256);
	}

	/** An entry as the driver receives it from a task: its index line. */
	public static String line(final StoreEntry entry) {
		return entry.toLine();
	}

	/** Parses {@link #line}; {@code source} names it in the message if it is damaged. */
	public static StoreEntry parse(final String line, final String source) throws DamagedFileException {
		try {
			return StoreEntry.fromLine(line, 3);
		}
		catch (final IllegalArgumentException e) {
			throw new DamagedFileException(source + " is not a staged store entry: " + e.getMessage() + ".", e);
		}
	}

	static Path entryFile(final Path staging, final String id) {
		if (!StoreEntry.isValidId(id)) throw new IllegalArgumentException("not a store entry id");
		return staging.resolve(ENTRIES).resolve(id + ENTRY_SUFFIX);
	}

	static Path imageObject(final Path staging, final String sha256) {
		return staging.resolve(OBJECTS).resolve(checkedDigest(sha256) + EncryptedImageFile.SUFFIX);
	}

	static Path signatureObject(final Path staging, final String sha256) {
		return staging.resolve(OBJECTS).resolve(checkedDigest(sha256) + EncryptedSignature.SUFFIX);
	}

	private static String checkedDigest(final String sha256) {
		if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("not a digest");
		return sha256;
	}

	private static String sha256(final byte[] bytes) {
		return Hex.of(Wire.sha256().digest(bytes));
	}

	/** Bytes of a staged entry's two objects (what its task wrote); 0 once they are committed and deleted. */
	public static long objectBytes(final Path staging, final StoreEntry entry) {
		final Path image = imageObject(staging, entry.imageSha256), signature = signatureObject(staging,
			entry.signatureSha256);
		try {
			return (Files.isRegularFile(image) ? Files.size(image) : 0) + (Files.isRegularFile(signature) ? Files.size(
				signature) : 0);
		}
		catch (final IOException e) {
			return 0;
		}
	}

	/**
	 * Deletes the staged objects once they are committed (the store's files are
	 * hard links or copies of them); the entry files stay, so running the same
	 * job again finds every entry staged and committed, and adds nothing.
	 */
	public static void deleteObjects(final Path staging) throws MedCryptException {
		delete(staging.resolve(OBJECTS));
	}

	/** Deletes a staging folder once its entries are committed (or abandoned). */
	public static void delete(final Path staging) throws MedCryptException {
		try {
			if (!Files.isDirectory(staging)) return;
			try (java.util.stream.Stream<Path> walk = Files.walk(staging)) {
				final java.util.List<Path> all = new java.util.ArrayList<>();
				walk.forEach(all::add);
				java.util.Collections.reverse(all);
				for (final Path p : all) Files.deleteIfExists(p);
			}
		}
		catch (final NoSuchFileException e) {
			// gone already
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not delete the staging folder " + staging + ": " + e.getMessage(), e);
		}
	}
}
