/**
 * The retrieval protocol between the server and the key holder: versioned,
 * typed messages, the channels they travel on (in memory for one Fiji, framed
 * TCP for two machines), and the key holder's client.
 */
package org.medcrypt.retrieval.net;
