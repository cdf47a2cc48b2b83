package org.medcrypt.commands;

import ij.ImagePlus;

import java.io.File;
import java.security.SecureRandom;

import org.medcrypt.ij.LabelledImages;
import org.medcrypt.ij.PrecisionPlot;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.RetrievalEvaluation;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Mean precision at d over a labelled folder (labels.csv: path,label) for a
 * range of Δ, plaintext and encrypted side by side, as a table and a plot like
 * seed paper 1's figure 2.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MedCrypt>Retrieval>Retrieval Evaluation")
public class RetrievalEvaluationCommand extends MedCryptCommand {

	@Parameter(label = "Folder with labels.csv", style = FileWidget.DIRECTORY_STYLE)
	private File images_folder;

	@Parameter(label = "Interval widths Δ (comma-separated)")
	private String deltas = "4,16,64,256";

	@Parameter(label = "Images returned per query (d)", min = "1")
	private int d = 5;

	@Parameter(label = "Also run the encrypted method (slow: every image is encrypted)")
	private boolean encrypted = false;

	@Parameter(label = "Key size for the encrypted run", choices = { "2048", "3072" })
	private String key_bits = "2048";

	@Parameter(label = "Queries checked through the full query protocol", min = "0")
	private int protocol_queries = 10;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Precision plot")
	private ImagePlus plot;

	@Override
	protected void execute() throws MedCryptException {
		final LabelledImages set = LabelledImages.read(required(images_folder, "the image folder"), progress());
		final int[] widths;
		try {
			widths = java.util.Arrays.stream(deltas.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
		}
		catch (final NumberFormatException e) {
			throw new MedCryptException("Interval widths must be whole numbers separated by commas, like 4,16,64.", e);
		}
		final PaillierKeyPair keys = encrypted ? PaillierKeyGenerator.generate(Integer.parseInt(key_bits),
			new SecureRandom()) : null;
		final RetrievalEvaluation.Table table;
		try {
			table = RetrievalEvaluation.evaluate(set.images, set.labels, set.bitDepth(), widths, d, keys,
				protocol_queries, progress());
		}
		catch (final IllegalArgumentException e) {
			throw new MedCryptException(e.getMessage() + ".", e);
		}
		for (int i = 0; i < widths.length; i++) {
			reportRow("delta", widths[i], "plaintext_precision", table.plaintext[i], "encrypted_precision",
				table.encrypted[i], "images", set.images.size(), "d", d, "protocol_queries", table.protocolQueries,
				"identical_rankings", table.identicalRankings);
		}
		if (keys != null && !table.encryptedEqualsPlaintext()) {
			throw new MedCryptException("The encrypted retrieval differs from the plaintext method; please report it.");
		}
		plot = PrecisionPlot.of("Mean precision, " + images_folder.getName(), table);
	}
}
