package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every test of shipped macros shares: one {@link MacroHarness} for the
 * class, a temporary folder, a check that each command is reachable by its menu
 * leaf label, and, at the end, that every macro the class covers was run.
 */
@Tag(MacroHarness.TAG)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShippedMacroTest {

	protected static MacroHarness ij;

	@TempDir
	protected static Path dir;

	private final Set<String> macros;
	private final List<String> leafLabels;

	/** @param macros the files in {@code macros/} this class runs; @param leafLabels the commands they call */
	protected ShippedMacroTest(final Set<String> macros, final String... leafLabels) {
		this.macros = macros;
		this.leafLabels = Arrays.asList(leafLabels);
	}

	@BeforeAll
	final void startHarness() {
		ij = MacroHarness.start();
	}

	@AfterAll
	final void stopHarnessAfterCheckingEveryMacroRan() {
		if (ij == null) return;
		final Set<String> ran = ij.shippedMacrosRun();
		ij.close();
		ij = null;
		assertTrue(ran.containsAll(macros), "not run: " + macros + " (ran " + ran + ")");
	}

	/**
	 * Makes an RSA key pair with the shipped macro: {@code name.key.pem} and
	 * {@code name.pub.pem} in the temporary folder ({@code bits} empty: the
	 * 3072-bit default); returns {private, public}.
	 */
	protected static Path[] rsaKeyPair(final String name, final String bits) {
		final Path key = dir.resolve(name + ".key.pem"), pub = dir.resolve(name + ".pub.pem");
		ij.returnOf("rsa-generate-keys.ijm", key + "|" + pub + (bits.isEmpty() ? "" : "|" + bits));
		return new Path[] { key, pub };
	}

	/**
	 * The central {@code size}x{@code size} pixels of test-images/FatMRISlice.png (256x256, 8-bit), saved as a
	 * PNG in the temporary folder: a real MRI slice, small enough that encrypting it takes a fraction of a
	 * second. Macro tests prove option wiring; the encimage and retrieval tests prove the cryptography.
	 */
	protected static Path mriCrop(final int size) {
		final Path file = dir.resolve("FatMRISlice-" + size + ".png");
		if (!Files.exists(file)) {
			final ImagePlus mri = IJ.openImage(Paths.get("test-images", "FatMRISlice.png").toAbsolutePath().toString());
			mri.setRoi((mri.getWidth() - size) / 2, (mri.getHeight() - size) / 2, size, size);
			assertTrue(new FileSaver(mri.crop()).saveAsPng(file.toString()), file.toString());
		}
		return file;
	}

	@Test
	void commandsAreReachableByTheirLeafLabels() {
		// MacroHarness.start() refuses labels shared by two commands or already used by ImageJ itself.
		for (final String label : leafLabels) assertTrue(ij.commands().containsKey(label), label);
	}
}
