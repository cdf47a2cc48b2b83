package org.medcrypt.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Wire;

/**
 * The description's encoding is bounded: damaged, truncated or hostile bytes
 * (a count of 2^31 in a short body) are a {@link DamagedFileException}, never an
 * allocation of what a field announces.
 */
class ImageDescriptionTest {

	private static ImageDescription sample() {
		final byte[] gray = new byte[ImageDescription.LUT_BYTES];
		for (int i = 0; i < 768; i++) gray[i] = (byte) (i % 256);
		return ImageDescription.builder(PixelPlanes.Kind.UINT16, 64, 32, 1, 3, 1).title("patient 42").pixelSize(
			0.5, 0.5, 2).units("mm", "mm", "mm").valueCalibration(0, new double[] { -1024, 1 }, "HU", false)
			.channelTables(new byte[][] { gray }, new double[] { 10 }, new double[] { 900 }).labels(new String[] {
				"a", null, "c" }).info("0010,0010  Patient's Name: X").build();
	}

	@Test
	void roundTripAndDeterminism() throws Exception {
		final ImageDescription d = sample();
		assertEquals(d, ImageDescription.decode(d.encode()));
		assertTrue(Arrays.equals(d.encode(), sample().encode()));
		assertEquals("c", ImageDescription.decode(d.encode()).label(2));
	}

	@Test
	void damagedAndHostileBytesAreRefused() {
		final byte[] good = sample().encode();
		for (int cut = 0; cut < good.length; cut += 7) {
			final byte[] truncated = Arrays.copyOf(good, cut);
			assertThrows(DamagedFileException.class, () -> ImageDescription.decode(truncated));
		}
		final byte[] flipped = good.clone();
		flipped[40] ^= 1;
		assertThrows(DamagedFileException.class, () -> ImageDescription.decode(flipped));
		// a re-hashed body that announces 2^24 planes and a title of 2^30 bytes: refused by the bounds
		final byte[] hostile = rehash(withInt(withInt(good, 10 + 1 + 12, 1 << 12), 10 + 1 + 20 + 2, 1 << 30));
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> ImageDescription.decode(
			hostile));
		assertTrue(e.getMessage().contains("bytes"), e.getMessage());
		final byte[] planes = rehash(withInt(good, 10 + 1 + 12, 1 << 23));
		assertThrows(DamagedFileException.class, () -> ImageDescription.decode(planes));
	}

	private static byte[] withInt(final byte[] b, final int at, final int v) {
		final byte[] c = b.clone();
		ByteBuffer.wrap(c).putInt(at, v);
		return c;
	}

	private static byte[] rehash(final byte[] b) {
		final byte[] c = b.clone();
		final byte[] digest = Wire.sha256().digest(Arrays.copyOf(c, c.length - 32));
		System.arraycopy(digest, 0, c, c.length - 32, 32);
		return c;
	}
}
