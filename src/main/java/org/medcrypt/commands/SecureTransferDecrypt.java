package org.medcrypt.commands;

import java.io.File;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import ij.ImagePlus;
import org.medcrypt.ij.TransferImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.RsaKeyFiles;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Recipient side of the default secure transfer: checks the sender's
 * signature, unwraps the key, restores the encrypted image and lets AES-GCM
 * verify every pixel. All or nothing: the decrypted image (and its file) is
 * produced only if every check passed, bit-exact; otherwise one message says
 * what was wrong.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Transfer>Secure Transfer Decrypt")
public class SecureTransferDecrypt extends MedCryptCommand {

	@Parameter(label = "Encrypted image")
	private ImagePlus imp;

	@Parameter(label = "Your (recipient's) private key (.pem)", style = FileWidget.OPEN_STYLE)
	private File recipient_private_key;

	@Parameter(label = "Sender's public key (.pem)", style = FileWidget.OPEN_STYLE)
	private File sender_public_key;

	@Parameter(label = "Save as TIFF (optional, never overwrites)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, autoFill = false)
	private File output_file;

	@Parameter(type = ItemIO.OUTPUT, label = "Decrypted image")
	private ImagePlus decrypted;

	@Override
	protected void execute() throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open the encrypted image first.");
		final RSAPrivateCrtKey recipient = RsaKeyFiles.readPrivate(required(recipient_private_key,
			"your private key"));
		final RSAPublicKey sender = RsaKeyFiles.readPublic(required(sender_public_key, "the sender's public key"));
		status.showStatus("MedCrypt: checking and decrypting " + imp.getTitle());
		final TransferImages.Opened o = TransferImages.open(imp, "Decrypted " + imp.getTitle(), recipient, sender,
			output_file);
		decrypted = o.image;
		log.info(String.format("MedCrypt: %s decrypted and verified (signed by %s) in %.3f s%s.", imp.getTitle(),
			o.opened.sender, o.seconds, o.file.isEmpty() ? "" : ", saved to " + o.file));
		reportRow("image", imp.getTitle(), "decrypted", decrypted.getTitle(), "file", o.file, "sender", o.opened
			.sender, "verified", "yes", "payload_bits", o.opened.payloadBits, "sha256", o.digest, "seconds", o.seconds);
	}
}
