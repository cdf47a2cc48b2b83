package org.medcrypt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.securesum.net.NetworkSession;

/**
 * Issue 14: files named like keys or session files are refused from their size,
 * before they are read (a 3 GB sparse file: reading it whole would fail under
 * the test JVM's 3 GB heap).
 */
class BoundedFilesTest {

	@TempDir
	Path dir;

	private Path sparse(final String name) throws Exception {
		final Path file = dir.resolve(name);
		try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
			f.setLength(3L << 30);
		}
		return file;
	}

	@Test
	void readsUpToTheCeilingAndRefusesMore() throws Exception {
		final Path file = dir.resolve("small");
		Files.write(file, new byte[] { 1, 2, 3 });
		assertArrayEquals(new byte[] { 1, 2, 3 }, BoundedFiles.read(file, 3, "thing"));
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> BoundedFiles.read(file, 2,
			"thing"));
		assertTrue(e.getMessage().startsWith(file + " is larger than its format allows (3 bytes; at most 2)"), e
			.getMessage());
		final MedCryptException missing = assertThrows(MedCryptException.class, () -> BoundedFiles.read(dir
			.resolve("none"), 2, "thing"));
		assertTrue(missing.getMessage().equals("The thing " + dir.resolve("none") + " does not exist."), missing
			.getMessage());
	}

	@Test
	void hugeKeyAndSessionFilesAreRefusedUnread() throws Exception {
		final Path key = sparse("huge.paillier.key");
		assertTrue(assertThrows(DamagedFileException.class, () -> PaillierKeyFiles.readPrivate(key)).getMessage()
			.startsWith(key + " is larger than its format allows"));
		final Path pem = sparse("huge.pub.pem");
		assertTrue(assertThrows(MedCryptException.class, () -> RsaKeyFiles.readPublic(pem)).getMessage().contains(
			pem + " is larger than its format allows"));
		final Path session = sparse("huge.session");
		assertTrue(assertThrows(MedCryptException.class, () -> NetworkSession.read(session)).getMessage().contains(
			session + " is larger than its format allows"));
	}
}
