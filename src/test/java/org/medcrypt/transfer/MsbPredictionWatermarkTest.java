package org.medcrypt.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The MSB-prediction watermark is reversible: on every test image, a payload
 * filling the net capacity of the MSB plane (and of two planes) is embedded in
 * the XOR-encrypted image, read back exactly, and the encrypted image is
 * restored bit for bit. Prints the capacity table of docs/WATERMARK.md.
 */
class MsbPredictionWatermarkTest {

	@TestFactory
	Stream<DynamicTest> fullCapacityRoundTripIsBitExactOnEveryTestImage() {
		return TestImages.NAMES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
			final ImagePlus imp = TestImages.open(name);
			final PixelBytes g = PixelBytes.of(TestImages.planes(imp));
			final byte[] plain = TestImages.stream(TestImages.planes(imp));
			final StringBuilder row = new StringBuilder("| " + name + " | " + g + " | " + g.samples());
			for (int planes = 1; planes <= 2; planes++) {
				final long[] cap = MsbPredictionWatermark.capacity(plain, g, planes);
				row.append(String.format(" | %d (%.3f bps) / %d errors", cap[0], (double) cap[0] / g.samples(),
					cap[1]));
				assertTrue(cap[0] > 0, name + ": no net capacity in " + planes + " planes");
				roundTrip(plain, g, (long) planes * g.samples() / 8 * 8, new Random(planes));
			}
			System.out.println(row + " |");
		}));
	}

	/** Embeds random bits filling {@code bits} (error map aside), extracts them, restores the ciphertext. */
	private static void roundTrip(final byte[] plain, final PixelBytes g, final long bits, final Random rnd)
		throws Exception
	{
		final byte[] keystream = new byte[plain.length];
		rnd.nextBytes(keystream);
		final byte[] cipher = plain.clone();
		for (int i = 0; i < cipher.length; i++)
			cipher[i] ^= keystream[i];
		final byte[] map = MsbPredictionWatermark.errorMap(plain, g, bits);
		final byte[] payload = new byte[(int) (bits / 8)];
		rnd.nextBytes(payload);
		final byte[] marked = cipher.clone();
		MsbPredictionWatermark.embed(marked, g, payload, bits);
		assertTrue(differing(marked, cipher) > 0);
		assertArrayEquals(payload, MsbPredictionWatermark.extract(marked, g, 0, payload.length));
		// reading from an offset gives the same bits (the recipient reads the header first, then the rest)
		assertArrayEquals(java.util.Arrays.copyOfRange(payload, 5, 40), MsbPredictionWatermark.extract(marked, g, 40,
			35));
		MsbPredictionWatermark.restore(marked, keystream, g, bits, map);
		assertArrayEquals(cipher, marked, "restored encrypted image differs");
	}

	private static int differing(final byte[] a, final byte[] b) {
		int n = 0;
		for (int i = 0; i < a.length; i++)
			if (a[i] != b[i]) n++;
		return n;
	}

	@Test
	void aShortPayloadTouchesOnlyTheFirstSamples() throws Exception {
		final ImagePlus imp = TestImages.open("CT_small.dcm");
		final PixelBytes g = PixelBytes.of(TestImages.planes(imp));
		final byte[] plain = TestImages.stream(TestImages.planes(imp));
		final byte[] marked = new byte[plain.length];
		final byte[] payload = new byte[100];
		java.util.Arrays.fill(payload, (byte) 0xFF);
		MsbPredictionWatermark.embed(marked, g, payload, 800);
		for (int s = 0; s < g.samples(); s++)
			assertEquals(s < 800 ? 0x8000 : 0, g.sample(marked, s), "sample " + s);
		assertEquals(800, MsbPredictionWatermark.touched(g, 800));
	}

	@Test
	void aWrongErrorMapOrKeystreamDoesNotRestoreTheImage() throws Exception {
		final ImagePlus imp = TestImages.open("microaneurysms.png");
		final PixelBytes g = PixelBytes.of(TestImages.planes(imp));
		final byte[] plain = TestImages.stream(TestImages.planes(imp));
		final long bits = g.samples();
		final byte[] map = MsbPredictionWatermark.errorMap(plain, g, bits);
		final byte[] marked = plain.clone();
		MsbPredictionWatermark.embed(marked, g, new byte[(int) ((bits + 7) / 8)], bits);
		final byte[] zeros = new byte[plain.length];
		final byte[] restored = marked.clone();
		MsbPredictionWatermark.restore(restored, zeros, g, bits, map);
		assertArrayEquals(plain, restored);
		if (map.length > 0) {
			// without the error map the mispredicted samples come back wrong
			final byte[] noMap = marked.clone();
			MsbPredictionWatermark.restore(noMap, zeros, g, bits, new byte[0]);
			assertTrue(differing(noMap, plain) > 0);
		}
		// a truncated or out-of-range map is refused rather than misread
		assertThrows(MsbPredictionWatermark.BadErrorMapException.class, () -> MsbPredictionWatermark.restore(marked
			.clone(), zeros, g, bits, new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0 }));
		assertThrows(MsbPredictionWatermark.BadErrorMapException.class, () -> MsbPredictionWatermark.restore(marked
			.clone(), zeros, g, bits, new byte[] { 3 }));
	}
}
