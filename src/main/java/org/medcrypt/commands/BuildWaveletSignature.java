package org.medcrypt.commands;

import java.io.File;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.gui.Plot;
import org.medcrypt.ij.RetrievalImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.SignatureParameters;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Builds an image's encrypted wavelet signature (.mcsig): by the owner from the
 * open image (fast path), or from an encrypted file through the key-holder
 * protocol that replaces the paper's eq. 4 (both roles in this Fiji). Both give
 * the plaintext signature exactly.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Retrieval>Build Wavelet Signature")
public class BuildWaveletSignature extends MedCryptCommand {

	static final String FROM_IMAGE = "Open image (owner's fast path)";
	static final String FROM_FILE = "Encrypted file (key-holder protocol)";

	@Parameter(label = "Build from", choices = { FROM_IMAGE, FROM_FILE })
	private String source = FROM_IMAGE;

	@Parameter(label = "Image", required = false)
	private ImagePlus imp;

	@Parameter(label = "Encrypted file (.mcimg)", style = FileWidget.OPEN_STYLE, required = false)
	private File encrypted_file;

	@Parameter(label = "Private key (.paillier.key)", style = FileWidget.OPEN_STYLE)
	private File private_key;

	@Parameter(label = "Signature", choices = { "Paper", "Spatial", "Spatial2" }, description =
		"Paper: level-1 subband histograms (the paper's). Spatial, Spatial2: 8x8 grid of subband energies of levels " +
			"1-3 and the level-1 histograms (Spatial2: root norm, measured best, docs/RETRIEVAL.md); Haar levels, Δ and k are the paper's (leave Δ and k at 0).")
	private String signature = "Spatial2";

	@Parameter(label = "Haar levels (Paper)", min = "1", max = "3")
	private int levels = 1;

	@Parameter(label = "Interval width Δ (0 = from k)", min = "0")
	private int delta = 0;

	@Parameter(label = "Intervals k per level-1 band (0 = from Δ; both 0: 64)", min = "0")
	private int k = 0;

	@Parameter(label = "Signature file (.mcsig)", style = FileWidget.SAVE_STYLE, persist = false)
	private File output_file;

	@Parameter(label = "Show the histograms")
	private boolean show_histograms = false;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Signature histograms")
	private ImagePlus histograms;

	@Override
	protected void execute() throws MedCryptException {
		final Path key = required(private_key, "the private key file");
		final Path out = required(output_file, "where to write the signature");
		final boolean fromFile = FROM_FILE.equals(source);
		if (fromFile) status.showStatus("MedCrypt: server computes the encrypted bands...");
		final RetrievalImages.Signature built = RetrievalImages.signature(fromFile ? null : imp, fromFile ? required(
			encrypted_file, "the encrypted file") : null, key, SignatureParameters.Method.named(signature), levels, delta, k, out, progress());
		final EncryptedSignature signature = built.signature;
		final String name = built.name;
		final SignatureParameters p = signature.parameters();
		reportRow("image", name, "path", built.protocol ? "protocol" : "owner", "signature", p.method().label(), "levels", p.levels(), "delta", p
			.delta(), "k", p.bands().get(1).intervals, "intervals", p.length(), "ciphertexts", signature
				.ciphertextCount(), "seconds", built.seconds, "file", output_file);
		if (show_histograms) {
			final long[] counts = signature.decrypt(PaillierKeyFiles.readPrivate(key)).counts();
			final double[] x = new double[counts.length], y = new double[counts.length];
			for (int i = 0; i < counts.length; i++) {
				x[i] = i;
				y[i] = counts[i];
			}
			final Plot plot = new Plot("Signature of " + name, "interval (bands " + p.bands() + ")", p
				.method() == SignatureParameters.Method.PAPER ? "coefficients" : "value");
			plot.add("bar", x, y);
			histograms = plot.getImagePlus();
		}
	}
}
