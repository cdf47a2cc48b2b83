package org.medcrypt.paillier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medcrypt.testing.TestKeyFiles;

/**
 * The batched, window-major fixed-base exponentiation (issue 12, round 6; a
 * single exponent is a batch of one) gives exactly what BigInteger gives and
 * what one-by-one calls give: on random and edge exponents, for batch sizes
 * 1, 127, 128 and 129 around the image paths' batch (128), on
 * a real key (2048 bits: tables mod p², q² and the public key's 9-bit table
 * mod n²), for encryption by the owner and with the public key (same random
 * exponents drawn in the same order) and for the owner's decryption with known
 * exponents, including ciphertexts that do not match their exponent.
 */
class BatchedExponentiationTest {

	private static final int[] SIZES = { 1, 127, 128, 129 };

	private final Random rnd = new SecureRandom();

	@Test
	void tablesBatchedEqualOneByOne() throws Exception {
		final PaillierPrivateKey key = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]).privateKey();
		final BigInteger p = key.p(), pSquared = p.multiply(p);
		final BigInteger base = key.publicKey().randomnessBase().mod(pSquared);
		final int bits = key.publicKey().randomBits();
		final FixedBaseExponentiator table = new FixedBaseExponentiator(base, pSquared, bits);
		final BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
		final BigInteger[] edges = { BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, max, max.shiftRight(8)
			.shiftLeft(8), BigInteger.valueOf(255), BigInteger.ONE.shiftLeft(bits - 1), p.subtract(BigInteger.ONE)
				.mod(BigInteger.ONE.shiftLeft(bits)) };
		for (final int size : SIZES) {
			final BigInteger[] e = new BigInteger[size];
			for (int i = 0; i < size; i++) {
				e[i] = i % 3 == 1 ? edges[(i / 3) % edges.length] : new BigInteger(rnd.nextInt(bits) + 1, rnd);
			}
			final BigInteger[] batched = table.pow(e);
			for (int i = 0; i < size; i++) {
				assertEquals(base.modPow(e[i], pSquared), batched[i], "size " + size + ", exponent " + i);
				// the single call (a batch of one) likewise, whatever the batch around the exponent was
				assertEquals(base.modPow(e[i], pSquared), table.pow(e[i]));
			}
		}
		assertThrows(IllegalArgumentException.class, () -> table.pow(new BigInteger[] { BigInteger.ONE, max.add(
			BigInteger.ONE) }));
		assertThrows(IllegalArgumentException.class, () -> table.pow(new BigInteger[] { BigInteger.ONE.negate() }));
	}

	@Test
	void ownerEncryptionAndDecryptionBatchedEqualOneByOne() throws Exception {
		final PaillierPrivateKey key = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]).privateKey();
		final PaillierPublicKey pub = key.publicKey();
		final BigInteger n = pub.modulus(), nSquared = n.multiply(n);
		for (final int size : SIZES) {
			final BigInteger[] m = new BigInteger[size], a = new BigInteger[size];
			for (int i = 0; i < size; i++) {
				m[i] = i == 0 ? BigInteger.ZERO : i == 1 ? n.subtract(BigInteger.ONE) : new BigInteger(n.bitLength(), rnd);
				a[i] = i == 2 ? BigInteger.ZERO : new BigInteger(pub.randomBits(), rnd);
			}
			final BigInteger[] c = key.encryptWithExponents(m, a);
			for (int i = 0; i < size; i++) {
				// DJN with this exponent in BigInteger, (1 + m·n)·hs^a mod n², for the edge values and every 32nd
				// (a full modPow mod n² each: all of them would double the test's time)
				if (i < 3 || i % 32 == 0) {
					assertEquals(BigInteger.ONE.add(m[i].mod(n).multiply(n)).multiply(pub.randomnessBase().modPow(
						a[i], nSquared)).mod(nSquared), c[i], "size " + size + ", ciphertext " + i);
				}
				assertEquals(c[i], key.encryptWithExponent(m[i], a[i]));
			}
			// One ciphertext checked against another's exponent, one out of range: null where the single call throws.
			final BigInteger[] given = c.clone();
			if (size > 3) given[3] = c[4];
			if (size > 5) given[5] = pub.modulusSquared();
			final BigInteger[] back = key.decryptWithExponents(given, a);
			for (int i = 0; i < size; i++) {
				if (i == 3 && size > 3 || i == 5 && size > 5) {
					assertNull(back[i]);
					final int k = i;
					assertThrows(IllegalArgumentException.class, () -> key.decryptWithExponent(given[k], a[k]));
				}
				else {
					assertEquals(m[i].mod(n), back[i], "size " + size);
					assertEquals(key.decryptWithExponent(c[i], a[i]), back[i]);
				}
			}
		}
	}

	@Test
	void encryptionsOfABatchEqualOneByOneWithTheSameRandomness() throws Exception {
		final PaillierPrivateKey key = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[1]).privateKey();
		final PaillierEncrypter[] encrypters = { key, key.publicKey() };
		for (final PaillierEncrypter encrypter : encrypters) {
			for (final int size : new int[] { 1, 129 }) {
				final BigInteger[] m = new BigInteger[size];
				for (int i = 0; i < size; i++) m[i] = BigInteger.valueOf(i * 1_000_003L);
				final long seed = rnd.nextLong();
				final Random one = new Random(seed);
				final BigInteger[] expected = new BigInteger[size];
				for (int i = 0; i < size; i++) expected[i] = encrypter.encrypt(m[i], one);
				assertArrayEquals(expected, encrypter.encrypt(m, new Random(seed)), encrypter + ", size " + size);
				final BigInteger[] back = new BigInteger[size];
				final BigInteger[] got = encrypter.encrypt(m, rnd);
				for (int i = 0; i < size; i++) back[i] = key.decrypt(got[i]);
				assertArrayEquals(m, back);
			}
		}
	}
}
