/**
 * The retrieval protocol between the server and the key holder: versioned,
 * typed messages, the channels they travel on (in memory for one Fiji, framed
 * messages over mutually authenticated TLS 1.3 with pinned certificate
 * fingerprints for two machines; plain TCP only for tests and legacy set-ups), and the key holder's client.
 */
package org.medcrypt.retrieval.net;
