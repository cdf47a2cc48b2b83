package org.medcrypt.retrieval;

import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.paillier.SlotPacking;

/**
 * Ranking stored images against an encrypted query without the server learning
 * distances.
 *
 * <ol>
 * <li>The server computes, for every stored signature s, the encrypted scaled
 * differences E(α·q - β·s), histogram slot by slot, from E(q) and E(s) alone
 * (α, β depend only on the public image sizes: {@link Distance#scaling}): the
 * {@link Differences}.</li>
 * <li>The key holder decrypts them, computes each exact distance and answers
 * with the positions of the d nearest ({@link Ranking}, the plaintext rule).</li>
 * <li>The server returns those images.</li>
 * </ol>
 *
 * The server learns which d images were returned (it must send them) and
 * nothing else. The key holder learns the differences between its query and
 * each stored signature, hence the stored signatures of its own images.
 */
public final class QueryProtocol {

	private static final byte[] MAGIC = { (byte) 0x89, 'M', 'C', 'D', 'F', '\r', '\n', 0x1A };
	private static final int VERSION = 1;
	/** |α·q - β·s| ≤ α·n_q must fit a signed {@link EncryptedSignature#SLOT_BITS}-bit slot. */
	private static final long LIMIT = 1L << (EncryptedSignature.SLOT_BITS - 1);

	/** The server's message: per stored signature, α and the encrypted differences band by band. */
	public static final class Differences {

		final SignatureParameters parameters;
		final String keyFingerprint;
		final long queryCoefficients;
		final long[] alpha;
		final BigInteger[][][] entries;

		Differences(final SignatureParameters parameters, final String keyFingerprint, final long queryCoefficients,
			final long[] alpha, final BigInteger[][][] entries)
		{
			this.parameters = parameters;
			this.keyFingerprint = keyFingerprint;
			this.queryCoefficients = queryCoefficients;
			this.alpha = alpha;
			this.entries = entries;
		}

		public int size() {
			return entries.length;
		}

		public byte[] toBytes(final PaillierPublicKey key) {
			return Wire.seal(MAGIC, VERSION, out -> {
				FormatHeader.write(out, keyFingerprint, parameters, queryCoefficients);
				out.writeInt(entries.length);
				for (int m = 0; m < entries.length; m++) {
					out.writeLong(alpha[m]);
					for (final BigInteger[] band : entries[m]) Wire.writeCiphertexts(out, band, key.ciphertextBytes());
				}
			});
		}

		public static Differences fromBytes(final String what, final byte[] bytes, final PaillierPublicKey key)
			throws MedCryptException
		{
			return Wire.open(what, MAGIC, VERSION, bytes, in -> read(in, key, what));
		}

		private static Differences read(final DataInputStream in, final PaillierPublicKey key, final String what)
			throws IOException, MedCryptException
		{
			final FormatHeader header = FormatHeader.read(in, key, what);
			final SignatureParameters parameters = header.parameters;
			final long nq = header.coefficients;
			final int n = in.readInt();
			if (n < 0 || n > 1 << 20) throw new IllegalArgumentException(n + " stored images");
			final SlotPacking packing = SlotPacking.forKey(key, EncryptedSignature.SLOT_BITS);
			long perImage = 8;
			for (final SignatureParameters.Band band : parameters.bands()) perImage += 4L + (long) key
				.ciphertextBytes() * EncryptedSignature.ciphertextsFor(band.intervals, packing);
			Wire.requireRemaining(in, n * perImage, n + " stored images");
			final long[] alpha = new long[n];
			final BigInteger[][][] entries = new BigInteger[n][parameters.bands().size()][];
			for (int m = 0; m < n; m++) {
				alpha[m] = in.readLong();
				if (alpha[m] < 1 || alpha[m] > LIMIT / nq) throw new IllegalArgumentException("scale " + alpha[m]);
				for (int b = 0; b < entries[m].length; b++) {
					final int expected = EncryptedSignature.ciphertextsFor(parameters.bands().get(b).intervals, packing);
					entries[m][b] = Wire.readCiphertexts(in, key.ciphertextBytes(), expected, key.modulusSquared());
					if (entries[m][b].length != expected) throw new IllegalArgumentException("incomplete histogram");
				}
			}
			return new Differences(parameters, header.fingerprint, nq, alpha, entries);
		}
	}

	private QueryProtocol() {}

	/** Server side: E(α·q - β·s) for every stored signature, from ciphertexts only. */
	public static Differences differences(final EncryptedSignature query, final List<EncryptedSignature> stored,
		final PaillierPublicKey key, final Progress progress) throws MedCryptException
	{
		final long nq = query.level1Coefficients();
		final long[] alpha = new long[stored.size()];
		final long[] beta = new long[stored.size()];
		for (int m = 0; m < alpha.length; m++) {
			final EncryptedSignature s = stored.get(m);
			if (!s.parameters().equals(query.parameters())) {
				throw new MedCryptException("Stored signature " + (m + 1) + " has parameters " + s.parameters() +
					"; the query has " + query.parameters() + ". Rebuild one of them with the same parameters.");
			}
			final long[] ab = Distance.scaling(nq, s.level1Coefficients());
			if (BigInteger.valueOf(ab[0]).multiply(BigInteger.valueOf(nq)).compareTo(BigInteger.valueOf(LIMIT)) >= 0) {
				throw new UnsupportedImageException("The query and stored image " + (m + 1) +
					" differ too much in size to be compared exactly in " + EncryptedSignature.SLOT_BITS +
					"-bit slots; resize one of them.");
			}
			alpha[m] = ab[0];
			beta[m] = ab[1];
		}
		final int bands = query.bandCount();
		// E(q)^α depends only on α, which most stored images share (1 when sizes are equal).
		final java.util.Map<Long, BigInteger[][]> scaledQuery = new java.util.concurrent.ConcurrentHashMap<>();
		final BigInteger[][][] out = new BigInteger[stored.size()][bands][];
		final AtomicLong done = new AtomicLong();
		IntStream.range(0, stored.size()).parallel().forEach(m -> {
			progress.checkCanceled();
			final BigInteger[][] qa = scaledQuery.computeIfAbsent(alpha[m], a -> {
				final BigInteger[][] scaled = new BigInteger[bands][];
				for (int b = 0; b < bands; b++) {
					scaled[b] = java.util.Arrays.stream(query.band(b)).map(c -> key.multiply(c, BigInteger.valueOf(a)))
						.toArray(BigInteger[]::new);
				}
				return scaled;
			});
			for (int b = 0; b < bands; b++) {
				final BigInteger[] s = stored.get(m).band(b);
				out[m][b] = new BigInteger[s.length];
				for (int i = 0; i < s.length; i++) {
					out[m][b][i] = key.subtract(qa[b][i], key.multiply(s[i], BigInteger.valueOf(beta[m])));
				}
			}
			progress.report("Server: encrypted differences", done.incrementAndGet(), stored.size());
		});
		return new Differences(query.parameters(), query.keyFingerprint(), nq, alpha, out);
	}

	/** Key holder side: the exact distance to every stored signature. */
	public static Distance[] distances(final Differences differences, final PaillierPrivateKey key,
		final Progress progress) throws MedCryptException
	{
		if (!differences.keyFingerprint.equals(key.publicKey().fingerprint())) {
			throw new PeerFailureException("The server's differences are encrypted for another key.");
		}
		final Distance[] distances = new Distance[differences.size()];
		final AtomicLong done = new AtomicLong();
		final MedCryptException[] failure = new MedCryptException[1];
		IntStream.range(0, distances.length).parallel().forEach(m -> {
			progress.checkCanceled();
			final long[][] d = decryptBands(differences.entries[m], differences.parameters, key);
			final long bound = differences.alpha[m] * differences.queryCoefficients;
			for (final long[] band : d) {
				for (final long v : band) {
					if (Math.abs(v) > bound) {
						synchronized (failure) {
							failure[0] = new PeerFailureException("The server's difference for stored image " +
								(m + 1) + " is not a difference of two signatures; the answer is refused.");
						}
						return;
					}
				}
			}
			distances[m] = Distance.of(WaveletSignature.weightedL1(differences.parameters, d), differences.alpha[m],
				differences.queryCoefficients);
			progress.report("Key holder: distances", done.incrementAndGet(), distances.length);
		});
		if (failure[0] != null) throw failure[0];
		return distances;
	}

	/** Key holder side: positions of the d nearest stored signatures, nearest first. */
	public static int[] rank(final Differences differences, final PaillierPrivateKey key, final int d,
		final Progress progress) throws MedCryptException
	{
		return Ranking.nearest(distances(differences, key, progress), -1, d);
	}

	/** Decrypts packed histograms (or differences), band by band. */
	static long[][] decryptBands(final BigInteger[][] bands, final SignatureParameters parameters,
		final PaillierPrivateKey key)
	{
		final SlotPacking packing = SlotPacking.forKey(key.publicKey(), EncryptedSignature.SLOT_BITS);
		final long[][] out = new long[bands.length][];
		for (int b = 0; b < bands.length; b++) {
			final int k = parameters.bands().get(b).intervals;
			out[b] = new long[k];
			for (int i = 0; i < bands[b].length; i++) {
				final int from = i * packing.slots();
				packing.unpack(key.decrypt(bands[b][i]), out[b], from, Math.min(packing.slots(), k - from));
			}
		}
		return out;
	}
}
