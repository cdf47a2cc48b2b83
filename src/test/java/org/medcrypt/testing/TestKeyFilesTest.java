package org.medcrypt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import org.junit.jupiter.api.Test;

import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.keys.RsaKeyFiles;

/**
 * The committed test keys ({@link TestKeyFiles}) are what their README says:
 * matching pairs of the documented sizes, readable by the production readers.
 * {@link RegenerateTestKeys} replaces them with fresh ones (see the README).
 */
class TestKeyFilesTest {

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
}
