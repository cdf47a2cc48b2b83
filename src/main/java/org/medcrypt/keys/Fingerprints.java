package org.medcrypt.keys;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;

import org.medcrypt.io.Hex;
import org.medcrypt.io.Wire;

/**
 * The fingerprints users see and exchange, one definition per key kind. Each
 * is the SHA-256 ({@link Wire#sha256()}) of the kind's encoding in lower-case
 * hex, and none may change: fingerprints already written in session files,
 * stores, envelopes and e-mails must still match.
 * <table>
 * <caption>Fingerprint of each key kind</caption>
 * <tr><th>kind</th><th>hashed</th><th>hex digits</th><th>where</th></tr>
 * <tr><td>party certificate (TLS)</td><td>the certificate's DER</td><td>64</td>
 * <td>{@link #of(X509Certificate)}</td></tr>
 * <tr><td>RSA public key</td><td>its X.509 SubjectPublicKeyInfo</td><td>16</td><td>{@link #of(RSAPublicKey)}</td></tr>
 * <tr><td>Paillier public key</td><td>a label and n, hs, the random-exponent size</td><td>64</td>
 * <td>{@code PaillierPublicKey.fingerprint()}</td></tr>
 * <tr><td>stream cipher key</td><td>a label, the key bits and the IV</td><td>16</td>
 * <td>{@code StreamCipherKey.fingerprint()}</td></tr>
 * </table>
 * The last two hash a labelled, length-prefixed list of the key's parameters
 * rather than a file encoding; they stay with their key classes, which use them
 * for equality, and {@code org.medcrypt.paillier} and {@code org.medcrypt.cipher}
 * do not depend on this package.
 */
public final class Fingerprints {

	/** Hex digits of a full SHA-256 fingerprint. */
	public static final int SHA256_DIGITS = 64;
	/** Hex digits of the short fingerprints of RSA and stream cipher keys (8 bytes). */
	public static final int SHORT_DIGITS = 16;

	private Fingerprints() {}

	/** SHA-256 of {@code encoded}, 64 lower-case hex digits: the one fingerprint function. */
	public static String sha256(final byte[] encoded) {
		return Hex.of(Wire.sha256().digest(encoded));
	}

	/** A party certificate's: SHA-256 of its DER encoding, 64 lower-case hex digits (pinned by TLS). */
	public static String of(final X509Certificate certificate) {
		try {
			return sha256(certificate.getEncoded());
		}
		catch (final CertificateEncodingException e) {
			throw new IllegalStateException("DER encoding unavailable", e);
		}
	}

	/** An RSA public key's: the first 16 hex digits of the SHA-256 of its X.509 encoding. */
	public static String of(final RSAPublicKey key) {
		return sha256(key.getEncoded()).substring(0, SHORT_DIGITS);
	}

	/**
	 * 64 lower-case hex digits from a certificate fingerprint as users paste it
	 * (upper case, colons or spaces allowed); {@link IllegalArgumentException} otherwise.
	 */
	public static String parseCertificate(final String typed) {
		final String f = typed == null ? "" : typed.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
		if (!f.matches("[0-9a-f]{" + SHA256_DIGITS + "}")) throw new IllegalArgumentException("'" + typed +
			"' is not a SHA-256 certificate fingerprint (64 hex digits, as Generate Party Certificate or " +
			"the command line's party fingerprint print it)");
		return f;
	}
}
