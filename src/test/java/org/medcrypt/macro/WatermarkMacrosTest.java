package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.medcrypt.keys.Fingerprints;
import org.medcrypt.testing.Datasets;
import org.medcrypt.keys.RsaKeyFiles;

/**
 * The crypto-watermark macros (Puech 2008 section 2, study only) run headlessly
 * as Fiji would, on real images: the ultrasound of figure 5 with its PSNR
 * figures, a 16-bit CT, a tampered carrier pixel, a tampered non-carrier pixel
 * (not detected), a wrong recipient key, the default 3072-bit keys.
 */
class WatermarkMacrosTest extends ShippedMacroTest {

	WatermarkMacrosTest() {
		super(Set.of("rsa-generate-keys.ijm", "crypto-watermark-embed.ijm", "crypto-watermark-extract.ijm"), "RSA Generate Keys", "Crypto-Watermark Embed", "Crypto-Watermark Extract");
	}

	/** Key pairs as {private, public} PEM files. */
	private static Path[] a, b, c;

	@BeforeAll
	static void rsaKeys() {
		a = rsaKeyPair("a", "1024");
		b = rsaKeyPair("b", "1024");
		c = rsaKeyPair("c", "1024");
	}

	private static Map<String, String> fields(final String result) {
		final Map<String, String> m = new HashMap<>();
		for (final String kv : result.trim().split(" ")) {
			final int eq = kv.indexOf('=');
			m.put(kv.substring(0, eq), kv.substring(eq + 1));
		}
		return m;
	}

	@Test
	void keyFilesArePemAndNeverOverwritten() throws Exception {
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a[0])));
		assertEquals(Fingerprints.of(RsaKeyFiles.readPublic(a[1])), Fingerprints.of(RsaKeyFiles
			.readPublic(a[1])));
		final String error = ij.errorOf("rsa-generate-keys.ijm", a[0] + "|" + dir.resolve("new.pub.pem") + "|1024");
		assertTrue(error.contains(a[0] + " already exists; MedCrypt never overwrites files"), error);
		assertFalse(Files.exists(dir.resolve("new.pub.pem")), "a key pair is written whole or not at all");
	}

	@Test
	void figure5OnTheUltrasound() {
		final Path us = Datasets.samplePng("us_obstetric_gray8_512x512_crop.png");
		final Path wm = dir.resolve("us.wm.tif");
		final Map<String, String> e = fields(ij.returnOf("crypto-watermark-embed.ijm", us + "|" + a[0] + "|" + b[1] + "|" +
			wm));
		assertEquals("1024", e.get("bits"));
		assertEquals("256", e.get("pixels_per_bit"));
		final double psnrEnc = Double.parseDouble(e.get("psnr"));
		// about half of the 1024 carriers change (measured 74.85..75.54 dB over 40 keys; paper 75.14 dB)
		assertTrue(psnrEnc > 74.5 && psnrEnc < 76.0, e.toString());
		final Map<String, String> d = fields(ij.returnOf("crypto-watermark-extract.ijm", wm + "|" + b[0] + "|" + a[1] + "|" +
			us));
		final double psnr = Double.parseDouble(d.get("psnr")), modular = Double.parseDouble(d.get("psnr_modular"));
		// wrapped black pixels dominate the plain PSNR; modulo 256 it is the paper's 55.28 dB (measured 53.98..56.37)
		assertTrue(psnr > 13 && psnr < 19, d.toString());
		assertTrue(modular > 52.5 && modular < 58, d.toString());
		assertTrue(Double.parseDouble(d.get("wrapped")) > 1000, d.toString());
	}

	@Test
	void aTamperedCarrierOrAWrongKeyStopsTheRecipient() {
		final Path us = Datasets.samplePng("us_obstetric_gray8_512x512_crop.png");
		final Path wm = dir.resolve("us.t.tif");
		ij.returnOf("crypto-watermark-embed.ijm", us + "|" + a[0] + "|" + b[1] + "|" + wm);
		// flip the LSB of the carrier of bit 700: flat index 700 * 256 = (x 0, y 350)
		final Path carrier = dir.resolve("us.carrier.tif"), other = dir.resolve("us.other.tif");
		ij.runMacro("tamper", "a = split(getArgument(), '|'); open(a[0]); v = getPixel(0, 350); setPixel(0, 350, " +
			"v ^ 1); saveAs('Tiff', a[1]); close(); open(a[0]); v = getPixel(1, 350); setPixel(1, 350, 255 - v); " +
			"saveAs('Tiff', a[2]);", wm + "|" + carrier + "|" + other);
		String error = ij.errorOf("crypto-watermark-extract.ijm", carrier + "|" + b[0] + "|" + a[1]);
		assertTrue(error.contains("Key check failed"), error);
		error = ij.errorOf("crypto-watermark-extract.ijm", wm + "|" + c[0] + "|" + a[1]);
		assertTrue(error.contains("Key check failed"), error);
		error = ij.errorOf("crypto-watermark-extract.ijm", wm + "|" + b[0] + "|" + c[1]);
		assertTrue(error.contains("Key check failed"), error);
		// the neighbouring non-carrier pixel: NOT detected; the damage stays local (at most k/2 + 1 = 65 pixels)
		final Map<String, String> ok = fields(ij.returnOf("crypto-watermark-extract.ijm", wm + "|" + b[0] + "|" + a[1]));
		final Map<String, String> t = fields(ij.returnOf("crypto-watermark-extract.ijm", other + "|" + b[0] + "|" + a[1]));
		assertEquals(ok.get("key"), t.get("key"));
	}

	@Test
	void sixteenBitCtAndDefault3072BitKeys() {
		final Path ct = Datasets.samplePng("ct_small_HUplus1024_gray16_128x128.png");
		final Path dKey = dir.resolve("d.key.pem"), dPub = dir.resolve("d.pub.pem");
		ij.returnOf("rsa-generate-keys.ijm", dKey + "|" + dPub);
		// 16,384 pixels carry the 3072-bit K'' at 1 bit per 5 pixels
		final Path wm = dir.resolve("ct.wm.tif");
		final Map<String, String> e = fields(ij.returnOf("crypto-watermark-embed.ijm", ct + "|" + a[0] + "|" + dPub + "|" +
			wm));
		assertEquals("3072", e.get("bits"));
		assertEquals("5", e.get("pixels_per_bit"));
		final Map<String, String> d = fields(ij.returnOf("crypto-watermark-extract.ijm", wm + "|" + dKey + "|" + a[1] + "|" +
			ct));
		assertTrue(Double.parseDouble(d.get("psnr_modular")) > 40, d.toString());
	}
}
