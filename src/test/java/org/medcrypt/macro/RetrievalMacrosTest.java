package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.HaarSubbands;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.Progress;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.testing.TestKeyFiles;

/** The retrieval macros on a crop of a real MRI slice from test-images/, with a committed 2048-bit test key. */
class RetrievalMacrosTest extends ShippedMacroTest {

	RetrievalMacrosTest() {
		super(Set.of("encrypted-haar-dwt.ijm"), "Encrypted Haar DWT");
	}

	@Test
	void encryptedHaarDwtShowsTheDecompositionOrTheServersNoise() throws Exception {
		final PaillierKeyPair pair = TestKeyFiles.paillierPair("test-a");
		final Path[] keys = TestKeyFiles.paillier("test-a");
		final ImagePlus mri = IJ.openImage(mriCrop(64).toString());
		final Path encrypted = dir.resolve("mri.mcimg");
		EncryptedImageFile.write(encrypted, PaillierImageCipher.encrypt(ImagePlusImgs.wrap(mri), pair.publicKey(),
			Progress.NONE));

		// LL3 at (0,0) is the sum of the top-left 8x8 pixels.
		final long[] plane = new long[64 * 64];
		for (int i = 0; i < plane.length; i++) plane[i] = mri.getProcessor().get(i);
		final long ll3 = HaarSubbands.transform(plane, 64, 64, 3)[2][HaarSubbands.Band.LL.ordinal()][0];
		assertEquals("64x64 LL=" + ll3, ij.run(MacroHarness.shippedMacro("encrypted-haar-dwt.ijm"), encrypted +
			"|" + keys[1]).get(MacroHarness.RETURN_KEY));

		final String serverView = ij.run(MacroHarness.shippedMacro("encrypted-haar-dwt.ijm"), encrypted + "|" +
			keys[0]).get(MacroHarness.RETURN_KEY);
		assertTrue(serverView.startsWith("Encrypted Haar bands of"), serverView);

		final String error = ij.runMacroExpectingError("run(\"Encrypted Haar DWT\", \"encrypted_file=[" + encrypted +
			"] key_file=[" + keys[0] + "] levels=3 plane=1 show_server_view=false\");", "");
		assertTrue(error.contains("public key only"), error);
	}
}
