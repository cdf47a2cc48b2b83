package org.medcrypt.commands;

import ij.ImagePlus;
import ij.process.FloatProcessor;

import java.io.File;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.medcrypt.encimage.CiphertextView;
import org.medcrypt.encimage.EncryptedHaar;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.MallatView;
import org.medcrypt.encimage.PolyphaseLayout;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
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
@Plugin(type = Command.class, menuPath = "Plugins>MedCrypt>Retrieval>Encrypted Haar DWT")
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
		final PaillierPublicKey publicKey = PaillierKeyFiles.readPublic(required(key_file, "a key file"));
		final EncryptedImage image = EncryptedImageFile.read(required(encrypted_file, "the encrypted file"),
			publicKey);
		final PolyphaseLayout layout = image.layout();
		if (levels > layout.levels()) {
			throw new MedCryptException("This file was packed for at most " + layout.levels() +
				" Haar levels; choose levels <= " + layout.levels() + " or re-encrypt with more.");
		}
		if (plane < 1 || plane > layout.planes()) {
			throw new MedCryptException("Plane " + plane + " does not exist: the image has " + layout.planes() + ".");
		}
		status.showStatus("MedCrypt: Haar transform on ciphertexts...");
		final long start = System.nanoTime();
		final EncryptedHaar.Band[][] bands = EncryptedHaar.transform(image, publicKey, plane - 1, levels);
		final double serverSeconds = (System.nanoTime() - start) / 1e9;
		final String name = encrypted_file.getName();
		if (show_server_view) {
			final List<BigInteger> all = new ArrayList<>();
			for (final EncryptedHaar.Band[] level : bands) for (final EncryptedHaar.Band b : level) {
				for (final BigInteger c : b.ciphertexts) all.add(c);
			}
			server_view = ImagePlusImgs.toImagePlus("Encrypted Haar bands of " + name, CiphertextView.render(all
				.toArray(new BigInteger[0]), image.modulusBits()));
		}
		final boolean keyHolder = PaillierKeyFiles.holdsPrivateKey(key_file.toPath());
		if (keyHolder) {
			final PaillierPrivateKey privateKey = PaillierKeyFiles.readPrivate(key_file.toPath());
			final long[][][] coefficients = new long[levels][4][];
			for (int l = 0; l < levels; l++) {
				for (int b = 0; b < 4; b++) coefficients[l][b] = EncryptedHaar.decrypt(bands[l][b], image, privateKey);
			}
			final int width = layout.gridWidth() * layout.factor(), height = layout.gridHeight() * layout.factor();
			final FloatProcessor fp = new FloatProcessor(width, height, MallatView.arrange(coefficients, width,
				height));
			fp.resetMinAndMax();
			decomposition = new ImagePlus("Haar " + levels + " levels of " + name, fp);
		}
		else if (!show_server_view) {
			throw new MedCryptException("With a public key only the server's view can be shown: tick " +
				"'Show what the server holds', or give the private key to see the decomposition.");
		}
		reportRow("file", name, "levels", levels, "bands", 3 * levels + 1, "server_seconds", serverSeconds,
			"decrypted", keyHolder ? "yes" : "no");
	}
}
