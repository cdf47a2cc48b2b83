package org.medcrypt.retrieval.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.SecureRandoms;
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
 * index.tsv          one line per entry: id, name, label, width, height, planes, bit depth
 * images/ID.mcimg    the encrypted image
 * signatures/ID.mcsig its encrypted signature
 * </pre>
 *
 * Crash safety comes from ordering: an entry's files are written (atomically)
 * before the index that names them is replaced (atomically), and the index is
 * rewritten before files are deleted. A crash at any point leaves the old or
 * the new index, never a torn one; at worst unreferenced files remain, which
 * are ignored and removed by {@link #collectGarbage()}.
 */
public final class EncryptedStore {

	private static final String PROPERTIES = "store.properties", INDEX = "index.tsv";
	private static final String KEY = "store" + PaillierKeyFiles.PUBLIC_SUFFIX;
	private static final String INDEX_HEADER = "# MedCrypt encrypted store index v1";
	private static final int FORMAT = 1;
	/** The index is read whole: 64 MiB holds hundreds of thousands of entries; a larger file is not an index. */
	private static final int MAX_INDEX_BYTES = 64 << 20;

	private final Path dir;
	private final PaillierPublicKey key;
	private final SignatureParameters parameters;
	private final List<StoreEntry> entries;
	/** Signatures already read: every query needs all of them, and they never change once stored. */
	private final java.util.Map<String, EncryptedSignature> signatures = new java.util.concurrent.ConcurrentHashMap<>();

	private EncryptedStore(final Path dir, final PaillierPublicKey key, final SignatureParameters parameters,
		final List<StoreEntry> entries)
	{
		this.dir = dir;
		this.key = key;
		this.parameters = parameters;
		this.entries = entries;
	}

	/** Creates an empty store in a new or empty folder. */
	public static EncryptedStore create(final Path dir, final PaillierPublicKey key,
		final SignatureParameters parameters) throws MedCryptException
	{
		try {
			if (Files.isDirectory(dir)) {
				try (java.util.stream.Stream<Path> s = Files.list(dir)) {
					if (s.findAny().isPresent()) {
						throw new OutputExistsException("Cannot create a store in " + dir +
							": the folder is not empty. Choose a new folder, or open the store that is there.");
					}
				}
			}
			Files.createDirectories(dir.resolve("images"));
			Files.createDirectories(dir.resolve("signatures"));
			PaillierKeyFiles.writePublic(dir.resolve(KEY), key);
			final Properties p = new Properties();
			p.setProperty("format", Integer.toString(FORMAT));
			p.setProperty("bitDepth", Integer.toString(parameters.bitDepth()));
			p.setProperty("delta", Integer.toString(parameters.delta()));
			p.setProperty("levels", Integer.toString(parameters.levels()));
			p.setProperty("key", key.fingerprint());
			final java.io.StringWriter text = new java.io.StringWriter();
			p.store(text, "MedCrypt encrypted image store");
			AtomicFiles.write(dir.resolve(PROPERTIES), AtomicFiles.IfExists.FAIL, false, text.toString().getBytes(
				StandardCharsets.ISO_8859_1));
			final EncryptedStore store = new EncryptedStore(dir, key, parameters, new ArrayList<>());
			store.writeIndex(store.entries);
			return store;
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not create the store in " + dir + ": " + e.getMessage(), e);
		}
	}

	/** Opens an existing store. */
	public static EncryptedStore open(final Path dir) throws MedCryptException {
		if (!Files.isRegularFile(dir.resolve(PROPERTIES))) {
			throw new DamagedFileException(dir + " is not a MedCrypt encrypted store (no " + PROPERTIES +
				"). Create one first (Encrypted Database Add with a new folder, or 'medcrypt store-server --create').");
		}
		try {
			final Properties p = new Properties();
			try (java.io.Reader r = Files.newBufferedReader(dir.resolve(PROPERTIES), StandardCharsets.ISO_8859_1)) {
				p.load(r);
			}
			if (!Integer.toString(FORMAT).equals(p.getProperty("format"))) {
				throw new DamagedFileException(dir + " is a store of format " + p.getProperty("format") +
					"; this MedCrypt reads format " + FORMAT + ".");
			}
			final SignatureParameters parameters = SignatureParameters.of(Integer.parseInt(p.getProperty(
				"bitDepth")), Integer.parseInt(p.getProperty("delta")), Integer.parseInt(p.getProperty("levels")));
			final PaillierPublicKey key = PaillierKeyFiles.readPublic(dir.resolve(KEY));
			if (!key.fingerprint().equals(p.getProperty("key"))) {
				throw new DamagedFileException("The public key in " + dir + " does not match the store's record: " +
					"the store was tampered with.");
			}
			final List<String> lines = Arrays.asList(new String(BoundedFiles.readAllBytes(dir.resolve(INDEX),
				MAX_INDEX_BYTES), StandardCharsets.UTF_8).split("\r?\n"));
			if (lines.isEmpty() || !lines.get(0).equals(INDEX_HEADER)) {
				throw new DamagedFileException(dir.resolve(INDEX) + " is not a MedCrypt store index.");
			}
			final List<StoreEntry> entries = new ArrayList<>();
			for (final String line : lines.subList(1, lines.size())) {
				if (!line.isEmpty()) entries.add(StoreEntry.fromLine(line));
			}
			return new EncryptedStore(dir, key, parameters, entries);
		}
		catch (final NoSuchFileException e) {
			throw new DamagedFileException("The store in " + dir + " is incomplete: " + e.getFile() +
				" is missing.", e);
		}
		catch (final IOException | IllegalArgumentException e) {
			throw new DamagedFileException("The store in " + dir + " is damaged: " + e.getMessage(), e);
		}
	}

	public Path folder() {
		return dir;
	}

	public PaillierPublicKey key() {
		return key;
	}

	public SignatureParameters parameters() {
		return parameters;
	}

	public synchronized List<StoreEntry> list() {
		return Collections.unmodifiableList(new ArrayList<>(entries));
	}

	/** Adds an image with its signature; the store changes only once both are safely on disk. */
	public synchronized StoreEntry add(final String name, final String label, final EncryptedImage image,
		final EncryptedSignature signature) throws MedCryptException
	{
		EncryptedImageFile.checkKey(name, image, key);
		if (!signature.keyFingerprint().equals(key.fingerprint())) {
			throw new WrongKeyException("The signature of " + name + " is encrypted for another key.");
		}
		if (!signature.parameters().equals(parameters)) {
			throw new MedCryptException("The signature of " + name + " has parameters " + signature.parameters() +
				"; this store uses " + parameters + ".");
		}
		final String id = Hex.of(randomId());
		final StoreEntry entry = new StoreEntry(id, name, label, image.layout().width(), image.layout().height(), image
			.layout().planes(), image.bitDepth());
		EncryptedImageFile.write(imageFile(id), image);
		try {
			AtomicFiles.write(signatureFile(id), AtomicFiles.IfExists.FAIL, false, signature.toBytes(key));
			final List<StoreEntry> next = new ArrayList<>(entries);
			next.add(entry);
			writeIndex(next);
			entries.add(entry);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not add " + name + " to the store: " + e.getMessage(), e);
		}
		return entry;
	}

	/** Removes an entry: first from the index, then its files. */
	public synchronized StoreEntry remove(final String id) throws MedCryptException {
		final StoreEntry entry = entry(id);
		final List<StoreEntry> next = new ArrayList<>(entries);
		next.remove(entry);
		try {
			writeIndex(next);
			entries.remove(entry);
			signatures.remove(id);
			Files.deleteIfExists(imageFile(id));
			Files.deleteIfExists(signatureFile(id));
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not remove " + entry.name + ": " + e.getMessage(), e);
		}
		return entry;
	}

	public synchronized StoreEntry entry(final String id) throws MedCryptException {
		for (final StoreEntry e : entries) if (e.id.equals(id)) return e;
		throw new MedCryptException("The store has no entry " + id + ". List the store to see its entries.");
	}

	public EncryptedImage image(final StoreEntry entry) throws MedCryptException {
		return EncryptedImageFile.read(imageFile(entry.id), key);
	}

	public EncryptedSignature signature(final StoreEntry entry) throws MedCryptException {
		final EncryptedSignature known = signatures.get(entry.id);
		if (known != null) return known;
		final EncryptedSignature read = EncryptedSignature.read(signatureFile(entry.id), "The signature of " +
			entry.name, key);
		signatures.put(entry.id, read);
		return read;
	}

	/** Deletes files no index entry names (left by a crash between writing them and the index). */
	public synchronized int collectGarbage() throws MedCryptException {
		int removed = 0;
		for (final String sub : new String[] { "images", "signatures" }) {
			try (java.util.stream.Stream<Path> files = Files.list(dir.resolve(sub))) {
				for (final Path f : (Iterable<Path>) files::iterator) {
					final String n = f.getFileName().toString();
					final String id = n.contains(".") ? n.substring(0, n.indexOf('.')) : n;
					if (entries.stream().noneMatch(e -> e.id.equals(id))) {
						Files.deleteIfExists(f);
						removed++;
					}
				}
			}
			catch (final IOException e) {
				throw new MedCryptException("Could not clean " + dir.resolve(sub) + ": " + e.getMessage(), e);
			}
		}
		return removed;
	}

	Path imageFile(final String id) {
		return dir.resolve("images").resolve(id + EncryptedImageFile.SUFFIX);
	}

	Path signatureFile(final String id) {
		return dir.resolve("signatures").resolve(id + EncryptedSignature.SUFFIX);
	}

	private void writeIndex(final List<StoreEntry> list) throws IOException {
		final StringBuilder text = new StringBuilder(INDEX_HEADER).append('\n');
		for (final StoreEntry e : list) text.append(e.toLine()).append('\n');
		AtomicFiles.write(dir.resolve(INDEX), AtomicFiles.IfExists.REPLACE, false, text.toString().getBytes(
			StandardCharsets.UTF_8));
	}

	private static byte[] randomId() {
		final byte[] b = new byte[8];
		SecureRandoms.forThisThread().nextBytes(b);
		return b;
	}
}
