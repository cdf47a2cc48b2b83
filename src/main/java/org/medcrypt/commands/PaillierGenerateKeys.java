package org.medcrypt.commands;

import java.io.File;
import java.nio.file.Path;
import java.security.SecureRandom;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Makes a physician's Paillier key pair: {@code <name>.paillier.pub} to share, {@code <name>.paillier.key} to keep. */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Paillier>Paillier Generate Keys")
public class PaillierGenerateKeys extends MedCryptCommand {

	@Parameter(label = "Key size (bits)", choices = { "3072", "2048" },
		description = "3072 bits give 128-bit security (recommended); 2048 bits give 112-bit security.")
	private String key_bits = "3072";

	@Parameter(label = "Folder", style = FileWidget.DIRECTORY_STYLE)
	private File output_folder;

	@Parameter(label = "Key name", persist = false, description = "Files are <name>.paillier.pub and <name>.paillier.key")
	private String key_name = "medcrypt";

	@Parameter(type = ItemIO.OUTPUT, label = "Key fingerprint")
	private String fingerprint;

	@Override
	protected void execute() throws MedCryptException {
		required(output_folder, "a folder for the key files");
		if (key_name == null || !key_name.matches("[A-Za-z0-9._-]+")) {
			throw new MedCryptException("Key name '" + key_name + "' must use only letters, digits, '.', '_', '-'.");
		}
		final int bits = Integer.parseInt(key_bits.trim());
		status.showStatus("MedCrypt: generating a " + bits + "-bit Paillier key...");
		final PaillierKeyPair pair = PaillierKeyGenerator.generate(bits, new SecureRandom());
		final Path[] files = PaillierKeyFiles.writePair(output_folder.toPath(), key_name, pair);
		fingerprint = pair.publicKey().fingerprint();
		log.info("MedCrypt: wrote " + files[0] + " (share it) and " + files[1] + " (keep it private).");
		reportRow("public_key", files[0], "private_key", files[1], "fingerprint", fingerprint, "bits", bits);
	}
}
