package org.medcrypt.retrieval;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.SlotPacking;

/**
 * Ranking stored images against a query that never leaves the key holder.
 *
 * <ol>
 * <li>The key holder asks for the d nearest images; the server answers with
 * every listed entry's encrypted signature E(s) and the key holder's tag of that
 * entry (retrieval.net, message CANDIDATES).</li>
 * <li>The key holder checks every tag before it decrypts anything, then
 * decrypts each s and computes the exact distance to its own query q
 * ({@link #distances}: α·q - β·s with α, β from its own n_q and the entry's
 * authenticated n_s, {@link Distance#scaling}); it answers with the positions
 * of the d nearest ({@link Ranking}, the plaintext rule).</li>
 * <li>The server returns those images.</li>
 * </ol>
 *
 * Paper 1 (Bellafqira et al. 2015) has the server form the encrypted differences
 * E(q - s) and the key holder decrypt them. That gives the key holder s anyway
 * (it knows q), and it is what let a deviating server have the key holder
 * decrypt ciphertexts of its choosing (issue 10, finding 1): a difference cannot
 * be checked before it is decrypted. Sending E(s) instead lets the key holder
 * authenticate exactly the ciphertexts it decrypts (encrypt then MAC); the
 * decryptions, the distances and the ranking are the same, and the server no
 * longer needs the query at all. The server learns which d images were
 * returned (it must send them) and nothing else.
 */
public final class QueryProtocol {

	private QueryProtocol() {}

	/**
	 * Key holder side: the exact distance from its query to every stored
	 * signature. Call it only with signatures whose entries were authenticated
	 * (their tags checked); it decrypts every one of them.
	 */
	public static Distance[] distances(final WaveletSignature query, final List<EncryptedSignature> stored,
		final PaillierPrivateKey key, final Progress progress) throws MedCryptException
	{
		for (int m = 0; m < stored.size(); m++) {
			if (!stored.get(m).parameters().equals(query.parameters())) {
				throw new MedCryptException("Stored signature " + (m + 1) + " has parameters " + stored.get(m)
					.parameters() + "; the query has " + query.parameters() + ". Rebuild one of them with the same " +
					"parameters.");
			}
		}
		final Distance[] distances = new Distance[stored.size()];
		final AtomicLong done = new AtomicLong();
		final MedCryptException[] failure = new MedCryptException[1];
		IntStream.range(0, distances.length).parallel().forEach(m -> {
			progress.checkCanceled();
			try {
				distances[m] = distance(query, stored.get(m).decrypt(key), m);
			}
			catch (final MedCryptException e) {
				synchronized (failure) {
					failure[0] = e;
				}
				return;
			}
			progress.report("Key holder: distances", done.incrementAndGet(), distances.length);
		});
		if (failure[0] != null) throw failure[0];
		return distances;
	}

	/**
	 * The one distance of a query to a stored signature (position m), for both
	 * modes: the paper mode's decrypted signatures and the sealed index's
	 * plaintext records ({@code retrieval.index}).
	 */
	static Distance distance(final WaveletSignature query, final WaveletSignature stored, final int m)
		throws UnsupportedImageException
	{
		try {
			return query.distance(stored);
		}
		catch (final ArithmeticException e) {
			throw new UnsupportedImageException("The query and stored image " + (m + 1) + " differ too much in size " +
				"to be compared exactly; resize one of them.");
		}
	}

	/**
	 * Key holder side, sealed index mode: positions of the d stored signatures
	 * nearest to the query, nearest first, by the same distance and
	 * {@link Ranking} as {@link #rank}; the signatures are plaintext (opened
	 * from the key holder's sealed index), so nothing is decrypted here.
	 */
	public static int[] rankPlain(final WaveletSignature query, final List<WaveletSignature> stored, final int d)
		throws MedCryptException
	{
		final Distance[] distances = new Distance[stored.size()];
		for (int m = 0; m < distances.length; m++) {
			if (!stored.get(m).parameters().equals(query.parameters())) {
				throw new MedCryptException("Stored signature " + (m + 1) + " has parameters " + stored.get(m)
					.parameters() + "; the query has " + query.parameters() + ". Rebuild one of them with the same " +
					"parameters.");
			}
			distances[m] = distance(query, stored.get(m), m);
		}
		return Ranking.nearest(distances, -1, d);
	}

	/** Key holder side: positions of the d nearest stored signatures, nearest first. */
	public static int[] rank(final WaveletSignature query, final List<EncryptedSignature> stored,
		final PaillierPrivateKey key, final int d, final Progress progress) throws MedCryptException
	{
		return Ranking.nearest(distances(query, stored, key, progress), -1, d);
	}

	/** Decrypts packed histograms, band by band. */
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
