package org.medcrypt.ij;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import org.medcrypt.cipher.LeakageStudy;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.UnsupportedImageException;

/**
 * STUDY ONLY. The one entry point of the block-cipher leakage study (Puech
 * 2008, sections 1.1/1.3, figures 1-3) on an ImageJ image, for the Fiji
 * command, the command line and the demo.
 */
public final class LeakageImages {

	private LeakageImages() {}

	/** The study of one image: a row per scheme and the montage. */
	public static final class Study {

		public final List<LeakageStudy.Row> rows;
		public final ImagePlus montage;
		private final int width, height;

		Study(final List<LeakageStudy.Row> rows, final ImagePlus montage, final int width, final int height) {
			this.rows = rows;
			this.montage = montage;
			this.width = width;
			this.height = height;
		}

		/** The encrypted images as a stack, one slice per scheme. */
		public ImagePlus encryptedStack(final String title) {
			final ImageStack stack = new ImageStack(width, height);
			for (final LeakageStudy.Row r : rows)
				stack.addSlice(r.scheme.label, r.image);
			return new ImagePlus(title, stack);
		}
	}

	/**
	 * DES-ECB, AES-ECB, AES-OFB and the paper's stream cipher, with fresh random
	 * keys, on the current slice of an 8-bit image.
	 */
	public static Study run(final ImagePlus imp) throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open an 8-bit image first (an ultrasound shows the effect best).");
		if (imp.getType() != ImagePlus.GRAY8) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is not 8-bit grayscale; the study follows " +
				"the paper on 8-bit images. Convert it with Image > Type > 8-bit.");
		}
		final int w = imp.getWidth(), h = imp.getHeight();
		final List<LeakageStudy.Row> rows = LeakageStudy.run((byte[]) imp.getProcessor().getPixels(), w, h,
			SecureRandoms.forThisThread());
		return new Study(rows, montage("Cipher leakage study of " + imp.getTitle(), rows, w, h), w, h);
	}

	/**
	 * The montage of the schemes' encrypted images over their histograms, with
	 * its legend in the "Info" property.
	 */
	public static ImagePlus montage(final String title, final List<LeakageStudy.Row> rows, final int width,
		final int height)
	{
		final StringBuilder order = new StringBuilder();
		for (final LeakageStudy.Row r : rows)
			order.append(order.length() == 0 ? "" : " | ").append(r.scheme.label);
		final ImagePlus montage = new ImagePlus(title, new ByteProcessor(LeakageStudy.montageWidth(rows.size(), width),
			LeakageStudy.montageHeight(width, height), LeakageStudy.montage(rows, width, height)));
		montage.setProperty("Info", "Columns, left to right: " + order + "\nTop: encrypted image; bottom: its " +
			"histogram (grey levels 0..255, scaled to the tallest bin).");
		return montage;
	}
}
