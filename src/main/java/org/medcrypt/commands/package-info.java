/**
 * Thin SciJava commands (Plugins > MedCrypt) over the core packages: they read
 * {@code @Parameter}s (snake_case names, the keys of ImageJ macro options),
 * convert ImageJ 1.x images at the edge, call the core, report progress through
 * the StatusService, and turn user errors into one clear message.
 */
package org.medcrypt.commands;
