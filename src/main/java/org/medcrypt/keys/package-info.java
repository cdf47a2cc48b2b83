/**
 * Key files and fingerprints of every key kind, each file format defined in
 * one class with its layout and version:
 * <ul>
 * <li>{@link org.medcrypt.keys.PaillierKeyFiles}: Paillier public/private keys
 * ({@code .paillier.pub}, {@code .paillier.key}, version 2 with a SHA-256
 * checksum; version 1 still read);</li>
 * <li>{@link org.medcrypt.keys.RsaKeyFiles}: RSA key pairs as PKCS#8 /
 * SubjectPublicKeyInfo PEM after a {@code MedCrypt-SHA-256:} checksum line
 * (secure transfer and the watermark study);</li>
 * <li>{@link org.medcrypt.keys.PartyCredentialFiles}: a party's PKCS#12
 * keystore and PEM certificate (the TLS identity of
 * {@code org.medcrypt.tls.PartyCredentials});</li>
 * <li>{@link org.medcrypt.keys.StreamCipherKeyFile}: the study-only stream
 * cipher key ({@code .mcstream.key}, version 1).</li>
 * </ul>
 * with one PEM codec ({@link org.medcrypt.keys.Pem}, the JDK's Base64: see
 * there why not Bouncy Castle's PemReader/PemWriter) and one fingerprint
 * function ({@link org.medcrypt.keys.Fingerprints}). Above the key classes
 * ({@code paillier}, {@code cipher}) and {@code io}, below every capability and
 * {@code org.medcrypt.tls}; nothing here opens a socket or imports a capability.
 */
package org.medcrypt.keys;
