package org.medcrypt.retrieval.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.medcrypt.io.Hex;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.store.StoreEntry;

/**
 * Synthetic index records for the scale tests: each band's histogram counts
 * all 65,536 level-1 coefficients of a 512x512 image, spread over a few
 * intervals around a random centre, as real histograms are (mostly zeros, a
 * peak); ids and image hashes random. Seeded, so a run is reproducible.
 */
final class SyntheticSignatures {

	private SyntheticSignatures() {}

	/** A preview key as a real record holds one (32 bytes; its preview file is made only for what a test opens). */
	private static byte[] previewKey(final Random rnd) {
		final byte[] k = new byte[SealedPreview.KEY_BYTES];
		rnd.nextBytes(k);
		return k;
	}

	static List<IndexRecord> records(final int n, final SignatureParameters p, final long seed) {
		final Random rnd = new Random(seed);
		final long coefficients = 256L * 256;
		final List<IndexRecord> out = new ArrayList<>(n);
		final byte[] id = new byte[8], sha = new byte[32];
		for (int m = 0; m < n; m++) {
			final long[][] counts = new long[p.bands().size()][];
			for (int b = 0; b < counts.length; b++) {
				final int k = p.bands().get(b).intervals;
				counts[b] = new long[k];
				final int centre = rnd.nextInt(k);
				long left = coefficients;
				for (int i = 0; i < 12 && left > 0; i++) {
					final int at = Math.max(0, Math.min(k - 1, centre + (int) Math.round(rnd.nextGaussian() * 3)));
					final long c = i == 11 ? left : Math.min(left, (long) (rnd.nextDouble() * left / 2));
					counts[b][at] += c;
					left -= c;
				}
				counts[b][centre] += left;
			}
			rnd.nextBytes(id);
			rnd.nextBytes(sha);
			out.add(new IndexRecord(new StoreEntry(Hex.of(id), "synthetic-" + m + ".png", m % 3 == 0 ? "glioma" : "",
				512, 512, 1, 8), Hex.of(sha), WaveletSignature.fromCounts(p, coefficients, counts), previewKey(rnd)));
		}
		return out;
	}
}
