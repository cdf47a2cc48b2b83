package org.medcrypt.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.paillier.TestKeys;

class PaillierKeyFilesTest {

	@TempDir
	Path dir;

	@Test
	void roundTripAndOwnerOnlyPrivateKey() throws Exception {
		final PaillierKeyPair pair = TestKeys.real();
		final Path[] files = PaillierKeyFiles.writePair(dir, "physician", pair);
		final PaillierPublicKey pub = PaillierKeyFiles.readPublic(files[0]);
		final PaillierPrivateKey priv = PaillierKeyFiles.readPrivate(files[1]);
		assertEquals(pair.publicKey(), pub);
		assertEquals(pair.publicKey().fingerprint(), priv.publicKey().fingerprint());
		final BigInteger m = BigInteger.valueOf(123456789);
		assertEquals(m, priv.decrypt(pub.encrypt(m, new Random(1))));
		assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files
			.getPosixFilePermissions(files[1]));
		assertTrue(Files.getPosixFilePermissions(files[0]).contains(PosixFilePermission.OTHERS_READ),
			"a public key is meant to be shared");
		assertTrue(Files.readString(files[0]).startsWith("-----BEGIN MEDCRYPT PAILLIER PUBLIC KEY-----"));
		// A private key file also serves as a public key.
		assertEquals(pub, PaillierKeyFiles.readPublic(files[1]));
		// Loading the same key again reuses the instance (and its fixed-base tables).
		assertSame(priv, PaillierKeyFiles.readPrivate(files[1]));
		assertSame(pub, PaillierKeyFiles.readPublic(files[0]));
	}

	@Test
	void neverOverwritesKeys() throws Exception {
		PaillierKeyFiles.writePair(dir, "k", TestKeys.small());
		final String before = Files.readString(dir.resolve("k.paillier.key"));
		assertThrows(OutputExistsException.class, () -> PaillierKeyFiles.writePair(dir, "k", TestKeys.real()));
		assertEquals(before, Files.readString(dir.resolve("k.paillier.key")));
	}

	@Test
	void clearMessagesForWrongOrDamagedFiles() throws Exception {
		final Path[] files = PaillierKeyFiles.writePair(dir, "k", TestKeys.real());
		assertThrows(WrongKeyException.class, () -> PaillierKeyFiles.readPrivate(files[0]));

		final Path missing = dir.resolve("nope.paillier.key");
		// a missing file is none of the precise kinds: the message says so
		MedCryptException e = assertThrows(MedCryptException.class, () -> PaillierKeyFiles.readPrivate(missing));
		assertEquals(MedCryptException.class, e.getClass());
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

		final Path foreign = dir.resolve("notes.txt");
		Files.write(foreign, "hello".getBytes(StandardCharsets.US_ASCII));
		assertThrows(DamagedFileException.class, () -> PaillierKeyFiles.readPublic(foreign));

		// Truncate the base64 body, and separately change one digit of a factor.
		final String text = Files.readString(files[1]);
		final Path truncated = dir.resolve("truncated.paillier.key");
		final int cut = text.indexOf('\n', 200);
		Files.writeString(truncated, text.substring(0, cut) + "\n-----END MEDCRYPT PAILLIER PRIVATE KEY-----\n");
		assertThrows(DamagedFileException.class, () -> PaillierKeyFiles.readPrivate(truncated));

		final int pos = text.indexOf('\n', 100) + 5;
		final char flipped = text.charAt(pos) == 'A' ? 'B' : 'A';
		final Path altered = dir.resolve("altered.paillier.key");
		Files.writeString(altered, text.substring(0, pos) + flipped + text.substring(pos + 1));
		e = assertThrows(DamagedFileException.class, () -> PaillierKeyFiles.readPrivate(altered));
		assertFalse(e.getMessage().contains(TestKeys.real().privateKey().p().toString(16).substring(0, 12)),
			"messages must not leak key material");
	}
}
