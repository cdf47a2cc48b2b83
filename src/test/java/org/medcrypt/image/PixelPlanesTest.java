package org.medcrypt.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

/** Planes are shared, not copied, in both directions (arrays and ImgLib2), and each kind gives only its arrays. */
class PixelPlanesTest {

	@Test
	void planesShareTheirArraysAndCopiesDoNot() {
		final byte[] a = { 1, 2, 3, 4, 5, 6 }, b = { 7, 8, 9, 10, 11, (byte) 200 };
		final PixelPlanes p = PixelPlanes.ofBytes(3, 2, a, b);
		assertEquals("3x2x2 8-bit", p.toString());
		assertEquals(12, p.pixelCount());
		assertSame(b, p.bytePlane(1));
		assertSame(a, p.array(0));
		// flat index: plane after plane, row-major; unsigned values
		assertEquals(200, p.value(11));
		p.setValue(6, 0x1FF);
		assertEquals((byte) 0xFF, b[0]);
		final PixelPlanes c = p.copy();
		c.bytePlane(0)[0] = 99;
		assertEquals(1, a[0]);
		assertArrayEquals(new int[] { 1, 2, 3, 4, 5, 6, 255, 8, 9, 10, 11, 200 }, p.values());
	}

	@Test
	void eachKindGivesOnlyItsArrays() {
		final PixelPlanes rgb = PixelPlanes.ofRgb(2, 1, new int[] { 0xFF102030, 0xFF405060 });
		assertEquals(3, rgb.samplesPerPixel());
		assertEquals(8, rgb.bitsPerSample());
		assertThrows(IllegalStateException.class, () -> rgb.bytePlane(0));
		assertThrows(IllegalArgumentException.class, () -> rgb.value(0));
		assertThrows(IllegalArgumentException.class, rgb::integerImg);
		assertThrows(IllegalStateException.class, () -> PixelPlanes.ofShorts(2, 2, new short[4]).bytePlane(0));
		assertThrows(IllegalArgumentException.class, () -> PixelPlanes.ofBytes(3, 3, new byte[8]));
		assertThrows(IllegalArgumentException.class, () -> PixelPlanes.ofBytes(3, 3));
	}

	@Test
	void imgLib2ViewsShareTheArraysBothWays() {
		final short[] s0 = new short[6], s1 = new short[6];
		final PixelPlanes p = PixelPlanes.ofShorts(3, 2, s0, s1);
		final PlanarImg<UnsignedShortType, ?> img = p.unsignedShorts();
		assertArrayEquals(new long[] { 3, 2, 2 }, img.dimensionsAsLongArray());
		final RandomAccess<UnsignedShortType> ra = img.randomAccess();
		ra.setPosition(new long[] { 2, 1, 1 });
		ra.get().set(65535);
		assertEquals((short) 65535, s1[5]);
		// and back: the planes of the image are the same arrays
		final PixelPlanes back = PixelPlanes.wrap(img);
		assertSame(s0, back.shortPlane(0));
		assertSame(s1, back.shortPlane(1));
		assertArrayEquals(new long[] { 3, 2 }, PixelPlanes.ofBytes(3, 2, new byte[6]).unsignedBytes()
			.dimensionsAsLongArray());
		// any PlanarImg of plain arrays is wrapped; other images are not (the caller copies through a cursor)
		assertEquals("4x5x3 16-bit", PixelPlanes.wrap(PlanarImgs.unsignedShorts(4, 5, 3)).toString());
		assertNull(PixelPlanes.wrap(ArrayImgs.unsignedBytes(4, 5)));
		assertNull(PixelPlanes.wrap(Views.interval(img, new long[] { 1, 0, 0 }, new long[] { 2, 1, 1 })));
		assertNull(PixelPlanes.wrap(PlanarImgs.floats(4, 5)));
	}
}
