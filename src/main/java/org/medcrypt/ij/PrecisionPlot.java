package org.medcrypt.ij;

import java.awt.Color;

import ij.ImagePlus;
import ij.gui.Plot;
import org.medcrypt.retrieval.RetrievalEvaluation;
import org.medcrypt.retrieval.SignatureComparison;

/** Mean precision against Δ, plaintext and encrypted, like seed paper 1's figure 2. */
public final class PrecisionPlot {

	private PrecisionPlot() {}

	public static ImagePlus of(final String title, final RetrievalEvaluation.Table table) {
		final double[] x = new double[table.deltas.length];
		for (int i = 0; i < x.length; i++) x[i] = table.deltas[i];
		final Plot plot = new Plot(title, "interval width Δ", "mean precision at d = " + table.d);
		plot.setLimits(0, x[x.length - 1] * 1.05, 0, 1);
		plot.setColor(Color.BLUE);
		plot.addPoints(x, table.plaintext, Plot.LINE);
		plot.addPoints(x, table.plaintext, Plot.CIRCLE);
		String legend = "plaintext";
		if (!Double.isNaN(table.encrypted[0])) {
			plot.setColor(Color.RED);
			plot.addPoints(x, table.encrypted, Plot.X);
			legend += "\tencrypted";
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(legend);
		return plot.getImagePlus();
	}

	/**
	 * The signatures side by side (issue 13): mean precision at d = 1..10, one
	 * line per signature (plaintext), crosses where the encrypted path ran.
	 */
	public static ImagePlus of(final String title, final SignatureComparison.Result result) {
		final double[] x = new double[SignatureComparison.MAX_D];
		for (int i = 0; i < x.length; i++) x[i] = i + 1;
		final Plot plot = new Plot(title, "d (images returned)", "mean precision at d");
		// the y axis from a tenth below the lowest precision, so that close signatures stay apart (MedNIST: 0.98-0.99)
		double lowest = 1;
		for (final SignatureComparison.Row row : result.rows) for (final double p : row.plaintext) lowest = Math.min(
			lowest, p);
		plot.setLimits(0.5, x.length + 0.5, Math.max(0, Math.floor(lowest * 10 - 0.5) / 10), 1);
		final Color[] colors = { Color.BLUE, new Color(0, 140, 0), Color.RED };
		final StringBuilder legend = new StringBuilder();
		for (int r = 0; r < result.rows.size(); r++) {
			final SignatureComparison.Row row = result.rows.get(r);
			plot.setColor(colors[r % colors.length], colors[r % colors.length]);
			// one data set per legend entry: the legend labels the data sets in the order they were added
			plot.addPoints(x, row.plaintext, Plot.CONNECTED_CIRCLES);
			legend.append(legend.length() == 0 ? "" : "\t").append(row.parameters.method().label()).append(
				" (plaintext)");
			if (!Double.isNaN(row.encrypted[0])) {
				plot.addPoints(x, row.encrypted, Plot.X);
				legend.append("\t").append(row.parameters.method().label()).append(" (encrypted)");
			}
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString());
		return plot.getImagePlus();
	}
}
