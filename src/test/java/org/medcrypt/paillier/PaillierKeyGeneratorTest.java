package org.medcrypt.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class PaillierKeyGeneratorTest {

	@Test
	void realKeyHasTheRequestedSizeAndDjnBase() {
		final PaillierKeyPair pair = TestKeys.real();
		final PaillierPublicKey pub = pair.publicKey();
		assertEquals(2048, pub.bitLength());
		assertEquals(1024, pub.randomBits(), "DJN: ceil(|n|/2) bits of exponent");
		final BigInteger p = pair.privateKey().p(), q = pair.privateKey().q();
		assertEquals(pub.modulus(), p.multiply(q));
		assertTrue(p.isProbablePrime(64) && q.isProbablePrime(64));
		// hs is an n-th power: hs^λ = 1 mod n² (it encrypts zero)
		assertEquals(BigInteger.ZERO, pair.privateKey().decrypt(pub.randomnessBase()));
	}

	@Test
	void refusesWeakKeys() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaillierKeyGenerator
			.generate(1024, new SecureRandom()));
		assertTrue(e.getMessage().contains("too weak"), e.getMessage());
	}

	@Test
	void onlyThePackagePrivateTestFactoryMakesKeysBelow2048Bits() {
		final PaillierKeyPair small = TestKeys.small();
		assertEquals(1024, small.publicKey().bitLength());
		final PaillierPrivateKey key = small.privateKey();
		final PaillierPublicKey pub = small.publicKey();
		// No public way rebuilds it (key files go through these two), and no system property opens one.
		final String formerSwitch = "medcrypt.insecure.test.keys";
		System.setProperty(formerSwitch, "true");
		try {
			assertThrows(IllegalArgumentException.class, () -> PaillierKeyGenerator.generate(1024, new SecureRandom()));
			assertThrows(IllegalArgumentException.class, () -> PaillierKeyGenerator.fromPrimes(key.p(), key.q(), pub
				.randomnessBase(), pub.randomBits()));
			assertThrows(IllegalArgumentException.class, () -> PaillierKeyGenerator.publicKey(pub.modulus(), pub
				.randomnessBase(), pub.randomBits()));
		}
		finally {
			System.clearProperty(formerSwitch);
		}
		assertThrows(IllegalArgumentException.class, () -> PaillierKeyGenerator.insecureTestKey(256,
			new SecureRandom()));
	}

	@Test
	void securityLevels() {
		assertEquals(128, PaillierKeyGenerator.securityBits(3072));
		assertEquals(112, PaillierKeyGenerator.securityBits(2048));
		assertEquals(1536, PaillierKeyGenerator.defaultRandomBits(3072));
	}
}
