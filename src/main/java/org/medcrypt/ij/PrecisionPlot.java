package org.medcrypt.ij;

import java.awt.Color;

import ij.ImagePlus;
import ij.gui.Plot;
import org.medcrypt.retrieval.RetrievalEvaluation;

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
}
