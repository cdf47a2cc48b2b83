package org.medcrypt.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whole-file reads with a ceiling. A file is only read into memory once its
 * size is known to be at most what its format can hold, so a damaged or hostile
 * file (a 3 GB file named like a key, a session or a store index) is refused
 * from its size, not by an {@link OutOfMemoryError} after reading it.
 */
public final class BoundedFiles {

	/** A ceiling for small text formats (keys, certificates, session files): far above any valid one. */
	public static final int SMALL_FILE = 1 << 20;

	private BoundedFiles() {}

	/** A file larger than its format allows. */
	public static final class TooLargeException extends IOException {

		private static final long serialVersionUID = 1L;

		TooLargeException(final String message) {
			super(message);
		}
	}

	/**
	 * Like {@link Files#readAllBytes} but refuses, before reading, a file of more
	 * than {@code max} bytes (and one that grows beyond it while being read).
	 *
	 * @throws TooLargeException naming the file and both sizes
	 */
	public static byte[] readAllBytes(final Path file, final int max) throws IOException {
		final long size = Files.size(file);
		if (size > max) throw tooLarge(file, size + " bytes", max);
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] bytes = in.readNBytes(max);
			if (in.read() >= 0) throw tooLarge(file, "more than " + max + " bytes", max);
			return bytes;
		}
	}

	/**
	 * Reads a whole file of at most {@code max} bytes; {@code what} names its kind
	 * in messages ("session file"). A missing or unreadable file is a
	 * {@link MedCryptException}, a larger one a {@link DamagedFileException}.
	 */
	public static byte[] read(final Path file, final int max, final String what) throws MedCryptException {
		try {
			return readAllBytes(file, max);
		}
		catch (final NoSuchFileException e) {
			throw new MedCryptException("The " + what + " " + file + " does not exist.", e);
		}
		catch (final TooLargeException e) {
			throw new DamagedFileException(e.getMessage() + " Choose the " + what + " itself.", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not read the " + what + " " + file + ": " + e.getMessage(), e);
		}
	}

	private static TooLargeException tooLarge(final Path file, final String size, final int max) {
		return new TooLargeException(file + " is larger than its format allows (" + size + "; at most " + max +
			").");
	}
}
