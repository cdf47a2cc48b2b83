package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ImageProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.paillier.PaillierKeyFiles;
import org.medcrypt.testing.Datasets;

/**
 * Runs every shipped macro in {@code macros/} headlessly, as Fiji would, on
 * real images from {@code test-images/}: keys, then encryption and bit-exact
 * decryption of an 8-bit PNG and a 16-bit DICOM, then a wrong key.
 */
class ShippedMacrosTest {

	private static MacroHarness ij;
	private static final Set<String> RUN = new HashSet<>();
	private static final Set<String> PAILLIER_MACROS = Set.of("paillier-generate-keys.ijm",
		"paillier-encrypt-image.ijm", "paillier-decrypt-image.ijm");

	@TempDir
	static Path dir;

	@BeforeAll
	static void start() {
		ij = MacroHarness.start();
	}

	@AfterAll
	static void stop() {
		if (ij != null) ij.close();
		assertTrue(RUN.containsAll(PAILLIER_MACROS), "not run: " + PAILLIER_MACROS);
	}

	private static Map<String, String> run(final String macro, final String args) {
		RUN.add(macro);
		return ij.run(MacroHarness.shippedMacro(macro), args);
	}

	@Test
	void everyCommandIsReachableByALeafLabel() {
		// start() refuses labels shared by two commands or already used by ImageJ itself.
		for (final String label : new String[] { "Paillier Generate Keys", "Paillier Encrypt Image",
			"Paillier Decrypt Image" })
		{
			assertTrue(ij.commands().containsKey(label), label);
		}
	}

	@Test
	void keysEncryptDecryptRoundTrip() throws Exception {
		final Path keys = Files.createDirectories(dir.resolve("keys"));
		final String fingerprint = run("paillier-generate-keys.ijm", keys.toString()).get(MacroHarness.RETURN_KEY);
		final Path pub = keys.resolve("physician.paillier.pub"), priv = keys.resolve("physician.paillier.key");
		assertEquals(PaillierKeyFiles.readPublic(pub).fingerprint(), fingerprint);

		for (final String image : new String[] { "FatMRISlice.png", "CT_small.dcm" }) {
			final Path original = Paths.get("test-images", image).toAbsolutePath();
			final Path encrypted = dir.resolve(image + ".mcimg");
			final String summary = run("paillier-encrypt-image.ijm", original + "|" + pub + "|" + encrypted).get(
				MacroHarness.RETURN_KEY);
			assertTrue(summary.startsWith("ciphertexts=") && Files.size(encrypted) > 0, summary);
			assertEquals("bit-exact", run("paillier-decrypt-image.ijm", encrypted + "|" + priv + "|" + original)
				.get(MacroHarness.RETURN_KEY), image);
		}
		// A 16-bit TIFF stack (three real MR slices): every plane comes back.
		final Path stack = dir.resolve("mr-stack.tif");
		final ImageStack planes = new ImageStack(64, 64);
		final ImagePlus mr = IJ.openImage(Datasets.samplePng("mr_small_gray16_64x64.png").toString());
		for (int z = 0; z < 3; z++) {
			final ImageProcessor ip = mr.getProcessor().duplicate();
			ip.add(z * 1000);
			planes.addSlice("z" + z, ip);
		}
		assertTrue(new FileSaver(new ImagePlus("mr-stack", planes)).saveAsTiffStack(stack.toString()));
		final Path stackEnc = dir.resolve("mr-stack.mcimg");
		run("paillier-encrypt-image.ijm", stack + "|" + pub + "|" + stackEnc);
		assertEquals("bit-exact", run("paillier-decrypt-image.ijm", stackEnc + "|" + priv + "|" + stack).get(
			MacroHarness.RETURN_KEY));

		// The comparison can fail: the decrypted MRI slice against another image.
		final Path other = Paths.get("test-images", "microaneurysms.png").toAbsolutePath();
		assertEquals("differs", run("paillier-decrypt-image.ijm", dir.resolve("FatMRISlice.png.mcimg") + "|" +
			priv + "|" + other).get(MacroHarness.RETURN_KEY));
	}

	@Test
	void wrongKeyIsReportedToTheMacro() throws Exception {
		final Path a = Files.createDirectories(dir.resolve("a")), b = Files.createDirectories(dir.resolve("b"));
		run("paillier-generate-keys.ijm", a.toString());
		run("paillier-generate-keys.ijm", b.toString());
		final Path image = Paths.get("test-images", "microaneurysms.png").toAbsolutePath();
		final Path encrypted = dir.resolve("wrong-key.mcimg");
		run("paillier-encrypt-image.ijm", image + "|" + a.resolve("physician.paillier.pub") + "|" + encrypted);
		RUN.add("paillier-decrypt-image.ijm");
		final String error = ij.runExpectingError(MacroHarness.shippedMacro("paillier-decrypt-image.ijm"),
			encrypted + "|" + b.resolve("physician.paillier.key"));
		assertTrue(error.contains("was encrypted for key"), error);
	}
}
