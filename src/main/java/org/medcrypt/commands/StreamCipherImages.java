package org.medcrypt.commands;

import ij.ImagePlus;
import ij.ImageStack;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.UnsupportedImageException;

/** What the stream cipher commands share: a full copy of an image (no ROI crop) and its display range. */
final class StreamCipherImages {

	private StreamCipherImages() {}

	/** A copy of every slice (hyperstack dimensions and calibration kept, selection ignored). */
	static ImagePlus copy(final ImagePlus imp, final String title) throws MedCryptException {
		if (imp.getBitDepth() != 8 && imp.getBitDepth() != 16 || imp.getType() == ImagePlus.COLOR_256) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is " + imp.getBitDepth() +
				"-bit; the stream cipher takes 8-bit or 16-bit grayscale images.");
		}
		if (imp.getStack().isVirtual()) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is a virtual stack; " +
				"load it into memory (Image > Duplicate...) first.");
		}
		final ImageStack stack = imp.getStack().duplicate();
		final ImagePlus out = new ImagePlus(title, stack);
		out.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
		out.setCalibration(imp.getCalibration().copy());
		return out;
	}

	/** Shows the whole value range (an encrypted 16-bit image uses all of 0..65535). */
	static void fullRange(final ImagePlus imp) {
		imp.setDisplayRange(0, imp.getBitDepth() == 8 ? 255 : 65535);
	}
}
