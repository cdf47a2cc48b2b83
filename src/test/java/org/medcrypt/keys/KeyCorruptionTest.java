package org.medcrypt.keys;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;

/**
 * Issue 14, finding 4: one-character corruptions of key files were accepted as other keys (Paillier public keys
 * encrypting for a key nobody holds, RSA public keys sealing for nobody). Here every character of a real key file
 * is replaced, in turn, by the next character of the Base64 alphabet and by one outside it; each result must be
 * refused ({@link DamagedFileException}, or {@link WrongKeyException} where the file turned into the other kind) or
 * read as exactly the same key (a harmless change: a line break or a label of the checksum line) - never another key,
 * never another exception.
 *
 * <p>The default run takes every {@value #SAMPLE_STRIDE}th character (a few seconds); with
 * {@code -Dmedcrypt.keys.corruption.full=true} every character (about 35 s; README, "Tests").
 */
class KeyCorruptionTest {

	/** Characters skipped between two corrupted ones in the default run. */
	private static final int SAMPLE_STRIDE = 11;
	private static final int STRIDE = Boolean.getBoolean("medcrypt.keys.corruption.full") ? 1 : SAMPLE_STRIDE;
	private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	@TempDir
	Path dir;

	/** Reads a key file into a value that is equal for equal keys. */
	private interface Reader {

		Object read(Path file) throws Exception;
	}

	/** Counts of one run. */
	private static final class Outcome {

		int refused, same;
		final List<String> failures = new ArrayList<>();

		@Override
		public String toString() {
			return refused + " refused, " + same + " harmless, " + failures.size() + " wrong" + (failures.isEmpty() ? ""
				: ": " + failures.subList(0, Math.min(5, failures.size())));
		}
	}

	private Outcome corruptEveryCharacter(final Path original, final Reader reader) throws Exception {
		final String text = Files.readString(original);
		final Object expected = reader.read(original);
		final Outcome outcome = new Outcome();
		final Path file = dir.resolve("corrupted-" + original.getFileName());
		for (int i = 0; i < text.length(); i += STRIDE) {
			final char c = text.charAt(i);
			final int b = BASE64.indexOf(c);
			for (final char r : new char[] { b < 0 ? 'A' : BASE64.charAt((b + 1) % BASE64.length()), '*' }) {
				Files.deleteIfExists(file);
				Files.writeString(file, text.substring(0, i) + r + text.substring(i + 1));
				try {
					final Object got = reader.read(file);
					if (got.equals(expected)) outcome.same++;
					else outcome.failures.add("position " + i + " '" + c + "'->'" + r + "': another key accepted");
				}
				catch (final DamagedFileException | WrongKeyException e) {
					assertTrue(e.getMessage().contains(file.toString()), "the message names the file: " + e.getMessage());
					outcome.refused++;
				}
				catch (final Exception e) {
					outcome.failures.add("position " + i + " '" + c + "'->'" + r + "': " + e);
				}
			}
		}
		System.out.println("corrupted " + original.getFileName() + " every " + STRIDE + " characters: " + outcome);
		return outcome;
	}

	private static Path resource(final String name) throws URISyntaxException {
		return Paths.get(KeyCorruptionTest.class.getResource(name).toURI());
	}

	private static Object paillierPublic(final Path f) throws Exception {
		return PaillierKeyFiles.readPublic(f).fingerprint();
	}

	private static Object paillierPrivate(final Path f) throws Exception {
		final PaillierPrivateKey k = PaillierKeyFiles.readPrivate(f);
		return List.of(k.publicKey().fingerprint(), k.p(), k.q());
	}

	private static Object rsaPublic(final Path f) throws Exception {
		final RSAPublicKey k = RsaKeyFiles.readPublic(f);
		return List.of(k.getModulus(), k.getPublicExponent());
	}

	private static Object rsaPrivate(final Path f) throws Exception {
		final RSAPrivateCrtKey k = RsaKeyFiles.readPrivate(f);
		return List.of(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(), k.getPrimeP(), k.getPrimeQ(), k
			.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient());
	}

	@Test
	void everyCharacterOfAPaillierPublicKeyFile() throws Exception {
		final Outcome o = corruptEveryCharacter(resource("format-v2.paillier.pub"), KeyCorruptionTest::paillierPublic);
		assertTrue(o.failures.isEmpty(), o.toString());
		assertTrue(o.refused > 2000 / STRIDE, o.toString());
	}

	@Test
	void everyCharacterOfAPaillierPrivateKeyFile() throws Exception {
		final Outcome o = corruptEveryCharacter(resource("format-v2.paillier.key"), KeyCorruptionTest::paillierPrivate);
		assertTrue(o.failures.isEmpty(), o.toString());
		assertTrue(o.refused > 2000 / STRIDE, o.toString());
	}

	/** Version 1 has no checksum; the private key is still fully checked against itself (primes, hs, sizes). */
	@Test
	void everyCharacterOfAVersion1PaillierPrivateKeyFile() throws Exception {
		final Outcome o = corruptEveryCharacter(resource("old-format.paillier.key"), KeyCorruptionTest::paillierPrivate);
		assertTrue(o.failures.isEmpty(), o.toString());
	}

	private Path[] rsaFiles() throws Exception {
		final RSAPrivateCrtKey priv = RsaKeyFiles.readPrivate(resource("old-format-rsa.key.pem"));
		final RSAPublicKey pub = RsaKeyFiles.readPublic(resource("old-format-rsa.pub.pem"));
		final Path sk = dir.resolve("k.key.pem"), pk = dir.resolve("k.pub.pem");
		RsaKeyFiles.write(new KeyPair(pub, priv), sk, pk);
		return new Path[] { sk, pk };
	}

	@Test
	void everyCharacterOfAnRsaPublicKeyFile() throws Exception {
		final Outcome o = corruptEveryCharacter(rsaFiles()[1], KeyCorruptionTest::rsaPublic);
		assertTrue(o.failures.isEmpty(), o.toString());
	}

	@Test
	void everyCharacterOfAnRsaPrivateKeyFile() throws Exception {
		final Outcome o = corruptEveryCharacter(rsaFiles()[0], KeyCorruptionTest::rsaPrivate);
		assertTrue(o.failures.isEmpty(), o.toString());
	}

	/**
	 * A private key file without the checksum line (written before issue 14, or by OpenSSL) is checked against
	 * itself: every change of a value is refused as damaged, where 17 of 25 damaged keys used to end in "the JDK
	 * lacks AES-GCM" when sealing.
	 */
	@Test
	void everyCharacterOfAnRsaPrivateKeyFileWithoutChecksum() throws Exception {
		final Outcome o = corruptEveryCharacter(resource("old-format-rsa.key.pem"), KeyCorruptionTest::rsaPrivate);
		assertTrue(o.failures.isEmpty(), o.toString());
		assertTrue(o.refused > 1000 / STRIDE, o.toString());
	}
}
