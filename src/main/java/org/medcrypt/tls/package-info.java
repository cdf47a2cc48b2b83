/**
 * The one TLS 1.3 layer of MedCrypt's links between machines, used by the
 * secure sums ({@code org.medcrypt.securesum.net}) and by retrieval
 * ({@code org.medcrypt.retrieval.net}), which do not know each other:
 * <ul>
 * <li>{@link org.medcrypt.tls.PartyCredentials}: a party's identity, an EC
 * P-256 key and a self-signed certificate;</li>
 * <li>{@link org.medcrypt.tls.TlsContexts}: TLS 1.3 contexts that present it
 * and trust a peer only by the pinned SHA-256 fingerprint of its certificate
 * ({@link org.medcrypt.tls.PinningTrustManager}; no CA, no host name);</li>
 * <li>{@link org.medcrypt.tls.FramedConnection}: length-prefixed frames with a
 * size cap checked before allocation and a read timeout, the callers' own.</li>
 * </ul>
 * Depends on {@link org.medcrypt.keys} for the files (keystore, PEM
 * certificate) and the fingerprint, never the other way: key files are a
 * lower layer that knows nothing of TLS (the Paillier, RSA and stream cipher
 * files there have no network at all), so {@code tls -> keys -> io} has no
 * cycle and the keys package stays usable by the capabilities that never open
 * a socket (transfer, watermark, cipher).
 */
package org.medcrypt.tls;
