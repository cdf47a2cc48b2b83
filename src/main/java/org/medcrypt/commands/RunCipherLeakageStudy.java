package org.medcrypt.commands;

import ij.ImagePlus;
import org.medcrypt.cipher.LeakageStudy;
import org.medcrypt.ij.LeakageImages;
import org.medcrypt.io.MedCryptException;
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
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Transfer (study only)>Cipher Leakage Study")
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
		status.showStatus("MedCrypt: cipher leakage study...");
		final LeakageImages.Study study = LeakageImages.run(imp);
		for (final LeakageStudy.Row r : study.rows) {
			reportRow("image", imp.getTitle(), "scheme", r.scheme.name(), "label", r.scheme.label, "block_pixels",
				r.scheme.blockPixels, "entropy", r.entropy, "corr_h", r.correlationH, "corr_v", r.correlationV, "npcr",
				r.npcr, "uaci", r.uaci, "distinct_blocks16", r.distinctBlocks, "blocks16", r.blocks);
		}
		montage = study.montage;
		if (show_encrypted) encrypted_stack = study.encryptedStack("Encryptions of " + imp.getTitle());
	}
}
