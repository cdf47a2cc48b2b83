package org.medcrypt.commands;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import org.medcrypt.cipher.LeakageStudy;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.UnsupportedImageException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Reproduces Puech 2008 sections 1.1/1.3 (figures 1-3) on the current 8-bit
 * slice: DES-ECB, AES-ECB, AES-OFB and the paper's stream cipher, with fresh
 * random keys; one Results row per scheme and a montage of the encrypted
 * images over their histograms.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MedCrypt>Transfer (study only)>Cipher Leakage Study")
public class RunCipherLeakageStudy extends MedCryptCommand {

	@Parameter(label = "Image (8-bit; the current slice)")
	private ImagePlus imp;

	@Parameter(label = "Also show the encrypted images as a stack")
	private boolean show_encrypted = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Montage")
	private ImagePlus montage;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Encrypted images")
	private ImagePlus encrypted_stack;

	@Override
	protected void execute() throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open an 8-bit image first (an ultrasound shows the effect best).");
		if (imp.getType() != ImagePlus.GRAY8) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is not 8-bit grayscale; " +
				"the study follows the paper on 8-bit images. Convert it with Image > Type > 8-bit.");
		}
		final int w = imp.getWidth(), h = imp.getHeight();
		final byte[] pixels = (byte[]) imp.getProcessor().getPixels();
		status.showStatus("MedCrypt: cipher leakage study...");
		final List<LeakageStudy.Row> rows = LeakageStudy.run(pixels, w, h, SecureRandoms.forThisThread());
		final StringBuilder order = new StringBuilder();
		for (final LeakageStudy.Row r : rows) {
			reportRow("image", imp.getTitle(), "scheme", r.scheme.name(), "label", r.scheme.label, "block_pixels",
				r.scheme.blockPixels, "entropy", r.entropy, "corr_h", r.correlationH, "corr_v", r.correlationV, "npcr",
				r.npcr, "uaci", r.uaci, "distinct_blocks16", r.distinctBlocks, "blocks16", r.blocks);
			order.append(order.length() == 0 ? "" : " | ").append(r.scheme.label);
		}
		montage = new ImagePlus("Cipher leakage study of " + imp.getTitle(), new ByteProcessor(LeakageStudy
			.montageWidth(rows.size(), w), LeakageStudy.montageHeight(w, h), LeakageStudy.montage(rows, w, h)));
		montage.setProperty("Info", "Columns, left to right: " + order + "\nTop: encrypted image; bottom: its " +
			"histogram (grey levels 0..255, scaled to the tallest bin).");
		if (show_encrypted) {
			final ImageStack stack = new ImageStack(w, h);
			for (final LeakageStudy.Row r : rows)
				stack.addSlice(r.scheme.label, r.image);
			encrypted_stack = new ImagePlus("Encryptions of " + imp.getTitle(), stack);
		}
	}
}
