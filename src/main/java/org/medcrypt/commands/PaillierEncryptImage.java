package org.medcrypt.commands;

import java.io.File;

import ij.ImagePlus;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.ij.PaillierImages;
import org.medcrypt.io.MedCryptException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Encrypts the image (8/16-bit or RGB, stacks and hyperstacks too) under a
 * public key into a {@code .mcimg} file, with its calibration, header and
 * arrangement encrypted inside. The image itself is left untouched.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Paillier>Paillier Encrypt Image")
public class PaillierEncryptImage extends MedCryptCommand {

	@Parameter(label = "Image")
	private ImagePlus imp;

	@Parameter(label = "Public key (.paillier.pub)", style = FileWidget.OPEN_STYLE,
		description = "The recipient's public key; the owner may give the private key file to encrypt faster.")
	private File public_key;

	@Parameter(label = "Encrypted file (.mcimg)", style = FileWidget.SAVE_STYLE, persist = false)
	private File output_file;

	@Parameter(label = "Haar levels the layout aligns", min = "0", max = "6")
	private int haar_levels = PackingParameters.DEFAULT_LEVELS;

	@Parameter(label = "Slot width in bits (0 = automatic)", min = "0", max = "56", description = "24 for an RGB " +
		"image a store server should index (its luma needs the room; docs/RETRIEVAL.md)")
	private int slot_bits = 0;

	@Parameter(label = "Show what an attacker sees")
	private boolean show_ciphertext = false;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Ciphertext view")
	private ImagePlus ciphertext_view;

	@Override
	protected void execute() throws MedCryptException {
		final PaillierImages.Encrypted e = PaillierImages.encrypt(imp, required(public_key, "the public key file"),
			required(output_file, "where to write the encrypted file"), haar_levels, slot_bits, progress());
		log.info(String.format("MedCrypt: encrypted %s into %s (%d ciphertexts, %.1fx expansion, %.1f s).", imp
			.getTitle(), output_file, e.image.ciphertexts().length, e.image.expansion(), e.seconds));
		reportRow("image", imp.getTitle(), "file", output_file, "ciphertexts", e.image.ciphertexts().length,
			"expansion", e.image.expansion(), "seconds", e.seconds, "key", e.key.fingerprint());
		// a neutral title: the image's own title (perhaps a patient's name) travels only encrypted
		if (show_ciphertext) ciphertext_view = e.ciphertextView("Ciphertext view of " + output_file.getName());
	}
}
