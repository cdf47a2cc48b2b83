package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.medcrypt.keys.StreamCipherKeyFile;
import org.medcrypt.testing.Datasets;

/**
 * The study-only transfer macros (Puech 2008) run headlessly as Fiji would, on
 * real images: bit-exact stream-cipher round trips (8-bit ultrasound, 16-bit
 * DICOM, a 16-bit stack, a passphrase), wrong keys, and the ECB leakage study
 * on the ultrasound with large black zones.
 */
class TransferMacrosTest extends ShippedMacroTest {

	TransferMacrosTest() {
		super(Set.of("stream-cipher-encrypt.ijm", "stream-cipher-decrypt.ijm", "cipher-leakage-study.ijm",
			"stream-cipher-key-recovery.ijm"), "Stream Cipher Encrypt", "Stream Cipher Decrypt", "Cipher Leakage Study",
			"Stream Cipher Key Recovery");
	}

	@Test
	void keyFileRoundTripsAreBitExact() throws Exception {
		final Path key = dir.resolve("study" + StreamCipherKeyFile.SUFFIX);
		final Path us = Datasets.samplePng("us_obstetric_gray8_512x512_crop.png");
		final Path ct = Paths.get("test-images", "CT_small.dcm").toAbsolutePath();
		// first run creates the key file (owner-only), the second uses it
		final String fingerprint = ij.returnOf("stream-cipher-encrypt.ijm", us + "|" + key + "|" + dir.resolve("us.tif"));
		assertEquals(StreamCipherKeyFile.read(key).fingerprint(), fingerprint);
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
		assertEquals(fingerprint, ij.returnOf("stream-cipher-encrypt.ijm", ct + "|" + key + "|" + dir.resolve("ct.tif")));
		assertEquals("bit-exact", ij.returnOf("stream-cipher-decrypt.ijm", dir.resolve("us.tif") + "|" + key + "|" + us));
		assertEquals("bit-exact", ij.returnOf("stream-cipher-decrypt.ijm", dir.resolve("ct.tif") + "|" + key + "|" + ct));
		// the encrypted file is not the image: compared with the original it differs
		assertEquals("differs", ij.runMacro("compare", "open(getArgument()); a = getImageID(); open('" + us +
			"'); imageCalculator('Difference create', a, getImageID()); getStatistics(n, mean, min, max);" +
			" if (max == 0) return 'same'; return 'differs';", dir.resolve("us.tif").toString()).get(
				MacroHarness.RETURN_KEY));
	}

	@Test
	void aBlackRowOrTheFirst136PixelsGiveTheKeyOfTheUltrasound() throws Exception {
		final Path key = dir.resolve("attacked" + StreamCipherKeyFile.SUFFIX);
		final Path us = Datasets.samplePng("us_obstetric_gray8_512x512_crop.png");
		final Path enc = dir.resolve("us.attacked.tif");
		ij.returnOf("stream-cipher-encrypt.ijm", us + "|" + key + "|" + enc);
		final String keyHex = org.medcrypt.io.Hex.of(StreamCipherKeyFile.read(key).keyBytes());
		// black background alone: the key bits, and every pixel but the first 64 (which need the IV)
		String r = ij.returnOf("stream-cipher-key-recovery.ijm", enc + "|black|" + us);
		assertTrue(r.startsWith("key=" + keyHex + " black_row=16 iv=no exact="), r);
		final int exact = Integer.parseInt(r.substring(r.indexOf("exact=") + 6));
		assertTrue(exact >= 512 * 512 - 64 && exact < 512 * 512, r);
		// the first 136 pixels of the original: the whole key, the whole image bit-exact
		r = ij.returnOf("stream-cipher-key-recovery.ijm", enc + "|known|" + us);
		assertEquals("key=" + keyHex + " black_row=-1 iv=yes exact=262144", r);
		// a plain image has no such key
		final String error = ij.errorOf("stream-cipher-key-recovery.ijm", us + "|known|" + us);
		assertTrue(error.contains("Key recovery failed"), error);
	}

	@Test
	void sixteenBitStackRoundTrip() throws Exception {
		final Path ct = Datasets.samplePng("ct_small_HUplus1024_gray16_128x128.png");
		final Path stack = dir.resolve("stack.tif");
		ij.runMacro("make-stack", "close('*'); open(getArgument()); t = getTitle(); run('Duplicate...', 'title=flipped');" +
			" run('Flip Horizontally'); run('Images to Stack', 'name=stack use'); if (nSlices != 2) exit('no stack');" +
			" saveAs('Tiff', '" + stack + "');", ct.toString());
		final Path key = dir.resolve("stack" + StreamCipherKeyFile.SUFFIX);
		ij.returnOf("stream-cipher-encrypt.ijm", stack + "|" + key + "|" + dir.resolve("stack.enc.tif"));
		assertEquals("bit-exact", ij.returnOf("stream-cipher-decrypt.ijm", dir.resolve("stack.enc.tif") + "|" + key + "|" +
			stack));
	}

	@Test
	void passphraseRoundTripWithTheSaltInTheTiff() throws Exception {
		final Path mr = Datasets.samplePng("mr_small_gray16_64x64.png");
		final Path enc = dir.resolve("mr.pass.tif");
		ij.returnOf("stream-cipher-encrypt.ijm", mr + "|passphrase:correct horse battery|" + enc);
		assertEquals("bit-exact", ij.returnOf("stream-cipher-decrypt.ijm", enc + "|passphrase:correct horse battery|" + mr));
		final String error = ij.errorOf("stream-cipher-decrypt.ijm", enc + "|passphrase:wrong horse battery");
		assertTrue(error.contains("was encrypted with key"), error);
	}

	@Test
	void wrongKeyIsCaughtOnlyWhileTheFingerprintTravelsWithTheImage() throws Exception {
		final Path image = Paths.get("test-images", "FatMRISlice.png").toAbsolutePath();
		final Path a = dir.resolve("a" + StreamCipherKeyFile.SUFFIX), b = dir.resolve("b" + StreamCipherKeyFile.SUFFIX);
		ij.returnOf("stream-cipher-encrypt.ijm", image + "|" + a + "|" + dir.resolve("fat.a.tif"));
		ij.returnOf("stream-cipher-encrypt.ijm", image + "|" + b + "|" + dir.resolve("fat.b.tif"));
		final String error = ij.errorOf("stream-cipher-decrypt.ijm", dir.resolve("fat.a.tif") + "|" + b);
		assertTrue(error.contains("was encrypted with key"), error);
		// Without the fingerprint (cleared here; JPEG or DICOM would drop it), the paper's cipher has no
		// integrity: a wrong key decrypts silently to a wrong image.
		final Path bare = dir.resolve("fat.a.bare.tif");
		ij.runMacro("strip", "open(getArgument()); Property.set('MedCrypt.stream.key', ''); saveAs('Tiff', '" + bare +
			"');", dir.resolve("fat.a.tif").toString());
		assertEquals("differs", ij.returnOf("stream-cipher-decrypt.ijm", bare + "|" + b + "|" + image));
		assertEquals("bit-exact", ij.returnOf("stream-cipher-decrypt.ijm", bare + "|" + a + "|" + image));
	}

	@Test
	void leakageStudyOnTheUltrasound() {
		final Path us = Datasets.samplePng("us_obstetric_gray8_800x600.png");
		final Map<String, Double> entropy = new HashMap<>();
		for (final String pair : ij.returnOf("cipher-leakage-study.ijm", us.toString()).split(" ")) {
			final String[] kv = pair.split("=");
			entropy.put(kv[0], Double.parseDouble(kv[1]));
		}
		assertEquals(Set.of("PLAINTEXT", "DES_ECB", "AES_ECB", "AES_OFB", "STREAM"), entropy.keySet());
		// ECB keeps the black zones visible: its entropy is far below the stream cipher's ~8 bits/pixel
		assertTrue(entropy.get("STREAM") > 7.99, "" + entropy);
		assertTrue(entropy.get("AES_OFB") > 7.99, "" + entropy);
		assertTrue(entropy.get("AES_ECB") < entropy.get("STREAM") - 1, "" + entropy);
		assertTrue(entropy.get("DES_ECB") < entropy.get("STREAM") - 1, "" + entropy);
	}
}
