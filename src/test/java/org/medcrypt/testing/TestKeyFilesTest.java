package org.medcrypt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.keys.RsaKeyFiles;

/**
 * The committed test keys ({@link TestKeyFiles}) are what their README says:
 * matching pairs of the documented sizes, readable by the production readers.
 * Run with {@code -Dmedcrypt.testkeys.regenerate=true} (see the README) to
 * replace them with fresh ones.
 */
class TestKeyFilesTest {

	/** Set to {@code true} to regenerate the keys into {@code src/test/resources/testkeys}. */
	static final String REGENERATE = "medcrypt.testkeys.regenerate";

	@Test
	void committedKeysArePairsOfTheDocumentedSizes() throws Exception {
		for (final String name : TestKeyFiles.PAILLIER) {
			final Path[] files = TestKeyFiles.paillier(name);
			final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(files[1]);
			assertEquals(TestKeyFiles.PAILLIER_BITS, key.publicKey().bitLength(), name);
			assertEquals(key.publicKey(), PaillierKeyFiles.readPublic(files[0]), name);
		}
		for (int i = 0; i < TestKeyFiles.RSA.length; i++) {
			final Path[] files = TestKeyFiles.rsa(TestKeyFiles.RSA[i]);
			final RSAPrivateCrtKey key = RsaKeyFiles.readPrivate(files[0]);
			final RSAPublicKey pub = RsaKeyFiles.readPublic(files[1]);
			assertEquals(TestKeyFiles.RSA_BITS[i], pub.getModulus().bitLength(), TestKeyFiles.RSA[i]);
			assertEquals(pub.getModulus(), key.getModulus(), TestKeyFiles.RSA[i]);
		}
	}

	/** The documented procedure: {@code mvn -B test -Dtest=TestKeyFilesTest -Dmedcrypt.testkeys.regenerate=true}. */
	@Test
	@EnabledIfSystemProperty(named = REGENERATE, matches = "true")
	void regenerate() throws Exception {
		final Path folder = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test",
			"resources", "testkeys");
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
	}
}
