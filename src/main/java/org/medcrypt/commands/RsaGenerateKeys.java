package org.medcrypt.commands;

import java.io.File;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.RsaKeyFiles;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Generates an RSA key pair (JDK, e = 65537) and writes it as PEM: the private
 * key (PKCS#8) owner-only, the public key (X.509 SubjectPublicKeyInfo); never
 * overwrites. Used by secure transfer and the crypto-watermark commands (sender and recipient); keys below
 * 2048 bits only when the user ticks "study only" ({@link RsaKeyFiles#checkBits}).
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Transfer>RSA Generate Keys")
public class RsaGenerateKeys extends MedCryptCommand {

	@Parameter(label = "Modulus size (bits)", min = "1024", max = "8192", stepSize = "512",
		description = "3072 by default, 2048 at least; below 2048 only with \"study only\" (the paper's 1024-bit " +
			"keys, K'' of 1024 bits).")
	private int key_bits = RsaKeyFiles.DEFAULT_BITS;

	@Parameter(label = "Study only: allow 1024-bit keys (the paper's crypto-watermark)", required = false,
		description = "Keys below 2048 bits are for Transfer (study only) commands; Secure Transfer refuses them.")
	private boolean study_only;

	@Parameter(label = "Private key file (.pem, owner-only)", style = FileWidget.SAVE_STYLE, persist = false)
	private File private_key_file;

	@Parameter(label = "Public key file (.pem)", style = FileWidget.SAVE_STYLE, persist = false)
	private File public_key_file;

	@Override
	protected void execute() throws MedCryptException {
		RsaKeyFiles.checkBits(key_bits, study_only);
		final Path sk = required(private_key_file, "where to write the private key");
		final Path pk = required(public_key_file, "where to write the public key");
		final long start = System.nanoTime();
		status.showStatus("MedCrypt: generating a " + key_bits + "-bit RSA key pair");
		final KeyPair pair = RsaKeyFiles.generateForStudy(key_bits, SecureRandoms.forThisThread());
		RsaKeyFiles.write(pair, sk, pk);
		final double seconds = (System.nanoTime() - start) / 1e9;
		final String fp = Fingerprints.of((RSAPublicKey) pair.getPublic());
		log.info(String.format("MedCrypt: %d-bit RSA key pair %s written to %s (owner-only) and %s (%.2f s)%s.",
			key_bits, Fingerprints.grouped(fp), sk, pk, seconds, key_bits < RsaKeyFiles.MIN_BITS ? "; STUDY ONLY: secure transfer refuses it"
				: ""));
		reportRow("private_key", sk.toString(), "public_key", pk.toString(), "bits", key_bits, "fingerprint", fp,
			"seconds", seconds);
	}
}
