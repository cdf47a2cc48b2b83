package org.medcrypt.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Every homomorphic identity, on random plaintexts (seeded), with a real 2048-bit key. */
class PaillierPropertiesTest {

	private final PaillierPrivateKey key = TestKeys.real().privateKey();
	private final PaillierPublicKey pub = key.publicKey();
	private final BigInteger n = pub.modulus();
	private final Random rnd = new Random(20261121);

	private BigInteger randomPlain() {
		return new BigInteger(n.bitLength() + 8, rnd).mod(n);
	}

	@Test
	void publicAndPrivateEncryptionAgreeAndDecrypt() {
		for (int i = 0; i < 10; i++) {
			final BigInteger m = randomPlain(), a = new BigInteger(pub.randomBits(), rnd);
			final BigInteger viaPublic = pub.encryptWithExponent(m, a);
			assertEquals(viaPublic, key.encryptWithExponent(m, a), "CRT encryption must equal the public one");
			assertEquals(viaPublic, pub.plainPart(m).multiply(pub.randomnessBase().modPow(a, pub.modulusSquared()))
				.mod(pub.modulusSquared()), "fixed-base tables must equal plain modPow");
			assertEquals(m, key.decrypt(viaPublic));
			assertEquals(m, key.decrypt(pub.encrypt(m, rnd)));
			assertEquals(m, key.decrypt(key.encrypt(m, rnd)));
		}
	}

	@Test
	void encryptionIsRandomised() {
		final BigInteger m = BigInteger.valueOf(42);
		assertNotEquals(key.encrypt(m, new SecureRandom()), key.encrypt(m, new SecureRandom()));
	}

	@Test
	void homomorphicIdentities() {
		for (int i = 0; i < 8; i++) {
			final BigInteger a = randomPlain(), b = randomPlain();
			final BigInteger k = BigInteger.valueOf(rnd.nextInt()).subtract(BigInteger.valueOf(rnd.nextInt(1000)));
			final BigInteger ca = key.encrypt(a, rnd), cb = key.encrypt(b, rnd);
			assertEquals(a.add(b).mod(n), key.decrypt(pub.add(ca, cb)), "add");
			assertEquals(a.subtract(b).mod(n), key.decrypt(pub.subtract(ca, cb)), "subtract");
			assertEquals(a.negate().mod(n), key.decrypt(pub.negate(ca)), "negate");
			assertEquals(a.multiply(k).mod(n), key.decrypt(pub.multiply(ca, k)), "scalar multiply by " + k);
			assertEquals(a.add(k).mod(n), key.decrypt(pub.addPlain(ca, k)), "add plaintext");
			final BigInteger fresh = pub.rerandomize(ca, rnd);
			assertNotEquals(ca, fresh, "re-randomised ciphertext must differ");
			assertEquals(a, key.decrypt(fresh), "re-randomise keeps the plaintext");
		}
	}

	@Test
	void signedDecryptionCentresResidues() {
		assertEquals(BigInteger.valueOf(-5), key.decryptSigned(key.encrypt(BigInteger.valueOf(-5), rnd)));
		assertEquals(BigInteger.valueOf(7), key.decryptSigned(key.encrypt(BigInteger.valueOf(7), rnd)));
	}

	@Test
	void rejectsValuesOutsideTheCiphertextSpace() {
		assertThrows(IllegalArgumentException.class, () -> key.decrypt(BigInteger.ZERO));
		assertThrows(IllegalArgumentException.class, () -> key.decrypt(pub.modulusSquared()));
		assertTrue(pub.inCiphertextRange(BigInteger.ONE));
	}

	@Test
	void fixedBaseMatchesModPowOnEdgeExponents() {
		final BigInteger mod = pub.modulusSquared(), base = pub.randomnessBase();
		final FixedBaseExponentiator f = new FixedBaseExponentiator(base, mod, 300, 7);
		for (final BigInteger e : new BigInteger[] { BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(127),
			BigInteger.valueOf(128), BigInteger.ONE.shiftLeft(299), BigInteger.ONE.shiftLeft(300).subtract(
				BigInteger.ONE), new BigInteger(300, rnd) })
		{
			assertEquals(base.modPow(e, mod), f.pow(e), "exponent " + e);
		}
		assertThrows(IllegalArgumentException.class, () -> f.pow(BigInteger.ONE.shiftLeft(300)));
	}
}
