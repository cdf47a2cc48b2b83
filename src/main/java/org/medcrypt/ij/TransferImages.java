package org.medcrypt.ij;

import java.io.File;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.LUT;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.UnsupportedImageException;

/**
 * The ImageJ edge of secure transfer ({@link org.medcrypt.transfer.SecureTransfer}),
 * for the commands and the demo: an image's pixel planes, its colour table as the
 * metadata that travels encrypted with them, new images built from planes, and
 * the optional output file.
 */
public final class TransferImages {

	/** An indexed-colour image's table: 256 reds, 256 greens, 256 blues. */
	private static final int LUT_BYTES = 768;

	private TransferImages() {}

	/** The pixel planes of an 8-bit, 16-bit, indexed-colour or RGB image, or a message saying why not. */
	public static PixelPlanes planes(final ImagePlus imp, final String role) throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open the " + role + " first.");
		if (imp.getBitDepth() == 32) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is 32-bit float; " +
				"secure transfer takes 8-bit, 16-bit, indexed-colour and RGB images.");
		}
		if (imp.getStack().isVirtual()) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is a virtual stack; " +
				"load it into memory (Image > Duplicate...) first.");
		}
		return ImagePlusImgs.planes(imp);
	}

	/** What travels encrypted with the pixels: the colour table of an indexed-colour image, else nothing. */
	public static byte[] metadata(final ImagePlus imp) {
		if (imp.getType() != ImagePlus.COLOR_256) return new byte[0];
		final LUT lut = imp.getProcessor().getLut();
		final byte[] m = new byte[LUT_BYTES];
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		lut.getReds(r);
		lut.getGreens(g);
		lut.getBlues(b);
		System.arraycopy(r, 0, m, 0, 256);
		System.arraycopy(g, 0, m, 256, 256);
		System.arraycopy(b, 0, m, 512, 256);
		return m;
	}

	/** A new image of these planes with the hyperstack dimensions of {@code like}, and the colour table if any. */
	public static ImagePlus image(final String title, final PixelPlanes planes, final ImagePlus like,
		final byte[] metadata)
	{
		final ImageStack stack = new ImageStack(planes.width(), planes.height());
		for (int i = 0; i < planes.planes(); i++)
			stack.addSlice(null, planes.array(i));
		final ImagePlus out = new ImagePlus(title, stack);
		out.setDimensions(like.getNChannels(), like.getNSlices(), like.getNFrames());
		if (metadata.length == LUT_BYTES && stack.getBitDepth() == 8) {
			final LUT lut = new LUT(java.util.Arrays.copyOfRange(metadata, 0, 256), java.util.Arrays.copyOfRange(
				metadata, 256, 512), java.util.Arrays.copyOfRange(metadata, 512, 768));
			out.getProcessor().setColorModel(lut);
			stack.setColorModel(lut);
		}
		return out;
	}

	/** Saves the image as TIFF if a file was chosen (atomically, never over an existing file). */
	public static String save(final ImagePlus imp, final File file) throws MedCryptException {
		if (file == null || file.getPath().isEmpty()) return "";
		ImageFiles.saveTiff(imp, file.toPath());
		return file.getPath();
	}

	/** Refuses an existing output file before any work is done. */
	public static void checkNew(final File file) throws MedCryptException {
		if (file != null && !file.getPath().isEmpty() && file.exists()) {
			throw new OutputExistsException(file + " already exists; MedCrypt never overwrites files: " +
				"choose another name.");
		}
	}
}
