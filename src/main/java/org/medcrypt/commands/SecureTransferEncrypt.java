package org.medcrypt.commands;

import java.io.File;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import ij.ImagePlus;
import org.medcrypt.ij.TransferImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.SecureRandoms;
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
 * original. The signed header states an identifier, the time, the recipient's
 * full fingerprint and C/Z/T; the title, the image's description (optionally
 * with its DICOM header de-identified) travel encrypted, and the encrypted
 * image is titled neutrally. The original image is untouched.
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

	@Parameter(label = "Identifier (optional; empty: random)", required = false, persist = false,
		description = "1 to 32 of A-Z a-z 0-9 . _ : - ; signed, shown to the recipient, and PUBLIC (in clear in " +
			"the image): never a patient's name or number.")
	private String identifier = "";

	@Parameter(label = "De-identify the DICOM header (PS3.15 Basic Profile)", required = false,
		description = "Remove or blank names, IDs, dates, institution, physicians, comments; replace UIDs. The " +
			"list: docs/TRANSFER.md.")
	private boolean deidentify_header;

	@Parameter(type = ItemIO.OUTPUT, label = "Encrypted image")
	private ImagePlus encrypted;

	@Override
	protected void execute() throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open the image to send first.");
		final RSAPrivateCrtKey sender = RsaKeyFiles.readPrivate(required(sender_private_key, "your private key"));
		final RSAPublicKey recipient = RsaKeyFiles.readPublic(required(recipient_public_key,
			"the recipient's public key"));
		status.showStatus("MedCrypt: encrypting " + imp.getTitle());
		final TransferImages.Sealed s = TransferImages.seal(imp, identifier, deidentify_header, sender, recipient,
			SecureRandoms.forThisThread(), output_file);
		encrypted = s.image;
		if (imp.getBitDepth() == 16) encrypted.setDisplayRange(0, 65535);
		final String created = java.time.Instant.ofEpochMilli(s.sealed.label.created).toString();
		log.info(String.format("MedCrypt: %s sealed as %s (identifier %s, %s) for %s (AES-256-GCM, RSA-OAEP, " +
			"RSA-PSS; %d-bit envelope in the top bits of %d samples)%s in %.3f s%s.", imp.getTitle(), encrypted
				.getTitle(), s.sealed.label.identifier, created, s.sealed.recipient, s.sealed.payloadBits,
			s.sealed.touchedSamples, deidentify_header ? ", DICOM header de-identified" : "", s.seconds, s.file
				.isEmpty() ? "" : ", saved to " + s.file));
		reportRow("image", imp.getTitle(), "encrypted", encrypted.getTitle(), "file", s.file, "identifier",
			s.sealed.label.identifier, "created", created, "recipient", s.sealed.recipient, "deidentified",
			deidentify_header ? "yes" : "no", "payload_bits", s.sealed.payloadBits, "samples_touched",
			s.sealed.touchedSamples, "mispredicted", s.sealed.errors, "sha256", s.digest, "seconds", s.seconds);
	}
}
