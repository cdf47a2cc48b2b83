package org.medcrypt.commands;

import java.io.File;

import ij.ImagePlus;
import org.medcrypt.cipher.PassphraseKeys;
import org.medcrypt.cipher.PixelStreamCipher;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.WrongKeyException;
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
@Plugin(type = Command.class, menuPath = "Plugins>MedCrypt>Transfer (study only)>Stream Cipher Decrypt")
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
		final StreamCipherKey key;
		if (StreamCipherEncryptImage.PASSPHRASE.equals(key_source)) {
			String record = salt == null ? "" : salt.trim();
			if (record.isEmpty()) record = imp.getProp(StreamCipherEncryptImage.SALT_PROPERTY);
			if (record == null || record.isEmpty()) {
				throw new MedCryptException("Image \"" + imp.getTitle() + "\" carries no salt record (TIFF and PNG " +
					"keep it, JPEG and DICOM do not). Type the salt record reported when it was encrypted.");
			}
			key = PassphraseKeys.derive(passphrase == null ? new char[0] : passphrase.toCharArray(), record);
		}
		else key = StreamCipherKeyFile.read(required(key_file, "the key file"));
		final String expected = imp.getProp(StreamCipherEncryptImage.KEY_PROPERTY);
		if (expected != null && !expected.isEmpty() && !expected.equals(key.fingerprint())) {
			throw new WrongKeyException("Image \"" + imp.getTitle() + "\" was encrypted with key " + expected +
				"; the key you chose is " + key.fingerprint() + ". Choose the right key (or passphrase).");
		}
		decrypted = StreamCipherImages.copy(imp, "Stream-decrypted " + imp.getTitle());
		final long start = System.nanoTime();
		PixelStreamCipher.decrypt(ImagePlusImgs.wrap(decrypted), key, progress());
		final double seconds = (System.nanoTime() - start) / 1e9;
		decrypted.resetDisplayRange();
		reportRow("image", imp.getTitle(), "decrypted", decrypted.getTitle(), "key", key.fingerprint(),
			"key_checked", expected == null || expected.isEmpty() ? "no (no fingerprint in the image)" : "yes",
			"seconds", seconds);
	}
}
