package org.medcrypt.commands;

import java.io.File;

import ij.ImagePlus;
import org.medcrypt.ij.PaillierImages;
import org.medcrypt.io.MedCryptException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * The Haar wavelet transform of an encrypted image, computed on ciphertexts as
 * the untrusted server does (public key only). With the private key, the key
 * holder sees the classic decomposition; the server's view is ciphertext noise.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Retrieval>Encrypted Haar DWT")
public class EncryptedHaarDwt extends MedCryptCommand {

	@Parameter(label = "Encrypted file (.mcimg)", style = FileWidget.OPEN_STYLE)
	private File encrypted_file;

	@Parameter(label = "Private key (.paillier.key) for the decomposition; or the public key for the server's view",
		style = FileWidget.OPEN_STYLE)
	private File key_file;

	@Parameter(label = "Levels", min = "1", max = "6")
	private int levels = 3;

	@Parameter(label = "Plane (stacks)", min = "1")
	private int plane = 1;

	@Parameter(label = "Show what the server holds")
	private boolean show_server_view = false;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Haar decomposition")
	private ImagePlus decomposition;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Server's view")
	private ImagePlus server_view;

	@Override
	protected void execute() throws MedCryptException {
		status.showStatus("MedCrypt: Haar transform on ciphertexts...");
		final PaillierImages.Haar haar = PaillierImages.haar(required(encrypted_file, "the encrypted file"), required(
			key_file, "a key file"), levels, plane, show_server_view);
		decomposition = haar.decomposition;
		server_view = haar.serverView;
		reportRow("file", encrypted_file.getName(), "levels", levels, "bands", 3 * levels + 1, "server_seconds",
			haar.serverSeconds, "decrypted", decomposition != null ? "yes" : "no");
	}
}
