package org.medcrypt.commands;

import java.io.File;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import ij.ImagePlus;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.WatermarkImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.watermark.CryptoWatermark;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * STUDY ONLY: Puech 2008 section 2, recipient side. Extracts K'' from the
 * watermarked encrypted image, recovers K (recipient's private key, then
 * sender's public key, eq. 7), checks it and decrypts. A changed carrier
 * pixel, a crop or a wrong key fails the key check (the command stops); a
 * change to any other pixel is not detected.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>MedCrypt>Transfer (study only)>Crypto-Watermark Extract")
public class CryptoWatermarkExtract extends MedCryptCommand {

	@Parameter(label = "Watermarked encrypted image")
	private ImagePlus imp;

	@Parameter(label = "Recipient's private key (.pem)", style = FileWidget.OPEN_STYLE)
	private File recipient_private_key;

	@Parameter(label = "Sender's public key (.pem)", style = FileWidget.OPEN_STYLE)
	private File sender_public_key;

	@Parameter(label = "Original image file (optional, for PSNR)", style = FileWidget.OPEN_STYLE, required = false,
		persist = false, autoFill = false)
	private File original_file;

	@Parameter(type = ItemIO.OUTPUT, label = "Decrypted image")
	private ImagePlus decrypted;

	@Override
	protected void execute() throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open the watermarked encrypted image first.");
		final RSAPrivateCrtKey recipient = RsaKeyFiles.readPrivate(required(recipient_private_key,
			"the recipient's private key"));
		final RSAPublicKey sender = RsaKeyFiles.readPublic(required(sender_public_key, "the sender's public key"));
		final WatermarkImages.Extracted x = WatermarkImages.extract(imp, recipient, sender, original_file != null &&
			!original_file.getPath().isEmpty() ? ImageFiles.open(original_file.toPath()) : null);
		decrypted = x.image;
		final CryptoWatermark.Comparison c = x.comparison;
		if (c != null) log.info("MedCrypt: decrypted vs original: " + c);
		reportRow("image", imp.getTitle(), "decrypted", decrypted.getTitle(), "key", x.key.fingerprint(), "key_check",
			"passed", "sender", Fingerprints.of(sender), "psnr_original", c == null ? Double.NaN : c.psnr,
			"psnr_modular", c == null ? Double.NaN : c.psnrModular, "wrapped", c == null ? -1 : c.wrapped);
	}
}
