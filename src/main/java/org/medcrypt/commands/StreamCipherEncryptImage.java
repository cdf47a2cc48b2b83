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
 * STUDY ONLY: encrypts an 8/16-bit image or stack with the pixel stream cipher
 * of Puech 2008 (eq. 1) into a new image of the same size and type. The
 * cipher is a linear recurrence: one known plaintext reveals the key, and it
 * has no integrity. Never use it for patient data.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Transfer (study only)>Stream Cipher Encrypt")
public class StreamCipherEncryptImage extends MedCryptCommand {

	static final String KEY_FILE = "Key file", NEW_KEY_FILE = "New key file", PASSPHRASE = "Passphrase";

	@Parameter(label = "Image")
	private ImagePlus imp;

	@Parameter(label = "Key", choices = { KEY_FILE, NEW_KEY_FILE, PASSPHRASE })
	private String key_source = KEY_FILE;

	@Parameter(label = "Key file (.mcstream.key)", style = FileWidget.SAVE_STYLE, persist = false, required = false,
		description = "Existing key, or where a new random key is written (owner-only).")
	private File key_file;

	@Parameter(label = "Passphrase", style = TextWidget.PASSWORD_STYLE, required = false, persist = false,
		description = "Derived with PBKDF2-HMAC-SHA256 and a fresh salt kept in the image's properties.")
	private String passphrase = "";

	@Parameter(label = "Key length in bits (new keys)", min = "16", max = "1024", stepSize = "8")
	private int key_bits = StreamCipherKey.DEFAULT_BITS;

	@Parameter(type = ItemIO.OUTPUT, label = "Encrypted image")
	private ImagePlus encrypted;

	@Override
	protected void execute() throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open the image to encrypt first.");
		final StreamCipherImages.Encrypted e;
		if (PASSPHRASE.equals(key_source)) e = StreamCipherImages.encryptWithPassphrase(imp, passphrase == null
			? new char[0] : passphrase.toCharArray(), key_bits, progress());
		else e = StreamCipherImages.encrypt(imp, NEW_KEY_FILE.equals(key_source) ? StreamCipherImages.newKeyFile(
			key_bits, required(key_file, "where to write the new key file")) : StreamCipherKeyFile.read(required(
				key_file, "the key file")), progress());
		encrypted = e.image;
		log.info(String.format("MedCrypt: stream-encrypted %s (%d pixels, %.3f s) with key %s (study only: " +
			"weak, no integrity).", imp.getTitle(), e.pixels, e.seconds, e.key.fingerprint()));
		reportRow("image", imp.getTitle(), "encrypted", encrypted.getTitle(), "key", e.key.fingerprint(), "salt",
			e.salt, "pixels", e.pixels, "seconds", e.seconds);
	}
}
