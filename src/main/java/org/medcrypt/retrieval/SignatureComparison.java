package org.medcrypt.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.paillier.PaillierKeyPair;

/**
 * The paper's signature and the spatial ones (Spatial, Spatial2) side by side (issue 13): mean
 * precision at d = 1..{@value #MAX_D} (each image in turn the query, itself
 * excluded; paper 1, section III) and, per class, at the chosen d; plaintext
 * and, with a key, encrypted. The encrypted path encrypts every image, has the
 * server compute its bands on ciphertexts and the key holder build each
 * signature ({@link SignatureProtocol}), then ranks the decrypted stored
 * signatures with the plaintext rule; a sample of queries also runs the full
 * {@link QueryProtocol} and its ranking is compared with the plaintext one.
 */
public final class SignatureComparison {

	/** Precision is reported at d = 1 to this. */
	public static final int MAX_D = 10;

	/** One signature's precisions. */
	public static final class Row {

		public final SignatureParameters parameters;
		/** Mean precision at d = 1..MAX_D (index d - 1). */
		public final double[] plaintext;
		/** The same through the encrypted path; NaN where it was not run. */
		public final double[] encrypted;
		/** Mean precision at the chosen d of the queries of each class (in {@link Result#classes} order). */
		public final double[] perClass;
		/** Queries run through the full query protocol, and how many returned exactly the plaintext ranking. */
		public final int protocolQueries, identicalRankings;

		Row(final SignatureParameters parameters, final double[] plaintext, final double[] encrypted,
			final double[] perClass, final int protocolQueries, final int identicalRankings)
		{
			this.parameters = parameters;
			this.plaintext = plaintext;
			this.encrypted = encrypted;
			this.perClass = perClass;
			this.protocolQueries = protocolQueries;
			this.identicalRankings = identicalRankings;
		}

		/** True if the encrypted path ran and matched the plaintext one everywhere. */
		public boolean encryptedEqualsPlaintext() {
			return !Double.isNaN(encrypted[0]) && Arrays.equals(plaintext, encrypted) &&
				identicalRankings == protocolQueries;
		}
	}

	/** The comparison: one row per signature, the classes and the d of the per-class table. */
	public static final class Result {

		public final List<Row> rows;
		public final List<String> classes;
		/** Queries per class. */
		public final int[] classSizes;
		public final int d;
		public final double encryptedSeconds;

		Result(final List<Row> rows, final List<String> classes, final int[] classSizes, final int d,
			final double encryptedSeconds)
		{
			this.rows = rows;
			this.classes = classes;
			this.classSizes = classSizes;
			this.d = d;
			this.encryptedSeconds = encryptedSeconds;
		}

		/** True if every row's encrypted path ran and equals its plaintext one. */
		public boolean encryptedEqualsPlaintext() {
			for (final Row r : rows) if (!r.encryptedEqualsPlaintext()) return false;
			return true;
		}
	}

	private SignatureComparison() {}

	/** Mean precision at d = 1..max from the rankings of every query (each at least max long). */
	static double[] precisionAtEachD(final int[][] rankings, final List<String> labels, final int max) {
		final double[] p = new double[max];
		for (int q = 0; q < rankings.length; q++) {
			int same = 0;
			for (int d = 1; d <= max; d++) {
				if (labels.get(rankings[q][d - 1]).equals(labels.get(q))) same++;
				p[d - 1] += (double) same / d / rankings.length;
			}
		}
		return p;
	}

	static int[][] rankings(final List<WaveletSignature> signatures, final int max) {
		final int[][] r = new int[signatures.size()][];
		for (int q = 0; q < r.length; q++) r[q] = RetrievalEvaluation.nearest(signatures, q, max);
		return r;
	}

	/**
	 * Paper (its default Δ, level 1), Spatial and Spatial2 signatures of b-bit images,
	 * plaintext and, if {@code keys} is given, encrypted, with
	 * {@code protocolQueries} queries through the full query protocol per signature.
	 */
	public static Result compare(final List<? extends RandomAccessibleInterval<? extends IntegerType<?>>> images,
		final List<String> labels, final int bitDepth, final int d, final PaillierKeyPair keys,
		final int protocolQueries, final Progress progress) throws MedCryptException
	{
		final int n = images.size(), padTo = 1 << PackingParameters.DEFAULT_LEVELS;
		if (d < 1 || d > MAX_D) throw new IllegalArgumentException("d must be 1 to " + MAX_D + ", not " + d);
		if (n <= MAX_D) throw new IllegalArgumentException("the comparison needs more than " + MAX_D + " images");
		final List<SignatureParameters> parameters = Arrays.asList(SignatureParameters.defaults(bitDepth),
			SignatureParameters.spatial(bitDepth), SignatureParameters.spatial(SignatureParameters.Method.SPATIAL2,
				bitDepth));
		final List<String> classes = new ArrayList<>();
		for (final String l : labels) if (!classes.contains(l)) classes.add(l);
		final int[] classSizes = new int[classes.size()];
		for (final String l : labels) classSizes[classes.indexOf(l)]++;
		final List<List<WaveletSignature>> plain = new ArrayList<>();
		for (final SignatureParameters p : parameters) {
			final List<WaveletSignature> list = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				progress.checkCanceled();
				progress.report(p.method().label() + " signatures", i, n);
				list.add(WaveletSignature.of(images.get(i), p, padTo));
			}
			plain.add(list);
		}
		final List<List<EncryptedSignature>> stored = new ArrayList<>();
		final long start = System.nanoTime();
		if (keys != null) {
			for (int p = 0; p < parameters.size(); p++) stored.add(new ArrayList<>());
			for (int i = 0; i < n; i++) {
				progress.checkCanceled();
				progress.report("Encrypted signatures", i, n);
				final EncryptedImage enc = PaillierImageCipher.encrypt(images.get(i), keys.publicKey(), Progress.NONE);
				for (int p = 0; p < parameters.size(); p++) {
					stored.get(p).add(SignatureProtocol.answer(SignatureProtocol.request(enc, keys.publicKey(),
						parameters.get(p)), keys.privateKey(), Progress.NONE));
				}
			}
		}
		final List<Row> rows = new ArrayList<>();
		for (int p = 0; p < parameters.size(); p++) {
			final int[][] ranked = rankings(plain.get(p), MAX_D);
			final double[] plaintext = precisionAtEachD(ranked, labels, MAX_D);
			final double[] perClass = new double[classes.size()];
			for (int q = 0; q < n; q++) {
				int same = 0;
				for (int r = 0; r < d; r++) if (labels.get(ranked[q][r]).equals(labels.get(q))) same++;
				final int c = classes.indexOf(labels.get(q));
				perClass[c] += (double) same / d / classSizes[c];
			}
			final double[] encrypted = new double[MAX_D];
			Arrays.fill(encrypted, Double.NaN);
			int queries = 0, identical = 0;
			if (keys != null) {
				final List<WaveletSignature> decrypted = new ArrayList<>();
				for (final EncryptedSignature s : stored.get(p)) decrypted.add(s.decrypt(keys.privateKey()));
				System.arraycopy(precisionAtEachD(rankings(decrypted, MAX_D), labels, MAX_D), 0, encrypted, 0, MAX_D);
				for (int k = 0; k < protocolQueries && k < n; k++) {
					progress.report("Query protocol, " + parameters.get(p).method().label(), k, protocolQueries);
					final int q = (int) ((long) k * n / Math.min(protocolQueries, n));
					final List<EncryptedSignature> others = new ArrayList<>(stored.get(p));
					others.remove(q);
					final int[] top = QueryProtocol.rank(stored.get(p).get(q).decrypt(keys.privateKey()), others, keys
						.privateKey(), MAX_D, Progress.NONE);
					for (int r = 0; r < top.length; r++) if (top[r] >= q) top[r]++;
					queries++;
					if (Arrays.equals(top, ranked[q])) identical++;
				}
			}
			rows.add(new Row(parameters.get(p), plaintext, encrypted, perClass, queries, identical));
		}
		return new Result(rows, classes, classSizes, d, keys == null ? 0 : (System.nanoTime() - start) / 1e9);
	}
}
