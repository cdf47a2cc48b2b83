package org.medcrypt.commands;

import java.io.File;

import ij.ImagePlus;
import org.medcrypt.ij.PaillierImages;
import org.medcrypt.io.MedCryptException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Decrypts a {@code .mcimg} file with the private key into a new image, bit-exact. */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Paillier>Paillier Decrypt Image")
public class PaillierDecryptImage extends MedCryptCommand {

	@Parameter(label = "Encrypted file (.mcimg)", style = FileWidget.OPEN_STYLE)
	private File encrypted_file;

	@Parameter(label = "Private key (.paillier.key)", style = FileWidget.OPEN_STYLE)
	private File private_key;

	@Parameter(type = ItemIO.OUTPUT, label = "Decrypted image")
	private ImagePlus decrypted;

	@Override
	protected void execute() throws MedCryptException {
		final PaillierImages.Decrypted d = PaillierImages.decrypt(required(encrypted_file, "the encrypted file"),
			required(private_key, "the private key file"), progress());
		decrypted = d.image;
		if (d.notice() != null) log.warn("MedCrypt: " + d.notice());
		reportRow("file", encrypted_file, "image", decrypted.getTitle(), "seconds", d.seconds, "key", d.key
			.fingerprint(), "seal", d.seal.toString());
	}
}
