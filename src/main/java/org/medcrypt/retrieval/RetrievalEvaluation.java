package org.medcrypt.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyPair;

/**
 * Mean precision at d (paper 1, section III): each image in turn is the query;
 * the d images nearest to it (the query excluded) are returned, and the
 * precision is the share of them with the query's label.
 *
 * <p>{@link #evaluate} runs the plaintext method and, with a key, the encrypted
 * one side by side over several Δ: every image encrypted with the public key,
 * its bands computed by the server on ciphertexts and its signature built by the
 * key-holder protocol ({@link SignatureProtocol}) and stored encrypted. The key
 * holder ranks from the stored encrypted signatures with the plaintext rule; for
 * a sample of queries the full {@link QueryProtocol} runs too and its ranking is
 * compared with the plaintext one.
 */
public final class RetrievalEvaluation {

	private RetrievalEvaluation() {}

	/** The plaintext method: rank by {@link WaveletSignature#distance} with the shared {@link Ranking} rule. */
	public static double meanPrecision(final List<WaveletSignature> signatures, final List<String> labels,
		final int d)
	{
		return meanPrecision(q -> nearest(signatures, q, d), labels, d);
	}

	/** Any retrieval: {@code topFor} gives the positions returned for query q (q itself never among them). */
	public static double meanPrecision(final IntFunction<int[]> topFor, final List<String> labels, final int d) {
		final int n = labels.size();
		if (n < d + 1) throw new IllegalArgumentException("need more than d = " + d + " labelled images");
		double total = 0;
		for (int q = 0; q < n; q++) {
			final int[] top = topFor.apply(q);
			if (top.length != d) throw new IllegalStateException("the retrieval returned " + top.length + " images");
			int same = 0;
			for (final int i : top) {
				if (i == q) throw new IllegalStateException("the retrieval returned the query itself");
				if (labels.get(i).equals(labels.get(q))) same++;
			}
			total += (double) same / d;
		}
		return total / n;
	}

	/** Positions of the d signatures nearest to signatures[query], nearest first, the query excluded. */
	public static int[] nearest(final List<WaveletSignature> signatures, final int query, final int d) {
		return Ranking.nearest(signatures.get(query), signatures, query, d);
	}

	/** The precision table of {@link #evaluate}. */
	public static final class Table {

		public final int[] deltas;
		public final int d;
		public final double[] plaintext;
		/** NaN where the encrypted path was not run. */
		public final double[] encrypted;
		/** Queries run through the full query protocol, and how many returned exactly the plaintext ranking. */
		public final int protocolQueries, identicalRankings;
		public final double encryptedSeconds;

		Table(final int[] deltas, final int d, final double[] plaintext, final double[] encrypted,
			final int protocolQueries, final int identicalRankings, final double encryptedSeconds)
		{
			this.deltas = deltas;
			this.d = d;
			this.plaintext = plaintext;
			this.encrypted = encrypted;
			this.protocolQueries = protocolQueries;
			this.identicalRankings = identicalRankings;
			this.encryptedSeconds = encryptedSeconds;
		}

		/** True if the encrypted path ran and matched the plaintext one everywhere. */
		public boolean encryptedEqualsPlaintext() {
			return !Double.isNaN(encrypted[0]) && Arrays.equals(plaintext, encrypted) &&
				identicalRankings == protocolQueries;
		}
	}

	/**
	 * Mean precision at d for each Δ (level-1 signatures of b-bit images),
	 * plaintext and, if {@code keys} is given, encrypted; {@code protocolQueries}
	 * queries (spread over the set) also go through the full query protocol.
	 */
	public static Table evaluate(final List<? extends RandomAccessibleInterval<? extends IntegerType<?>>> images,
		final List<String> labels, final int bitDepth, final int[] deltas, final int d, final PaillierKeyPair keys,
		final int protocolQueries, final Progress progress) throws MedCryptException
	{
		final int n = images.size(), padTo = 1 << PackingParameters.DEFAULT_LEVELS;
		final List<SignatureParameters> parameters = new ArrayList<>();
		for (final int delta : deltas) parameters.add(SignatureParameters.of(bitDepth, delta, 1));
		final double[] plaintext = new double[deltas.length], encrypted = new double[deltas.length];
		Arrays.fill(encrypted, Double.NaN);
		final List<List<WaveletSignature>> plain = new ArrayList<>();
		for (final SignatureParameters p : parameters) {
			final List<WaveletSignature> list = new ArrayList<>();
			for (final RandomAccessibleInterval<? extends IntegerType<?>> img : images) {
				list.add(WaveletSignature.of(img, p, padTo));
			}
			plain.add(list);
			plaintext[parameters.indexOf(p)] = meanPrecision(list, labels, d);
		}
		if (keys == null) return new Table(deltas, d, plaintext, encrypted, 0, 0, 0);

		final long start = System.nanoTime();
		final List<List<EncryptedSignature>> stored = new ArrayList<>();
		for (int i = 0; i < deltas.length; i++) stored.add(new ArrayList<>());
		for (int i = 0; i < n; i++) {
			progress.checkCanceled();
			progress.report("Encrypted signatures", i, n);
			final EncryptedImage enc = PaillierImageCipher.encrypt(images.get(i), keys.publicKey(), Progress.NONE);
			final SignatureProtocol.Coefficients coefficients = SignatureProtocol.decrypt(SignatureProtocol.request(
				enc, keys.publicKey(), parameters.get(0)), keys.privateKey(), Progress.NONE);
			for (int p = 0; p < deltas.length; p++) {
				stored.get(p).add(EncryptedSignature.encrypt(SignatureProtocol.signature(coefficients, parameters.get(
					p)), keys.privateKey(), SecureRandoms.forThisThread()));
			}
		}
		int queries = 0, identical = 0;
		for (int p = 0; p < deltas.length; p++) {
			final List<WaveletSignature> decrypted = new ArrayList<>();
			for (final EncryptedSignature s : stored.get(p)) decrypted.add(s.decrypt(keys.privateKey()));
			encrypted[p] = meanPrecision(decrypted, labels, d);
			for (int k = 0; k < protocolQueries && k < n; k++) {
				progress.report("Query protocol at delta " + deltas[p], k, protocolQueries);
				final int q = (int) ((long) k * n / Math.min(protocolQueries, n));
				final List<EncryptedSignature> others = new ArrayList<>(stored.get(p));
				others.remove(q);
				final int[] top = QueryProtocol.rank(stored.get(p).get(q).decrypt(keys.privateKey()), others, keys
					.privateKey(), d, Progress.NONE);
				for (int r = 0; r < top.length; r++) if (top[r] >= q) top[r]++;
				queries++;
				if (Arrays.equals(top, nearest(plain.get(p), q, d))) identical++;
			}
		}
		progress.report("Encrypted signatures", n, n);
		return new Table(deltas, d, plaintext, encrypted, queries, identical, (System.nanoTime() - start) / 1e9);
	}
}
