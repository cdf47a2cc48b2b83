package org.medcrypt.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;

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
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PartyCredentialFiles;

/**
 * One party's TLS identity: an EC P-256 key pair and a self-signed X.509
 * certificate, kept in a PKCS#12 keystore (owner-only file, one entry, key and
 * store under the same password; the files are {@link PartyCredentialFiles}).
 * The certificate is shared as PEM; other parties trust it only through its
 * fingerprint, the SHA-256 of its DER encoding in lower-case hex
 * ({@link Fingerprints#of(X509Certificate)}), listed in the session file or
 * given to a store server's {@code --allow}.
 * <p>
 * The certificate is built with Bouncy Castle's ASN.1 classes (bcprov) and
 * signed with the JDK's {@code SHA256withECDSA}; no CA, no name or validity
 * check is involved in trusting it (the validity is still set, 20 years, for
 * tools that display it).
 * </p>
 */
public final class PartyCredentials {

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
		store.setKeyEntry(PartyCredentialFiles.ALIAS, pair.getPrivate(), password, new Certificate[] { certificate });
		return new PartyCredentials(store, password, certificate);
	}

	/** Loads a keystore written by {@link #save}; it must hold exactly one key entry. */
	public static PartyCredentials load(final Path keystore, final char[] password) throws MedCryptException {
		final KeyStore store = PartyCredentialFiles.readKeyStore(keystore, password);
		try {
			return new PartyCredentials(store, password, (X509Certificate) store.getCertificate(
				PartyCredentialFiles.ALIAS));
		}
		catch (final KeyStoreException e) {
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
		PartyCredentialFiles.write(keystore, keyStore, password, certificatePem, certificate);
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

	/** The certificate's SHA-256 fingerprint ({@link Fingerprints#of(X509Certificate)}), which peers pin. */
	public String fingerprint() {
		return Fingerprints.of(certificate);
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
