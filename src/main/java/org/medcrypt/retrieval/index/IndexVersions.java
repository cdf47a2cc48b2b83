package org.medcrypt.retrieval.index;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.DeviatingPartyException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.transfer.OpenedRegister;

/**
 * The key holder's memory of the sealed indexes it has scanned: for each store
 * location (a folder's real path, or host:port), the index id, the highest
 * manifest counter seen and that manifest's SHA-256. A server that presents an
 * older manifest (a rollback: entries added since are hidden, removed ones
 * back), another manifest under the same counter, another index at the same
 * location, or no index where there was one is refused
 * ({@link DeviatingPartyException}).
 *
 * <p>Where: {@value #FILE} in the user's MedCrypt folder
 * ({@link OpenedRegister#folder()}: {@code medcrypt.home} or
 * {@code ~/.medcrypt}), one line per location after a comment line:
 * {@code location TAB index id TAB counter TAB manifest SHA-256}; replaced
 * atomically under a lock on {@value #LOCK} and this class's monitor, as the
 * transfer register is.
 */
public final class IndexVersions {

	static final String FILE = "index-versions.tsv", LOCK = "index-versions.lock";
	private static final String FIRST_LINE = "# MedCrypt sealed index versions, version 1: location\tindex\tcounter\t" +
		"manifest SHA-256";
	private static final int MAX_BYTES = 16 << 20;
	private static final Object MONITOR = new Object();

	/** One location's record. */
	public static final class Seen {

		public final String location, indexId, manifestSha256;
		public final long counter;

		Seen(final String location, final String indexId, final long counter, final String manifestSha256) {
			this.location = location;
			this.indexId = indexId;
			this.counter = counter;
			this.manifestSha256 = manifestSha256;
		}
	}

	private final Path file;

	public IndexVersions(final Path file) {
		this.file = file.toAbsolutePath();
	}

	/** The register in the user's MedCrypt folder. */
	public static IndexVersions inUserFolder() {
		return new IndexVersions(OpenedRegister.folder().resolve(FILE));
	}

	public Path file() {
		return file;
	}

	/** What was seen at {@code location}, or null. */
	public Seen at(final String location) throws MedCryptException {
		for (final Seen s : read()) if (s.location.equals(location)) return s;
		return null;
	}

	/**
	 * Accepts {@code manifest} (bytes with SHA-256 {@code sha256}, already
	 * authenticated) from {@code location}, or refuses it as a rollback, a
	 * fork or a swapped index; records it as the newest seen there.
	 */
	public void accept(final String location, final IndexManifest manifest, final String sha256)
		throws MedCryptException
	{
		synchronized (MONITOR) {
			try {
				Files.createDirectories(file.getParent());
				try (FileChannel channel = FileChannel.open(file.resolveSibling(LOCK), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = channel.lock())
				{
					final List<Seen> all = read();
					Seen here = null;
					for (final Seen s : all) {
						if (s.location.equals(location)) here = s;
						if (!s.indexId.equals(manifest.indexId)) continue;
						if (manifest.counter < s.counter) {
							throw new DeviatingPartyException("The store server at " + location + " deviates: it " +
								"presents version " + manifest.counter + " of the sealed index " + manifest.indexId +
								", but this key holder has seen version " + s.counter + " (at " + s.location + "): a " +
								"rollback, hiding later changes. Nothing was ranked; stop using this server.");
						}
						if (manifest.counter == s.counter && !s.manifestSha256.equals(sha256)) {
							throw new DeviatingPartyException("The store server at " + location + " deviates: it " +
								"presents a version " + manifest.counter + " of the sealed index " + manifest.indexId +
								" other than the one this key holder has seen. Nothing was ranked.");
						}
					}
					if (here != null && !here.indexId.equals(manifest.indexId)) {
						throw new DeviatingPartyException("The store at " + location + " presents the sealed index " +
							manifest.indexId + ", where this key holder has scanned the index " + here.indexId + ": " +
							"it was swapped. Nothing was ranked. If the index was rebuilt from scratch on purpose, " +
							"delete the line for " + location + " in " + file + ".");
					}
					final List<Seen> next = new ArrayList<>();
					for (final Seen s : all) if (!s.location.equals(location)) next.add(s);
					next.add(new Seen(location, manifest.indexId, manifest.counter, sha256));
					write(next);
				}
			}
			catch (final IOException e) {
				throw new MedCryptException("Could not update the register of sealed index versions " + file + ": " + e
					.getMessage() + " (set -D" + OpenedRegister.HOME_PROPERTY + "=FOLDER to use another folder).", e);
			}
		}
	}

	List<Seen> read() throws MedCryptException {
		final byte[] bytes;
		try {
			bytes = BoundedFiles.readAllBytes(file, MAX_BYTES);
		}
		catch (final NoSuchFileException e) {
			return new ArrayList<>();
		}
		catch (final IOException e) {
			throw new DamagedFileException("The register of sealed index versions " + file + " cannot be read (" + e
				.getMessage() + ").", e);
		}
		final List<Seen> out = new ArrayList<>();
		for (final String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
			if (line.isEmpty() || line.startsWith("#")) continue;
			final String[] f = line.split("\t", -1);
			try {
				if (f.length != 4 || !f[1].matches("[0-9a-f]{16}") || !f[3].matches("[0-9a-f]{64}")) {
					throw new NumberFormatException(line);
				}
				out.add(new Seen(f[0], f[1], Long.parseLong(f[2]), f[3]));
			}
			catch (final NumberFormatException e) {
				throw new DamagedFileException("The register of sealed index versions " + file + " is damaged (line " +
					(out.size() + 2) + "); restore it from a backup (moving it away forgets the versions seen).", e);
			}
		}
		return out;
	}

	private void write(final List<Seen> all) throws IOException {
		final StringBuilder text = new StringBuilder(FIRST_LINE).append('\n');
		for (final Seen s : all) text.append(s.location.replaceAll("[\\t\\r\\n]", " ")).append('\t').append(s.indexId)
			.append('\t').append(s.counter).append('\t').append(s.manifestSha256).append('\n');
		AtomicFiles.write(file, AtomicFiles.IfExists.REPLACE, true, text.toString().getBytes(StandardCharsets.UTF_8));
	}
}
