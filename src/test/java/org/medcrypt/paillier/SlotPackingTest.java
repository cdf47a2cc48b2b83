package org.medcrypt.paillier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SlotPackingTest {

	private final PaillierPrivateKey key = TestKeys.small().privateKey();
	private final Random rnd = new Random(7);

	@Test
	void slotsPerPlaintext() {
		assertEquals(63, SlotPacking.forKey(key.publicKey(), 16).slots(), "(1024-2)/16");
		assertEquals(191, new SlotPacking(16, 191, BigInteger.ONE.shiftLeft(3071).add(BigInteger.ONE)).slots());
	}

	@Test
	void signedRoundTripAtEveryWidth() {
		for (final int w : new int[] { 2, 9, 15, 16, 23, 31, 40, 56 }) {
			final SlotPacking packing = SlotPacking.forKey(key.publicKey(), w);
			final long[] values = new long[packing.slots()];
			final long half = 1L << (w - 1);
			for (int j = 0; j < values.length; j++) {
				values[j] = j % 5 == 0 ? -half : j % 5 == 1 ? half - 1 : (rnd.nextLong() % half);
			}
			final long[] back = new long[values.length];
			packing.unpack(packing.pack(values, 0, values.length), back, 0, values.length);
			assertArrayEquals(values, back, "width " + w);
		}
	}

	@Test
	void homomorphicAdditionIsSlotwiseWithNegativeResults() {
		final SlotPacking packing = SlotPacking.forKey(key.publicKey(), 16);
		final int s = packing.slots();
		final long[] a = new long[s], b = new long[s], sum = new long[s], diff = new long[s];
		for (int j = 0; j < s; j++) {
			a[j] = rnd.nextInt(256);
			b[j] = rnd.nextInt(256);
			sum[j] = a[j] + b[j];
			diff[j] = a[j] - b[j];
		}
		final PaillierPublicKey pub = key.publicKey();
		final BigInteger ca = pub.encrypt(packing.pack(a, 0, s), rnd), cb = pub.encrypt(packing.pack(b, 0, s), rnd);
		final long[] out = new long[s];
		packing.unpack(key.decrypt(pub.add(ca, cb)), out, 0, s);
		assertArrayEquals(sum, out);
		packing.unpack(key.decrypt(pub.subtract(ca, cb)), out, 0, s);
		assertArrayEquals(diff, out);
	}

	@Test
	void refusesValuesThatDoNotFit() {
		final SlotPacking packing = SlotPacking.forKey(key.publicKey(), 8);
		assertThrows(IllegalArgumentException.class, () -> packing.pack(new long[] { 128 }, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> new SlotPacking(16, 64, key.publicKey().modulus()));
	}
}
