package org.medcrypt.ij;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.MontageMaker;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.medcrypt.retrieval.net.RetrievalClient;

/** The returned images' LL previews side by side, each labelled with its rank and name. */
public final class ResultMontage {

	private static final int TILE = 128;

	private ResultMontage() {}

	public static ImagePlus of(final String title, final List<RetrievalClient.Match> matches) {
		final ImageStack stack = new ImageStack(TILE, TILE);
		for (final RetrievalClient.Match m : matches) {
			final short[] pixels = new short[m.preview.length];
			for (int i = 0; i < pixels.length; i++) pixels[i] = (short) m.preview[i];
			ImageProcessor ip = new ShortProcessor(m.previewWidth, m.previewHeight, pixels, null);
			ip.resetMinAndMax();
			ip = ip.convertToByte(true);
			ip.setInterpolationMethod(ImageProcessor.BILINEAR);
			stack.addSlice(m.rank + ". " + m.entry.name + (m.entry.label.isEmpty() ? "" : " (" + m.entry.label + ")"),
				ip.resize(TILE, TILE));
		}
		final ImagePlus previews = new ImagePlus(title, stack);
		if (matches.size() == 1) return previews;
		final ImagePlus montage = new MontageMaker().makeMontage2(previews, Math.min(matches.size(), 5), (matches
			.size() + 4) / 5, 1.0, 1, matches.size(), 1, 2, true);
		montage.setTitle(title);
		return montage;
	}
}
