package org.medcrypt.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
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

/**
 * RSA key pairs from the JDK ({@code KeyPairGenerator "RSA"}, e = 65537) and
 * their PEM files: {@code PRIVATE KEY} (PKCS#8, written owner-only) and
 * {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), both written atomically and
 * never over an existing file ({@link Pem}). OpenSSL reads them ({@code openssl pkey}).
 * A public key is named by its {@link Fingerprints#of(RSAPublicKey) fingerprint}.
 */
public final class RsaKeyFiles {

	/** Default modulus size. */
	public static final int DEFAULT_BITS = 3072;
	/** Smallest modulus accepted (the paper's experiment uses 1024-bit keys). */
	public static final int MIN_BITS = 1024, MAX_BITS = 8192;

	private static final String PRIVATE = "PRIVATE KEY", PUBLIC = "PUBLIC KEY";

	private RsaKeyFiles() {}

	/** A fresh key pair with a {@code bits}-bit modulus. */
	public static KeyPair generate(final int bits, final SecureRandom random) {
		if (bits < MIN_BITS || bits > MAX_BITS) {
			throw new IllegalArgumentException("RSA modulus size must be " + MIN_BITS + " to " + MAX_BITS +
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
			outputs.write(privateFile, true, Pem.encode(PRIVATE, pair.getPrivate().getEncoded()).getBytes(
				StandardCharsets.US_ASCII));
			current = publicFile;
			outputs.write(publicFile, false, Pem.encode(PUBLIC, pair.getPublic().getEncoded()).getBytes(
				StandardCharsets.US_ASCII));
			outputs.commit();
		}
		catch (final IOException e) {
			throw AtomicFiles.failure(current, e);
		}
	}

	private static byte[] unpem(final String text, final String type, final Path source) throws MedCryptException {
		if (!Pem.contains(text, type)) {
			throw new DamagedFileException(source + " is not a PEM \"" + type + "\" file (expected " + Pem.begin(type) +
				")." + (text.contains("RSA PRIVATE KEY") ? " Convert PKCS#1 with: openssl pkcs8 -topk8 -nocrypt" : ""));
		}
		try {
			return Pem.decode(text, type);
		}
		catch (final IllegalArgumentException x) {
			throw new DamagedFileException(source + ": invalid Base64 in the PEM body.", x);
		}
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

	/** Reads a PKCS#8 PEM RSA private key. */
	public static RSAPrivateCrtKey readPrivate(final Path file) throws MedCryptException {
		final byte[] der = unpem(read(file), PRIVATE, file);
		try {
			return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (final GeneralSecurityException | ClassCastException e) {
			throw new DamagedFileException(file + " does not hold an RSA private key: " + e.getMessage(), e);
		}
		finally {
			Arrays.fill(der, (byte) 0);
		}
	}

	/** Reads an X.509 SubjectPublicKeyInfo PEM RSA public key. */
	public static RSAPublicKey readPublic(final Path file) throws MedCryptException {
		final byte[] der = unpem(read(file), PUBLIC, file);
		try {
			return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (final GeneralSecurityException | ClassCastException e) {
			throw new DamagedFileException(file + " does not hold an RSA public key: " + e.getMessage(), e);
		}
	}
}
