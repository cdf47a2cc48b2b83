package org.medcrypt;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates ../shared (datasets, known-answer vectors) beside the checkout. CI
 * always has it; a missing folder fails the test with instructions rather than
 * skipping it.
 */
public final class SharedData {

	private SharedData() {}

	/** The datasets folder (system property medcrypt.datasets, set by Surefire). */
	public static Path datasets() {
		final String configured = System.getProperty("medcrypt.datasets", "../shared/datasets");
		final Path dir = Paths.get(configured).toAbsolutePath().normalize();
		if (!Files.isDirectory(dir)) {
			fail("The shared datasets folder is required at " + dir + " (../shared/datasets beside the project). " +
				"Put it there or run Maven with -Dmedcrypt.datasets=/path/to/datasets.");
		}
		return dir;
	}

	/** A file under the datasets folder, which must exist. */
	public static Path dataset(final String relative) {
		final Path file = datasets().resolve(relative);
		if (!Files.isRegularFile(file)) fail("Missing dataset file " + file);
		return file;
	}

	/** The known-answer vectors folder: ../shared/vectors, beside the datasets. */
	public static Path vectors(final String name) {
		final Path file = datasets().resolveSibling("vectors").resolve(name);
		if (!Files.isRegularFile(file)) fail("Missing known-answer vectors " + file + " (../shared/vectors).");
		return file;
	}
}
