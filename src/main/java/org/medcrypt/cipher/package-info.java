/**
 * Pixel ciphers for safe transfer, after W. Puech, "An Efficient Hybrid Method
 * for Safe Transfer of Medical Images", E-MEDISYS'08 (HAL lirmm-00371816),
 * section 1. <b>Study only</b>: these classes reproduce the paper's
 * experiments; none of them protects patient data.
 * <ul>
 * <li>{@link org.medcrypt.cipher.PixelStreamCipher}: the asynchronous pixel
 * stream cipher of section 1.2 (eqs. 1-4), generalised to 16-bit pixels and
 * stacks (row-major, plane after plane, chaining across planes), with keys
 * ({@link org.medcrypt.cipher.StreamCipherKey}, eqs. 2-3) from a key file
 * ({@link org.medcrypt.keys.StreamCipherKeyFile}) or a passphrase
 * ({@link org.medcrypt.cipher.PassphraseKeys}, PBKDF2-HMAC-SHA256). It is a
 * linear recurrence modulo 256 (or 65536): one known plaintext reveals the
 * key, reusing a key leaks image differences, and nothing detects a wrong key
 * or a tampered image.</li>
 * <li>{@link org.medcrypt.cipher.LeakageStudy}: the comparison of sections
 * 1.1 and 1.3 (figures 1-3): DES and AES in ECB over 8/16 pixels in scan-line
 * order, AES-OFB and the stream cipher on an image with large homogeneous
 * zones, measured by {@link org.medcrypt.cipher.ImageStatistics} (histogram,
 * entropy, adjacent-pixel correlation, NPCR/UACI, repeated blocks).</li>
 * </ul>
 * Knows nothing of Fiji: works on ImgLib2 images and plain arrays.
 */
package org.medcrypt.cipher;
