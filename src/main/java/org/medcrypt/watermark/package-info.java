/**
 * The hybrid crypto-watermark of W. Puech, "An Efficient Hybrid Method for
 * Safe Transfer of Medical Images", E-MEDISYS'08 (HAL lirmm-00371816),
 * section 2, eqs. 5-7, figures 4-5. <b>Study only.</b>
 * <ul>
 * <li>RSA key pairs (JDK) saved as PEM (PKCS#8 private, X.509
 * SubjectPublicKeyInfo public) come from {@link org.medcrypt.keys.RsaKeyFiles},
 * shared with the default secure transfer.</li>
 * <li>{@link org.medcrypt.watermark.SessionKeyCodec}: the stream cipher's
 * session key K as an integer, with the structure that the recipient checks.</li>
 * <li>{@link org.medcrypt.watermark.TextbookRsa}: eqs. 5-7, raw RSA
 * ({@code BigInteger.modPow}, no padding): {@code K'' = (K^d_a mod n_a)^e_b mod n_b}
 * and back. Textbook RSA is malleable and deterministic: study only.</li>
 * <li>{@link org.medcrypt.watermark.KeyWatermark}: LSB substitution of the bits
 * of K'' into the encrypted image, one bit per block of pixels.</li>
 * <li>{@link org.medcrypt.watermark.CryptoWatermark}: the whole scheme and its
 * measurements (PSNR, changed carriers). Figures: docs/WATERMARK.md.</li>
 * </ul>
 * What the integrity check covers: only the pixels that carry bits of K''
 * (and the image size, which fixes where they are). A change to any other
 * pixel is <em>not</em> detected; it damages the decryption locally.
 */
package org.medcrypt.watermark;
