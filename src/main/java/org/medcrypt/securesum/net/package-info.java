/**
 * The secure sums of {@link org.medcrypt.securesum} between machines: a
 * {@link org.medcrypt.securesum.net.TlsTransport} (TLS 1.3, mutual
 * authentication, trust only by certificate fingerprints pinned in a
 * {@link org.medcrypt.securesum.net.NetworkSession} file), over the shared
 * TLS layer {@link org.medcrypt.tls} (per-party self-signed certificates,
 * pinning, framed connections), and {@link org.medcrypt.securesum.net.NetworkParty}
 * running the unchanged protocol state machines (from the command line's
 * {@code party run} or Fiji). See {@code docs/COLLABORATION-NETWORK.md}.
 */
package org.medcrypt.securesum.net;
