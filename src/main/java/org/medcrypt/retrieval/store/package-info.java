/**
 * The server's storage for encrypted retrieval (seed paper 1): a folder of
 * encrypted images and their encrypted signatures with a crash-safe index.
 * Nothing here ever holds a private key.
 */
package org.medcrypt.retrieval.store;
