package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.medcrypt.testing.TestKeyFiles;

/**
 * The default secure-transfer macros run headlessly as Fiji would: a bit-exact
 * round trip through TIFF files on every image of test-images/ with committed
 * 3072-bit test keys ({@link TestKeyFiles}), and the recipient refusing an
 * altered pixel, a wrong key and an existing output file, writing nothing.
 */
class SecureTransferMacrosTest extends ShippedMacroTest {

	SecureTransferMacrosTest() {
		super(Set.of("secure-transfer-encrypt.ijm", "secure-transfer-decrypt.ijm"), "Secure Transfer Encrypt",
			"Secure Transfer Decrypt");
	}

	/** Key pairs as {private, public} PEM files. */
	private static Path[] a, b, c;

	@BeforeAll
	static void rsaKeys() {
		a = TestKeyFiles.rsa("rsa-a");
		b = TestKeyFiles.rsa("rsa-b");
		c = TestKeyFiles.rsa("rsa-c");
	}

	private static String field(final String result, final String key) {
		for (final String kv : result.trim().split(" "))
			if (kv.startsWith(key + "=")) return kv.substring(key.length() + 1);
		throw new AssertionError(key + " missing in " + result);
	}

	@Test
	void everyTestImageComesBackBitExact() {
		for (final String name : new String[] { "CT_small.dcm", "MR_small.dcm", "retina.jpg", "microaneurysms.png",
			"FatMRISlice.png" })
		{
			final Path image = Paths.get("test-images", name).toAbsolutePath();
			final Path enc = dir.resolve(name + ".enc.tif"), dec = dir.resolve(name + ".dec.tif");
			final String sent = ij.returnOf("secure-transfer-encrypt.ijm", image + "|" + a[0] + "|" + b[1] + "|" + enc);
			assertTrue(Files.isRegularFile(enc), name);
			final String received = ij.returnOf("secure-transfer-decrypt.ijm", enc + "|" + b[0] + "|" + a[1] + "|" +
				dec);
			assertEquals(field(sent, "sha256"), field(received, "sha256"), name + " is not bit-exact");
			// what the sender signed is shown to the recipient (issue 10)
			assertEquals(field(sent, "identifier"), field(received, "identifier"), name);
			assertTrue(field(received, "created").matches("20[0-9]{2}-[0-9]{2}-[0-9]{2}T.*Z"), received);
			assertEquals("no", field(received, "opened_before"), name);
			// the file written is the decrypted image, and the encrypted one is not the image
			assertEquals("same", compare(dec, image), name);
			assertEquals("differs", compare(enc, image), name);
		}
	}

	/**
	 * "same" if the two files, opened by ImageJ, hold the same pixels in every plane (RGB compared as packed
	 * channels), else "differs". In Java: a macro loop over the 1411x1411 retina took longer than the transfer.
	 */
	private static String compare(final Path a, final Path b) {
		final ImagePlus x = IJ.openImage(a.toString()), y = IJ.openImage(b.toString());
		if (x.getWidth() != y.getWidth() || x.getHeight() != y.getHeight() || x.getStackSize() != y.getStackSize())
			return "differs";
		for (int z = 1; z <= x.getStackSize(); z++) {
			final ImageProcessor p = x.getStack().getProcessor(z), q = y.getStack().getProcessor(z);
			for (int i = 0; i < p.getPixelCount(); i++) if (p.get(i) != q.get(i)) return "differs";
		}
		return "same";
	}

	@Test
	void theRecipientRefusesAlteredPixelsAndWrongKeysAndWritesNothing() throws Exception {
		final Path image = Paths.get("test-images", "CT_small.dcm").toAbsolutePath();
		final Path enc = dir.resolve("ct.enc.tif"), altered = dir.resolve("ct.altered.tif");
		ij.returnOf("secure-transfer-encrypt.ijm", image + "|" + a[0] + "|" + b[1] + "|" + enc);
		// one grey level added to one pixel far from the envelope
		ij.runMacro("tamper", "a = split(getArgument(), '|'); open(a[0]); setPixel(100, 100, getPixel(100, 100) ^ 1);" +
			" saveAs('Tiff', a[1]);", enc + "|" + altered);
		final Path out = dir.resolve("never.tif");
		String error = ij.errorOf("secure-transfer-decrypt.ijm", altered + "|" + b[0] + "|" + a[1] + "|" + out);
		assertTrue(error.contains("pixels were altered"), error);
		error = ij.errorOf("secure-transfer-decrypt.ijm", enc + "|" + c[0] + "|" + a[1] + "|" + out);
		assertTrue(error.contains("Fingerprint mismatch: this image was sealed for the RSA key"), error);
		error = ij.errorOf("secure-transfer-decrypt.ijm", enc + "|" + b[0] + "|" + c[1] + "|" + out);
		assertTrue(error.contains("was signed by the RSA key"), error);
		assertFalse(Files.exists(out));
		// an existing file is never overwritten, the original least of all
		error = ij.errorOf("secure-transfer-decrypt.ijm", enc + "|" + b[0] + "|" + a[1] + "|" + image);
		assertTrue(error.contains("never overwrites"), error);
		error = ij.errorOf("secure-transfer-encrypt.ijm", image + "|" + a[0] + "|" + b[1] + "|" + enc);
		assertTrue(error.contains("never overwrites"), error);
	}
}
