package org.medcrypt.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.keys.Pem;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 14, finding 3: 17 of 25 damaged RSA private keys ended in an uncaught {@code IllegalStateException} saying
 * the JDK lacks AES-GCM (the JDK's CRT self-check failed inside {@link SecureTransfer#seal}, whose catch-all took
 * every {@code GeneralSecurityException} for a missing algorithm). Now the key file reader and {@code seal}/{@code open}
 * themselves name such a key as damaged.
 */
class DamagedRsaKeyTest {

	@TempDir
	Path dir;

	/** 25 keys with one Base64 character of the private key file changed (seeded), as in the issue. */
	@Test
	void twentyFiveDamagedPrivateKeysAreNamedAsDamaged() throws Exception {
		final Path original = TestKeyFiles.rsa("rsa-c")[0];
		final RSAPrivateCrtKey good = RsaKeyFiles.readPrivate(original);
		final RSAPublicKey recipient = RsaKeyFiles.readPublic(TestKeyFiles.rsa("rsa-a")[1]);
		final PixelPlanes planes = TestImages.planes(TestImages.open("CT_small.dcm"));
		// As the keys: without the checksum line (files from before issue 14 or from OpenSSL), so that the
		// consistency checks, not the checksum, must notice the damage.
		final String text = Files.readString(original).replaceFirst("^MedCrypt-SHA-256: [0-9a-f]{64}\n", "");
		assertTrue(text.startsWith("-----BEGIN PRIVATE KEY-----"));
		final int body = text.indexOf('\n', text.indexOf("-----BEGIN PRIVATE KEY-----")) + 1;
		final int end = text.indexOf("-----END PRIVATE KEY-----");
		final Random random = new Random(14);
		int jdkParsed = 0;
		for (int k = 0; k < 25; k++) {
			int at;
			do at = body + random.nextInt(end - body);
			while (text.charAt(at) == '\n' || text.charAt(at) == '=');
			final char c = text.charAt(at), r = c == 'A' ? 'B' : 'A';
			final String damagedText = text.substring(0, at) + r + text.substring(at + 1);
			final Path damaged = dir.resolve("damaged-" + k + ".key.pem");
			Files.writeString(damaged, damagedText);
			final DamagedFileException e = assertThrows(DamagedFileException.class, () -> RsaKeyFiles.readPrivate(
				damaged), "character " + at);
			assertTrue(e.getMessage().startsWith(damaged.toString()), e.getMessage());
			// What the old reader let through (the JDK parses it): seal itself now says the key is damaged.
			final RSAPrivateCrtKey parsed;
			try {
				parsed = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Pem
					.decode(damagedText, "PRIVATE KEY")));
			}
			catch (final Exception notParsed) {
				continue;
			}
			jdkParsed++;
			final DamagedFileException s = assertThrows(DamagedFileException.class, () -> SecureTransfer.seal(planes,
				new byte[0], parsed, recipient, new SecureRandom()));
			assertTrue(s.getMessage().contains("the RSA key is damaged"), s.getMessage());
		}
		assertTrue(jdkParsed >= 10, jdkParsed + " of 25 damaged keys parsed by the JDK: too few to show the fix");
		assertEquals(good, RsaKeyFiles.readPrivate(original));
	}

	/** Each inconsistency of a CRT key, built directly, and a public key no real pair has. */
	@Test
	void inconsistentKeysAreRefusedByName() throws Exception {
		final RSAPrivateCrtKey k = RsaKeyFiles.readPrivate(TestKeyFiles.rsa("rsa-c")[0]);
		final RSAPublicKey recipient = RsaKeyFiles.readPublic(TestKeyFiles.rsa("rsa-a")[1]);
		final PixelPlanes planes = TestImages.planes(TestImages.open("CT_small.dcm"));
		final BigInteger two = BigInteger.TWO;
		final RSAPrivateCrtKeySpec[] bad = { //
			new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(), k.getPrimeP(), k
				.getPrimeQ(), k.getPrimeExponentP().add(two), k.getPrimeExponentQ(), k.getCrtCoefficient()),
			new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(), k.getPrimeP(), k
				.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient().add(two)),
			new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent().add(two), k.getPrivateExponent(), k
				.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient()),
			new RSAPrivateCrtKeySpec(k.getModulus().add(two), k.getPublicExponent(), k.getPrivateExponent(), k
				.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient()) };
		for (final RSAPrivateCrtKeySpec spec : bad) {
			final RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(spec);
			final DamagedFileException e = assertThrows(DamagedFileException.class, () -> SecureTransfer.seal(planes,
				new byte[0], key, recipient, new SecureRandom()));
			assertTrue(e.getMessage().startsWith("Your (the sender's) private key: the RSA key is damaged ("), e
				.getMessage());
		}
		// Public keys: even modulus, a small factor, an even exponent (the JDK refuses e < 3 and e > n itself).
		for (final BigInteger[] ne : new BigInteger[][] { { recipient.getModulus().add(BigInteger.ONE), recipient
			.getPublicExponent() }, { recipient.getModulus().multiply(BigInteger.valueOf(3)), recipient
				.getPublicExponent() }, { recipient.getModulus(), BigInteger
					.valueOf(65538) } })
		{
			final RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
				new java.security.spec.RSAPublicKeySpec(ne[0], ne[1]));
			final DamagedFileException e = assertThrows(DamagedFileException.class, () -> SecureTransfer.seal(planes,
				new byte[0], k, pub, new SecureRandom()));
			assertTrue(e.getMessage().startsWith("The recipient's public key: the RSA key is damaged ("), e
				.getMessage());
		}
	}
}
