package org.medcrypt.paillier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.junit.jupiter.api.Test;

class SeededRandomnessTest {

	private final PaillierPrivateKey key = TestKeys.real().privateKey();
	private final SecureRandom rnd = new SecureRandom();

	@Test
	void exponentsAreDeterministicDistinctAndOfTheRightLength() throws Exception {
		final SeededRandomness seeded = SeededRandomness.fresh(key.publicKey(), rnd);
		final SeededRandomness reopened = SeededRandomness.open(key, seeded.seal(key, new byte[SeededRandomness.MAC_BYTES], rnd));
		final Set<BigInteger> seen = new HashSet<>();
		int topBitSet = 0;
		for (int i = 0; i < 200; i++) {
			final BigInteger a = seeded.exponent(i);
			assertEquals(a, reopened.exponent(i), "the reopened seed gives the same exponents");
			assertTrue(a.bitLength() <= key.publicKey().randomBits());
			if (a.bitLength() == key.publicKey().randomBits()) topBitSet++;
			assertTrue(seen.add(a), "exponent " + i + " repeats");
		}
		assertTrue(topBitSet > 60 && topBitSet < 140, "exponents look uniform in their range: " + topBitSet);
		assertNotEquals(seeded.exponent(0), SeededRandomness.fresh(key.publicKey(), rnd).exponent(0));
	}

	@Test
	void sealOpensOnlyWithItsKeyAndUnaltered() {
		final SeededRandomness seeded = SeededRandomness.fresh(key.publicKey(), rnd);
		final byte[] mac = new byte[SeededRandomness.MAC_BYTES];
		rnd.nextBytes(mac);
		final byte[] seal = seeded.seal(key, mac, rnd);
		assertArrayEquals(mac, assertDoesNotThrow(() -> SeededRandomness.open(key, seal)).sealedMac());
		assertEquals(2, assertDoesNotThrow(() -> SeededRandomness.open(key, seal)).version());
		assertEquals(SeededRandomness.SEALED_BYTES, seal.length);
		assertThrows(InvalidCipherTextException.class, () -> SeededRandomness.open(TestKeys.small().privateKey(),
			seal));
		for (int i = 0; i < seal.length; i += 7) {
			final byte[] altered = seal.clone();
			altered[i] ^= 1;
			assertThrows(InvalidCipherTextException.class, () -> SeededRandomness.open(key, altered), "byte " + i);
		}
	}

	@Test
	void decryptionWithAKnownExponentMatchesGeneralDecryption() {
		final Random r = new Random(3);
		final SeededRandomness seeded = SeededRandomness.fresh(key.publicKey(), rnd);
		final BigInteger n = key.publicKey().modulus();
		for (int i = 0; i < 12; i++) {
			final BigInteger m = new BigInteger(n.bitLength() + 8, r).mod(n), a = seeded.exponent(i);
			final BigInteger c = key.encryptWithExponent(m, a);
			assertEquals(m, key.decryptWithExponent(c, a));
			assertEquals(m, key.decrypt(c));
			// a ciphertext with other randomness is refused, not decrypted to garbage
			assertThrows(IllegalArgumentException.class, () -> key.decryptWithExponent(c, a.add(BigInteger.ONE)));
			assertThrows(IllegalArgumentException.class, () -> key.decryptWithExponent(key.encrypt(m, r), a));
		}
	}

	@Test
	void fastPathWorksForKeysWithShortExponents() {
		// 224 bits: the shortest exponent a 2048-bit key accepts (2 x 112-bit security), shorter than |p|.
		final PaillierPrivateKey shortKey = PaillierKeyGenerator.fromPrimes(key.p(), key.q(), key.publicKey()
			.randomnessBase(), 224).privateKey();
		final SeededRandomness seeded = SeededRandomness.fresh(shortKey.publicKey(), rnd);
		final BigInteger m = BigInteger.valueOf(987654321), a = seeded.exponent(5);
		assertEquals(224, shortKey.publicKey().randomBits());
		assertEquals(m, shortKey.decryptWithExponent(shortKey.encryptWithExponent(m, a), a));
	}

	/**
	 * Issue 10, finding 4: with seal version 1 the counter ran over the index,
	 * so exponent 0's keystream from its second block on was exponent 1's from
	 * its first (a_0's low bits = a_1's high bits). Version 2 gives every
	 * exponent its own blocks: no 16-byte block repeats among 200 exponents.
	 */
	@Test
	void keystreamsOfDistinctCiphertextsDoNotOverlap() {
		final byte[] seed = new byte[SeededRandomness.SEED_BYTES];
		rnd.nextBytes(seed);
		final int bits = key.publicKey().randomBits(), length = (bits + 7) / 8;
		assertTrue(length > 17, "an exponent spans more than one AES block: " + length + " bytes");
		final SeededRandomness v1 = new SeededRandomness(seed, bits, 1, null);
		final SeededRandomness v2 = new SeededRandomness(seed, bits, 2, null);
		// the top byte is masked to the exponent length: compare below it
		final byte[] a0 = org.medcrypt.io.FixedWidth.bytes(v1.exponent(0), length);
		final byte[] a1 = org.medcrypt.io.FixedWidth.bytes(v1.exponent(1), length);
		assertArrayEquals(Arrays.copyOfRange(a0, 17, length), Arrays.copyOfRange(a1, 1, length - 16),
			"version 1 reproduces the overlap: a_0's low bits are a_1's high bits");
		final byte[] b0 = org.medcrypt.io.FixedWidth.bytes(v2.exponent(0), length);
		final byte[] b1 = org.medcrypt.io.FixedWidth.bytes(v2.exponent(1), length);
		assertFalse(Arrays.equals(Arrays.copyOfRange(b0, 17, length), Arrays.copyOfRange(b1, 1, length - 16)),
			"version 2: a_0's low bits are not a_1's high bits");
		final Set<String> blocks = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			final byte[] a = org.medcrypt.io.FixedWidth.bytes(v2.exponent(i), length);
			// whole 16-byte blocks from the end (the first, partial one is masked)
			for (int end = length; end - 16 >= 1; end -= 16) {
				assertTrue(blocks.add(org.medcrypt.io.Hex.of(Arrays.copyOfRange(a, end - 16, end))), "exponent " +
					i + " repeats a keystream block");
			}
		}
	}

	/** The owner's mark: recognised in a ciphertext made with it, not in ordinary encryptions. */
	@Test
	void ownerMarkIsRecognisedOnlyWithItsKey() {
		final BigInteger m = BigInteger.valueOf(123456789);
		final BigInteger marked = key.publicKey().encryptTextbook(m, SeededRandomness.ownerMark(key, rnd));
		assertEquals(m, key.decrypt(marked));
		assertTrue(SeededRandomness.carriesOwnerMark(key, marked));
		assertFalse(SeededRandomness.carriesOwnerMark(key, key.publicKey().encrypt(m, rnd)));
		assertFalse(SeededRandomness.carriesOwnerMark(key, key.publicKey().rerandomize(marked, rnd)),
			"re-randomised by someone without the key: no longer the owner's");
	}
}
