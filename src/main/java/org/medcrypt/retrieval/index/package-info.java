/**
 * The sealed signature index (issue 15, point 4): plaintext signatures in
 * authenticated-encryption segments sealed to the key holder's Paillier public
 * key (anyone with the public key can write one, e.g. the Spark job), a manifest
 * the key holder authenticates with a key derived from its private key, and the
 * highest manifest version it has seen, so the key holder can scan the whole
 * store locally and the server learns only which images are fetched.
 */
package org.medcrypt.retrieval.index;
