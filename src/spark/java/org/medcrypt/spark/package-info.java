/**
 * The bulk indexing job on Apache Spark (issue 15; docs/SCALE.md): encrypts a
 * list of images and builds their signatures on a cluster, exactly as
 * {@code store-add} does on one machine ({@link org.medcrypt.retrieval.store.EntryContent}),
 * each task staging its entries ({@link org.medcrypt.retrieval.store.StagedEntries}),
 * the driver committing them to the store's index once
 * ({@link org.medcrypt.retrieval.store.EncryptedStore#commit}). Compiled with
 * the tests (Spark is a test-scope dependency) and shipped as
 * {@code MedCrypt_-<version>-spark.jar}: the Fiji plugin never sees Spark.
 */
package org.medcrypt.spark;
