package org.medcrypt.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.paillier.TestKeys;

/**
 * Seed paper 1, eq. 4: u = argmin_i E[φ]·E[T_i]^-1 over ciphertexts, meant to find
 * the interval T_u holding φ without the key. It cannot work: with fresh
 * randomness the products are uniformly spread and the argmin is noise; with
 * randomness shared by E[φ] and the E[T_i] (the only way the argmin can come out
 * right) every product is 1 + (φ - T_i)·n, so anyone reads φ - T_i, hence φ,
 * without the key. This is why MedCrypt replaces eq. 4 by a protocol with the key
 * holder (docs/SECURITY.md).
 */
class PaperEquationFourTest {

	private static final int K = 8, DELTA = 64;

	/** The 1024-bit test key: both outcomes are algebra mod n² that holds for every n (TestKeys: many encryptions). */
	private final PaillierKeyPair pair = TestKeys.small();
	private final PaillierPublicKey pub = pair.publicKey();
	private final BigInteger n = pub.modulus(), n2 = pub.modulusSquared();
	private final Random rnd = new Random(4);

	/** The paper's rule on ciphertexts: the index of the smallest E[φ]·E[T_i]^-1 mod n². */
	private int argmin(final BigInteger encPhi, final BigInteger[] encT) {
		int best = 0;
		BigInteger min = null;
		for (int i = 0; i < encT.length; i++) {
			final BigInteger v = encPhi.multiply(encT[i].modInverse(n2)).mod(n2);
			if (min == null || v.compareTo(min) < 0) {
				min = v;
				best = i;
			}
		}
		return best;
	}

	@Test
	void withFreshRandomnessTheArgminIsNoise() {
		int right = 0;
		final int trials = 200;
		for (int t = 0; t < trials; t++) {
			final int phi = rnd.nextInt(K * DELTA);
			final BigInteger[] encT = new BigInteger[K];
			for (int i = 0; i < K; i++) encT[i] = pub.encrypt(BigInteger.valueOf((long) i * DELTA), rnd);
			if (argmin(pub.encrypt(BigInteger.valueOf(phi), rnd), encT) == phi / DELTA) right++;
		}
		// A correct test would score 200; a random pick scores about 200/8 = 25.
		assertTrue(right < 50, "eq. 4 found the interval " + right + " times out of " + trials);
	}

	@Test
	void withSharedRandomnessItWorksButLeaksEveryCoefficient() {
		// Each trial is exact (no statistics): 20 random coefficients show it; each costs K + 1 textbook
		// encryptions.
		for (int t = 0; t < 20; t++) {
			final int phi = rnd.nextInt(K * DELTA);
			final BigInteger r = new BigInteger(n.bitLength() - 1, rnd).add(BigInteger.ONE);
			final BigInteger encPhi = pub.encryptTextbook(BigInteger.valueOf(phi), r);
			final BigInteger[] encT = new BigInteger[K];
			for (int i = 0; i < K; i++) encT[i] = pub.encryptTextbook(BigInteger.valueOf((long) i * DELTA), r);
			final int u = argmin(encPhi, encT);
			assertEquals(phi / DELTA, u, "with shared randomness eq. 4 picks the right interval");
			// ...and the server, without the key, reads the coefficient: (E[φ]·E[T_u]^-1 - 1) / n = φ - T_u.
			final BigInteger leak = encPhi.multiply(encT[u].modInverse(n2)).mod(n2).subtract(BigInteger.ONE)
				.divide(n);
			assertEquals(phi, leak.intValueExact() + u * DELTA, "the server recovered the plaintext coefficient");
		}
	}
}
