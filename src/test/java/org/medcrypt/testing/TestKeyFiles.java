package org.medcrypt.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.TestKeys;

/**
 * The committed TEST keys under {@code src/test/resources/testkeys/} (see the
 * README there): key files that macro tests pass to the commands instead of
 * generating fresh keys in every run. They prove option wiring, not
 * cryptography: the core tests generate their own keys. Never shipped, never
 * for data; {@code TestKeyFilesTest} checks their sizes, {@link RegenerateTestKeys}
 * on request.
 */
public final class TestKeyFiles {

	/** Names of the 2048-bit Paillier pairs ({@code NAME.paillier.pub}, {@code NAME.paillier.key}). */
	public static final String[] PAILLIER = { "test-a", "test-b" };
	/** Paillier modulus size of every committed pair: the smallest a user may generate. */
	public static final int PAILLIER_BITS = 2048;
	/** Names of the RSA pairs ({@code NAME.key.pem}, {@code NAME.pub.pem}) and their modulus sizes. */
	public static final String[] RSA = { "rsa-a", "rsa-b", "rsa-c" };
	public static final int[] RSA_BITS = { 3072, 3072, 2048 };

	private TestKeyFiles() {}

	/** The folder on the test class path that holds the keys. */
	public static Path folder() {
		final URL readme = TestKeyFiles.class.getResource("/testkeys/README.md");
		if (readme == null) throw new AssertionError("The test keys are not on the class path: /testkeys/README.md");
		try {
			return Paths.get(readme.toURI()).getParent();
		}
		catch (final URISyntaxException e) {
			throw new AssertionError(e);
		}
	}

	/** A committed Paillier pair as {public, private} key files, the order of {@link PaillierKeyFiles#writePair}. */
	public static Path[] paillier(final String name) {
		return existing(name + PaillierKeyFiles.PUBLIC_SUFFIX, name + PaillierKeyFiles.PRIVATE_SUFFIX);
	}

	/** The key pair of a committed Paillier pair's private key file. */
	public static PaillierKeyPair paillierPair(final String name) throws MedCryptException {
		return TestKeys.pairOf(PaillierKeyFiles.readPrivate(paillier(name)[1]));
	}

	/** A committed RSA pair as {private, public} PEM files. */
	public static Path[] rsa(final String name) {
		return existing(name + ".key.pem", name + ".pub.pem");
	}

	private static Path[] existing(final String... names) {
		final Path[] files = new Path[names.length];
		for (int i = 0; i < names.length; i++) {
			files[i] = folder().resolve(names[i]);
			if (!Files.isRegularFile(files[i])) throw new AssertionError("Test key missing: " + files[i]);
		}
		return files;
	}
}
