package org.medcrypt.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;

/**
 * Key files and fingerprints stay what users already have: the files in
 * {@code src/test/resources/org/medcrypt/keys/old-format*} were written by the
 * code before the {@code keys} package (commit 94ccc59: PaillierKeyFiles,
 * RsaKeyFiles, PartyCredentials each with its own PEM code). They must still
 * read, and their fingerprints (printed by the old code when the files were
 * made) must not move. Since issue 14 key files carry a checksum: Paillier key
 * files are written as version 2 ({@code format-v2*}, written by that code from
 * the old keys), RSA key files with a checksum line before the unchanged PEM block.
 */
class KeyFileFormatsTest {

	private static final String PAILLIER_FINGERPRINT =
		"50e45336bdbf7e9e5f9a76cddc559e19ffc4a827c171576ac9c822fe4e538277";
	private static final String RSA_FINGERPRINT =
		"478c02d04d7faa53f2e07c02e1c8ffc70b2d1044f358630be21fe4ed2c0e75e7";
	private static final String PARTY_FINGERPRINT = "fb7e5230c470d5d3344139e34decc1be28e7b5ee62e2afb645c69b352fbdd88b";
	private static final char[] PARTY_PASSWORD = "old-format-password".toCharArray();

	@TempDir
	Path dir;

	private static Path old(final String name) throws URISyntaxException {
		return Paths.get(KeyFileFormatsTest.class.getResource(name).toURI());
	}

	/**
	 * Version 1 files (no checksum) still read with their fingerprint; they are written back as version 2, byte for
	 * byte the committed {@code format-v2.*} files: the same key, its size declared and a SHA-256 checksum after it.
	 */
	@Test
	void paillierKeyFilesOfVersion1ReadAndAreWrittenBackAsVersion2() throws Exception {
		final PaillierPublicKey pub = PaillierKeyFiles.readPublic(old("old-format.paillier.pub"));
		final PaillierPrivateKey priv = PaillierKeyFiles.readPrivate(old("old-format.paillier.key"));
		assertEquals(PAILLIER_FINGERPRINT, pub.fingerprint());
		assertEquals(pub, priv.publicKey());
		final Path newPub = dir.resolve("new.paillier.pub"), newKey = dir.resolve("new.paillier.key");
		PaillierKeyFiles.writePublic(newPub, pub);
		PaillierKeyFiles.writePrivate(newKey, priv);
		assertArrayEquals(Files.readAllBytes(old("format-v2.paillier.pub")), Files.readAllBytes(newPub));
		assertArrayEquals(Files.readAllBytes(old("format-v2.paillier.key")), Files.readAllBytes(newKey));
		for (final Path f : new Path[] { newPub, newKey }) {
			final byte[] body = Pem.decode(Files.readString(f), f == newPub ? "MEDCRYPT PAILLIER PUBLIC KEY"
				: "MEDCRYPT PAILLIER PRIVATE KEY");
			assertEquals(PaillierKeyFiles.VERSION, body[4] << 8 | body[5]);
			assertEquals(pub.bitLength(), ByteBuffer.wrap(body, 6, 4).getInt(), "the declared size");
			assertArrayEquals(Wire.sha256().digest(Arrays.copyOf(body, body.length - 32)), Arrays.copyOfRange(body,
				body.length - 32, body.length), "the checksum");
		}
		assertEquals(pub.fingerprint(), PaillierKeyFiles.readPublic(old("format-v2.paillier.pub")).fingerprint());
		final PaillierPrivateKey again = PaillierKeyFiles.readPrivate(old("format-v2.paillier.key"));
		assertEquals(priv.p(), again.p());
		assertEquals(priv.q(), again.q());
	}

	@Test
	void rsaKeyFilesReadAndAreWrittenBackWithAChecksumLine() throws Exception {
		final RSAPrivateCrtKey priv = RsaKeyFiles.readPrivate(old("old-format-rsa.key.pem"));
		final RSAPublicKey pub = RsaKeyFiles.readPublic(old("old-format-rsa.pub.pem"));
		assertEquals(RSA_FINGERPRINT, Fingerprints.of(pub));
		assertEquals(pub, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv
			.getPublicExponent())));
		final Path sk = dir.resolve("new.key.pem"), pk = dir.resolve("new.pub.pem");
		RsaKeyFiles.write(new KeyPair(pub, priv), sk, pk);
		// Written back as the same PEM block after one checksum line (SHA-256 of the DER; the fingerprint is its start).
		assertEquals(RsaKeyFiles.CHECKSUM + " " + Fingerprints.sha256(priv.getEncoded()) + "\n" + Files.readString(old(
			"old-format-rsa.key.pem")), Files.readString(sk));
		assertEquals(RsaKeyFiles.CHECKSUM + " " + Fingerprints.sha256(pub.getEncoded()) + "\n" + Files.readString(old(
			"old-format-rsa.pub.pem")), Files.readString(pk));
		assertTrue(Files.readString(pk).startsWith(RsaKeyFiles.CHECKSUM + " " + RSA_FINGERPRINT));
		assertEquals(priv, RsaKeyFiles.readPrivate(sk));
		assertEquals(pub, RsaKeyFiles.readPublic(pk));
		// The old readers' messages for a file of the wrong kind are kept.
		final MedCryptException e = assertThrows(MedCryptException.class, () -> RsaKeyFiles.readPrivate(old(
			"old-format-rsa.pub.pem")));
		assertTrue(e.getMessage().contains("is not a PEM \"PRIVATE KEY\" file (expected -----BEGIN PRIVATE KEY-----)"),
			e.getMessage());
	}

	@Test
	void partyFilesReadAndTheCertificateIsWrittenBackByteForByte() throws Exception {
		final X509Certificate cert = PartyCredentialFiles.readCertificate(old("old-format-party.pem"));
		assertEquals(PARTY_FINGERPRINT, Fingerprints.of(cert));
		assertEquals(new String(Files.readAllBytes(old("old-format-party.pem")), StandardCharsets.US_ASCII),
			PartyCredentialFiles.pem(cert));
		assertEquals(cert, PartyCredentialFiles.readKeyStore(old("old-format-party.p12"), PARTY_PASSWORD)
			.getCertificate(PartyCredentialFiles.ALIAS));
		final Path notPem = dir.resolve("notes.pem");
		Files.writeString(notPem, "hello");
		final MedCryptException e = assertThrows(MedCryptException.class, () -> PartyCredentialFiles.readCertificate(
			notPem));
		assertTrue(e.getMessage().contains("is not a PEM certificate"), e.getMessage());
	}

	@Test
	void typedCertificateFingerprintsAreNormalised() {
		assertEquals(PARTY_FINGERPRINT, Fingerprints.parseCertificate(PARTY_FINGERPRINT.toUpperCase()
			.replaceAll("(..)(?!$)", "$1:")));
		assertEquals(PARTY_FINGERPRINT, Fingerprints.parseCertificate(" " + PARTY_FINGERPRINT + "\n"));
		// A 64-bit value (what RSA fingerprints used to be) is no certificate fingerprint.
		assertThrows(IllegalArgumentException.class, () -> Fingerprints.parseCertificate(RSA_FINGERPRINT.substring(0,
			Fingerprints.SHORT_DIGITS)));
		assertThrows(IllegalArgumentException.class, () -> Fingerprints.parseCertificate(null));
		assertEquals(Fingerprints.SHA256_DIGITS, Fingerprints.sha256(new byte[0]).length());
		// SHA-256 of the empty string, the FIPS 180-2 value.
		assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Fingerprints.sha256(
			new byte[0]));
	}
}
