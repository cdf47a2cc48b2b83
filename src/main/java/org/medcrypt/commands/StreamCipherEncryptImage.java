package org.medcrypt.commands;

import ij.ImagePlus;

import java.io.File;

import org.medcrypt.cipher.PassphraseKeys;
import org.medcrypt.cipher.PixelStreamCipher;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.keys.StreamCipherKeyFile;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.SecureRandoms;
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
@Plugin(type = Command.class, menuPath = "Plugins>MedCrypt>Transfer (study only)>Stream Cipher Encrypt")
public class StreamCipherEncryptImage extends MedCryptCommand {

	static final String KEY_FILE = "Key file", NEW_KEY_FILE = "New key file", PASSPHRASE = "Passphrase";
	/** Image properties (kept by TIFF) that identify the key and carry the passphrase salt. */
	static final String KEY_PROPERTY = "MedCrypt.stream.key", SALT_PROPERTY = "MedCrypt.stream.salt";

	@Parameter(label = "Image")
	private ImagePlus imp;

	@Parameter(label = "Key", choices = { KEY_FILE, NEW_KEY_FILE, PASSPHRASE })
	private String key_source = KEY_FILE;

	@Parameter(label = "Key file (.mcstream.key)", style = FileWidget.SAVE_STYLE, required = false,
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
		String salt = "";
		final StreamCipherKey key;
		if (PASSPHRASE.equals(key_source)) {
			salt = PassphraseKeys.newSaltRecord(key_bits, PassphraseKeys.DEFAULT_ITERATIONS, SecureRandoms
				.forThisThread());
			key = PassphraseKeys.derive(passphrase == null ? new char[0] : passphrase.toCharArray(), salt);
		}
		else if (NEW_KEY_FILE.equals(key_source)) {
			if (key_bits % 8 != 0) throw new MedCryptException("The key length must be a multiple of 8 bits.");
			key = StreamCipherKey.generate(key_bits, SecureRandoms.forThisThread());
			StreamCipherKeyFile.write(required(key_file, "where to write the new key file"), key);
		}
		else key = StreamCipherKeyFile.read(required(key_file, "the key file"));
		encrypted = StreamCipherImages.copy(imp, "Stream-encrypted " + imp.getTitle());
		final long start = System.nanoTime();
		PixelStreamCipher.encrypt(ImagePlusImgs.wrap(encrypted), key, progress());
		final double seconds = (System.nanoTime() - start) / 1e9;
		encrypted.setProp(KEY_PROPERTY, key.fingerprint());
		if (!salt.isEmpty()) encrypted.setProp(SALT_PROPERTY, salt);
		StreamCipherImages.fullRange(encrypted);
		final long pixels = (long) imp.getWidth() * imp.getHeight() * imp.getStackSize();
		log.info(String.format("MedCrypt: stream-encrypted %s (%d pixels, %.3f s) with key %s (study only: " +
			"weak, no integrity).", imp.getTitle(), pixels, seconds, key.fingerprint()));
		reportRow("image", imp.getTitle(), "encrypted", encrypted.getTitle(), "key", key.fingerprint(), "salt", salt,
			"pixels", pixels, "seconds", seconds);
	}
}
