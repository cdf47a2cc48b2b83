package org.medcrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo end to end on copies of three small test images (a 16-bit
 * DICOM and two 8-bit PNGs) with 2048-bit Paillier keys: every section is in the
 * report and every check in it passed.
 */
class DemoTest {

	private static final String[] IMAGES = { "FatMRISlice.png", "MR_small.dcm", "microaneurysms.png" };

	@TempDir
	Path dir;

	@Test
	void everySectionRunsAndEveryCheckPasses() throws Exception {
		final Path images = Files.createDirectories(dir.resolve("images")), out = dir.resolve("out");
		for (final String name : IMAGES) Files.copy(Paths.get("test-images", name), images.resolve(name));
		final ByteArrayOutputStream console = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int code = MedCryptCli.run(new String[] { "demo", "--images", images.toString(), "--out", out
			.toString(), "--bits", "2048" }, new PrintStream(console, true, "UTF-8"), new PrintStream(err, true,
				"UTF-8"));
		assertEquals(0, code, () -> new String(err.toByteArray(), StandardCharsets.UTF_8));

		final List<Path> runs;
		try (Stream<Path> s = Files.list(out)) {
			runs = s.collect(Collectors.toList());
		}
		assertEquals(1, runs.size(), "one time-stamped folder");
		final Path run = runs.get(0);
		final String report = new String(Files.readAllBytes(run.resolve("report.md")), StandardCharsets.UTF_8);
		assertTrue(Files.size(run.resolve("results.csv")) > 0);
		assertFalse(report.contains("**NO**"), report);

		final String encrypted = section(report, "## Encrypted images");
		final String transfer = section(report, "## Secure transfer");
		for (final String name : IMAGES) {
			assertTrue(row(encrypted, name).endsWith("| yes |"), "bit-exact: " + name);
			assertTrue(row(transfer, name).endsWith("| yes | yes |"), "bit-exact and tamper refused: " + name);
			final Path folder = run.resolve(name.replace('.', '_'));
			assertTrue(Files.isRegularFile(folder.resolve("transfer-encrypted.tif")), name);
			assertTrue(Files.isRegularFile(folder.resolve("transfer.png")), name);
		}
		assertTrue(transfer.contains("Nothing was decrypted"), "the refusal's message is reported");

		final String retrieval = section(report, "## Secure retrieval");
		for (final String name : new String[] { "FatMRISlice.png", "microaneurysms.png" }) {
			assertTrue(row(retrieval, name).endsWith("| yes |"), "ranking as plaintext: " + name);
		}
		assertTrue(section(report, "## Safe transfer (study only)").contains("| AES_ECB |"), report);

		final String collaboration = section(report, "## Secure collaboration");
		assertTrue(collaboration.contains("Equal to pooled: yes"), collaboration);
		assertTrue(collaboration.contains("| secure (researcher) |") && collaboration.contains("| pooled plaintext |"),
			collaboration);
		assertTrue(Files.isRegularFile(run.resolve("collaboration-ground-truth.png")));
	}

	/** The text from {@code heading} to the next heading of the same level. */
	private static String section(final String report, final String heading) {
		final int start = report.indexOf(heading);
		assertTrue(start >= 0, heading + " missing in\n" + report);
		final int end = report.indexOf("\n## ", start + heading.length());
		return report.substring(start, end < 0 ? report.length() : end);
	}

	/** The table row of {@code name} in {@code section}. */
	private static String row(final String section, final String name) {
		for (final String line : section.split("\n")) if (line.startsWith("| " + name + " |")) return line.trim();
		throw new AssertionError("no row for " + name + " in\n" + section);
	}
}
