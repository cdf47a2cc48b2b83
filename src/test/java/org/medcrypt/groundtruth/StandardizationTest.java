package org.medcrypt.groundtruth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

/** Per-image min-max standardisation to integer levels 0..1023, rounding half up. */
class StandardizationTest {

	@Test
	void knownAnswers() {
		assertArrayEquals(new int[] { 0, 341, 682, 1023 }, Standardization.levels(ArrayImgs.unsignedBytes(new byte[] {
			10, 20, 30, 40 }, 2, 2)));
		// 1023/2 = 511.5 rounds up; 1023/4 = 255.75 -> 256; 3·1023/4 = 767.25 -> 767.
		assertArrayEquals(new int[] { 0, 512, 1023, 0 }, Standardization.levels(ArrayImgs.unsignedBytes(new byte[] {
			0, 1, 2, 0 }, 2, 2)));
		assertArrayEquals(new int[] { 0, 256, 767, 1023 }, Standardization.levels(ArrayImgs.unsignedShorts(new short[] {
			100, 101, 103, 104 }, 4, 1)));
		assertArrayEquals(new int[] { 0, 1023 }, Standardization.levels(ArrayImgs.unsignedShorts(new short[] { 0,
			(short) 65535 }, 2, 1)));
	}

	@Test
	void constantImageIsZero() {
		assertArrayEquals(new int[4], Standardization.levels(ArrayImgs.unsignedBytes(new byte[] { 7, 7, 7, 7 }, 2, 2)));
	}

	@Test
	void realImagesOfEveryBitDepthSpanTheFullRange() throws Exception {
		for (final String name : new String[] { "medical-samples/png/ct_small_HUplus1024_gray16_128x128.png",
			"medical-samples/png/us_pelvis_aloka_gray8_396x400_crop.png", "brain-tumor-mri/glioma/1846.jpg" })
		{
			final LabeledImage image = StudyImages.load(name);
			final int[] levels = Standardization.levels(image.image());
			int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
			for (final int level : levels) {
				min = Math.min(min, level);
				max = Math.max(max, level);
			}
			assertEquals(0, min, name);
			assertEquals(Standardization.MAX_LEVEL, max, name);
			assertTrue(levels.length == image.width() * image.height());
		}
	}
}
