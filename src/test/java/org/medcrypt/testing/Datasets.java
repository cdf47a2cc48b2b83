package org.medcrypt.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared real-image datasets for tests.
 * <p>
 * The folder comes from the system property {@code medcrypt.datasets}, which
 * Surefire sets from the Maven property of the same name (default
 * {@code ${project.basedir}/../shared/datasets}; override with
 * {@code mvn -Dmedcrypt.datasets=/path/to/datasets test}). A missing folder is
 * a test <em>failure</em>, never a skip: tests on real images are the point.
 * </p>
 */
public final class Datasets {

	public static final String PROPERTY = "medcrypt.datasets";

	private Datasets() {}

	/** The datasets folder; throws {@link AssertionError} if it is missing. */
	public static Path root() {
		final String value = System.getProperty(PROPERTY);
		if (value == null || value.isEmpty()) {
			throw new AssertionError("The datasets folder is required but the" +
				" system property '" + PROPERTY + "' is not set. Run the tests" +
				" through Maven, or pass -D" + PROPERTY + "=/path/to/shared/datasets.");
		}
		final Path root = Paths.get(value).toAbsolutePath().normalize();
		if (!Files.isDirectory(root)) {
			throw new AssertionError("The datasets folder is required but " + root +
				" does not exist. Check out the shared datasets beside the project," +
				" or pass -D" + PROPERTY + "=/path/to/shared/datasets to Maven.");
		}
		return root;
	}

	/** A file under the datasets folder; throws {@link AssertionError} if missing. */
	public static Path file(final String relative) {
		final Path file = root().resolve(relative);
		if (!Files.isRegularFile(file)) {
			throw new AssertionError("Required dataset file is missing: " + file);
		}
		return file;
	}

	/** A PNG from {@code medical-samples/png}. */
	public static Path samplePng(final String name) {
		return file("medical-samples/png/" + name);
	}

	/** A known-answer vector file from {@code ../shared/vectors}, beside the datasets. */
	public static Path vectors(final String name) {
		final Path file = root().resolveSibling("vectors").resolve(name);
		if (!Files.isRegularFile(file)) {
			throw new AssertionError("Required known-answer vectors are missing: " + file);
		}
		return file;
	}
}
