/**
 * Safe transfer, the default (not study-only) way: the modern replacement for
 * Puech 2008's hybrid crypto-watermark. Pixels encrypted and authenticated
 * with AES-256-GCM under a fresh session key, the key wrapped with RSA-OAEP
 * for the recipient, header and key signed by the sender with RSASSA-PSS, and
 * all of it carried inside the encrypted image (same size and type) by a
 * reversible MSB-prediction watermark, so the recipient gets the original back
 * bit for bit or a message saying what was wrong. JDK primitives only.
 * <ul>
 * <li>{@link org.medcrypt.transfer.PixelBytes}: 8-bit, 16-bit and RGB planes
 * ({@link org.medcrypt.image.PixelPlanes}) as one byte stream of samples.</li>
 * <li>{@link org.medcrypt.transfer.MsbPredictionWatermark}: the reversible,
 * bit-exact watermark (Puteaux and Puech 2018).</li>
 * <li>{@link org.medcrypt.transfer.TransferEnvelope}: the versioned envelope
 * layout; version 2 signs an identifier, the creation time, both full key
 * fingerprints and C/Z/T (issue 10), version 1 is still read.</li>
 * <li>{@link org.medcrypt.transfer.OpenedRegister}: the recipient's register of
 * opened images, against replays.</li>
 * <li>{@link org.medcrypt.transfer.SecureTransfer}: sender and recipient.</li>
 * </ul>
 * Format, threat model and figures: docs/TRANSFER.md and docs/WATERMARK.md.
 */
package org.medcrypt.transfer;
