package org.medcrypt.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PartyCredentialFiles;

/** A party's TLS identity and its files (moved from TlsTransportTest with the class). */
class PartyCredentialsTest {

	private static final SecureRandom RANDOM = new SecureRandom();
	private static final char[] PASSWORD = "party-test".toCharArray();

	@TempDir
	Path dir;

	@Test
	void keystoreIsOwnerOnlyAndCertificatePemHasTheFingerprint() throws Exception {
		final PartyCredentials c = PartyCredentials.generate("lab-x", PASSWORD, RANDOM);
		final Path ks = dir.resolve("lab-x.p12"), pem = dir.resolve("lab-x.pem");
		c.save(ks, pem);
		if (ks.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ks)));
		}
		final X509Certificate cert = PartyCredentialFiles.readCertificate(pem);
		assertEquals(c.fingerprint(), Fingerprints.of(cert));
		assertEquals(c.fingerprint(), PartyCredentials.load(ks, PASSWORD).fingerprint());
		assertThrows(IOException.class, () -> c.save(ks, dir.resolve("other.pem")));
		assertTrue(Files.readString(pem).startsWith("-----BEGIN CERTIFICATE-----\n"));
		final MedCryptException wrong = assertThrows(WrongKeyException.class, () -> PartyCredentials.load(ks,
			"not-it".toCharArray()));
		assertTrue(wrong.getMessage().contains("wrong password or not PKCS#12?"), wrong.getMessage());
		final MedCryptException missing = assertThrows(MedCryptException.class, () -> PartyCredentials.load(dir
			.resolve("none.p12"), PASSWORD));
		assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
		// a certificate given as the keystore, and a keystore given as the certificate
		assertThrows(DamagedFileException.class, () -> PartyCredentials.load(pem, PASSWORD));
		assertThrows(DamagedFileException.class, () -> PartyCredentialFiles.readCertificate(ks));
	}
}
