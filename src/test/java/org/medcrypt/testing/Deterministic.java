package org.medcrypt.testing;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Random;

/**
 * Reproducible stand-ins for the secrets of known-answer tests: a
 * "SecureRandom" that returns a fixed stream, and RSA key pairs made from
 * seeded primes, so that the same seal or watermark gives the same bytes in
 * every run and on every branch. Never for anything but tests.
 */
public final class Deterministic {

	private Deterministic() {}

	/** A SecureRandom whose bytes are SHA-256(seed || counter), block after block: the same stream every run. */
	public static SecureRandom random(final long seed) {
		return new SecureRandom() {

			private static final long serialVersionUID = 1L;
			private long counter;
			private final byte[] block = new byte[32];
			private int used = block.length;

			@Override
			public synchronized void nextBytes(final byte[] bytes) {
				for (int i = 0; i < bytes.length; i++) {
					if (used == block.length) refill();
					bytes[i] = block[used++];
				}
			}

			private void refill() {
				try {
					final MessageDigest sha = MessageDigest.getInstance("SHA-256");
					sha.update(ByteBuffer.allocate(16).putLong(seed).putLong(counter++).array());
					sha.digest(block, 0, block.length);
				}
				catch (final GeneralSecurityException e) {
					throw new IllegalStateException(e);
				}
				used = 0;
			}
		};
	}

	/**
	 * An RSA key pair of exactly {@code bits} bits, e = 65537, from primes of
	 * {@code BigInteger.probablePrime} on {@code new Random(seed)} (not the
	 * JDK key generator, whose use of its random source may change).
	 */
	public static KeyPair rsaKeyPair(final int bits, final long seed) {
		final Random random = new Random(seed);
		final BigInteger e = BigInteger.valueOf(65537);
		while (true) {
			final BigInteger p = BigInteger.probablePrime(bits / 2, random), q = BigInteger.probablePrime(bits / 2,
				random);
			final BigInteger n = p.multiply(q), p1 = p.subtract(BigInteger.ONE), q1 = q.subtract(BigInteger.ONE);
			if (p.equals(q) || n.bitLength() != bits || !e.gcd(p1).equals(BigInteger.ONE) || !e.gcd(q1).equals(
				BigInteger.ONE)) continue;
			final BigInteger d = e.modInverse(p1.multiply(q1));
			try {
				final KeyFactory f = KeyFactory.getInstance("RSA");
				return new KeyPair(f.generatePublic(new RSAPublicKeySpec(n, e)), f.generatePrivate(
					new RSAPrivateCrtKeySpec(n, e, d, p, q, d.mod(p1), d.mod(q1), q.modInverse(p))));
			}
			catch (final GeneralSecurityException x) {
				throw new IllegalStateException(x);
			}
		}
	}
}
