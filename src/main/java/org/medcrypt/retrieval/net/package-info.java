/**
 * The retrieval protocol between the server and the key holder: versioned,
 * typed messages, the channels they travel on (in memory for one Fiji;
 * {@link org.medcrypt.retrieval.net.SocketMessageChannel} for two machines:
 * framed messages over mutually authenticated TLS 1.3 with pinned certificate
 * fingerprints, from the shared TLS layer {@link org.medcrypt.tls}; plain TCP
 * only for tests and legacy set-ups), and the key holder's client.
 */
package org.medcrypt.retrieval.net;
