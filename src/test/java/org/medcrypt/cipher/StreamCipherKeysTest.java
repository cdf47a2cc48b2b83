package org.medcrypt.cipher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.keys.StreamCipherKeyFile;

/** Key files and passphrase-derived keys of the stream cipher. */
class StreamCipherKeysTest {

	private static final Random SEEDED = new Random(42);

	@TempDir
	Path dir;

	@Test
	void keyFileRoundTripOwnerOnlyNoOverwrite() throws Exception {
		final StreamCipherKey key = StreamCipherKey.generate(128, SEEDED);
		final Path file = dir.resolve("study" + StreamCipherKeyFile.SUFFIX);
		StreamCipherKeyFile.write(file, key);
		assertEquals(key, StreamCipherKeyFile.read(file));
		assertEquals(11 + 16 + 128 + 32, Files.size(file));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
		assertThrows(OutputExistsException.class, () -> StreamCipherKeyFile.write(file, key));
		assertEquals(key, StreamCipherKeyFile.read(file));
	}

	@Test
	void damagedOrForeignKeyFilesAreRefused() throws Exception {
		final byte[] bytes = StreamCipherKeyFile.encode(StreamCipherKey.generate(64, SEEDED));
		bytes[20] ^= 1;
		assertThrows(DamagedFileException.class, () -> StreamCipherKeyFile.decode(bytes, "k"));
		assertThrows(DamagedFileException.class, () -> StreamCipherKeyFile.decode("hello".getBytes(), "k"));
		final byte[] v2 = StreamCipherKeyFile.encode(StreamCipherKey.generate(64, SEEDED));
		v2[8] = 2;
		assertTrue(assertThrows(DamagedFileException.class, () -> StreamCipherKeyFile.decode(v2, "k")).getMessage()
			.contains("version 2"));
		final StreamCipherKey key = StreamCipherKey.generate(128, SEEDED);
		assertTrue(!key.toString().contains(org.medcrypt.io.Hex.of(key.keyBytes())));
	}

	@Test
	void passphraseDerivation() throws Exception {
		final String record = PassphraseKeys.newSaltRecord(128, 1000, SEEDED);
		assertTrue(record.matches("pbkdf2-sha256:1000:[0-9a-f]{32}:128"), record);
		final StreamCipherKey a = PassphraseKeys.derive("correct horse".toCharArray(), record);
		assertEquals(128, a.bits());
		assertEquals(a, PassphraseKeys.derive("correct horse".toCharArray(), record));
		assertNotEquals(a, PassphraseKeys.derive("correct horsf".toCharArray(), record));
		assertNotEquals(a, PassphraseKeys.derive("correct horse".toCharArray(), PassphraseKeys.newSaltRecord(128,
			1000, SEEDED)));
		assertEquals(256, PassphraseKeys.derive("x".toCharArray(), record.replace(":128", ":256")).bits());
		assertThrows(DamagedFileException.class, () -> PassphraseKeys.derive("x".toCharArray(), "nonsense"));
		assertThrows(DamagedFileException.class, () -> PassphraseKeys.derive("x".toCharArray(), record.replace(
			":1000:", ":10:")));
		assertThrows(MedCryptException.class, () -> PassphraseKeys.derive(new char[0], record));
	}

	@Test
	void passphraseDerivationKnownAnswer() throws Exception {
		// Recorded with the previous implementation (its own HMAC loop for HKDF-Expand, commit 34efe64), before
		// the derivation moved onto Wire.hkdfSha256Expand: images encrypted under a passphrase still open.
		final StreamCipherKey k = PassphraseKeys.derive("correct horse battery".toCharArray(),
			"pbkdf2-sha256:10000:00112233445566778899aabbccddeeff:128");
		assertEquals("fe4f31a741bf89ec6f884ece09eb6f43", org.medcrypt.io.Hex.of(k.keyBytes()));
		assertEquals("48f7686daa30a464", k.fingerprint());
	}

	@Test
	void hkdfExpandKnownAnswerRfc5869Case1() throws Exception {
		// RFC 5869 test case 1: PRK and info given, L = 42
		final byte[] prk = org.medcrypt.io.Hex.parse(
			"077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
		final byte[] info = org.medcrypt.io.Hex.parse("f0f1f2f3f4f5f6f7f8f9");
		assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
			org.medcrypt.io.Hex.of(org.medcrypt.io.Wire.hkdfSha256Expand(prk, info, 42)));
	}
}
