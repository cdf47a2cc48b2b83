package org.medcrypt.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
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
		final SeededRandomness reopened = SeededRandomness.open(key, seeded.seal(key, rnd));
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
		final byte[] seal = seeded.seal(key, rnd);
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
}
