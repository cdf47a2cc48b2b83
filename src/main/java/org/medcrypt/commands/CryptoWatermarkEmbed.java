package org.medcrypt.commands;

import java.io.File;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import ij.ImagePlus;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.ij.WatermarkImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.keys.StreamCipherKeyFile;
import org.medcrypt.watermark.CryptoWatermark;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * STUDY ONLY: Puech 2008 section 2, sender side. Encrypts the image with the
 * pixel stream cipher under a session key K, encrypts K with textbook RSA
 * (sender's private key, then recipient's public key, eqs. 5-6) and embeds
 * K'' by LSB substitution into the encrypted image (same size and type).
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>MedCrypt>Transfer (study only)>Crypto-Watermark Embed")
public class CryptoWatermarkEmbed extends MedCryptCommand {

	static final String NEW_KEY = "New session key", KEY_FILE = "Key file";

	@Parameter(label = "Image")
	private ImagePlus imp;

	@Parameter(label = "Session key", choices = { NEW_KEY, KEY_FILE },
		description = "A new key travels only inside the image (its IV derives from K, as in the paper).")
	private String key_source = NEW_KEY;

	@Parameter(label = "Stream cipher key file (.mcstream.key)", style = FileWidget.OPEN_STYLE, required = false,
		autoFill = false, description = "Its own IV makes K 1183 bits: both RSA moduli need at least 1184 bits.")
	private File key_file;

	@Parameter(label = "Session key length in bits (new keys)", min = "16", max = "1024", stepSize = "8")
	private int key_bits = StreamCipherKey.DEFAULT_BITS;

	@Parameter(label = "Sender's private key (.pem)", style = FileWidget.OPEN_STYLE)
	private File sender_private_key;

	@Parameter(label = "Recipient's public key (.pem)", style = FileWidget.OPEN_STYLE)
	private File recipient_public_key;

	@Parameter(type = ItemIO.OUTPUT, label = "Watermarked encrypted image")
	private ImagePlus watermarked;

	@Override
	protected void execute() throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open the image to send first.");
		final RSAPrivateCrtKey sender = RsaKeyFiles.readPrivate(required(sender_private_key,
			"the sender's private key"));
		final RSAPublicKey recipient = RsaKeyFiles.readPublic(required(recipient_public_key,
			"the recipient's public key"));
		final WatermarkImages.Embedded w = WatermarkImages.embed(imp, KEY_FILE.equals(key_source) ? StreamCipherKeyFile
			.read(required(key_file, "the key file")) : null, key_bits, sender, recipient);
		watermarked = w.image;
		final CryptoWatermark.Embedding e = w.embedding;
		log.info(String.format("MedCrypt: %s encrypted (key %s) and watermarked with the %d-bit K'' (1 bit per " +
			"%d pixels, %d carriers changed, PSNR %.2f dB); study only: textbook RSA, LSB watermark.", imp.getTitle(),
			w.key.fingerprint(), e.bits, e.pixelsPerBit, e.carriersChanged, w.comparison.psnr));
		reportRow("image", imp.getTitle(), "watermarked", watermarked.getTitle(), "key", w.key.fingerprint(),
			"rsa_order", e.paperOrder ? "paper" : "reversed", "bits", e.bits, "pixels_per_bit", e.pixelsPerBit,
			"carriers_changed", e.carriersChanged, "psnr_encrypted", w.comparison.psnr, "seconds", w.seconds);
	}
}
