package org.medcrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.ij.ImageFiles;

/**
 * Issue 14, finding 3, as a user meets it: a damaged image or a 3 GB file that
 * is not an encrypted image ends with exit code 1 and one line naming the file,
 * never a stack trace or an OutOfMemoryError, and nothing is written.
 */
class DamagedInputsCliTest {

	@TempDir
	Path dir;

	@Test
	void damagedInputsGiveOneLine() throws Exception {
		final Path keys = Paths.get("src/test/resources/testkeys");
		final byte[] tiff = new FileSaver(new ImagePlus("ct", ImageFiles.open(Paths.get("test-images/CT_small.dcm"))
			.getProcessor())).serialize();
		final Path damaged = dir.resolve("short.tif");
		Files.write(damaged, Arrays.copyOf(tiff, 100));
		assertOneLineError(damaged, "encrypt", "--key", keys.resolve("test-a.paillier.pub").toString(), "--in",
			damaged.toString(), "--out", dir.resolve("x.mcimg").toString());

		final Path huge = dir.resolve("huge.mcimg");
		try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
			f.setLength(3L << 30);
		}
		assertOneLineError(huge, "decrypt", "--key", keys.resolve("test-a.paillier.key").toString(), "--in", huge
			.toString(), "--out", dir.resolve("x.tif").toString());
		assertFalse(Files.exists(dir.resolve("x.tif")) || Files.exists(dir.resolve("x.mcimg")));
	}

	private static void assertOneLineError(final Path file, final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		assertEquals(1, MedCryptCli.run(args, new PrintStream(out, true), new PrintStream(err, true)));
		final String e = new String(err.toByteArray(), StandardCharsets.UTF_8);
		assertTrue(e.startsWith("error: " + file) && e.indexOf('\n') == e.length() - 1, e);
	}
}
