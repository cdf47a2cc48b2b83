package org.medcrypt.securesum.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.Enumeration;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.WrongKeyException;

/**
 * One party's TLS identity: an EC P-256 key pair and a self-signed X.509
 * certificate, kept in a PKCS#12 keystore (owner-only file, one entry
 * {@value #ALIAS}, key and store under the same password). The certificate is
 * shared as PEM; other parties trust it only through its fingerprint, the
 * SHA-256 of its DER encoding in lower-case hex, listed in the session file.
 * <p>
 * The certificate is built with Bouncy Castle's ASN.1 classes (bcprov) and
 * signed with the JDK's {@code SHA256withECDSA}; no CA, no name or validity
 * check is involved in trusting it (the validity is still set, 20 years, for
 * tools that display it).
 * </p>
 */
public final class PartyCredentials {

	public static final String ALIAS = "medcrypt-party";
	private static final long VALIDITY_MS = 20L * 366 * 24 * 3600 * 1000;

	private final KeyStore keyStore;
	private final char[] password;
	private final X509Certificate certificate;

	private PartyCredentials(final KeyStore keyStore, final char[] password, final X509Certificate certificate) {
		this.keyStore = keyStore;
		this.password = password.clone();
		this.certificate = certificate;
	}

	/** A new key pair and self-signed certificate for {@code name}; nothing is written. */
	public static PartyCredentials generate(final String name, final char[] password, final SecureRandom random)
		throws GeneralSecurityException
	{
		final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"), random);
		final KeyPair pair = generator.generateKeyPair();
		final X509Certificate certificate = selfSign(name, pair, random);
		final KeyStore store = KeyStore.getInstance("PKCS12");
		try {
			store.load(null, null);
		}
		catch (final IOException e) {
			throw new GeneralSecurityException(e);
		}
		store.setKeyEntry(ALIAS, pair.getPrivate(), password, new Certificate[] { certificate });
		return new PartyCredentials(store, password, certificate);
	}

	/** Loads a keystore written by {@link #save}; it must hold exactly one key entry. */
	public static PartyCredentials load(final Path keystore, final char[] password) throws MedCryptException {
		try (InputStream in = Files.newInputStream(keystore)) {
			final KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, password);
			String alias = null;
			for (final Enumeration<String> e = store.aliases(); e.hasMoreElements();) {
				final String a = e.nextElement();
				if (store.isKeyEntry(a)) {
					if (alias != null) throw new DamagedFileException("keystore " + keystore +
						" holds more than one private key; a party keystore holds exactly one");
					alias = a;
				}
			}
			if (alias == null) throw new DamagedFileException("keystore " + keystore + " holds no private key");
			final Certificate cert = store.getCertificate(alias);
			if (!(cert instanceof X509Certificate)) throw new DamagedFileException("keystore " + keystore +
				" holds no X.509 certificate for its key");
			if (!(store.getKey(alias, password) instanceof PrivateKey)) throw new DamagedFileException("keystore " +
				keystore + ": the key entry is not a private key");
			final KeyStore single = KeyStore.getInstance("PKCS12");
			single.load(null, null);
			single.setKeyEntry(ALIAS, store.getKey(alias, password), password, store.getCertificateChain(alias));
			return new PartyCredentials(single, password, (X509Certificate) cert);
		}
		catch (final java.nio.file.NoSuchFileException e) {
			throw new MedCryptException("keystore " + keystore + " does not exist", e);
		}
		catch (final IOException e) {
			final String message = "cannot read keystore " + keystore + " (wrong password or not PKCS#12?): " + e
				.getMessage();
			// PKCS#12 reports a wrong password as an IOException caused by UnrecoverableKeyException
			throw e.getCause() instanceof UnrecoverableKeyException ? new WrongKeyException(message, e)
				: new DamagedFileException(message, e);
		}
		catch (final UnrecoverableKeyException e) {
			throw new WrongKeyException("cannot read keystore " + keystore + ": " + e.getMessage(), e);
		}
		catch (final GeneralSecurityException e) {
			throw new MedCryptException("cannot read keystore " + keystore + ": " + e.getMessage(), e);
		}
	}

	/**
	 * The keystore password from the environment variable {@code var}, as the
	 * command lines take it ({@code --password-env VAR}: never on the command
	 * line itself); {@link IllegalArgumentException} if it is not set.
	 */
	public static char[] passwordFromEnvironment(final String var) {
		final String value = System.getenv(var);
		if (value == null || value.isEmpty()) throw new IllegalArgumentException("environment variable " + var +
			" (the keystore password) is not set");
		return value.toCharArray();
	}

	/** Writes the keystore (owner-only, refusing to overwrite) and the certificate as PEM (shareable). */
	public void save(final Path keystore, final Path certificatePem) throws IOException {
		AtomicFiles.write(keystore, AtomicFiles.IfExists.FAIL, true, out -> {
			try {
				keyStore.store(out, password);
			}
			catch (final GeneralSecurityException e) {
				throw new IOException("cannot encode keystore: " + e.getMessage(), e);
			}
		});
		AtomicFiles.write(certificatePem, AtomicFiles.IfExists.FAIL, false, pem(certificate).getBytes(
			StandardCharsets.US_ASCII));
	}

	public KeyStore keyStore() {
		return keyStore;
	}

	char[] password() {
		return password.clone();
	}

	public X509Certificate certificate() {
		return certificate;
	}

	public String fingerprint() {
		return fingerprint(certificate);
	}

	/** SHA-256 of the DER certificate, 64 lower-case hex digits. */
	public static String fingerprint(final X509Certificate certificate) {
		try {
			return Hex.of(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("SHA-256 or DER encoding unavailable", e);
		}
	}

	/** The certificate in PEM ("-----BEGIN CERTIFICATE-----", base64 in 64-character lines). */
	public static String pem(final X509Certificate certificate) {
		try {
			return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(
				certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
		}
		catch (final CertificateEncodingException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Reads one PEM certificate, e.g. to compute the fingerprint of a certificate another party sent. */
	public static X509Certificate readPem(final Path file) throws MedCryptException {
		try {
			final String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
			final int begin = text.indexOf("-----BEGIN CERTIFICATE-----"), end = text.indexOf("-----END CERTIFICATE-----");
			if (begin < 0 || end < begin) throw new DamagedFileException(file + " is not a PEM certificate");
			final byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
				new ByteArrayInputStream(der));
		}
		catch (final IOException | GeneralSecurityException | IllegalArgumentException e) {
			throw new MedCryptException("cannot read certificate " + file + ": " + e.getMessage(), e);
		}
	}

	private static X509Certificate selfSign(final String name, final KeyPair pair, final SecureRandom random)
		throws GeneralSecurityException
	{
		try {
			final X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "MedCrypt party " + name)
				.build();
			final AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
			final long now = System.currentTimeMillis();
			final V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
			tbs.setSerialNumber(new ASN1Integer(new BigInteger(63, random).add(BigInteger.ONE)));
			tbs.setIssuer(subject);
			tbs.setSubject(subject);
			tbs.setStartDate(new Time(new Date(now - 3600_000L)));
			tbs.setEndDate(new Time(new Date(now + VALIDITY_MS)));
			tbs.setSignature(algorithm);
			tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
			final TBSCertificate body = tbs.generateTBSCertificate();
			final Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(pair.getPrivate(), random);
			signer.update(body.getEncoded(ASN1Encoding.DER));
			final ASN1EncodableVector v = new ASN1EncodableVector();
			v.add(body);
			v.add(algorithm);
			v.add(new DERBitString(signer.sign()));
			final ByteArrayOutputStream der = new ByteArrayOutputStream();
			der.write(new DERSequence(v).getEncoded(ASN1Encoding.DER));
			final X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
				new ByteArrayInputStream(der.toByteArray()));
			cert.verify(pair.getPublic());
			return cert;
		}
		catch (final IOException e) {
			throw new GeneralSecurityException("cannot encode certificate", e);
		}
	}
}
