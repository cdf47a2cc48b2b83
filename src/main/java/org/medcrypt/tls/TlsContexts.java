package org.medcrypt.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.PartyCredentialFiles;

/**
 * The one place TLS is set up: a TLS 1.3 {@link SSLContext} that presents a
 * party's single certificate ({@link PartyCredentials}) and trusts a peer only
 * by the SHA-256 fingerprint of its certificate ({@link PinningTrustManager}).
 * Used by the secure-sum {@link TlsTransport} and by the retrieval link
 * ({@code org.medcrypt.retrieval.net}); both require client certificates.
 */
public final class TlsContexts {

	/** The only protocol enabled on either side. */
	public static final String PROTOCOL = "TLSv1.3";

	private TlsContexts() {}

	/**
	 * A context presenting {@code credentials} and trusting exactly the pinned
	 * fingerprints; {@code pinnedBy} says where they come from, for the refusal
	 * message (e.g. "the session file lists").
	 */
	public static SSLContext pinned(final PartyCredentials credentials, final Set<String> fingerprints,
		final String pinnedBy) throws IOException
	{
		return create(credentials, new PinningTrustManager(fingerprints, pinnedBy));
	}

	/**
	 * A context presenting {@code credentials} and trusting what {@code trust}
	 * trusts; for callers that keep the {@link PinningTrustManager} to ask it
	 * afterwards which certificate it refused.
	 */
	public static SSLContext create(final PartyCredentials credentials, final TrustManager trust) throws IOException {
		try {
			final KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
			kmf.init(credentials.keyStore(), credentials.password());
			final X509KeyManager keys = (X509KeyManager) kmf.getKeyManagers()[0];
			final SSLContext context = SSLContext.getInstance(PROTOCOL);
			context.init(new KeyManager[] { new OneKey(keys) }, new TrustManager[] { trust }, SecureRandoms
				.forThisThread());
			return context;
		}
		catch (final GeneralSecurityException e) {
			throw new IOException("cannot set up TLS 1.3: " + e.getMessage(), e);
		}
	}

	/**
	 * The refusal a {@link PinningTrustManager} gave during a failed handshake
	 * (e.g. "the peer's certificate (SHA-256 ...) is not ..."), found among the
	 * exception's causes, or {@code null} if the certificate was not the reason.
	 */
	public static String refusal(final Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof PinningTrustManager.Refused) return t.getMessage();
			if (t.getCause() == t) break;
		}
		return null;
	}

	/** Always presents the party's single key, whatever issuers the peer asks for (it pins, not chains). */
	private static final class OneKey extends X509ExtendedKeyManager {

		private final X509KeyManager keys;

		OneKey(final X509KeyManager keys) {
			this.keys = keys;
		}

		@Override
		public String[] getClientAliases(final String keyType, final Principal[] issuers) {
			return new String[] { PartyCredentialFiles.ALIAS };
		}

		@Override
		public String chooseClientAlias(final String[] keyType, final Principal[] issuers, final Socket socket) {
			return PartyCredentialFiles.ALIAS;
		}

		@Override
		public String[] getServerAliases(final String keyType, final Principal[] issuers) {
			return new String[] { PartyCredentialFiles.ALIAS };
		}

		@Override
		public String chooseServerAlias(final String keyType, final Principal[] issuers, final Socket socket) {
			return PartyCredentialFiles.ALIAS;
		}

		@Override
		public String chooseEngineClientAlias(final String[] keyType, final Principal[] issuers,
			final SSLEngine engine)
		{
			return PartyCredentialFiles.ALIAS;
		}

		@Override
		public String chooseEngineServerAlias(final String keyType, final Principal[] issuers,
			final SSLEngine engine)
		{
			return PartyCredentialFiles.ALIAS;
		}

		@Override
		public X509Certificate[] getCertificateChain(final String alias) {
			return keys.getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(final String alias) {
			return keys.getPrivateKey(alias);
		}
	}
}
