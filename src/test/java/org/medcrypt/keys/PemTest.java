package org.medcrypt.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The one PEM codec: exact layout (what every MedCrypt key file holds), round trips, damaged armour. */
class PemTest {

	private static byte[] counting(final int n) {
		final byte[] b = new byte[n];
		for (int i = 0; i < n; i++) b[i] = (byte) i;
		return b;
	}

	@Test
	void theLayoutIsExactlyWhatTheKeyFilesHold() {
		// Known answer: 100 bytes 0..99 (base64 computed independently), LF line ends, 64 characters a line.
		final String expected = "-----BEGIN PUBLIC KEY-----\n" +
			"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v\n" +
			"MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5f\n" + "YGFiYw==\n" +
			"-----END PUBLIC KEY-----\n";
		assertEquals(expected, Pem.encode("PUBLIC KEY", counting(100)));
		assertArrayEquals(expected.getBytes(StandardCharsets.US_ASCII), Pem.encodeAscii("PUBLIC KEY", counting(100)));
		// A body of exactly one line: no empty line before the footer.
		assertEquals("-----BEGIN X-----\n" + "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v\n" +
			"-----END X-----\n", Pem.encode("X", counting(48)));
		for (int n = 1; n < 300; n += 7) {
			final String text = Pem.encode("MEDCRYPT PAILLIER PUBLIC KEY", counting(n));
			assertFalse(text.contains("\r"), "LF only, on every platform");
			for (final String line : text.split("\n", -1)) {
				assertTrue(line.length() <= 64 || line.startsWith("-----"), line);
			}
			assertTrue(text.endsWith("-----END MEDCRYPT PAILLIER PUBLIC KEY-----\n"));
		}
	}

	@Test
	void roundTripsAndReadsWhatTheOldReadersRead() {
		final Random random = new Random(9);
		for (int n = 0; n < 600; n += 37) {
			final byte[] body = new byte[n];
			random.nextBytes(body);
			assertArrayEquals(body, Pem.decode(Pem.encode("PRIVATE KEY", body), "PRIVATE KEY"), "n=" + n);
		}
		final String lf = Pem.encode("CERTIFICATE", counting(100));
		// CR LF line ends, text around the block, another block first: still read.
		final String crlf = "notes\r\n" + Pem.encode("PUBLIC KEY", counting(5)) + "  " + lf.replace("\n", "\r\n") +
			"trailer";
		assertTrue(Pem.contains(crlf, "CERTIFICATE"));
		assertArrayEquals(counting(100), Pem.decode(crlf, "CERTIFICATE"));
		assertArrayEquals(counting(5), Pem.decode(crlf, "PUBLIC KEY"));
	}

	@Test
	void damagedArmourIsRefused() {
		final String good = Pem.encode("PUBLIC KEY", counting(100));
		assertFalse(Pem.contains(good, "PRIVATE KEY"), "another label is not this one");
		assertThrows(IllegalArgumentException.class, () -> Pem.decode(good, "PRIVATE KEY"));
		final String noEnd = good.substring(0, good.indexOf("-----END"));
		assertFalse(Pem.contains(noEnd, "PUBLIC KEY"));
		assertThrows(IllegalArgumentException.class, () -> Pem.decode(noEnd, "PUBLIC KEY"));
		final String endFirst = "-----END PUBLIC KEY-----\n" + noEnd;
		assertFalse(Pem.contains(endFirst, "PUBLIC KEY"));
		assertThrows(IllegalArgumentException.class, () -> Pem.decode(endFirst, "PUBLIC KEY"));
		assertFalse(Pem.contains("", "PUBLIC KEY"));
		// Padding in the middle of the body is not Base64.
		final String badBase64 = good.replace("YGFiYw==", "YG==FiYw==");
		assertTrue(Pem.contains(badBase64, "PUBLIC KEY"));
		assertThrows(IllegalArgumentException.class, () -> Pem.decode(badBase64, "PUBLIC KEY"));
	}
}
