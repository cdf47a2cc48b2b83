package org.medcrypt.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Enumeration;

import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.WrongKeyException;

/**
 * The files of a party's TLS identity ({@code org.medcrypt.tls.PartyCredentials}):
 * a PKCS#12 keystore (owner-only, one key entry, key and store under the same
 * password) and the certificate as PEM ({@code CERTIFICATE}, {@link Pem}),
 * which is shared; other parties trust it only through its fingerprint
 * ({@link Fingerprints#of(java.security.cert.X509Certificate)}).
 */
public final class PartyCredentialFiles {

	/** The alias of the one key entry of a keystore written here (and of every loaded one). */
	public static final String ALIAS = "medcrypt-party";
	private static final String CERTIFICATE = "CERTIFICATE";

	private PartyCredentialFiles() {}

	/**
	 * Loads a PKCS#12 keystore that holds exactly one key entry with an X.509
	 * certificate, returned as a new in-memory keystore holding that entry
	 * under {@link #ALIAS}.
	 */
	public static KeyStore readKeyStore(final Path keystore, final char[] password) throws MedCryptException {
		try (InputStream in = new ByteArrayInputStream(BoundedFiles.readAllBytes(keystore,
			BoundedFiles.SMALL_FILE)))
		{
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
			return single;
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
	 * Writes the keystore (owner-only) and its certificate as PEM (shareable), both or neither: refuses
	 * ({@link java.nio.file.FileAlreadyExistsException}) before writing if either exists, and removes the
	 * keystore again if the certificate cannot be written.
	 */
	public static void write(final Path keystore, final KeyStore store, final char[] password,
		final Path certificatePem, final X509Certificate certificate) throws IOException
	{
		try (AtomicFiles.Outputs outputs = AtomicFiles.Outputs.of(keystore, certificatePem)) {
			outputs.write(keystore, true, out -> {
				try {
					store.store(out, password);
				}
				catch (final GeneralSecurityException e) {
					throw new IOException("cannot encode keystore: " + e.getMessage(), e);
				}
			});
			outputs.write(certificatePem, false, pem(certificate).getBytes(StandardCharsets.US_ASCII));
			outputs.commit();
		}
	}

	/** The certificate in PEM ("-----BEGIN CERTIFICATE-----", base64 in 64-character lines). */
	public static String pem(final X509Certificate certificate) {
		try {
			return Pem.encode(CERTIFICATE, certificate.getEncoded());
		}
		catch (final CertificateEncodingException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Reads one PEM certificate, e.g. to compute the fingerprint of a certificate another party sent. */
	public static X509Certificate readCertificate(final Path file) throws MedCryptException {
		try {
			final String text = new String(BoundedFiles.readAllBytes(file, BoundedFiles.SMALL_FILE), StandardCharsets
				.US_ASCII);
			if (!Pem.contains(text, CERTIFICATE)) throw new DamagedFileException(file + " is not a PEM certificate");
			final byte[] der = Pem.decode(text, CERTIFICATE);
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
				new ByteArrayInputStream(der));
		}
		catch (final IOException | GeneralSecurityException | IllegalArgumentException e) {
			throw new MedCryptException("cannot read certificate " + file + ": " + e.getMessage(), e);
		}
	}
}
