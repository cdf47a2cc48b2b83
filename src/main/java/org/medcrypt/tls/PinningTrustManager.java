package org.medcrypt.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.medcrypt.keys.Fingerprints;

/**
 * Trusts a peer exactly when the SHA-256 fingerprint of its (end-entity)
 * certificate is one of the pinned ones: no CA, no chain building, no
 * host name or validity check. The TLS handshake itself proves the peer
 * holds the certificate's private key. Remembers the last refused fingerprint,
 * so a refused connection can be reported with it.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {

	/** The refusal of a certificate that is not pinned; its message names the fingerprint and the pins' source. */
	public static final class Refused extends CertificateException {

		private static final long serialVersionUID = 1L;

		Refused(final String message) {
			super(message);
		}
	}

	private final Set<String> pinned;
	private final String pinnedBy;
	private volatile String refused;

	/**
	 * {@code pinnedBy} completes "the peer's certificate (SHA-256 ...) is not ...",
	 * e.g. "the one the session file lists".
	 */
	public PinningTrustManager(final Set<String> fingerprints, final String pinnedBy) {
		this.pinned = Collections.unmodifiableSet(new HashSet<>(fingerprints));
		this.pinnedBy = pinnedBy;
	}

	/** The fingerprint of the last certificate refused, or {@code null}. */
	public String refused() {
		return refused;
	}

	private void check(final X509Certificate[] chain) throws CertificateException {
		if (chain == null || chain.length == 0) throw new CertificateException("the peer presented no certificate");
		final String fingerprint = Fingerprints.of(chain[0]);
		if (!pinned.contains(fingerprint)) {
			refused = fingerprint;
			throw new Refused("the peer's certificate (SHA-256 " + fingerprint + ") is not " + pinnedBy);
		}
	}

	@Override
	public void checkClientTrusted(final X509Certificate[] chain, final String authType) throws CertificateException {
		check(chain);
	}

	@Override
	public void checkServerTrusted(final X509Certificate[] chain, final String authType) throws CertificateException {
		check(chain);
	}

	@Override
	public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
		throws CertificateException
	{
		check(chain);
	}

	@Override
	public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
		throws CertificateException
	{
		check(chain);
	}

	@Override
	public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
		throws CertificateException
	{
		check(chain);
	}

	@Override
	public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
		throws CertificateException
	{
		check(chain);
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return new X509Certificate[0];
	}
}
