package org.medcrypt.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a crash or a full disk never leaves a half-written file
 * under the final name: content goes to a temporary file in the same folder, is
 * forced to disk, then renamed over the target in one step.
 */
public final class AtomicFiles {

	/** What to do when the target already exists. */
	public enum IfExists {
		/** Refuse: used where the target could be an original. */
		FAIL,
		/** Replace the previous version atomically. */
		REPLACE
	}

	/** Produces the file content. */
	@FunctionalInterface
	public interface Writer {
		void write(OutputStream out) throws IOException;
	}

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
	/** What an ordinary new file gets; temporary files start owner-only and would keep that after the rename. */
	private static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rw-r--r--");

	private AtomicFiles() {}

	/** Writes {@code target} atomically; the file is readable by its owner only if {@code ownerOnly}. */
	public static void write(final Path target, final IfExists ifExists, final boolean ownerOnly,
		final Writer writer) throws IOException
	{
		final Path absolute = target.toAbsolutePath();
		final Path dir = absolute.getParent();
		Files.createDirectories(dir);
		if (ifExists == IfExists.FAIL && Files.exists(absolute)) {
			throw new FileAlreadyExistsException(absolute.toString(), null,
				"refusing to overwrite an existing file; choose another name");
		}
		final Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".part");
		try {
			if (ownerOnly) restrictToOwner(tmp);
			else shareable(tmp);
			try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING);
				OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels
					.newOutputStream(channel), 1 << 16))
			{
				writer.write(out);
				out.flush();
				channel.force(true);
			}
			if (ifExists == IfExists.FAIL && Files.exists(absolute)) {
				throw new FileAlreadyExistsException(absolute.toString(), null,
					"refusing to overwrite an existing file; choose another name");
			}
			try {
				Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Convenience for byte content. */
	public static void write(final Path target, final IfExists ifExists, final boolean ownerOnly,
		final byte[] content) throws IOException
	{
		write(target, ifExists, ownerOnly, out -> out.write(content));
	}

	private static void shareable(final Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, SHARED);
		}
		catch (final UnsupportedOperationException e) {
			// Windows: the folder's ACLs apply.
		}
	}

	private static void restrictToOwner(final Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, OWNER_ONLY);
		}
		catch (final UnsupportedOperationException e) {
			// Windows: no POSIX permissions; the file inherits the user's profile ACLs.
			final java.io.File f = file.toFile();
			f.setReadable(false, false);
			f.setReadable(true, true);
			f.setWritable(false, false);
			f.setWritable(true, true);
		}
	}
}
