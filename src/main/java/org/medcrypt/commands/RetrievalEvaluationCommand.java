package org.medcrypt.commands;

import java.io.File;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.medcrypt.ij.PrecisionPlot;
import org.medcrypt.ij.RetrievalImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.retrieval.RetrievalEvaluation;
import org.medcrypt.retrieval.SignatureComparison;
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
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Retrieval>Retrieval Evaluation")
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

	@Parameter(label = "Compare the Paper, Spatial and Spatial2 signatures (precision at d = 1..10, per class)")
	private boolean compare_signatures = true;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Precision plot")
	private ImagePlus plot;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Precision by signature")
	private ImagePlus signature_plot;

	/** The comparison's tables' titles: precision at d = 1..10, and per class at the chosen d. */
	static final String BY_D = "Signature precision at d", BY_CLASS = "Signature precision per class";

	@Override
	protected void execute() throws MedCryptException {
		final RetrievalImages.Evaluation e = RetrievalImages.evaluate(required(images_folder, "the image folder"),
			deltas, d, encrypted, Integer.parseInt(key_bits), protocol_queries, progress());
		final RetrievalEvaluation.Table table = e.table;
		for (int i = 0; i < table.deltas.length; i++) {
			reportRow("delta", table.deltas[i], "plaintext_precision", table.plaintext[i], "encrypted_precision",
				table.encrypted[i], "images", e.set.images.size(), "d", d, "protocol_queries", table.protocolQueries,
				"identical_rankings", table.identicalRankings);
		}
		e.check();
		plot = PrecisionPlot.of("Mean precision, " + images_folder.getName(), table);
		if (!compare_signatures) return;
		final SignatureComparison.Result c = RetrievalImages.compare(e, Math.min(d, SignatureComparison.MAX_D),
			protocol_queries, progress());
		final ResultsTable byD = new ResultsTable(), byClass = new ResultsTable();
		for (int i = 0; i < SignatureComparison.MAX_D; i++) {
			byD.incrementCounter();
			byD.addValue("d", i + 1);
			for (final SignatureComparison.Row r : c.rows) {
				byD.addValue(r.parameters.method().label() + "_plaintext", r.plaintext[i]);
				byD.addValue(r.parameters.method().label() + "_encrypted", r.encrypted[i]);
			}
		}
		for (int k = 0; k < c.classes.size(); k++) {
			byClass.incrementCounter();
			byClass.addValue("class", c.classes.get(k));
			byClass.addValue("images", c.classSizes[k]);
			for (final SignatureComparison.Row r : c.rows) {
				byClass.addValue(r.parameters.method().label() + "_precision_at_" + c.d, r.perClass[k]);
			}
		}
		if (!java.awt.GraphicsEnvironment.isHeadless()) {
			byD.show(BY_D);
			byClass.show(BY_CLASS);
		}
		signature_plot = PrecisionPlot.of("Precision by signature, " + images_folder.getName(), c);
	}
}
