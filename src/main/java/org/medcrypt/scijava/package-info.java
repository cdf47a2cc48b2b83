/**
 * MedCrypt for scripts: the SciJava service {@link org.medcrypt.scijava.MedCryptService}
 * that a Groovy, Jython or other Fiji script gets with {@code #@ MedCryptService medcrypt}.
 * Each method delegates to the one entry point of its capability ({@code org.medcrypt.ij}
 * for images, the core otherwise), exactly as the Fiji commands and the command line do.
 */
package org.medcrypt.scijava;
