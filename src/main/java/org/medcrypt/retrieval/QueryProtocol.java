package org.medcrypt.retrieval;

import java.math.BigInteger;
import java.util.Arrays;
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
 * of the d nearest ({@link Ranking}, the plaintext rule, with Spatial2's query
 * expansion over the signatures it decrypted).</li>
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
		return distances(query, decryptAll(query, stored, key, progress));
	}

	/**
	 * Key holder side: positions of the d nearest stored signatures, nearest
	 * first, by the plaintext rule ({@link Ranking#nearest(WaveletSignature, List,
	 * int, int)}, with Spatial2's query expansion over the signatures it decrypts).
	 */
	public static int[] rank(final WaveletSignature query, final List<EncryptedSignature> stored,
		final PaillierPrivateKey key, final int d, final Progress progress) throws MedCryptException
	{
		return rankPlain(query, decryptAll(query, stored, key, progress), d);
	}

	/**
	 * Key holder side, sealed index mode: as {@link #rank} on signatures that are
	 * already plaintext (opened from the key holder's sealed index,
	 * {@code retrieval.index}), so both modes rank by one rule.
	 */
	public static int[] rankPlain(final WaveletSignature query, final List<WaveletSignature> plain, final int d)
		throws MedCryptException
	{
		for (int m = 0; m < plain.size(); m++) checkParameters(query, m, plain.get(m).parameters());
		final Distance[] toQuery = distances(query, plain);
		try {
			return Ranking.nearest(toQuery, plain, query.parameters(), -1, d);
		}
		catch (final ArithmeticException e) {
			throw new UnsupportedImageException("The stored images differ too much in size to be compared exactly; " +
				"rebuild their signatures from images of similar sizes.");
		}
	}

	/** Decrypts every stored signature (in parallel), after checking they have the query's parameters. */
	private static List<WaveletSignature> decryptAll(final WaveletSignature query,
		final List<EncryptedSignature> stored, final PaillierPrivateKey key, final Progress progress)
		throws MedCryptException
	{
		for (int m = 0; m < stored.size(); m++) checkParameters(query, m, stored.get(m).parameters());
		final WaveletSignature[] plain = new WaveletSignature[stored.size()];
		final AtomicLong done = new AtomicLong();
		final MedCryptException[] failure = new MedCryptException[1];
		IntStream.range(0, plain.length).parallel().forEach(m -> {
			progress.checkCanceled();
			try {
				plain[m] = stored.get(m).decrypt(key);
			}
			catch (final MedCryptException e) {
				synchronized (failure) {
					failure[0] = e;
				}
				return;
			}
			progress.report("Key holder: distances", done.incrementAndGet(), plain.length);
		});
		if (failure[0] != null) throw failure[0];
		return Arrays.asList(plain);
	}

	/** Refuses a stored signature (position m) whose parameters are not the query's. */
	private static void checkParameters(final WaveletSignature query, final int m, final SignatureParameters stored)
		throws MedCryptException
	{
		if (!stored.equals(query.parameters())) {
			throw new MedCryptException("Stored signature " + (m + 1) + " has parameters " + stored + "; the query " +
				"has " + query.parameters() + ". Rebuild one of them with the same parameters.");
		}
	}

	/** The exact distance from the query to every decrypted stored signature. */
	private static Distance[] distances(final WaveletSignature query, final List<WaveletSignature> plain)
		throws UnsupportedImageException
	{
		final Distance[] distances = new Distance[plain.size()];
		final int[] tooFar = { -1 };
		IntStream.range(0, distances.length).parallel().forEach(m -> {
			try {
				distances[m] = query.distance(plain.get(m));
			}
			catch (final ArithmeticException e) {
				synchronized (tooFar) {
					tooFar[0] = m;
				}
			}
		});
		if (tooFar[0] >= 0) {
			throw new UnsupportedImageException("The query and stored image " + (tooFar[0] + 1) + " differ too much " +
				"in size to be compared exactly; resize one of them.");
		}
		return distances;
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
