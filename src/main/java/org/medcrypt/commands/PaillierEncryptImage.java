package org.medcrypt.commands;

import java.io.File;
import java.nio.file.Files;

import ij.ImagePlus;
import org.medcrypt.encimage.CiphertextView;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierEncrypter;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Encrypts the image (8/16-bit, stacks too) under a public key into a
 * {@code .mcimg} file. The image itself is left untouched.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MedCrypt>Paillier>Paillier Encrypt Image")
public class PaillierEncryptImage extends MedCryptCommand {

	@Parameter(label = "Image")
	private ImagePlus imp;

	@Parameter(label = "Public key (.paillier.pub)", style = FileWidget.OPEN_STYLE,
		description = "The recipient's public key; the owner may give the private key file to encrypt faster.")
	private File public_key;

	@Parameter(label = "Encrypted file (.mcimg)", style = FileWidget.SAVE_STYLE)
	private File output_file;

	@Parameter(label = "Haar levels the layout aligns", min = "0", max = "6")
	private int haar_levels = PackingParameters.DEFAULT_LEVELS;

	@Parameter(label = "Slot width in bits (0 = automatic)", min = "0", max = "56")
	private int slot_bits = 0;

	@Parameter(label = "Show what an attacker sees")
	private boolean show_ciphertext = false;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Ciphertext view")
	private ImagePlus ciphertext_view;

	@Override
	protected void execute() throws MedCryptException {
		required(output_file, "where to write the encrypted file");
		if (Files.exists(output_file.toPath())) {
			throw new OutputExistsException(output_file + " already exists; MedCrypt does not overwrite files. " +
				"Choose another name.");
		}
		if (imp == null) throw new MedCryptException("Open the image to encrypt first.");
		final PaillierEncrypter key = PaillierKeyFiles.readEncrypter(required(public_key, "the public key file"));
		final int bitDepth = imp.getBitDepth();
		final PackingParameters packing = PackingParameters.of(haar_levels, slot_bits == 0 ? PackingParameters
			.minimumSlotBits(bitDepth, haar_levels) + 1 : slot_bits, bitDepth);
		final long start = System.nanoTime();
		final EncryptedImage encrypted = PaillierImageCipher.encrypt(ImagePlusImgs.wrap(imp), key, packing,
			progress());
		EncryptedImageFile.write(output_file.toPath(), encrypted);
		final double seconds = (System.nanoTime() - start) / 1e9;
		log.info(String.format("MedCrypt: encrypted %s into %s (%d ciphertexts, %.1fx expansion, %.1f s).", imp
			.getTitle(), output_file, encrypted.ciphertexts().length, encrypted.expansion(), seconds));
		reportRow("image", imp.getTitle(), "file", output_file, "ciphertexts", encrypted.ciphertexts().length,
			"expansion", encrypted.expansion(), "seconds", seconds, "key", key.publicKey().shortFingerprint());
		if (show_ciphertext) {
			ciphertext_view = ImagePlusImgs.toImagePlus("Ciphertext of " + imp.getTitle(), CiphertextView.render(
				encrypted));
		}
	}
}
