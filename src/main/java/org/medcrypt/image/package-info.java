/**
 * Images as the byte-exact algorithms take them:
 * {@link org.medcrypt.image.PixelPlanes}, the planes of an 8-bit, 16-bit or
 * RGB image or stack as typed arrays (shared with ImageJ, not copied), with
 * zero-copy ImgLib2 views of the grayscale kinds. Used by secure transfer
 * ({@code org.medcrypt.transfer}) and the crypto-watermark study
 * ({@code org.medcrypt.watermark}). Knows nothing of Fiji.
 */
package org.medcrypt.image;
