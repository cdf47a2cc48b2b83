package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.medcrypt.testing.Datasets;

/**
 * {@link MacroHarness} runs ImageJ macros against SciJava commands as Fiji
 * would. No other ij.* use may precede {@link #start()} in this JVM.
 */
@Tag(MacroHarness.TAG)
class MacroHarnessTest {

	private static MacroHarness ij;

	private static final String US8 = "us_obstetric_gray8_512x512_crop.png";
	private static final String CT16 = "ct_small_HUplus1024_gray16_128x128.png";

	@BeforeAll
	static void start() {
		ij = MacroHarness.start();
	}

	@AfterAll
	static void stop() {
		if (ij != null) ij.close();
	}

	private static String path(final String png) {
		return Datasets.samplePng(png).toString();
	}

	@Test
	void findsMedCryptCommandsByLeafLabel() {
		assertTrue(ij.commands().containsKey("MedCrypt Test Invert"), ij.commands()
			.keySet().toString());
		assertEquals(InvertTestCommand.class.getName(), ij.commands().get(
			"MedCrypt Test Invert").getDelegateClassName());
	}

	@Test
	void runsCommandFromMacroFileAndReadsOutputByTitle() {
		final Path macro = MacroHarness.testMacro("invert-test.ijm");
		final Map<String, String> out = ij.run(macro, path(US8));
		assertEquals("done", out.get(MacroHarness.RETURN_KEY));
		assertEquals(US8, out.get("input"));
		assertEquals("inverted copy", out.get("active"));
		assertEquals("8", out.get("bitDepth"));
		assertEquals("2", out.get("images"));
		final int before = Integer.parseInt(out.get("before"));
		final int after = Integer.parseInt(out.get("after"));
		assertEquals(Math.min(255, 255 - before + 5), after, out.toString());
	}

	@Test
	void sixteenBitWithActiveImageAndDefaults() {
		final Map<String, String> out = ij.runMacro("inline", String.join("\n",
			"open(getArgument());", //
			"v = getPixel(3, 4);", //
			"run(\"MedCrypt Test Invert\", \"offset=0 title=[ct inverted]\");", // active image
			"call('org.medcrypt.macro.MacroHarness.report', 'title', getTitle());",
			"call('org.medcrypt.macro.MacroHarness.report', 'v', '' + v);",
			"call('org.medcrypt.macro.MacroHarness.report', 'w', '' + getPixel(3, 4));",
			"call('org.medcrypt.macro.MacroHarness.report', 'depth', '' + bitDepth());"),
			path(CT16));
		assertEquals("ct inverted", out.get("title"));
		assertEquals("16", out.get("depth"));
		assertEquals(65535 - Integer.parseInt(out.get("v")), Integer.parseInt(out
			.get("w")));
	}

	@Test
	void inputsPersistLikeFijiButNotAcrossHarnesses() {
		final String macro = String.join("\n", "open(getArgument());",
			"run(\"MedCrypt Test Invert\", \"offset=1\");",
			"call('org.medcrypt.macro.MacroHarness.report', 'title', getTitle());");
		ij.runMacro("set", String.join("\n", "open(getArgument());",
			"run(\"MedCrypt Test Invert\", \"offset=1 title=[remembered]\");"),
			path(US8));
		assertEquals("remembered", ij.runMacro("persisted", macro, path(US8)).get(
			"title"));
		ij.close();
		ij = MacroHarness.start();
		assertEquals("inverted", ij.runMacro("fresh", macro, path(US8)).get(
			"title"));
	}

	@Test
	void builtInCommandsWithDialogsWorkHeadless() {
		final Map<String, String> out = ij.runMacro("inline", String.join("\n",
			"open(getArgument());", //
			"run(\"Duplicate...\", \"title=[dup of us]\");", //
			"run(\"Add...\", \"value=3\");", //
			"call('org.medcrypt.macro.MacroHarness.report', 'title', getTitle());"),
			path(US8));
		assertEquals("dup of us", out.get("title"));
	}

	@Test
	void unknownCommandFailsReadably() {
		final String msg = ij.runMacroExpectingError(
			"run(\"MedCrypt No Such Command\", \"x=1\");", null);
		assertTrue(msg.contains("Unrecognized command"), msg);
		assertTrue(msg.contains("MedCrypt No Such Command"), msg);
	}

	@Test
	void badParameterValueFailsReadably() {
		final String msg = ij.runMacroExpectingError(String.join("\n",
			"open(getArgument());",
			"run(\"MedCrypt Test Invert\", \"offset=abc\");"), path(US8));
		assertTrue(msg.contains("offset"), msg);
		assertTrue(msg.contains("abc"), msg);
		assertTrue(msg.contains("whole number"), msg);
	}

	@Test
	void unknownOptionKeyFailsReadably() {
		final String msg = ij.runMacroExpectingError(String.join("\n",
			"open(getArgument());",
			"run(\"MedCrypt Test Invert\", \"ofset=5\");"), path(US8));
		assertTrue(msg.contains("no option ofset"), msg);
		assertTrue(msg.contains("offset"), msg);
	}

	@Test
	void bareBooleanFailsReadably() {
		final String msg = ij.runMacroExpectingError(String.join("\n",
			"open(getArgument());",
			"run(\"MedCrypt Test Invert\", \"offset=1 clamp\");"), path(US8));
		assertTrue(msg.contains("clamp=true"), msg);
	}

	/**
	 * Fiji (imagej-legacy's MacroPreprocessor + scijava-common's ConvertService): a title that names no open
	 * image is no error; StringToImagePlusConverter declines it and DefaultConverter builds
	 * {@code new ImagePlus(title)}, an image without pixels, which the command gets instead of the active
	 * image. Here with the real scijava-common converters, then through a macro with another image active.
	 */
	@Test
	void aTitleNamingNoOpenImageBecomesAnEmptyImageAsInFiji() {
		final Object converted = ij.context().service(org.scijava.convert.ConvertService.class).convert(
			"nope.png", ij.ImagePlus.class);
		assertTrue(converted instanceof ij.ImagePlus && ((ij.ImagePlus) converted).getProcessor() == null,
			"DefaultConverter's new ImagePlus(\"nope.png\"): " + converted);
		final Map<String, String> out = ij.runMacro("missing title", String.join("\n", "close('*');",
			"newImage(\"another patient\", \"8-bit black\", 8, 8, 1);",
			"run(\"MedCrypt Test Invert\", \"imp=[nope.png] offset=1\");",
			"call('org.medcrypt.macro.MacroHarness.report', 'images', '' + nImages);",
			"call('org.medcrypt.macro.MacroHarness.report', 'active', getTitle());"), null);
		// a plain SciJava command: it threw on the empty image, ImageJ logged it, and the macro went on
		assertEquals("1", out.get("images"), "no output made from the active image");
		assertEquals("another patient", out.get("active"));
		assertEquals(1, ij.exceptions().size(), ij.exceptions().toString());
	}

	/** Fiji: an exception in a command is logged by ImageJ's Executer, and the macro goes on. */
	@Test
	void aCommandThatThrowsIsLoggedAndTheMacroGoesOn() {
		// RGB is refused by ImagePlusImgs with a MedCryptException message, rethrown by the test command.
		final Map<String, String> out = ij.runMacro("throws", String.join("\n",
			"open(getArgument());", "run(\"RGB Color\");",
			"run(\"MedCrypt Test Invert\", \"offset=1\");",
			"call('org.medcrypt.macro.MacroHarness.report', 'went on', 'yes');"), path(US8));
		assertEquals("yes", out.get("went on"));
		assertTrue(ij.exceptions().toString().contains("MedCrypt works on 8-bit or 16-bit grayscale"), ij
			.exceptions().toString());
	}

	/** Fiji: a command's cancel(reason) is a warning (LegacyService returns future.get()); the macro goes on. */
	@Test
	void aCommandThatCancelsItselfIsAWarningAndTheMacroGoesOn() {
		final Map<String, String> out = ij.runMacro("cancels", String.join("\n",
			"run(\"MedCrypt Test Cancel\", \"reason=[wrong key] file=[x]\");",
			"call('org.medcrypt.macro.MacroHarness.report', 'went on', 'yes');"), null);
		assertEquals("yes", out.get("went on"));
		assertEquals(java.util.Collections.singletonList("\"MedCrypt Test Cancel\" canceled: wrong key"), ij
			.warnings());
	}

	/**
	 * Fiji: when a macro leaves out a File input that is then the only unresolved input, scijava-common's
	 * FilePreprocessor opens a file chooser; headless it gets none and cancels without a word, and the macro
	 * goes on. (MedCrypt's OptionalFilePreprocessor keeps this from happening to MedCrypt commands.)
	 */
	@Test
	void aSingleFileLeftOutIsASilentCancelHeadless() {
		System.clearProperty("medcrypt.test.cancel");
		final Map<String, String> out = ij.runMacro("file left out", String.join("\n",
			"run(\"MedCrypt Test Cancel\", \"reason=[]\");",
			"call('org.medcrypt.macro.MacroHarness.report', 'went on', 'yes');"), null);
		assertEquals("yes", out.get("went on"));
		assertEquals(java.util.Collections.singletonList("\"MedCrypt Test Cancel\" canceled"), ij.warnings());
		assertEquals(null, System.getProperty("medcrypt.test.cancel"), "the command never ran");
		ij.runMacro("file given", "run(\"MedCrypt Test Cancel\", \"reason=[] file=[x]\");", null);
		assertEquals("done x", System.getProperty("medcrypt.test.cancel"));
	}

	@Test
	void emptyBracketedOptionIsAnEmptyString() {
		final Map<String, String> out = ij.runMacro("empty", String.join("\n", //
			"newImage(\"src\", \"8-bit black\", 8, 8, 1);", //
			"run(\"MedCrypt Test Invert\", \"imp=src offset=0 title=[] clamp=true\");", //
			"call(\"org.medcrypt.macro.MacroHarness.report\", \"title\", getTitle());"), "");
		assertTrue(out.containsKey("title"), out.toString());
	}

	@Test
	void macroSyntaxErrorFailsWithLine() {
		final MacroFailure f = assertThrows(MacroFailure.class, () -> ij.runMacro(
			"broken", "a = 1;\nb = ;\n", null));
		assertTrue(f.getMacroMessage().contains("in line 2: b = <;>"), f
			.getMacroMessage());
	}

	@Test
	void exitWithMessageFails() {
		final String msg = ij.runMacroExpectingError("exit(\"key file missing\");",
			null);
		assertTrue(msg.contains("key file missing"), msg);
		assertTrue(msg.startsWith("macro aborted"), msg);
	}

	@Test
	void optionsParser() {
		final java.util.List<String[]> kv = CommandDispatcher.parseOptions(
			"a=1 b=[x y] flag c='q r' d=[[n]]");
		assertEquals(5, kv.size());
		assertEquals("[x y]", kv.get(1)[1]);
		assertEquals(null, kv.get(2)[1]);
		assertEquals("'q r'", kv.get(3)[1]);
		assertEquals("[[n]]", kv.get(4)[1]);
	}
}
