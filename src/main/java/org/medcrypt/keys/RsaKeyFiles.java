package org.medcrypt.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.paillier.SmallFactors;

/**
 * RSA key pairs from the JDK ({@code KeyPairGenerator "RSA"}, e = 65537) and
 * their PEM files: {@code PRIVATE KEY} (PKCS#8, written owner-only) and
 * {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), both written atomically and
 * never over an existing file ({@link Pem}). OpenSSL reads them ({@code openssl pkey}).
 * A public key is named by its {@link Fingerprints#of(RSAPublicKey) fingerprint}.
 *
 * <p>Sizes: the files hold keys of {@link #STUDY_MIN_BITS} (the paper's 1024-bit
 * crypto-watermark experiment, study only) to {@link #MAX_BITS} bits; every use
 * outside the study-only commands requires {@link #MIN_BITS} ({@link #requireStrength}).
 *
 * <p>Since issue 14 each file MedCrypt writes starts with one line of RFC 7468
 * "explanatory text" before the PEM block, which OpenSSL and other PEM readers skip:
 * <pre>
 * MedCrypt-SHA-256: 64 lower-case hex digits, the SHA-256 of the DER body below
 * -----BEGIN PUBLIC KEY-----   (the PEM block exactly as before)
 * </pre>
 * If the line is there the body must match it; files without it (written before,
 * or by OpenSSL) are still read. Either way the key is checked for consistency
 * ({@link #checkPublic}, {@link #checkPrivate}): a damaged key gives a
 * {@link DamagedFileException} saying so, never an image sealed for a key nobody
 * holds or a failure blamed on the JDK. Without the line, a changed public
 * exponent or a changed modulus that still has no small factor cannot be noticed;
 * with it, every change of the body is.
 */
public final class RsaKeyFiles {

	/** Default modulus size. */
	public static final int DEFAULT_BITS = 3072;
	/**
	 * Smallest modulus MedCrypt uses outside the study-only commands: 2048 bits (112-bit security, NIST SP 800-57
	 * part 1, the floor of Paillier keys too). Secure transfer refuses smaller keys ({@link #requireStrength}) and
	 * {@link #generate} does not make them (issue 10: 1024- and 800-bit keys were accepted).
	 */
	public static final int MIN_BITS = 2048;
	/**
	 * Smallest modulus the key files hold and the study-only commands take: the paper's crypto-watermark
	 * experiment (Puech 2008, eqs. 5-7) uses 1024-bit keys ({@link #generateForStudy}). Largest modulus.
	 */
	public static final int STUDY_MIN_BITS = 1024, MAX_BITS = 8192;

	private static final String PRIVATE = "PRIVATE KEY", PUBLIC = "PUBLIC KEY";
	/** Starts the checksum line. */
	static final String CHECKSUM = "MedCrypt-SHA-256:";

	private RsaKeyFiles() {}

	/**
	 * A fresh key pair with a {@code bits}-bit modulus, {@link #MIN_BITS} to {@link #MAX_BITS} (commands check
	 * the user's choice with {@link #checkBits} first); {@link #generateForStudy} for the paper's 1024-bit keys.
	 */
	public static KeyPair generate(final int bits, final SecureRandom random) {
		if (bits < MIN_BITS) {
			throw new IllegalArgumentException("RSA keys have " + MIN_BITS + " bits or more outside the study, not " +
				bits);
		}
		return generateForStudy(bits, random);
	}

	/**
	 * The key-generation commands' check of the size a user chose: {@link #MIN_BITS} to {@link #MAX_BITS}, or from
	 * {@link #STUDY_MIN_BITS} if {@code studyOnly} (the user asked for a key for the study-only commands).
	 *
	 * @throws RefusedByPolicyException with what to choose instead
	 */
	public static void checkBits(final int bits, final boolean studyOnly) throws RefusedByPolicyException {
		if (bits > MAX_BITS || bits < STUDY_MIN_BITS) {
			throw new RefusedByPolicyException("RSA keys have " + MIN_BITS + " to " + MAX_BITS + " bits (" +
				STUDY_MIN_BITS + " for the study-only commands), not " + bits + ".");
		}
		if (bits < MIN_BITS && !studyOnly) {
			throw new RefusedByPolicyException("A " + bits + "-bit RSA key is too weak for real data: choose " +
				MIN_BITS + " bits or more (" + DEFAULT_BITS + " by default); the paper's 1024-bit keys are for the " +
				"study-only crypto-watermark (tick \"study only\", or --study-only), and secure transfer refuses them.");
		}
	}

	/**
	 * A key pair for the study-only commands (the paper's crypto-watermark): {@link #STUDY_MIN_BITS} to
	 * {@link #MAX_BITS} bits. Secure transfer refuses the keys below {@link #MIN_BITS} it makes.
	 */
	public static KeyPair generateForStudy(final int bits, final SecureRandom random) {
		if (bits < STUDY_MIN_BITS || bits > MAX_BITS) {
			throw new IllegalArgumentException("RSA modulus size must be " + STUDY_MIN_BITS + " to " + MAX_BITS +
				" bits, not " + bits);
		}
		try {
			final KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
			g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
			return g.generateKeyPair();
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("RSA is required of every Java platform", e);
		}
	}

	/** Writes both files or neither; the private key file is owner-only. Refuses existing files before writing. */
	public static void write(final KeyPair pair, final Path privateFile, final Path publicFile)
		throws MedCryptException
	{
		if (privateFile.toAbsolutePath().normalize().equals(publicFile.toAbsolutePath().normalize())) {
			throw new MedCryptException("The private and public key files must differ.");
		}
		// Both or neither: refused before writing if either exists; the private key goes again if the public one fails.
		Path current = privateFile;
		try (AtomicFiles.Outputs outputs = AtomicFiles.Outputs.of(privateFile, publicFile)) {
			outputs.write(privateFile, true, armour(PRIVATE, pair.getPrivate().getEncoded()).getBytes(
				StandardCharsets.US_ASCII));
			current = publicFile;
			outputs.write(publicFile, false, armour(PUBLIC, pair.getPublic().getEncoded()).getBytes(
				StandardCharsets.US_ASCII));
			outputs.commit();
		}
		catch (final IOException e) {
			throw AtomicFiles.failure(current, e);
		}
	}

	/** The checksum line, then the PEM block. */
	private static String armour(final String type, final byte[] der) {
		return CHECKSUM + " " + Fingerprints.sha256(der) + "\n" + Pem.encode(type, der);
	}

	private static byte[] unpem(final String text, final String type, final Path source) throws MedCryptException {
		if (!Pem.contains(text, type)) {
			throw new DamagedFileException(source + " is not a PEM \"" + type + "\" file (expected " + Pem.begin(type) +
				")." + (text.contains("RSA PRIVATE KEY") ? " Convert PKCS#1 with: openssl pkcs8 -topk8 -nocrypt" : ""));
		}
		final byte[] der;
		try {
			der = Pem.decode(text, type);
		}
		catch (final IllegalArgumentException x) {
			throw new DamagedFileException(source + ": invalid Base64 in the PEM body.", x);
		}
		final String before = text.substring(0, text.indexOf(Pem.begin(type)));
		final int line = before.lastIndexOf(CHECKSUM);
		if (line >= 0) {
			final int eol = before.indexOf('\n', line);
			final String sum = before.substring(line + CHECKSUM.length(), eol < 0 ? before.length() : eol).trim();
			if (!MessageDigest.isEqual(sum.getBytes(StandardCharsets.US_ASCII), Fingerprints.sha256(der).getBytes(
				StandardCharsets.US_ASCII)))
			{
				Arrays.fill(der, (byte) 0);
				throw new DamagedFileException(source + ": the RSA key is damaged (its " + CHECKSUM +
					" checksum does not match). Use a backup copy of the key.");
			}
		}
		return der;
	}

	private static String read(final Path file) throws MedCryptException {
		try {
			return new String(BoundedFiles.readAllBytes(file, BoundedFiles.SMALL_FILE), StandardCharsets.US_ASCII);
		}
		catch (final NoSuchFileException e) {
			throw new MedCryptException("Key file not found: " + file, e);
		}
		catch (final IOException e) {
			throw new MedCryptException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	/** Reads a PKCS#8 PEM RSA private key (with its CRT parameters), checked by {@link #checkPrivate}. */
	public static RSAPrivateCrtKey readPrivate(final Path file) throws MedCryptException {
		final byte[] der = unpem(read(file), PRIVATE, file);
		final RSAPrivateCrtKey key;
		try {
			key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (final GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
			throw new DamagedFileException(file + " does not hold an RSA private key: " + e.getMessage(), e);
		}
		finally {
			Arrays.fill(der, (byte) 0);
		}
		checkPrivate(key, file.toString());
		return key;
	}

	/** Reads an X.509 SubjectPublicKeyInfo PEM RSA public key, checked by {@link #checkPublic}. */
	public static RSAPublicKey readPublic(final Path file) throws MedCryptException {
		final byte[] der = unpem(read(file), PUBLIC, file);
		final RSAPublicKey key;
		try {
			key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (final GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
			throw new DamagedFileException(file + " does not hold an RSA public key: " + e.getMessage(), e);
		}
		checkPublic(key, file.toString());
		return key;
	}

	/**
	 * Checks a public key the way {@link #readPublic} does: modulus of {@link #STUDY_MIN_BITS} to {@link #MAX_BITS} bits
	 * passing {@link SmallFactors#whyNotTwoLargePrimes} (odd, no factor below 2^16, not a square, not prime), public
	 * exponent odd with 3 ≤ e < n.
	 *
	 * @param source names the key in the message ("alice.rsa.pub.pem", "the recipient's public key")
	 * @throws DamagedFileException "source: the RSA key is damaged (why)"
	 * @throws RefusedByPolicyException a whole key of 512 to {@link #STUDY_MIN_BITS} bits
	 */
	public static void checkPublic(final RSAPublicKey key, final String source) throws MedCryptException {
		refuseTooSmall(key.getModulus(), source);
		final String why = whyInconsistent(key.getModulus(), key.getPublicExponent());
		if (why != null) throw damaged(source, why);
	}

	/**
	 * Checks a private key against itself: the public part as {@link #checkPublic}, p·q = n (p ≠ q),
	 * d·e ≡ 1 mod lcm(p-1, q-1), the CRT exponents d mod (p-1) and d mod (q-1), and the CRT coefficient q^-1 mod p.
	 * A key that fails would make the JDK's CRT signing fail (its self-check) or decrypt to garbage. Every value of
	 * the key enters one of these equations, so a changed value fails one of them. (p and q are not tested for
	 * primality: no damage makes a prime composite while keeping p·q = n, and the test would cost more than the
	 * rest.)
	 *
	 * @throws DamagedFileException "source: the RSA key is damaged (why)"
	 * @throws RefusedByPolicyException a whole key of 512 to {@link #STUDY_MIN_BITS} bits
	 */
	public static void checkPrivate(final RSAPrivateCrtKey key, final String source) throws MedCryptException {
		refuseTooSmall(key.getModulus(), source);
		final BigInteger n = key.getModulus(), e = key.getPublicExponent(), d = key.getPrivateExponent(),
			p = key.getPrimeP(), q = key.getPrimeQ();
		// The cheap algebra first: it catches any changed value; the size, factor and primality tests after it.
		String why = null;
		if (n == null || e == null || d == null || p == null || q == null || key.getPrimeExponentP() == null || key
			.getPrimeExponentQ() == null || key.getCrtCoefficient() == null) why = "parameters missing";
		else if (p.signum() <= 0 || q.signum() <= 0 || p.equals(q) || !p.multiply(q).equals(n)) {
			why = "p·q is not the modulus";
		}
		else {
			final BigInteger pm1 = p.subtract(BigInteger.ONE), qm1 = q.subtract(BigInteger.ONE);
			final BigInteger lambda = pm1.divide(pm1.gcd(qm1)).multiply(qm1);
			if (d.signum() <= 0 || !e.multiply(d).mod(lambda).equals(BigInteger.ONE)) {
				why = "the private exponent does not invert the public one";
			}
			else if (!key.getPrimeExponentP().equals(d.mod(pm1)) || !key.getPrimeExponentQ().equals(d.mod(qm1))) {
				why = "a CRT exponent does not match the private exponent";
			}
			else if (!key.getCrtCoefficient().multiply(q).mod(p).equals(BigInteger.ONE)) {
				why = "the CRT coefficient is not q^-1 mod p";
			}
			else why = whyInconsistent(n, e);
		}
		if (why != null) throw damaged(source, why);
	}

	/**
	 * Refuses a key below {@link #MIN_BITS}: every use of RSA outside the study-only commands (secure transfer)
	 * calls it, after the key's consistency checks.
	 *
	 * @param source names the key in the message ("the recipient's public key")
	 * @throws RefusedByPolicyException "source is a 1024-bit RSA key: …at least 2048 bits…"
	 */
	public static void requireStrength(final java.security.interfaces.RSAKey key, final String source)
		throws RefusedByPolicyException
	{
		final int bits = key.getModulus().bitLength();
		if (bits < MIN_BITS) throw tooSmall(bits, source);
	}

	/**
	 * A whole key of 512 to {@link #STUDY_MIN_BITS} bits is weak, not damaged: refused as such, naming its size
	 * (an 800-bit key was read as "damaged" before). Below 512 bits it can only be damage.
	 */
	private static void refuseTooSmall(final BigInteger n, final String source) throws RefusedByPolicyException {
		if (n != null && n.bitLength() >= 512 && n.bitLength() < STUDY_MIN_BITS) {
			throw new RefusedByPolicyException(source + " is a " + n.bitLength() + "-bit RSA key: MedCrypt takes " +
				"RSA keys of at least " + MIN_BITS + " bits (" + STUDY_MIN_BITS + " in the study-only commands); make " +
				"a new key pair with RSA Generate Keys.");
		}
	}

	private static RefusedByPolicyException tooSmall(final int bits, final String source) {
		return new RefusedByPolicyException(source + " is a " + bits + "-bit RSA key: MedCrypt takes RSA keys of " +
			"at least " + MIN_BITS + " bits (" + DEFAULT_BITS + " by default) outside the study-only commands " +
			"(Transfer (study only)); make a new key pair with RSA Generate Keys.");
	}

	private static String whyInconsistent(final BigInteger n, final BigInteger e) {
		if (n == null || e == null) return "modulus or exponent missing";
		if (n.bitLength() < STUDY_MIN_BITS || n.bitLength() > MAX_BITS) {
			return "a " + n.bitLength() + "-bit modulus; MedCrypt takes " + STUDY_MIN_BITS + " to " + MAX_BITS +
				" bits";
		}
		final String weak = SmallFactors.whyNotTwoLargePrimes(n);
		if (weak != null) return weak;
		if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.compareTo(n) >= 0) {
			return "the public exponent is not an odd number from 3 to n";
		}
		return null;
	}

	private static DamagedFileException damaged(final String source, final String why) {
		return new DamagedFileException(source + ": the RSA key is damaged (" + why + "). Use a backup copy of the " +
			"key, or make a new key pair with RSA Generate Keys.");
	}
}
