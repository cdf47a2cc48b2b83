/**
 * The headless command line ({@code java -jar MedCrypt_-<version>-cli.jar}):
 * the same core as the Fiji commands, for servers, batch work, CI and the demo.
 */
package org.medcrypt.cli;
