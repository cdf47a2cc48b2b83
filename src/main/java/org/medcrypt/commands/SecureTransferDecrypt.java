package org.medcrypt.commands;

import java.io.File;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import ij.ImagePlus;
import org.medcrypt.ij.TransferImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.transfer.OpenedRegister;
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
 * what was wrong. Shows what the sender signed (identifier, time, keys, C/Z/T),
 * refuses an image sealed for another key or (if asked) another identifier,
 * and warns about, or refuses, an identifier opened before ({@link OpenedRegister}).
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

	@Parameter(label = "Expected identifier (optional)", required = false, persist = false,
		description = "The identifier the sender announced: another image (a swap) is refused.")
	private String expected_identifier = "";

	@Parameter(label = "Refuse an image opened before (else warn)", required = false,
		description = "MedCrypt keeps a register of opened identifiers in the user's MedCrypt folder.")
	private boolean refuse_replay;

	@Parameter(type = ItemIO.OUTPUT, label = "Decrypted image")
	private ImagePlus decrypted;

	@Override
	protected void execute() throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open the encrypted image first.");
		final RSAPrivateCrtKey recipient = RsaKeyFiles.readPrivate(required(recipient_private_key,
			"your private key"));
		final RSAPublicKey sender = RsaKeyFiles.readPublic(required(sender_public_key, "the sender's public key"));
		status.showStatus("MedCrypt: checking and decrypting " + imp.getTitle());
		final TransferImages.Opened o = TransferImages.open(imp, recipient, sender, OpenedRegister.inUserFolder(),
			refuse_replay, expected_identifier, output_file);
		decrypted = o.image;
		log.info(String.format("MedCrypt: %s decrypted and verified as %s (%s) in %.3f s%s.", imp.getTitle(),
			decrypted.getTitle(), o.summary(), o.seconds, o.file.isEmpty() ? "" : ", saved to " + o.file));
		if (o.replayOf != null) {
			log.warn("MedCrypt: " + imp.getTitle() + " (identifier " + o.opened.identifier + ") was already opened on " +
				o.replayOf.openedText() + ": a replay or a copy; check with the sender.");
		}
		reportRow("image", imp.getTitle(), "decrypted", decrypted.getTitle(), "file", o.file, "identifier", o.opened
			.identifier, "created", o.opened.createdText(), "sender", o.opened.sender, "recipient", o.opened.recipient,
			"channels", o.image.getNChannels(), "slices", o.image.getNSlices(), "frames", o.image.getNFrames(),
			"envelope_version", o.opened.version, "opened_before", o.replayOf == null ? "no" : o.replayOf
				.openedText(), "verified", "yes", "payload_bits", o.opened.payloadBits, "sha256", o.digest, "seconds",
			o.seconds);
	}
}
