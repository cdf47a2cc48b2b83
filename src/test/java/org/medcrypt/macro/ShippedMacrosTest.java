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
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Runs the Paillier macros in {@code macros/} headlessly, as Fiji would, on
 * real images from {@code test-images/}: keys, then encryption and bit-exact
 * decryption of an 8-bit PNG (a crop of the MRI slice), a 16-bit DICOM and a
 * 16-bit stack, then a wrong key (committed test keys).
 */
class ShippedMacrosTest extends ShippedMacroTest {

	ShippedMacrosTest() {
		super(Set.of("paillier-generate-keys.ijm", "paillier-encrypt-image.ijm", "paillier-decrypt-image.ijm"), "Paillier Generate Keys", "Paillier Encrypt Image", "Paillier Decrypt Image");
	}

	@Test
	void keysEncryptDecryptRoundTrip() throws Exception {
		final Path keys = Files.createDirectories(dir.resolve("keys"));
		final String fingerprint = ij.returnOf("paillier-generate-keys.ijm", keys.toString());
		final Path pub = keys.resolve("physician.paillier.pub"), priv = keys.resolve("physician.paillier.key");
		assertEquals(PaillierKeyFiles.readPublic(pub).fingerprint(), fingerprint);

		// A crop of the 8-bit MRI slice keeps 3072-bit encryption short; the 16-bit CT is 128x128.
		for (final Path original : new Path[] { mriCrop(64), Paths.get("test-images", "CT_small.dcm").toAbsolutePath() }) {
			final String image = original.getFileName().toString();
			final Path encrypted = dir.resolve(image + ".mcimg");
			final String summary = ij.returnOf("paillier-encrypt-image.ijm", original + "|" + pub + "|" + encrypted);
			assertTrue(summary.startsWith("ciphertexts=") && Files.size(encrypted) > 0, summary);
			assertEquals("bit-exact", ij.returnOf("paillier-decrypt-image.ijm", encrypted + "|" + priv + "|" + original), image);
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
		ij.returnOf("paillier-encrypt-image.ijm", stack + "|" + pub + "|" + stackEnc);
		assertEquals("bit-exact", ij.returnOf("paillier-decrypt-image.ijm", stackEnc + "|" + priv + "|" + stack));

		// The comparison can fail: the decrypted MRI slice against another image.
		final Path other = Paths.get("test-images", "microaneurysms.png").toAbsolutePath();
		assertEquals("differs", ij.returnOf("paillier-decrypt-image.ijm", dir.resolve("FatMRISlice-64.png.mcimg") + "|" + priv + "|" + other));
	}

	@Test
	void wrongKeyIsReportedToTheMacro() throws Exception {
		// Two committed test keys: generating keys is proven once, above.
		final Path[] a = TestKeyFiles.paillier("test-a"), b = TestKeyFiles.paillier("test-b");
		final Path image = Paths.get("test-images", "microaneurysms.png").toAbsolutePath();
		final Path encrypted = dir.resolve("wrong-key.mcimg");
		ij.returnOf("paillier-encrypt-image.ijm", image + "|" + a[0] + "|" + encrypted);
		final String error = ij.errorOf("paillier-decrypt-image.ijm", encrypted + "|" + b[1]);
		assertTrue(error.contains("was encrypted for key"), error);
	}
}
