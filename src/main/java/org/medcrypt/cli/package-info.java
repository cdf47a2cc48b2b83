/**
 * The headless command line ({@code java -jar MedCrypt_-<version>-cli.jar <command>}) on picocli, which
 * only the shaded CLI jar carries: one subcommand per Fiji capability, each calling the same entry point as
 * its Fiji command ({@link org.medcrypt.ij} for images, the core otherwise), and the demo. Exit codes: 0
 * done, 1 the work failed, 2 the call was wrong.
 */
package org.medcrypt.cli;
