/**
 * Images as the byte-exact algorithms take them:
 * {@link org.medcrypt.image.PixelPlanes}, the planes of an 8-bit, 16-bit or
 * RGB image or stack as typed arrays (shared with ImageJ, not copied), with
 * zero-copy ImgLib2 views of the grayscale kinds. Used by secure transfer
 * ({@code org.medcrypt.transfer}) and the crypto-watermark study
 * ({@code org.medcrypt.watermark}). And
 * {@link org.medcrypt.image.ImageDescription}: what makes an image a medical
 * image beyond its pixels (title, calibration with its function, display
 * ranges, LUTs, C/Z/T, slice labels, the DICOM header), with a bounded
 * encoding, carried encrypted in {@code .mcimg} files and sealed transfers.
 * Knows nothing of Fiji.
 */
package org.medcrypt.image;
