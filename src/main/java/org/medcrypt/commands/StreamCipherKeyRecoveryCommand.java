package org.medcrypt.commands;

import java.io.File;

import ij.ImagePlus;
import org.medcrypt.cipher.PixelStreamCipher;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.cipher.StreamCipherKeyRecovery;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.UnsupportedImageException;
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
@Plugin(type = Command.class, menuPath = "Plugins>MedCrypt>Transfer (study only)>Stream Cipher Key Recovery")
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
		if (imp == null) throw new MedCryptException("Open the stream-encrypted image first.");
		decrypted = StreamCipherImages.copy(imp, "Key recovered " + imp.getTitle());
		final PixelPlanes planes = ImagePlusImgs.planes(decrypted);
		final int[] cipher = planes.values();
		final int depth = imp.getBitDepth();
		int[] original = null;
		if (original_file != null && !original_file.getPath().isEmpty()) {
			final ImagePlus o = ImageFiles.open(original_file.toPath());
			if (o.getBitDepth() != depth || o.getWidth() != imp.getWidth() || o.getHeight() != imp.getHeight() || o
				.getStackSize() != imp.getStackSize())
			{
				throw new UnsupportedImageException("The original " + original_file + " differs in size or type " +
					"from " + imp.getTitle() + ".");
			}
			original = ImagePlusImgs.planes(o).values();
		}
		final StreamCipherKeyRecovery.Recovered r;
		int blackRow = -1;
		try {
			if (BLACK.equals(known_plaintext)) {
				final StreamCipherKeyRecovery.BlackRow b = StreamCipherKeyRecovery.fromBlackRow(cipher, imp.getWidth(),
					key_bits, depth);
				r = b.recovered;
				blackRow = b.row;
			}
			else {
				if (original == null) throw new MedCryptException("Choose the original image file: its first " +
					known_pixels + " pixels are the known plaintext.");
				final int[] known = StreamCipherKeyRecovery.uniformPrefix(cipher.length, 0, 0);
				System.arraycopy(original, 0, known, 0, Math.min(known_pixels, cipher.length));
				r = StreamCipherKeyRecovery.recover(cipher, known, key_bits, depth);
			}
		}
		catch (final StreamCipherKeyRecovery.NotEnoughPlaintextException e) {
			throw new MedCryptException("Key recovery failed: " + e.getMessage(), e);
		}
		final int[] plain = PixelStreamCipher.decryptReference(cipher, r.key, depth);
		int exact = -1;
		if (original != null) {
			exact = 0;
			for (int i = 0; i < plain.length; i++)
				if (plain[i] == original[i]) exact++;
		}
		for (int i = 0; i < plain.length; i++)
			planes.setValue(i, plain[i]);
		decrypted.resetDisplayRange();
		final boolean ivKnown = blackRow < 0 || blackRow == 0;
		log.info(String.format("MedCrypt (study only): recovered the %d-bit key %s from %s (%d equations)%s; %s.",
			key_bits, Hex.of(r.key.keyBytes()), blackRow >= 0 ? "black row " + blackRow : known_pixels +
				" known pixels", r.alphaEquations, ivKnown ? " and the IV" : ", not the IV (the first " + key_bits / 2 +
					" pixels stay wrong)", exact < 0 ? "no original to compare" : exact + " of " + plain.length +
						" pixels exact"));
		reportRow("image", imp.getTitle(), "key_bytes", Hex.of(r.key.keyBytes()), "black_row", blackRow,
			"equations", r.alphaEquations, "iv_recovered", ivKnown ? "yes" : "no", "pixels", plain.length,
			"pixels_exact", exact, "bit_exact", exact == plain.length ? "yes" : "no");
	}
}
