package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 11: in Fiji a SciJava command that fails does not stop the macro that
 * called it (a cancel is a warning, an exception is logged; see
 * {@link CommandDispatcher}, which does exactly that), so a macro would go on
 * and report success. A MedCrypt command that fails stops its macro at the
 * {@code run(...)} line with its one-line message: proved here for a wrong
 * key, a tampered image, a missing image title (with another patient's image
 * active), a required file left out, and the shipped decrypt macro after an
 * earlier success (no older row read as this run's result). Each macro's
 * line after the failing {@code run(...)} sets a property that must stay unset.
 */
class MacroStopsTest extends ShippedMacroTest {

	private static final String WENT_ON = "medcrypt.test.went.on";
	private static final Path CT = Paths.get("test-images", "CT_small.dcm").toAbsolutePath();

	MacroStopsTest() {
		super(Set.of("secure-transfer-decrypt.ijm"), "Secure Transfer Encrypt", "Secure Transfer Decrypt",
			"Paillier Encrypt Image");
	}

	/** RSA key pairs as {private, public}; enc: CT_small.dcm sealed by a for b. */
	private static Path[] a, b, c;
	private static Path enc;

	@BeforeAll
	static void sealOnce() {
		a = TestKeyFiles.rsa("rsa-a");
		b = TestKeyFiles.rsa("rsa-b");
		c = TestKeyFiles.rsa("rsa-c");
		enc = dir.resolve("ct.enc.tif");
		ij.returnOf("secure-transfer-encrypt.ijm", CT + "|" + a[0] + "|" + b[1] + "|" + enc);
	}

	@BeforeEach
	void clear() {
		System.clearProperty(WENT_ON);
		ij.runMacro("close all", "close('*');", null);
	}

	/** Runs lines (1-based line numbers as ImageJ counts them) that must stop; returns the macro's error. */
	private static String stops(final String... lines) {
		final int rowsBefore = Integer.parseInt(org.medcrypt.ij.MedCryptResults.rows());
		final String code = String.join("\n", lines) + "\ncall('java.lang.System.setProperty', '" + WENT_ON +
			"', 'yes');";
		final MacroFailure f = assertThrows(MacroFailure.class, () -> ij.runMacro("stops", code, null));
		assertNull(System.getProperty(WENT_ON), "the macro went on after the failing line");
		assertEquals(rowsBefore, Integer.parseInt(org.medcrypt.ij.MedCryptResults.rows()), "no result row");
		return f.getMacroMessage();
	}

	private static String decrypt(final Path image, final Path recipientKey, final Path senderKey) {
		return "run('Secure Transfer Decrypt', 'imp=[' + getTitle() + '] recipient_private_key=[" + recipientKey +
			"] sender_public_key=[" + senderKey + "] output_file=[]');";
	}

	@Test
	void aWrongKeyStopsTheMacroAtItsLine() {
		final String error = stops("open('" + enc + "');", decrypt(enc, c[0], a[1]));
		assertTrue(error.contains("was sealed for the RSA key"), error);
		assertTrue(error.contains(" in line 2: "), error);
		final String signer = stops("open('" + enc + "');", decrypt(enc, b[0], c[1]));
		assertTrue(signer.contains("was signed by the RSA key"), signer);
	}

	@Test
	void aTamperedImageStopsTheMacroAtItsLine() {
		final Path altered = dir.resolve("ct.altered.tif");
		if (!Files.exists(altered)) {
			ij.runMacro("tamper", "a = split(getArgument(), '|'); open(a[0]);" +
				" setPixel(100, 100, getPixel(100, 100) ^ 1); saveAs('Tiff', a[1]);", enc + "|" + altered);
		}
		final String error = stops("x = 1;", "open('" + altered + "');", decrypt(altered, b[0], a[1]));
		assertTrue(error.contains("pixels were altered"), error);
		assertTrue(error.contains(" in line 3: "), error);
	}

	/**
	 * Fiji would convert the unknown title to an empty image (or, where a conversion gives nothing, use the
	 * active image): MedCrypt refuses, naming the title, and never touches the active image.
	 */
	@Test
	void aMissingTitleIsAnErrorNamingItNeverTheActiveImage() {
		final Path out = dir.resolve("never-sent.tif");
		final String error = stops("open('" + CT + "');", "run('Secure Transfer Encrypt', " +
			"'imp=[no such patient.dcm] sender_private_key=[" + a[0] + "] recipient_public_key=[" + b[1] +
			"] output_file=[" + out + "]');");
		assertTrue(error.contains("No open image is titled \"no such patient.dcm\""), error);
		assertTrue(error.contains(" in line 2: "), error);
		assertFalse(Files.exists(out), "nothing sealed");
		final Path mcimg = dir.resolve("never.mcimg");
		final String paillier = stops("open('" + CT + "');", "run('Paillier Encrypt Image', " +
			"'imp=[CT_smal.dcm] public_key=[" + TestKeyFiles.paillier("test-a")[0] + "] output_file=[" + mcimg +
			"] haar_levels=1 slot_bits=0 show_ciphertext=false');");
		assertTrue(paillier.contains("No open image is titled \"CT_smal.dcm\""), paillier);
		assertFalse(Files.exists(mcimg));
	}

	/**
	 * A required file left out (so the single unresolved input, which scijava-common's FilePreprocessor would
	 * turn into a silent cancel headless) stops the macro with a message naming it.
	 */
	@Test
	void aRequiredFileLeftOutStopsTheMacroNamingIt() {
		// As on a first use: no key remembered from an earlier run in this JVM (Fiji, like this harness, fills an
		// input the macro leaves out from the value remembered for it, before MedCrypt checks it).
		ij.context().getService(org.scijava.prefs.PrefService.class).remove(
			org.medcrypt.commands.SecureTransferDecrypt.class, "recipient_private_key");
		final String error = stops("open('" + enc + "');", "run('Secure Transfer Decrypt', 'imp=[' + getTitle()" +
			" + '] sender_public_key=[" + a[1] + "] output_file=[]');");
		assertTrue(error.contains("recipient_private_key="), error);
	}

	/** The optional TIFF copy left out means none: the command runs (no bare file chooser, no silent cancel). */
	@Test
	void anOptionalFileLeftOutMeansNone() {
		final Map<String, String> out = ij.runMacro("no copy", String.join("\n", "open('" + enc + "');",
			"run('Secure Transfer Decrypt', 'imp=[' + getTitle() + '] recipient_private_key=[" + b[0] +
				"] sender_public_key=[" + a[1] + "]');",
			"call('org.medcrypt.macro.MacroHarness.report', 'title', getTitle());",
			"call('org.medcrypt.macro.MacroHarness.report', 'user results', '' + nResults);"), null);
		// the title comes back from the sealed description, not from the carrier
		assertEquals("CT_small.dcm", out.get("title"), out.toString());
		assertEquals("0", out.get("user results"), "the user's Results table is left alone");
		assertTrue(ij.warnings().isEmpty(), ij.warnings().toString());
	}

	/** After a success, a failing run of the shipped macro fails: it never reads the earlier row. */
	@Test
	void theShippedDecryptMacroNeverReportsAnEarlierSuccess() {
		final Path ok = dir.resolve("ok-" + System.nanoTime() + ".tif");
		final String result = ij.returnOf("secure-transfer-decrypt.ijm", enc + "|" + b[0] + "|" + a[1] + "|" + ok);
		assertTrue(result.startsWith("sha256="), result);
		final Path never = dir.resolve("never-" + System.nanoTime() + ".tif");
		final String error = ij.errorOf("secure-transfer-decrypt.ijm", enc + "|" + c[0] + "|" + a[1] + "|" + never);
		assertTrue(error.contains("was sealed for the RSA key"), error);
		assertFalse(Files.exists(never));
	}
}
