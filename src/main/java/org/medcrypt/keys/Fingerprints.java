package org.medcrypt.keys;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;

import org.medcrypt.io.Hex;
import org.medcrypt.io.Wire;

/**
 * The fingerprints users see and exchange, one definition per key kind. Each
 * is the full SHA-256 ({@link Wire#sha256()}, 256 bits) of the kind's encoding
 * in lower-case hex, shown to people {@link #grouped} for reading, and none of
 * the hashed encodings may change: fingerprints already written in session
 * files, stores and e-mails must still match. Only full values are shown and
 * compared: a 64-bit value (what the RSA fingerprint and the session check
 * value were before) can be collided in about 2^32 hashes, enough for a
 * researcher to give each lab a different study under one check value (issue
 * 10, finding 5); a collision of 256 bits is out of reach.
 * <table>
 * <caption>Fingerprint of each key kind</caption>
 * <tr><th>kind</th><th>hashed</th><th>hex digits</th><th>where</th></tr>
 * <tr><td>party certificate (TLS)</td><td>the certificate's DER</td><td>64</td>
 * <td>{@link #of(X509Certificate)}</td></tr>
 * <tr><td>RSA public key</td><td>its X.509 SubjectPublicKeyInfo</td><td>64 (version-1 transfer envelopes
 * stored its first 16)</td><td>{@link #of(RSAPublicKey)}</td></tr>
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
	/**
	 * Hex digits of the 8-byte key identifiers that some file formats store (the
	 * transfer envelope, the stream cipher key): never shown as a key's identity.
	 */
	public static final int SHORT_DIGITS = 16;
	/** Hex digits per group in {@link #grouped}. */
	private static final int GROUP = 4;

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

	/** An RSA public key's: the SHA-256 of its X.509 encoding, 64 lower-case hex digits. */
	public static String of(final RSAPublicKey key) {
		return sha256(key.getEncoded());
	}

	/**
	 * A fingerprint or check value as people read and compare it: every hex
	 * digit, in groups of four separated by spaces
	 * ({@code 478c 02d0 4d7f ... 75e7}); {@link #parseCertificate} reads it back.
	 */
	public static String grouped(final String hex) {
		final StringBuilder s = new StringBuilder(hex.length() + hex.length() / GROUP);
		for (int i = 0; i < hex.length(); i += GROUP) {
			if (i > 0) s.append(' ');
			s.append(hex, i, Math.min(hex.length(), i + GROUP));
		}
		return s.toString();
	}

	/**
	 * True if two full SHA-256 values (64 hex digits each, any case, grouped or
	 * not) are equal in all 32 bytes, compared in constant time; false for
	 * anything shorter, so a truncated value never matches.
	 */
	public static boolean sameSha256(final String a, final String b) {
		final String x = normalised(a), y = normalised(b);
		if (!x.matches("[0-9a-f]{" + SHA256_DIGITS + "}") || !y.matches("[0-9a-f]{" + SHA256_DIGITS + "}")) return false;
		return java.security.MessageDigest.isEqual(Hex.parse(x), Hex.parse(y));
	}

	private static String normalised(final String typed) {
		return typed == null ? "" : typed.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * 64 lower-case hex digits from a certificate fingerprint as users paste it
	 * (upper case, colons or spaces allowed); {@link IllegalArgumentException} otherwise.
	 */
	public static String parseCertificate(final String typed) {
		final String f = normalised(typed);
		if (!f.matches("[0-9a-f]{" + SHA256_DIGITS + "}")) throw new IllegalArgumentException("'" + typed +
			"' is not a SHA-256 certificate fingerprint (64 hex digits, as Generate Party Certificate or " +
			"the command line's party fingerprint print it)");
		return f;
	}
}
