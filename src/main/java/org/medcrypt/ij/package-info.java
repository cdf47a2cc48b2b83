/**
 * The edge between ImageJ 1.x and the Fiji-free core: turns an
 * {@link ij.ImagePlus} into an ImgLib2 image and back, sharing the pixel
 * arrays instead of copying them; reads image files and a lab's folder of
 * images with their ground truth for Algorithm 1; and the one entry point of each
 * capability that starts from ImageJ images ({@code PaillierImages},
 * {@code RetrievalImages}, {@code TransferImages}, {@code StreamCipherImages},
 * {@code WatermarkImages}, {@code LeakageImages}), which the Fiji commands and
 * the command line both call. Only this package (and the commands) may
 * import {@code ij.*}; the core works on ImgLib2 images alone.
 */
package org.medcrypt.ij;
