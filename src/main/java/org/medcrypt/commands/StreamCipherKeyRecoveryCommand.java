package org.medcrypt.commands;

import java.io.File;

import ij.ImagePlus;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.StreamCipherImages;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * STUDY ONLY: the known-plaintext attack on the paper's stream cipher. From an
 * image encrypted by Stream Cipher Encrypt and either a black background or
 * the first pixels of the original, recovers the key and decrypts the whole
 * image with it; with the original, counts the pixels that came out exact.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Transfer (study only)>Stream Cipher Key Recovery")
public class StreamCipherKeyRecoveryCommand extends MedCryptCommand {

	static final String BLACK = "Black background", KNOWN = "First pixels of the original";

	@Parameter(label = "Stream-encrypted image")
	private ImagePlus imp;

	@Parameter(label = "Key length in bits", min = "16", max = "1024", stepSize = "8")
	private int key_bits = StreamCipherKey.DEFAULT_BITS;

	@Parameter(label = "Known plaintext", choices = { BLACK, KNOWN },
		description = "Black background: some row of the image is black. First pixels: k/2 + 72 pixels of the original.")
	private String known_plaintext = BLACK;

	@Parameter(label = "Known pixels (first pixels of the original)", min = "1")
	private int known_pixels = 136;

	@Parameter(label = "Original image file (known pixels; optional with a black background, to count exact pixels)",
		style = FileWidget.OPEN_STYLE, required = false, persist = false, autoFill = false)
	private File original_file;

	@Parameter(type = ItemIO.OUTPUT, label = "Decrypted with the recovered key")
	private ImagePlus decrypted;

	@Override
	protected void execute() throws MedCryptException {
		final boolean black = BLACK.equals(known_plaintext);
		final ImagePlus original = original_file != null && !original_file.getPath().isEmpty() ? ImageFiles.open(
			original_file.toPath()) : null;
		final StreamCipherImages.Recovered r = StreamCipherImages.recoverKey(imp, original, key_bits, black,
			known_pixels);
		decrypted = r.image;
		log.info(String.format("MedCrypt (study only): recovered the %d-bit key %s from %s (%d equations)%s; %s.",
			key_bits, Hex.of(r.recovered.key.keyBytes()), black ? "black row " + r.blackRow : known_pixels +
				" known pixels", r.recovered.alphaEquations, r.ivRecovered() ? " and the IV" : ", not the IV (the " +
					"first " + key_bits / 2 + " pixels stay wrong)", r.exact < 0 ? "no original to compare" : r.exact +
						" of " + r.pixels + " pixels exact"));
		reportRow("image", imp.getTitle(), "key_bytes", Hex.of(r.recovered.key.keyBytes()), "black_row", r.blackRow,
			"equations", r.recovered.alphaEquations, "iv_recovered", r.ivRecovered() ? "yes" : "no", "pixels",
			r.pixels, "pixels_exact", r.exact, "bit_exact", r.exact == r.pixels ? "yes" : "no");
	}
}
