package org.medcrypt.paillier;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;

import org.medcrypt.io.Hex;
import org.medcrypt.io.Wire;

/**
 * A Paillier public key with g = n+1 and Damgard-Jurik-Nielsen randomness:
 * E(m) = (1 + m·n) · hs^a mod n², where hs = (-x²)^n mod n² is published with
 * the key and a is a fresh random exponent of {@link #randomBits()} bits
 * (DJN 2010, section 4.2; the default, ceil(|n|/2), is theirs). Anyone holding
 * this key can encrypt and compute on ciphertexts; only the private key decrypts.
 *
 * <p>Ciphertexts are plain {@link BigInteger}s in [1, n²). Plaintexts are residues
 * mod n; negative values are taken mod n.
 */
public final class PaillierPublicKey implements PaillierEncrypter {

	/**
	 * Window of the public key's fixed-base table mod n²: 9 bits, one more than the
	 * owner's tables mod p² and q² ({@link FixedBaseExponentiator#DEFAULT_WINDOW_BITS}).
	 * Why: without the factors every product is mod n² (twice the limbs, about 3.5x
	 * the time of one mod p²), so the public-key encryption misses issue 12's 0.8x of
	 * GMP with 8-bit windows (192 products per 1536-bit exponent); 9-bit windows need
	 * 171 (11% fewer) for a table of 100 MB instead of 56 MB at 3072-bit keys (171
	 * windows x 511 entries x 143 limbs x 8 bytes), built once per key in the JVM.
	 * 10-bit windows would save another 10% for 180 MB: over the memory budget
	 * (about 100 MB per key) a Fiji with the default heap can spare.
	 */
	static final int PUBLIC_WINDOW_BITS = 9;

	private final BigInteger n;
	private final BigInteger nSquared;
	private final BigInteger hs;
	private final int randomBits;
	private final String fingerprint;
	private volatile FixedBaseExponentiator hsTable;
	/** The kernel mod n² for homomorphic products (built on first use), and one scratch space per thread. */
	private volatile FmaMontgomery squareKernel;
	private final ThreadLocal<FmaMontgomery.Workspace> workspaces = ThreadLocal.withInitial(() -> squareKernel()
		.workspace());

	PaillierPublicKey(final BigInteger n, final BigInteger hs, final int randomBits) {
		this.n = n;
		this.nSquared = n.multiply(n);
		this.hs = hs;
		this.randomBits = randomBits;
		this.fingerprint = computeFingerprint(n, hs, randomBits);
	}

	@Override
	public PaillierPublicKey publicKey() {
		return this;
	}

	/** The modulus n. */
	public BigInteger modulus() {
		return n;
	}

	/** n², the ciphertext modulus. */
	public BigInteger modulusSquared() {
		return nSquared;
	}

	/** The DJN randomness base hs = (-x²)^n mod n². */
	public BigInteger randomnessBase() {
		return hs;
	}

	/** Bit length of the random exponent a in hs^a. */
	public int randomBits() {
		return randomBits;
	}

	/** Bit length of n (2048 or 3072 for real keys). */
	public int bitLength() {
		return n.bitLength();
	}

	/** Bytes of one ciphertext in files: 2·ceil(|n|/8). */
	public int ciphertextBytes() {
		return 2 * ((n.bitLength() + 7) / 8);
	}

	/** SHA-256 of the key's parameters, hex: identifies the key in files and messages. */
	public String fingerprint() {
		return fingerprint;
	}

	@Override
	public BigInteger encrypt(final BigInteger m, final Random rnd) {
		return encryptWithExponent(m, new BigInteger(randomBits, rnd));
	}

	/** Batched: the fixed-base table walked window by window for the whole batch ({@link PaillierEncrypter}). */
	@Override
	public BigInteger[] encrypt(final BigInteger[] m, final Random rnd) {
		final BigInteger[] a = new BigInteger[m.length];
		for (int i = 0; i < m.length; i++) a[i] = new BigInteger(randomBits, rnd);
		final BigInteger[] hsA = hsTable().pow(a);
		final BigInteger[] out = new BigInteger[m.length];
		for (int i = 0; i < m.length; i++) out[i] = product(plainPart(m[i]), hsA[i]);
		return out;
	}

	/** (1 + m·n)·hs^a mod n²: the encryption with a chosen random exponent a. */
	BigInteger encryptWithExponent(final BigInteger m, final BigInteger a) {
		return product(plainPart(m), hsTable().pow(a));
	}

	/**
	 * Textbook Paillier (1999) with g = n+1 and a caller-chosen r in Z_n*:
	 * (1 + m·n)·r^n mod n². The reference for known-answer tests and the
	 * per-pixel baseline in benchmarks; {@link #encrypt} is the fast path.
	 */
	public BigInteger encryptTextbook(final BigInteger m, final BigInteger r) {
		return plainPart(m).multiply(r.modPow(n, nSquared)).mod(nSquared);
	}

	/** A fresh encryption of zero's randomness: hs^a mod n². */
	public BigInteger randomFactor(final Random rnd) {
		return hsTable().pow(new BigInteger(randomBits, rnd));
	}

	/** E(a)·E(b) = E(a+b). */
	public BigInteger add(final BigInteger c1, final BigInteger c2) {
		return product(c1, c2);
	}

	/** E(a)·E(b)^-1 = E(a-b). */
	public BigInteger subtract(final BigInteger c1, final BigInteger c2) {
		return product(c1, c2.modInverse(nSquared));
	}

	/**
	 * x·y mod n² with the pure-Java kernel ({@link FmaMontgomery}, about twice as
	 * fast as {@code multiply().mod()} at 3072-bit keys): every homomorphic product
	 * (the Haar transform on ciphertexts, query differences) goes through here.
	 * Operands outside [0, n²) are reduced first.
	 */
	BigInteger product(final BigInteger x, final BigInteger y) {
		if (!nSquared.testBit(0)) return x.multiply(y).mod(nSquared); // not a real key: no Montgomery, no failure
		return squareKernel().multiplyMod(reduced(x), reduced(y), workspaces.get());
	}

	private FmaMontgomery squareKernel() {
		FmaMontgomery k = squareKernel;
		if (k == null) {
			synchronized (this) {
				k = squareKernel;
				if (k == null) squareKernel = k = new FmaMontgomery(nSquared);
			}
		}
		return k;
	}

	private BigInteger reduced(final BigInteger x) {
		return x.signum() >= 0 && x.compareTo(nSquared) < 0 ? x : x.mod(nSquared);
	}

	/** E(a)^-1 = E(-a). */
	public BigInteger negate(final BigInteger c) {
		return c.modInverse(nSquared);
	}

	/** E(a)^k = E(k·a); k may be negative. */
	public BigInteger multiply(final BigInteger c, final BigInteger k) {
		if (k.equals(BigInteger.ONE)) return c; // the common case of scaled differences: no exponentiation
		return k.signum() >= 0 ? c.modPow(k, nSquared) : c.modInverse(nSquared).modPow(k.negate(), nSquared);
	}

	/** E(a)·(1 + k·n) = E(a+k), without new randomness. */
	public BigInteger addPlain(final BigInteger c, final BigInteger k) {
		return product(c, plainPart(k));
	}

	/** Same plaintext, fresh randomness: unlinkable to c. */
	public BigInteger rerandomize(final BigInteger c, final Random rnd) {
		return product(c, randomFactor(rnd));
	}

	/** True if c can be a ciphertext for this key: 0 < c < n² (the cheap check done on every input). */
	public boolean inCiphertextRange(final BigInteger c) {
		return c.signum() > 0 && c.compareTo(nSquared) < 0;
	}

	/** (1+n)^m = 1 + m·n mod n². */
	BigInteger plainPart(final BigInteger m) {
		return BigInteger.ONE.add(m.mod(n).multiply(n));
	}

	private FixedBaseExponentiator hsTable() {
		FixedBaseExponentiator t = hsTable;
		if (t == null) {
			synchronized (this) {
				t = hsTable;
				if (t == null) hsTable = t = new FixedBaseExponentiator(hs, nSquared, randomBits, PUBLIC_WINDOW_BITS);
			}
		}
		return t;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof PaillierPublicKey && ((PaillierPublicKey) o).fingerprint.equals(fingerprint);
	}

	@Override
	public int hashCode() {
		return fingerprint.hashCode();
	}

	@Override
	public String toString() {
		return "Paillier-" + bitLength() + " public key " + fingerprint;
	}

	private static String computeFingerprint(final BigInteger n, final BigInteger hs, final int randomBits) {
		final MessageDigest sha = Wire.sha256();
		sha.update("MedCrypt Paillier public key v1".getBytes(StandardCharsets.US_ASCII));
		for (final BigInteger v : new BigInteger[] { n, hs, BigInteger.valueOf(randomBits) }) {
			final byte[] b = v.toByteArray();
			sha.update(new byte[] { (byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8),
				(byte) b.length });
			sha.update(b);
		}
		return Hex.of(sha.digest());
	}
}
