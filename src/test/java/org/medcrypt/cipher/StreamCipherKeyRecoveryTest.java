package org.medcrypt.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.medcrypt.ij.ImageFiles;
import org.medcrypt.testing.Datasets;

/**
 * The paper's stream cipher falls to a known-plaintext attack: 72 known pixels
 * give the 64 coefficients of a 128-bit key, 64 more the IV, and the black top
 * row of the ultrasound is such a known plaintext. Each recovered key decrypts
 * the whole image bit-exactly.
 */
class StreamCipherKeyRecoveryTest {

	private static int[] pixels(final String png) throws Exception {
		final ImagePlus imp = ImageFiles.open(Datasets.samplePng(png));
		final Object p = imp.getProcessor().getPixels();
		final int[] v = new int[imp.getWidth() * imp.getHeight()];
		for (int i = 0; i < v.length; i++)
			v[i] = p instanceof byte[] ? ((byte[]) p)[i] & 0xFF : ((short[]) p)[i] & 0xFFFF;
		return v;
	}

	@Test
	void theBlackBackgroundOfTheUltrasoundGivesTheKeyBitsAndItsBannerTheIv() throws Exception {
		final int[] plain = pixels("us_obstetric_gray8_512x512_crop.png");
		for (int seed = 0; seed < 5; seed++) {
			final StreamCipherKey key = StreamCipherKey.generate(128, new Random(seed));
			final int[] cipher = PixelStreamCipher.encryptReference(plain, key, 8);
			// black background alone: the attacker tries rows until one solves (rows 0-4 hold a text banner; a row
			// deep inside a black zone gives dependent equations, since there the ciphertext follows eq. 1 alone)
			final StreamCipherKeyRecovery.BlackRow black = StreamCipherKeyRecovery.fromBlackRow(cipher, 512, 128, 8);
			assertTrue(black.row > 4 && !black.ivRecovered(), "row " + black.row);
			System.out.println("seed " + seed + ": key bits from black row " + black.row);
			assertArrayEquals(key.keyBytes(), black.recovered.key.keyBytes(), "key bits, seed " + seed);
			// self-synchronising: without the IV only the first 64 pixels come out wrong
			final int[] almost = PixelStreamCipher.decryptReference(cipher, black.recovered.key, 8);
			assertArrayEquals(Arrays.copyOfRange(plain, 64, plain.length), Arrays.copyOfRange(almost, 64, almost.length));
			// the first 64 + 72 pixels known (the scanner's banner, the same on every exam of this machine):
			// 72 equations give the coefficients modulo 4, hence the key bits; 64 more the IV
			final int[] known = StreamCipherKeyRecovery.uniformPrefix(plain.length, 0, 0);
			System.arraycopy(plain, 0, known, 0, 64 + 72);
			final StreamCipherKeyRecovery.Recovered r = StreamCipherKeyRecovery.recover(cipher, known, 128, 8);
			assertEquals(72, r.alphaEquations);
			assertArrayEquals(key.keyBytes(), r.key.keyBytes());
			assertArrayEquals(plain, PixelStreamCipher.decryptReference(cipher, r.key, 8), "whole image, seed " + seed);
		}
	}

	@Test
	void seventyTwoKnownPixelsGiveTheCoefficientsOf16BitImagesToo() throws Exception {
		final int[] plain = pixels("ct_head_HUplus1024_gray16_512x512.png");
		final StreamCipherKey key = StreamCipherKey.generate(128, new Random(7));
		final int[] cipher = PixelStreamCipher.encryptReference(plain, key, 16);
		// 64 + 72 pixels known from the middle of the image: coefficients only (no pixel before 64 is known)
		final int[] known = new int[plain.length];
		Arrays.fill(known, -1);
		final int from = 200 * 512 + 100;
		for (int i = from; i < from + 64 + 72; i++)
			known[i] = plain[i];
		StreamCipherKeyRecovery.Recovered r = StreamCipherKeyRecovery.recover(cipher, known, 128, 16);
		assertArrayEquals(key.alpha(), r.key.alpha());
		assertArrayEquals(key.keyBytes(), r.key.keyBytes());
		assertTrue(r.alphaEquations >= 72);
		// with the first 64 pixels known as well, the IV follows and the whole image decrypts
		for (int i = 0; i < 64; i++)
			known[i] = plain[i];
		r = StreamCipherKeyRecovery.recover(cipher, known, 128, 16);
		assertArrayEquals(plain, PixelStreamCipher.decryptReference(cipher, r.key, 16));
		assertEquals(64, r.ivEquations);
	}

	@Test
	void tooFewOrWrongKnownPixelsAreRefused() throws Exception {
		final int[] plain = pixels("us_obstetric_gray8_512x512_crop.png");
		final StreamCipherKey key = StreamCipherKey.generate(128, new Random(3));
		final int[] cipher = PixelStreamCipher.encryptReference(plain, key, 8);
		assertThrows(StreamCipherKeyRecovery.NotEnoughPlaintextException.class, () -> StreamCipherKeyRecovery.recover(
			cipher, StreamCipherKeyRecovery.uniformPrefix(cipher.length, 64 + 20, 0), 128, 8));
		// claiming a bright top row: the equations have no key as solution
		assertThrows(StreamCipherKeyRecovery.NotEnoughPlaintextException.class, () -> StreamCipherKeyRecovery.recover(
			cipher, StreamCipherKeyRecovery.uniformPrefix(cipher.length, 512, 200), 128, 8));
	}

	@Test
	void solvesModuloPowersOfTwoWithEvenPivots() {
		// 2x + y = 1 and 2y = 2 (mod 16): a column-by-column elimination on x would fail
		final int[] x = StreamCipherKeyRecovery.solve(Arrays.asList(new int[] { 2, 1, 1 }, new int[] { 0, 2, 2 }), 2, 4);
		assertEquals(1, (2 * x[0] + x[1]) & 15);
		assertEquals(2, (2 * x[1]) & 15);
		assertEquals(null, StreamCipherKeyRecovery.solve(Arrays.<int[]> asList(new int[] { 2, 0, 1 }), 2, 4));
	}
}
