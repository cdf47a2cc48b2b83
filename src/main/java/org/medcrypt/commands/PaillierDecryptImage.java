package org.medcrypt.commands;

import ij.ImagePlus;

import java.io.File;

import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Decrypts a {@code .mcimg} file with the private key into a new image, bit-exact. */
@Plugin(type = Command.class, menuPath = "Plugins>MedCrypt>Paillier>Paillier Decrypt Image")
public class PaillierDecryptImage extends MedCryptCommand {

	@Parameter(label = "Encrypted file (.mcimg)", style = FileWidget.OPEN_STYLE)
	private File encrypted_file;

	@Parameter(label = "Private key (.paillier.key)", style = FileWidget.OPEN_STYLE)
	private File private_key;

	@Parameter(type = ItemIO.OUTPUT, label = "Decrypted image")
	private ImagePlus decrypted;

	@Override
	protected void execute() throws MedCryptException {
		final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(required(private_key, "the private key file"));
		final EncryptedImage encrypted = EncryptedImageFile.read(required(encrypted_file, "the encrypted file"), key
			.publicKey());
		final long start = System.nanoTime();
		decrypted = ImagePlusImgs.toImagePlus(titleOf(encrypted_file), PaillierImageCipher.decrypt(encrypted, key,
			progress()));
		final double seconds = (System.nanoTime() - start) / 1e9;
		reportRow("file", encrypted_file, "image", decrypted.getTitle(), "seconds", seconds, "key", key.publicKey()
			.shortFingerprint());
	}

	private static String titleOf(final File file) {
		final String name = file.getName();
		return name.endsWith(EncryptedImageFile.SUFFIX) ? name.substring(0, name.length() - EncryptedImageFile.SUFFIX
			.length()) : name + " (decrypted)";
	}
}
