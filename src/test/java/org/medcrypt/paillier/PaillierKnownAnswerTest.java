package org.medcrypt.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medcrypt.testing.MiniJson;
import org.medcrypt.testing.Datasets;

/**
 * Checks the engine against ../shared/vectors/paillier-kat.json: 2048- and
 * 3072-bit keys, textbook ciphertexts c = (1 + m·n)·r^n mod n², and homomorphic
 * results, computed with Python integers independently of this project.
 */
class PaillierKnownAnswerTest {

	@Test
	@SuppressWarnings("unchecked")
	void matchesIndependentlyComputedVectors() throws Exception {
		final Map<String, Object> root = (Map<String, Object>) MiniJson.parse(new String(Files.readAllBytes(
			Datasets.vectors("paillier-kat.json")), StandardCharsets.US_ASCII));
		final List<Map<String, Object>> keys = (List<Map<String, Object>>) root.get("keys");
		assertEquals(2, keys.size());
		int checked = 0;
		for (final Map<String, Object> k : keys) {
			final BigInteger p = hex(k, "p"), q = hex(k, "q"), n = hex(k, "n");
			// hs does not enter textbook encryption or decryption: any unit serves to build the key.
			final BigInteger hs = n.subtract(BigInteger.valueOf(4)).modPow(n, n.multiply(n));
			final int bits = ((BigInteger) k.get("bits")).intValue();
			final PaillierPrivateKey key = PaillierKeyGenerator.fromPrimes(p, q, hs, PaillierKeyGenerator
				.defaultRandomBits(bits)).privateKey();
			final PaillierPublicKey pub = key.publicKey();
			assertEquals(bits, pub.bitLength());
			assertEquals(n, pub.modulus());
			assertEquals(hex(k, "lambda"), key.lambda());
			assertEquals(hex(k, "mu"), key.mu());
			for (final Map<String, Object> e : (List<Map<String, Object>>) k.get("encryptions")) {
				final BigInteger m = hex(e, "m"), r = hex(e, "r"), c = hex(e, "c");
				assertEquals(c, pub.encryptTextbook(m, r), "encryption of m=" + e.get("m"));
				assertEquals(m.mod(n), key.decrypt(c), "decryption of m=" + e.get("m"));
				checked++;
			}
			final Map<String, Object> h = (Map<String, Object>) k.get("homomorphic");
			final BigInteger c1 = hex(h, "c1"), c2 = hex(h, "c2");
			assertEquals(c1, pub.encryptTextbook((BigInteger) h.get("m1"), hex(h, "r1")));
			assertEquals(c2, pub.encryptTextbook((BigInteger) h.get("m2"), hex(h, "r2")));
			assertEquals(h.get("product_c1_c2_decrypts_to"), key.decrypt(pub.add(c1, c2)));
			assertEquals(h.get("c1_pow_k_decrypts_to"), key.decrypt(pub.multiply(c1, (BigInteger) h.get("k"))));
		}
		assertEquals(12, checked);
	}

	private static BigInteger hex(final Map<String, Object> m, final String field) {
		return new BigInteger((String) m.get(field), 16);
	}
}
