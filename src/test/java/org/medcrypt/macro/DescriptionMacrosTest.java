package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 11, through the Fiji commands as a macro runs them: a CT DICOM comes
 * back from Paillier Encrypt/Decrypt Image and from Secure Transfer
 * Encrypt/Decrypt with what makes it a medical image, read with the macro
 * language's own functions (calibrated value in HU, pixel size and unit,
 * display range, slice label, the DICOM header in Info); a 2x3x2 hyperstack
 * comes back as a hyperstack. The encrypted carrier's title is neutral. The
 * entry points and the command line are tested field by field in
 * {@code PaillierImagesDescriptionTest}, {@code TransferImagesTest},
 * {@code PaillierDescriptionCliTest} and {@code TransferCliTest}.
 */
class DescriptionMacrosTest extends ShippedMacroTest {

	private static final Path CT = Paths.get("test-images", "CT_small.dcm").toAbsolutePath();

	/** Reports what a macro can read of the active image's description. */
	private static final String REPORT = String.join("\n", //
		"function r(k, v) { call('org.medcrypt.macro.MacroHarness.report', k, '' + v); }", //
		"getPixelSize(unit, pw, ph);", //
		"getMinAndMax(min, max);", //
		"Stack.getDimensions(w, h, c, z, t);", //
		"r('title', getTitle()); r('hu', calibrate(getPixel(64, 64))); r('raw', getPixel(64, 64));", //
		"r('unit', unit); r('pw', d2s(pw, 6)); r('min', min); r('max', max);", //
		"r('label', getInfo('slice.label')); r('info', lengthOf(getMetadata('Info')));", //
		"r('dims', '' + c + 'x' + z + 'x' + t); r('hyperstack', is('hyperstack'));");

	DescriptionMacrosTest() {
		super(Set.of());
	}

	/** Paillier {public, private}; RSA {private, public}. */
	private static Path[] paillier, a, b;

	@BeforeAll
	static void keys() {
		paillier = TestKeyFiles.paillier("test-a");
		a = TestKeyFiles.rsa("rsa-a");
		b = TestKeyFiles.rsa("rsa-b");
	}

	/** The CT as opened, the reference every round trip must equal. */
	private static Map<String, String> original() {
		return ij.runMacro("original", "open('" + CT + "');\n" + REPORT, null);
	}

	@Test
	void paillierEncryptionBringsTheCtBackCalibratedWithItsHeader() throws Exception {
		final Map<String, String> before = original();
		assertEquals("904", before.get("hu"), before.toString());
		assertEquals("7465", before.get("info"), before.toString());
		assertEquals("mm", before.get("unit"), before.toString());
		final Path file = dir.resolve("ct-" + System.nanoTime() + ".mcimg");
		final Map<String, String> after = ij.runMacro("paillier", String.join("\n", //
			"open('" + CT + "');", //
			"run('Paillier Encrypt Image', 'imp=[' + getTitle() + '] public_key=[" + paillier[0] + "] output_file=[" +
				file + "] haar_levels=1 slot_bits=0 show_ciphertext=false');", //
			"close('*');", //
			"run('Paillier Decrypt Image', 'encrypted_file=[" + file + "] private_key=[" + paillier[1] + "]');", //
			REPORT), null);
		assertEquals(before, after);
		// nothing identifying in clear in the file: not the title, not the header's patient name line
		final String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
		assertFalse(bytes.contains("CT_small"), "the title is in clear");
		assertFalse(bytes.contains("0010,0010"), "the DICOM header is in clear");
	}

	@Test
	void secureTransferBringsTheCtBackCalibratedWithItsHeaderUnderANeutralTitle() {
		final Map<String, String> before = original();
		final Path sealed = dir.resolve("ct-" + System.nanoTime() + ".sealed.tif");
		final Map<String, String> carrier = ij.runMacro("seal", String.join("\n", //
			"open('" + CT + "');", //
			"run('Secure Transfer Encrypt', 'imp=[' + getTitle() + '] sender_private_key=[" + a[0] +
				"] recipient_public_key=[" + b[1] + "] output_file=[" + sealed + "]');", //
			"call('org.medcrypt.macro.MacroHarness.report', 'carrier', getTitle());"), null);
		assertTrue(carrier.get("carrier").startsWith("MedCrypt sealed "), carrier.toString());
		final Map<String, String> after = ij.runMacro("open", String.join("\n", //
			"close('*');", //
			"open('" + sealed + "');", //
			"run('Secure Transfer Decrypt', 'imp=[' + getTitle() + '] recipient_private_key=[" + b[0] +
				"] sender_public_key=[" + a[1] + "]');", //
			REPORT), null);
		assertEquals(before, after);
	}

	@Test
	void aHyperstackComesBackAsAHyperstackFromBothCommands() throws Exception {
		final String make = "newImage('hs', '16-bit ramp', 40, 30, 12); run('Stack to Hyperstack...', " +
			"'order=xyczt(default) channels=2 slices=3 frames=2 display=Color');";
		final Map<String, String> before = ij.runMacro("hyperstack", make + "\n" + REPORT, null);
		assertEquals("2x3x2", before.get("dims"), before.toString());
		assertEquals("1", before.get("hyperstack"), before.toString());
		final Path file = dir.resolve("hs-" + System.nanoTime() + ".mcimg");
		final Map<String, String> paillierBack = ij.runMacro("paillier hs", String.join("\n", make, //
			"run('Paillier Encrypt Image', 'imp=[hs] public_key=[" + paillier[0] + "] output_file=[" + file +
				"] haar_levels=1 slot_bits=0 show_ciphertext=false');", //
			"close('*');", //
			"run('Paillier Decrypt Image', 'encrypted_file=[" + file + "] private_key=[" + paillier[1] + "]');", //
			REPORT), null);
		assertEquals(before, paillierBack);
		final Path sealed = dir.resolve("hs-" + System.nanoTime() + ".sealed.tif");
		final Map<String, String> transferBack = ij.runMacro("transfer hs", String.join("\n", make, //
			"run('Secure Transfer Encrypt', 'imp=[hs] sender_private_key=[" + a[0] + "] recipient_public_key=[" +
				b[1] + "] output_file=[" + sealed + "]');", //
			"close('*');", //
			"open('" + sealed + "');", //
			"run('Secure Transfer Decrypt', 'imp=[' + getTitle() + '] recipient_private_key=[" + b[0] +
				"] sender_public_key=[" + a[1] + "]');", //
			REPORT), null);
		assertEquals(before, transferBack);
	}
}
