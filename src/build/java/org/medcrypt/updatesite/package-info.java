/**
 * Builds a Fiji update site (the format read by the ImageJ updater,
 * imagej-updater) from the plugin jar and the library jars it needs, so the
 * build can publish MedCrypt without a Fiji installation: {@link
 * org.medcrypt.updatesite.UpdaterChecksum} reproduces the updater's file
 * checksums, {@link org.medcrypt.updatesite.UpdateSiteBuilder} writes
 * {@code db.xml.gz} and the timestamped uploads. Build-time only: nothing here
 * runs inside Fiji.
 */
package org.medcrypt.updatesite;
