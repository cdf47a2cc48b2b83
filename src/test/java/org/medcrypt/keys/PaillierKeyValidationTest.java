package org.medcrypt.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.paillier.TestKeys;

/**
 * Issue 14, finding 4: public keys no one holds, or that protect nothing, were accepted: hs = 1 (its images read back
 * as (c-1)/n without the private key), a negative n (a stack trace). Each such key is written here as a well-formed
 * version 2 file with a matching checksum, so that only the mathematical checks stand between it and use: each must
 * be refused with a {@link DamagedFileException} naming the file.
 */
class PaillierKeyValidationTest {

	@TempDir
	Path dir;

	private static final PaillierPrivateKey KEY;
	private static final BigInteger N, N2, HS;

	static {
		try {
			KEY = PaillierKeyFiles.readPrivate(Paths.get(PaillierKeyValidationTest.class.getResource(
				"format-v2.paillier.key").toURI()));
		}
		catch (final Exception e) {
			throw new ExceptionInInitializerError(e);
		}
		N = KEY.publicKey().modulus();
		N2 = N.multiply(N);
		HS = KEY.publicKey().randomnessBase();
	}

	/** A version 2 public key file of these values, checksum and all (the layout of PaillierKeyFiles). */
	private Path publicFile(final String name, final int declaredBits, final int randomBits, final BigInteger n,
		final BigInteger hs) throws Exception
	{
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeBytes("MCPK");
			out.writeShort(2);
			out.writeInt(declaredBits);
			out.writeInt(randomBits);
			for (final BigInteger v : new BigInteger[] { n, hs }) {
				final byte[] b = v.toByteArray();
				out.writeInt(b.length);
				out.write(b);
			}
		}
		final byte[] body = bytes.toByteArray();
		final byte[] checked = Arrays.copyOf(body, body.length + 32);
		System.arraycopy(Wire.sha256().digest(body), 0, checked, body.length, 32);
		final Path file = dir.resolve(name + ".paillier.pub");
		Files.write(file, Pem.encodeAscii("MEDCRYPT PAILLIER PUBLIC KEY", checked));
		return file;
	}

	private Path publicFile(final String name, final BigInteger n, final BigInteger hs) throws Exception {
		return publicFile(name, n.bitLength(), PaillierKeyGenerator.defaultRandomBits(n.bitLength()), n, hs);
	}

	private static void refused(final Path file, final String why) {
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> PaillierKeyFiles.readPublic(
			file), file.toString());
		assertTrue(e.getMessage().startsWith(file + ": the Paillier key is damaged (" + why), e.getMessage());
	}

	@Test
	void theCraftedFilesAreWellFormed() throws Exception {
		// The writer of this test makes files the reader takes, so the refusals below are the checks', not the format's.
		assertEquals(KEY.publicKey(), PaillierKeyFiles.readPublic(publicFile("genuine", N, HS)));
	}

	@Test
	void randomnessBasesOfSmallOrderOrOutOfRangeAreRefused() throws Exception {
		final String smallOrder = "the randomness base hs has a small order";
		refused(publicFile("hs-1", N, BigInteger.ONE), "the randomness base hs is not a unit in (1, n²)");
		refused(publicFile("hs-minus-1", N, N2.subtract(BigInteger.ONE)), smallOrder);
		refused(publicFile("hs-0", N, BigInteger.ZERO), "the randomness base hs is not a unit");
		refused(publicFile("hs-n2", N, N2), "the randomness base hs is not a unit");
		refused(publicFile("hs-n", N, N), "the randomness base hs is not a unit");
		refused(publicFile("hs-p", N, KEY.p()), "the randomness base hs is not a unit");
		// A square root of 1 other than ±1: 1 mod p², -1 mod q².
		final BigInteger p2 = KEY.p().pow(2), q2 = KEY.q().pow(2);
		final BigInteger root = crt(BigInteger.ONE, p2, q2.subtract(BigInteger.ONE), q2);
		refused(publicFile("hs-root-of-1", N, root), smallOrder);
		// Powers of 1+n (order n): anyone reads (c-1)/n = m + k·a mod n.
		refused(publicFile("hs-1-plus-n", N, N.add(BigInteger.ONE)), smallOrder);
		refused(publicFile("hs-1-plus-n-times-minus-1", N, N.add(BigInteger.ONE).multiply(N2.subtract(BigInteger.ONE))
			.mod(N2)), smallOrder);
	}

	@Test
	void moduliNoRealKeyHasAreRefused() throws Exception {
		refused(publicFile("n-negative", N.negate(), HS), "the modulus is not positive");
		refused(publicFile("n-even", N.add(BigInteger.ONE), HS.mod(N.add(BigInteger.ONE).pow(2))),
			"the modulus is even");
		refused(publicFile("n-small-factor", N.multiply(BigInteger.valueOf(3)), HS),
			"the modulus has a small prime factor");
		final BigInteger p = KEY.p();
		refused(publicFile("n-square", p.multiply(p), BigInteger.valueOf(4).modPow(p, p.pow(4))),
			"the modulus is a perfect square");
		final BigInteger prime = BigInteger.probablePrime(2048, new SecureRandom());
		refused(publicFile("n-prime", prime, BigInteger.valueOf(4).modPow(prime, prime.pow(2))), "the modulus is prime");
		// Wrong sizes: declared differently, or below 2048 bits (a real 1024-bit key, as the tests' factory makes).
		refused(publicFile("n-declared-3072", 3072, 1024, N, HS), "the modulus has 2048 bits, the file declares 3072");
		final PaillierPublicKey small = TestKeys.small().publicKey();
		refused(publicFile("n-1024", small.modulus(), small.randomnessBase()), "a 1024-bit Paillier key is too weak");
		refused(publicFile("random-bits-8", 2048, 8, N, HS), "random exponent of 8 bits is out of range");
	}

	private static BigInteger crt(final BigInteger a, final BigInteger m, final BigInteger b, final BigInteger k) {
		return b.subtract(a).multiply(m.modInverse(k)).mod(k).multiply(m).add(a);
	}
}
