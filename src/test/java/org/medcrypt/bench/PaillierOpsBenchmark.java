package org.medcrypt.bench;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single Paillier operations, one thread (so the figures are per core), in
 * operations per second: MedCrypt's DJN encryption (public key, and CRT with
 * the private key), CRT decryption, and the textbook baselines that javallier
 * and python-paillier implement, measured in the same run.
 *
 * <p>Plaintexts are full-size residues mod n, as packed image plaintexts are.
 * Fixed-base tables are built in {@link #setUp()}, outside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class PaillierOpsBenchmark {

	@Param({ "2048", "3072" })
	public int bits;

	private PaillierPublicKey publicKey;
	private PaillierPrivateKey privateKey;
	private TextbookPaillier textbook;
	/** A few full-size plaintexts and their ciphertexts, cycled through. */
	private BigInteger[] plaintexts, ciphertexts;
	private int next;

	@Setup(Level.Trial)
	public void setUp() {
		final PaillierKeyPair keys = PaillierKeyGenerator.generate(bits, new SecureRandom());
		publicKey = keys.publicKey();
		privateKey = keys.privateKey();
		textbook = new TextbookPaillier(privateKey);
		// Fixed-base tables now: both of the private key's and the public key's.
		privateKey.precompute();
		final Random rnd = SecureRandoms.forThisThread();
		publicKey.encrypt(BigInteger.ONE, rnd);
		plaintexts = new BigInteger[16];
		ciphertexts = new BigInteger[plaintexts.length];
		for (int i = 0; i < plaintexts.length; i++) {
			plaintexts[i] = new BigInteger(bits + 64, rnd).mod(publicKey.modulus());
			ciphertexts[i] = privateKey.encrypt(plaintexts[i], rnd);
		}
		// Every variant must compute the same thing: check once, outside the measurement.
		for (int i = 0; i < plaintexts.length; i++) {
			final BigInteger m = plaintexts[i];
			check(textbook.decrypt(ciphertexts[i]), m, "textbook decryption");
			check(privateKey.decrypt(ciphertexts[i]), m, "CRT decryption");
			check(privateKey.decrypt(publicKey.encrypt(m, rnd)), m, "public DJN encryption");
			check(privateKey.decrypt(textbook.encrypt(m, rnd)), m, "textbook encryption");
		}
	}

	private static void check(final BigInteger got, final BigInteger expected, final String what) {
		if (!got.equals(expected)) throw new IllegalStateException(what + " does not round-trip");
	}

	private BigInteger nextPlaintext() {
		return plaintexts[next++ & (plaintexts.length - 1)];
	}

	private BigInteger nextCiphertext() {
		return ciphertexts[next++ & (ciphertexts.length - 1)];
	}

	/** Baseline: (1 + m·n)·r^n mod n² with a fresh full-size r. */
	@Benchmark
	public BigInteger textbookEncrypt() {
		return textbook.encrypt(nextPlaintext(), SecureRandoms.forThisThread());
	}

	/** Baseline: L(c^λ mod n²)·μ mod n. */
	@Benchmark
	public BigInteger textbookDecrypt() {
		return textbook.decrypt(nextCiphertext());
	}

	/** DJN with the public key: (1 + m·n)·hs^a mod n², hs^a from a fixed-base table. */
	@Benchmark
	public BigInteger djnPublicEncrypt() {
		return publicKey.encrypt(nextPlaintext(), SecureRandoms.forThisThread());
	}

	/** DJN with the private key: the same ciphertext computed mod p² and q² (CRT). */
	@Benchmark
	public BigInteger djnOwnerEncrypt() {
		return privateKey.encrypt(nextPlaintext(), SecureRandoms.forThisThread());
	}

	/** CRT decryption with the private key. */
	@Benchmark
	public BigInteger crtDecrypt() {
		return privateKey.decrypt(nextCiphertext());
	}
}
