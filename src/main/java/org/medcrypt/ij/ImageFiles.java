package org.medcrypt.ij;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.io.FileSaver;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.UnsupportedImageException;

/**
 * Reading and writing images for the command line and the demo through
 * ImageJ 1.x (TIFF, PNG, JPEG, DICOM...), with clear errors and atomic writes
 * that never replace an existing file.
 */
public final class ImageFiles {

	private ImageFiles() {}

	/**
	 * Opens an image file: the one guarded edge every image file crosses (command
	 * line, commands, lab folders, labelled sets, demo). A missing or unreadable
	 * file is named; what the file declares is checked against its size before
	 * ImageJ decodes it ({@link DeclaredGeometry}), so a damaged header is refused
	 * at once instead of being zero-padded, or decoded for minutes; ImageJ's own
	 * runtime failures (a 100-byte TIFF gives a {@link NegativeArraySizeException})
	 * become a {@link DamagedFileException} naming the file. DICOM rescale slopes
	 * are ignored while reading so stored pixel values are kept exactly; ImageJ's
	 * {@code Prefs.ignoreRescaleSlope} is set back to the user's value afterwards.
	 */
	public static ImagePlus open(final Path file) throws MedCryptException {
		if (!Files.isRegularFile(file)) throw new MedCryptException("Image file " + file + " does not exist.");
		if (!Files.isReadable(file)) {
			throw new MedCryptException("Image file " + file + " cannot be read: check its permissions.");
		}
		final long length;
		try {
			length = Files.size(file);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not read the image file " + file + ": " + e.getMessage(), e);
		}
		DeclaredGeometry.checkBeforeDecoding(file);
		final ImagePlus imp;
		// ImageJ saves this preference with its own: restored at once, so the user's CT DICOMs opened later
		// keep their HU calibration (issue 11). Only one MedCrypt open at a time changes it.
		synchronized (ImageFiles.class) {
			final boolean userSetting = Prefs.ignoreRescaleSlope;
			Prefs.ignoreRescaleSlope = true;
			try {
				imp = IJ.openImage(file.toString());
			}
			catch (final RuntimeException e) {
				throw DeclaredGeometry.damaged(file, "ImageJ could not decode it (" + e + ")");
			}
			finally {
				Prefs.ignoreRescaleSlope = userSetting;
			}
		}
		if (imp == null) {
			if (DeclaredGeometry.looksLikeAnImage(file)) {
				throw DeclaredGeometry.damaged(file, "ImageJ could not decode it");
			}
			throw new UnsupportedImageException("ImageJ cannot read " + file +
				" as an image (TIFF, PNG, JPEG, DICOM...).");
		}
		DeclaredGeometry.checkDecoded(file, imp, length);
		return imp;
	}

	/**
	 * Writes a TIFF (stacks and 16-bit kept). The image's properties ({@code setProp}, e.g. the stream
	 * cipher's key fingerprint and salt record) are kept too: {@code FileSaver.serialize} drops them, so
	 * an image that has some goes through {@code saveAsTiff} into a temporary file first.
	 */
	public static void saveTiff(final ImagePlus imp, final Path file) throws MedCryptException {
		final byte[] tiff;
		if (imp.getPropertiesAsArray() == null) tiff = new FileSaver(imp).serialize();
		else {
			Path tmp = null;
			try {
				tmp = Files.createTempFile("medcrypt-", ".tif");
				tiff = new FileSaver(imp).saveAsTiff(tmp.toString()) ? Files.readAllBytes(tmp) : null;
			}
			catch (final IOException e) {
				throw new MedCryptException("Could not encode " + imp.getTitle() + " as TIFF: " + e.getMessage(), e);
			}
			finally {
				try {
					if (tmp != null) Files.deleteIfExists(tmp);
				}
				catch (final IOException e) {
					// a leftover temporary file is harmless
				}
			}
		}
		if (tiff == null) throw new MedCryptException("ImageJ could not encode " + imp.getTitle() + " as TIFF.");
		write(file, tiff);
	}

	/** Writes a PNG of the displayed image (for figures; a stack gives its current slice). */
	public static void savePng(final ImagePlus imp, final Path file) throws MedCryptException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			ImageIO.write(imp.getBufferedImage(), "png", bytes);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not encode " + imp.getTitle() + " as PNG: " + e.getMessage(), e);
		}
		write(file, bytes.toByteArray());
	}

	private static void write(final Path file, final byte[] content) throws MedCryptException {
		try {
			AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, false, content);
		}
		catch (final FileAlreadyExistsException e) {
			throw new OutputExistsException(file + " already exists; MedCrypt does not overwrite files.", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not write " + file + ": " + e.getMessage(), e);
		}
	}
}
