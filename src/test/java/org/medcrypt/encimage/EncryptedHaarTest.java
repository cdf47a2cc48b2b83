package org.medcrypt.encimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.medcrypt.io.Progress;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.TestKeys;
import org.medcrypt.testing.Datasets;

/**
 * The server's Haar transform on ciphertexts decrypts to exactly the plaintext
 * integer Haar transform (of the edge-padded image), at every level 1..3: the
 * polyphase layout keeps every level slot-aligned.
 */
class EncryptedHaarTest {

	@Test
	void ultrasound8bitAllThreeLevels() throws Exception {
		// 100x132 of the ultrasound: neither side a multiple of 8, so level 3 needs edge padding in both.
		check(PaillierImageCipherTest.loadCrop(Datasets.file("medical-samples/png/us_pelvis_aloka_gray8_396x400_crop.png"),
			100, 132), 3);
	}

	@Test
	void mr16bitTwoLevels() throws Exception {
		check(PaillierImageCipherTest.load(Datasets.file("medical-samples/png/mr_small_gray16_64x64.png")), 2);
	}

	@Test
	void refusesMoreLevelsThanTheLayoutAligns() throws Exception {
		final PaillierKeyPair pair = TestKeys.small();
		final EncryptedImage enc = PaillierImageCipher.encrypt(PaillierImageCipherTest.load(Datasets.file(
			"medical-samples/png/mr_small_gray16_64x64.png")), pair.publicKey(), PackingParameters.of(1, 24, 16),
			Progress.NONE);
		assertThrows(IllegalArgumentException.class, () -> EncryptedHaar.transform(enc, pair.publicKey(), 0, 2));
	}

	private static void check(final Img<? extends IntegerType<?>> img, final int levels) throws Exception {
		final PaillierKeyPair pair = TestKeys.small();
		final EncryptedImage enc = PaillierImageCipher.encrypt(img, pair.publicKey(), Progress.NONE);
		final PolyphaseLayout layout = enc.layout();

		// The plaintext reference works on the plane padded as the layout pads it: by repeating the edge.
		final int pw = layout.gridWidth() * layout.factor(), ph = layout.gridHeight() * layout.factor();
		final int w = layout.width(), h = layout.height();
		final long[] raster = new long[w * h];
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(img).cursor();
		for (int i = 0; i < raster.length; i++) raster[i] = c.next().getIntegerLong();
		final long[] padded = new long[pw * ph];
		for (int y = 0; y < ph; y++) {
			for (int x = 0; x < pw; x++) padded[y * pw + x] = raster[Math.min(y, h - 1) * w + Math.min(x, w - 1)];
		}
		final long[][][] expected = HaarSubbands.transform(padded, pw, ph, levels);

		final EncryptedHaar.Band[][] bands = EncryptedHaar.transform(enc, pair.publicKey(), 0, levels);
		for (int l = 0; l < levels; l++) {
			for (final HaarSubbands.Band kind : HaarSubbands.Band.values()) {
				final EncryptedHaar.Band band = bands[l][kind.ordinal()];
				assertEquals(layout.factor() >> (l + 1), band.factor);
				assertArrayEquals(expected[l][kind.ordinal()], EncryptedHaar.decrypt(band, enc, pair.privateKey()),
					"level " + (l + 1) + " " + kind);
			}
		}
		// Details are signed: the check would be hollow if they were all zero or all positive.
		long min = 0;
		for (final long v : expected[0][HaarSubbands.Band.HL.ordinal()]) min = Math.min(min, v);
		assertEquals(true, min < 0, "level-1 HL has negative coefficients");
	}
}
