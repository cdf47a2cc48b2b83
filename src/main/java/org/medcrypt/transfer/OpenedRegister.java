package org.medcrypt.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;

/**
 * The recipient's register of the secure-transfer images it has opened
 * (issue 10): a replayed image, or an image swapped for one opened before,
 * carries an identifier the register already holds, and the recipient is
 * warned, or refused ({@link #record} with {@code refuse}).
 *
 * <p>Where: {@code transfer-opened.tsv} in the user's MedCrypt folder,
 * {@link #folder()}: the system property {@value #HOME_PROPERTY} if set (tests,
 * several profiles), else {@code ~/.medcrypt}. One line per opening, oldest
 * first, after a comment line:
 * <pre>
 * opened (ms since epoch) TAB sender fingerprint (64 hex) TAB identifier TAB created (ms since epoch)
 * </pre>
 * An entry is keyed by (sender, identifier): two senders may choose the same
 * identifier. The file keeps the newest {@value #MAX_ENTRIES} entries (about
 * 1.3 MB), so an identifier opened more than that many openings ago is no
 * longer recognised. It is replaced atomically ({@link AtomicFiles.IfExists#REPLACE},
 * its owner being this class) under a lock on {@code transfer-opened.lock}
 * (other processes) and this class's monitor (other threads), so two
 * recipients opening at once never lose an entry. Version-1 images carry no
 * identifier and are not registered.
 */
public final class OpenedRegister {

	/** The system property naming the user's MedCrypt folder. */
	public static final String HOME_PROPERTY = "medcrypt.home";
	/** Entries kept. */
	public static final int MAX_ENTRIES = 10_000;
	static final String FILE = "transfer-opened.tsv", LOCK = "transfer-opened.lock";
	private static final String FIRST_LINE = "# MedCrypt secure-transfer register, version 1: opened\tsender\t" +
		"identifier\tcreated (ms since 1970 UTC)";
	/** Longest line: two 20-digit numbers, 64 + 32 characters, three tabs. */
	private static final int MAX_LINE = 160;

	private static final Object MONITOR = new Object();

	private final Path file;

	/** A register in {@code file} (created on the first opening). */
	public OpenedRegister(final Path file) {
		this.file = file.toAbsolutePath();
	}

	/** The register in the user's MedCrypt folder. */
	public static OpenedRegister inUserFolder() {
		return new OpenedRegister(folder().resolve(FILE));
	}

	/** The user's MedCrypt folder: {@value #HOME_PROPERTY} if set, else {@code ~/.medcrypt}. */
	public static Path folder() {
		final String home = System.getProperty(HOME_PROPERTY);
		return home != null && !home.isEmpty() ? Paths.get(home) : Paths.get(System.getProperty("user.home"),
			".medcrypt");
	}

	public Path file() {
		return file;
	}

	/** An earlier opening of an image. */
	public static final class Entry {

		public final long opened, created;
		public final String sender, identifier;

		Entry(final long opened, final String sender, final String identifier, final long created) {
			this.opened = opened;
			this.sender = sender;
			this.identifier = identifier;
			this.created = created;
		}

		/** When it was opened, ISO-8601 UTC. */
		public String openedText() {
			return Instant.ofEpochMilli(opened).toString();
		}
	}

	/**
	 * Records that the image of {@code opened} was opened now, and returns the
	 * earlier opening of the same (sender, identifier), or null if there was
	 * none. With {@code refuse}, an earlier opening refuses the image instead
	 * (nothing recorded). Version-1 images (no identifier): null, nothing recorded.
	 *
	 * @throws ReplayException with {@code refuse}, naming the identifier and when it was opened
	 * @throws MedCryptException if the register cannot be read or written (named)
	 */
	public Entry record(final SecureTransfer.Opened opened, final boolean refuse) throws MedCryptException {
		if (opened.identifier.isEmpty()) return null;
		return record(opened.sender, opened.identifier, opened.created, System.currentTimeMillis(), refuse);
	}

	Entry record(final String sender, final String identifier, final long created, final long now,
		final boolean refuse) throws MedCryptException
	{
		synchronized (MONITOR) {
			try {
				Files.createDirectories(file.getParent());
				try (FileChannel channel = FileChannel.open(file.resolveSibling(LOCK), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = channel.lock())
				{
					final List<Entry> entries = read();
					Entry earlier = null;
					for (final Entry e : entries)
						if (e.sender.equals(sender) && e.identifier.equals(identifier) && earlier == null) earlier = e;
					if (earlier != null && refuse) throw new ReplayException(identifier, earlier);
					entries.add(new Entry(now, sender, identifier, created));
					write(entries.subList(Math.max(0, entries.size() - MAX_ENTRIES), entries.size()));
					return earlier;
				}
			}
			catch (final IOException e) {
				throw new MedCryptException("Could not update the register of opened images " + file + ": " + e
					.getMessage() + " (set -D" + HOME_PROPERTY + "=FOLDER to use another folder).", e);
			}
		}
	}

	/** The entries, oldest first; none if the file does not exist. */
	public List<Entry> read() throws MedCryptException {
		final byte[] bytes;
		try {
			bytes = BoundedFiles.readAllBytes(file, (MAX_ENTRIES + 1) * MAX_LINE);
		}
		catch (final NoSuchFileException e) {
			return new ArrayList<>();
		}
		catch (final IOException e) {
			throw new DamagedFileException("The register of opened images " + file + " cannot be read (" + e
				.getMessage() + "); move it away to start a new one (earlier openings are then forgotten).", e);
		}
		final List<Entry> out = new ArrayList<>();
		final String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n");
		for (final String line : lines) {
			if (line.isEmpty() || line.startsWith("#")) continue;
			final String[] f = line.split("\t", -1);
			try {
				if (f.length != 4 || !f[1].matches("[0-9a-f]{64}") || !TransferEnvelope.validIdentifier(f[2])) {
					throw new NumberFormatException(line);
				}
				out.add(new Entry(Long.parseLong(f[0]), f[1], f[2], Long.parseLong(f[3])));
			}
			catch (final NumberFormatException e) {
				throw new DamagedFileException("The register of opened images " + file + " is damaged (line " + (out
					.size() + 1) + "); move it away to start a new one (earlier openings are then forgotten).", e);
			}
		}
		return out;
	}

	private void write(final List<Entry> entries) throws IOException {
		final StringBuilder text = new StringBuilder(FIRST_LINE).append('\n');
		for (final Entry e : entries)
			text.append(e.opened).append('\t').append(e.sender).append('\t').append(e.identifier).append('\t').append(
				e.created).append('\n');
		AtomicFiles.write(file, AtomicFiles.IfExists.REPLACE, true, text.toString().getBytes(
			StandardCharsets.US_ASCII));
	}

	/** An image whose identifier the register holds, refused because the user asked so. */
	public static final class ReplayException extends org.medcrypt.io.RefusedByPolicyException {

		private static final long serialVersionUID = 1L;
		/** The earlier opening. */
		public final transient Entry earlier;

		ReplayException(final String identifier, final Entry earlier) {
			super("Already opened: an image with identifier " + identifier + " from this sender was opened on " +
				earlier.openedText() + "; this one is a replay or a copy (refused as you asked: nothing is " +
				"shown or written). Ask the sender whether it sent it again.");
			this.earlier = earlier;
		}
	}
}
