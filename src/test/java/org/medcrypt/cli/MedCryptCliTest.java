package org.medcrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, messages, a round trip on a real DICOM. */
class MedCryptCliTest {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	private int run(final String... args) {
		out.reset();
		err.reset();
		return MedCryptCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
	}

	private String err() {
		return new String(err.toByteArray(), StandardCharsets.UTF_8);
	}

	@Test
	void helpAndUsageErrors() {
		assertEquals(0, run("--help"));
		assertTrue(new String(out.toByteArray(), StandardCharsets.UTF_8).contains("keygen"));
		assertEquals(2, run());
		assertEquals(2, run("frobnicate"));
		assertTrue(err().contains("unknown command 'frobnicate'"), err());
		assertEquals(2, run("keygen", "--bits"));
		assertTrue(err().contains("--bits needs a value"), err());
		assertEquals(2, run("keygen", "--out", dir.toString(), "--bits", "many"));
		assertTrue(err().contains("whole number"), err());
		assertEquals(1, run("keygen", "--out", dir.toString(), "--bits", "1024"));
		assertTrue(err().contains("too weak"), err());
	}

	@Test
	void roundTripOfARealDicomAndClearFailures() throws Exception {
		assertEquals(0, run("keygen", "--out", dir.toString(), "--name", "a", "--bits", "2048"), err());
		assertEquals(0, run("keygen", "--out", dir.toString(), "--name", "b", "--bits", "2048"), err());
		final Path dicom = Paths.get("test-images", "CT_small.dcm");
		final Path enc = dir.resolve("ct.mcimg"), view = dir.resolve("ct.png"), tif = dir.resolve("ct.tif");
		assertEquals(0, run("encrypt", "--key", dir.resolve("a.paillier.pub").toString(), "--in", dicom.toString(),
			"--out", enc.toString(), "--view", view.toString()), err());
		assertTrue(Files.size(view) > 0);

		// Existing outputs are never overwritten.
		final byte[] before = Files.readAllBytes(enc);
		assertEquals(1, run("encrypt", "--key", dir.resolve("a.paillier.pub").toString(), "--in", dicom
			.toString(), "--out", enc.toString()));
		assertTrue(err().contains("already exists"), err());
		assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(enc)));

		// The wrong private key is named, not used.
		assertEquals(1, run("decrypt", "--key", dir.resolve("b.paillier.key").toString(), "--in", enc.toString(),
			"--out", tif.toString()));
		assertTrue(err().contains("was encrypted for key"), err());
		assertTrue(Files.notExists(tif));

		assertEquals(0, run("decrypt", "--key", dir.resolve("a.paillier.key").toString(), "--in", enc.toString(),
			"--out", tif.toString()), err());
		ij.Prefs.ignoreRescaleSlope = true;
		final ImagePlus original = IJ.openImage(dicom.toString()), decrypted = IJ.openImage(tif.toString());
		assertEquals(16, decrypted.getBitDepth());
		final short[] a = (short[]) original.getProcessor().getPixels(), b = (short[]) decrypted.getProcessor()
			.getPixels();
		assertTrue(java.util.Arrays.equals(a, b), "decrypted DICOM pixels differ from the original");

		// An image that is not grayscale gets a message that says how to convert it.
		assertEquals(1, run("encrypt", "--key", dir.resolve("a.paillier.pub").toString(), "--in", "test-images/retina.jpg",
			"--out", dir.resolve("retina.mcimg").toString()));
		assertTrue(err().contains("8-bit or 16-bit"), err());
	}
}
