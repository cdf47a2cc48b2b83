/**
 * Paillier-encrypted images: the packed polyphase layout, the encrypted image
 * file format, and multi-threaded encryption and decryption of 8- and 16-bit
 * images and stacks. Works on ImgLib2 images; knows nothing of Fiji.
 */
package org.medcrypt.encimage;
