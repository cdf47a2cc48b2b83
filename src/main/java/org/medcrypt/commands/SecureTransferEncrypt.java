package org.medcrypt.commands;

import java.io.File;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import ij.ImagePlus;
import org.medcrypt.ij.TransferImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.RsaKeyFiles;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Sender side of the default secure transfer: AES-256-GCM over the pixels, the
 * session key wrapped for the recipient (RSA-OAEP) and signed (RSA-PSS), all
 * carried inside the encrypted image, which keeps the size and type of the
 * original. The original image is untouched.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Transfer>Secure Transfer Encrypt")
public class SecureTransferEncrypt extends MedCryptCommand {

	@Parameter(label = "Image to send")
	private ImagePlus imp;

	@Parameter(label = "Your (sender's) private key (.pem)", style = FileWidget.OPEN_STYLE)
	private File sender_private_key;

	@Parameter(label = "Recipient's public key (.pem)", style = FileWidget.OPEN_STYLE)
	private File recipient_public_key;

	@Parameter(label = "Save as TIFF (optional, never overwrites)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, autoFill = false, description = "Send this file: only lossless TIFF keeps it decryptable.")
	private File output_file;

	@Parameter(type = ItemIO.OUTPUT, label = "Encrypted image")
	private ImagePlus encrypted;

	@Override
	protected void execute() throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open the image to send first.");
		final RSAPrivateCrtKey sender = RsaKeyFiles.readPrivate(required(sender_private_key, "your private key"));
		final RSAPublicKey recipient = RsaKeyFiles.readPublic(required(recipient_public_key,
			"the recipient's public key"));
		status.showStatus("MedCrypt: encrypting " + imp.getTitle());
		final TransferImages.Sealed s = TransferImages.seal(imp, "Encrypted " + imp.getTitle(), sender, recipient,
			SecureRandoms.forThisThread(), output_file);
		encrypted = s.image;
		if (imp.getBitDepth() == 16) encrypted.setDisplayRange(0, 65535);
		log.info(String.format("MedCrypt: %s encrypted for %s (AES-256-GCM, RSA-OAEP, RSA-PSS; %d-bit envelope in " +
			"the top bits of %d samples) in %.3f s%s.", imp.getTitle(), Fingerprints.of(recipient),
			s.sealed.payloadBits, s.sealed.touchedSamples, s.seconds, s.file.isEmpty() ? "" : ", saved to " + s.file));
		reportRow("image", imp.getTitle(), "encrypted", encrypted.getTitle(), "file", s.file, "recipient", Fingerprints
			.of(recipient), "payload_bits", s.sealed.payloadBits, "samples_touched", s.sealed.touchedSamples,
			"mispredicted", s.sealed.errors, "sha256", s.digest, "seconds", s.seconds);
	}
}
