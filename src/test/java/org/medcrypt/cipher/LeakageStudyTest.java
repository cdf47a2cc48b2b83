package org.medcrypt.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import ij.ImagePlus;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medcrypt.cipher.LeakageStudy.Row;
import org.medcrypt.cipher.LeakageStudy.Scheme;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.testing.Datasets;

/**
 * The paper's section 1.3 on its kind of image: an obstetric ultrasound with
 * large black zones. ECB leaks the black zones (repeated blocks, a spiky
 * histogram); OFB and the stream cipher do not.
 */
class LeakageStudyTest {

	private static byte[] pixels;
	private static int w, h;
	private static List<Row> rows;

	@BeforeAll
	static void run() throws Exception {
		final ImagePlus us = ImageFiles.open(Datasets.samplePng("us_obstetric_gray8_512x512_crop.png"));
		w = us.getWidth();
		h = us.getHeight();
		pixels = (byte[]) us.getProcessor().getPixels();
		final SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
		seeded.setSeed(2008);
		rows = LeakageStudy.run(pixels, w, h, seeded);
		for (final Row r : rows) {
			System.out.println(String.format("%-36s entropy %.4f corrH %.4f corrV %.4f NPCR %.4f%% UACI %.4f%% " +
				"distinct16 %d/%d", r.scheme.label, r.entropy, r.correlationH, r.correlationV, r.npcr, r.uaci,
				r.distinctBlocks, r.blocks));
		}
	}

	private static Row row(final Scheme s) {
		return rows.get(s.ordinal());
	}

	@Test
	void ecbRepeatsTheBlackZonesOfTheUltrasound() {
		final Row plain = row(Scheme.PLAINTEXT);
		// The ultrasound really has large homogeneous zones: most 16-pixel blocks repeat.
		assertTrue(plain.distinctBlocks < plain.blocks / 2, plain.distinctBlocks + " of " + plain.blocks);
		for (final Scheme ecb : new Scheme[] { Scheme.DES_ECB, Scheme.AES_ECB }) {
			final Row r = row(ecb);
			// ECB is a permutation of blocks: no more distinct blocks than the plaintext has
			assertTrue(r.distinctBlocks <= plain.distinctBlocks, ecb + ": " + r.distinctBlocks);
			assertTrue(r.entropy < row(Scheme.STREAM).entropy - 0.1, ecb + " entropy " + r.entropy);
			// one changed pixel changes one block only
			assertTrue(r.npcr <= 100.0 * ecb.blockPixels / pixels.length + 1e-9, ecb + " NPCR " + r.npcr);
		}
		// identical plaintext blocks -> identical ciphertext blocks, at the same positions
		final byte[] aes = row(Scheme.AES_ECB).image;
		for (int i = 16; i + 16 <= pixels.length; i += 16) {
			if (equalBlocks(pixels, 0, i, 16)) assertTrue(equalBlocks(aes, 0, i, 16), "block at " + i);
		}
	}

	@Test
	void ofbAndStreamCipherHideTheZones() {
		for (final Scheme s : new Scheme[] { Scheme.AES_OFB, Scheme.STREAM }) {
			final Row r = row(s);
			assertTrue(r.entropy > 7.99, s + " entropy " + r.entropy);
			assertTrue(Math.abs(r.correlationH) < 0.02 && Math.abs(r.correlationV) < 0.02, s + " correlation");
			assertTrue(r.distinctBlocks > 0.999 * r.blocks, s + " distinct blocks " + r.distinctBlocks);
		}
		// OFB: one changed pixel, one changed ciphertext pixel; the stream cipher propagates it forward
		assertEquals(100.0 / pixels.length, row(Scheme.AES_OFB).npcr, 1e-12);
		assertTrue(row(Scheme.STREAM).npcr > 45 && row(Scheme.STREAM).npcr < 51, "" + row(Scheme.STREAM).npcr);
		assertTrue(row(Scheme.PLAINTEXT).correlationH > 0.8);
	}

	@Test
	void sizesAreKeptAndTheMontageHasOneColumnPerScheme() {
		for (final Row r : rows)
			assertEquals(pixels.length, r.image.length);
		assertArrayEquals(pixels, row(Scheme.PLAINTEXT).image);
		final byte[] m = LeakageStudy.montage(rows, w, h);
		assertEquals(LeakageStudy.montageWidth(5, w) * LeakageStudy.montageHeight(w, h), m.length);
		// the first column's top-left is the original image's first row
		final int mw = LeakageStudy.montageWidth(5, w);
		for (int x = 0; x < w; x++)
			assertEquals(pixels[x], m[x]);
		assertEquals(row(Scheme.STREAM).image[0], m[4 * (w + 4)]);
		assertEquals(mw, 5 * w + 16);
	}

	private static boolean equalBlocks(final byte[] p, final int a, final int b, final int n) {
		for (int i = 0; i < n; i++)
			if (p[a + i] != p[b + i]) return false;
		return true;
	}
}
