package org.medcrypt.securesum.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.tls.PartyCredentials;

/**
 * Issue 10, finding 5: the session check value and RSA fingerprints were 64
 * bits, so a researcher could make two session files with one check value in
 * about 2^32 hashes and give each lab a study whose other labs it controls.
 * Now every value shown is the full SHA-256, grouped for reading, and the
 * comparison takes all 32 bytes: a value that agrees with the real one in its
 * first 8 bytes (an old-style collision) no longer passes.
 */
class CheckValuesTest {

	@Test
	void twoSessionFilesDifferingInOnePartyShowDifferentFullCheckValues() throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		final NetworkSession honest = parties.study(Protocol.ADDITIVE_SHARING, Duration.ofSeconds(30), Duration
			.ofSeconds(10)).network();
		// The researcher's second file: lab 3 replaced by a party of its own.
		final PartyCredentials puppet = PartyCredentials.generate("lab-c", LoopbackParties.PASSWORD,
			LoopbackParties.RANDOM);
		final List<NetworkSession.Node> nodes = new ArrayList<>(honest.nodes());
		final NetworkSession.Node lab3 = nodes.get(3);
		nodes.set(3, new NetworkSession.Node(3, lab3.name(), lab3.host(), lab3.port(), puppet.fingerprint()));
		final NetworkSession other = new NetworkSession(honest.sum(), honest.connectTimeout(), nodes, honest
			.extension());
		for (final NetworkSession s : new NetworkSession[] { honest, other }) {
			assertTrue(s.digest().matches("[0-9a-f]{64}"), s.digest());
			assertTrue(s.checkValue().matches("([0-9a-f]{4} ){15}[0-9a-f]{4}"), s.checkValue());
			assertEquals(s.digest(), s.checkValue().replace(" ", ""));
		}
		assertNotEquals(honest.checkValue(), other.checkValue());
		assertFalse(Fingerprints.sameSha256(honest.digest(), other.digest()));
		assertTrue(Fingerprints.sameSha256(honest.digest(), honest.checkValue().toUpperCase()));
	}

	@Test
	void aValueEqualInItsFirstEightBytesIsNotTheSame() {
		final String real = Fingerprints.sha256("session".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		// What a 2^32-hash search gives: agreement in the 64 bits that used to be shown; here any later byte differs.
		for (int i = Fingerprints.SHORT_DIGITS; i < Fingerprints.SHA256_DIGITS; i++) {
			final char flipped = real.charAt(i) == '0' ? '1' : '0';
			final String collision = real.substring(0, i) + flipped + real.substring(i + 1);
			assertEquals(real.substring(0, Fingerprints.SHORT_DIGITS), collision.substring(0, Fingerprints
				.SHORT_DIGITS));
			assertFalse(Fingerprints.sameSha256(real, collision), "digit " + i);
		}
		// A truncated value never matches, not even its own prefix.
		assertFalse(Fingerprints.sameSha256(real, real.substring(0, Fingerprints.SHORT_DIGITS)));
		assertTrue(Fingerprints.sameSha256(real, Fingerprints.grouped(real)));
	}

	@Test
	void rsaFingerprintsShownAreFullSha256() throws Exception {
		final KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
		g.initialize(1024);
		final RSAPublicKey key = (RSAPublicKey) g.generateKeyPair().getPublic();
		assertEquals(Fingerprints.sha256(key.getEncoded()), Fingerprints.of(key));
		assertEquals(64, Fingerprints.of(key).length());
		assertEquals(79, Fingerprints.grouped(Fingerprints.of(key)).length());
	}
}
