package org.medcrypt.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;

import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.paillier.PaillierKeyGenerator;

/**
 * Replaces the committed TEST keys ({@link TestKeyFiles}) with fresh ones made
 * by MedCrypt's own generators and writers. A program, not a test: a test run
 * never rewrites files of the source tree. From the project folder:
 *
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.medcrypt.testing.RegenerateTestKeys
 * </pre>
 *
 * then commit the changed files under {@code src/test/resources/testkeys}.
 */
public final class RegenerateTestKeys {

	private RegenerateTestKeys() {}

	public static void main(final String[] args) throws Exception {
		final Path folder = Paths.get(args.length > 0 ? args[0] : "src/test/resources/testkeys");
		if (!Files.isRegularFile(folder.resolve("README.md"))) throw new IllegalArgumentException(folder +
			" is not the test-key folder (no README.md); run from the project folder or pass the folder");
		final SecureRandom random = new SecureRandom();
		for (final String name : TestKeyFiles.PAILLIER) {
			Files.deleteIfExists(folder.resolve(name + PaillierKeyFiles.PUBLIC_SUFFIX));
			Files.deleteIfExists(folder.resolve(name + PaillierKeyFiles.PRIVATE_SUFFIX));
			PaillierKeyFiles.writePair(folder, name, PaillierKeyGenerator.generate(TestKeyFiles.PAILLIER_BITS, random));
		}
		for (int i = 0; i < TestKeyFiles.RSA.length; i++) {
			final Path key = folder.resolve(TestKeyFiles.RSA[i] + ".key.pem");
			final Path pub = folder.resolve(TestKeyFiles.RSA[i] + ".pub.pem");
			Files.deleteIfExists(key);
			Files.deleteIfExists(pub);
			RsaKeyFiles.write(RsaKeyFiles.generate(TestKeyFiles.RSA_BITS[i], random), key, pub);
		}
		System.out.println("wrote fresh test keys into " + folder.toAbsolutePath());
	}
}
