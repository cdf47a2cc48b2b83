package org.medcrypt.commands;

import java.io.File;

import ij.ImagePlus;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.ij.StreamCipherImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.StreamCipherKeyFile;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.scijava.widget.TextWidget;

/**
 * STUDY ONLY: decrypts an image encrypted by {@link StreamCipherEncryptImage}
 * (Puech 2008, eq. 4). The cipher has no integrity: a wrong key or a tampered
 * image gives a wrong image without error. Only when the image still carries
 * the key fingerprint MedCrypt stored (TIFF keeps it) is a wrong key reported.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Transfer (study only)>Stream Cipher Decrypt")
public class StreamCipherDecryptImage extends MedCryptCommand {

	@Parameter(label = "Encrypted image")
	private ImagePlus imp;

	@Parameter(label = "Key", choices = { StreamCipherEncryptImage.KEY_FILE, StreamCipherEncryptImage.PASSPHRASE })
	private String key_source = StreamCipherEncryptImage.KEY_FILE;

	@Parameter(label = "Key file (.mcstream.key)", style = FileWidget.OPEN_STYLE, required = false)
	private File key_file;

	@Parameter(label = "Passphrase", style = TextWidget.PASSWORD_STYLE, required = false, persist = false)
	private String passphrase = "";

	@Parameter(label = "Salt record (empty: from the image)", required = false, persist = false,
		description = "pbkdf2-sha256:<iterations>:<salt>:<bits>, as reported at encryption.")
	private String salt = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Decrypted image")
	private ImagePlus decrypted;

	@Override
	protected void execute() throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open the encrypted image first.");
		final StreamCipherKey key = StreamCipherEncryptImage.PASSPHRASE.equals(key_source) ? StreamCipherImages
			.passphraseKey(imp, passphrase == null ? new char[0] : passphrase.toCharArray(), salt) : StreamCipherKeyFile
				.read(required(key_file, "the key file"));
		final StreamCipherImages.Decrypted d = StreamCipherImages.decrypt(imp, key, progress());
		decrypted = d.image;
		reportRow("image", imp.getTitle(), "decrypted", decrypted.getTitle(), "key", key.fingerprint(),
			"key_checked", d.keyChecked ? "yes" : "no (no fingerprint in the image)", "seconds", d.seconds);
	}
}
