package org.medcrypt.retrieval.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.medcrypt.io.DeviatingPartyException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.QueryProtocol;
import org.medcrypt.retrieval.WaveletSignature;

/**
 * The key holder's scan of the sealed index: every segment the authenticated
 * manifest lists, checked against its SHA-256, opened, and every live entry
 * found exactly once, bound to the image hash the manifest gives it; then the
 * query ranked locally by {@link QueryProtocol#rankPlain}, the same distance
 * and {@link org.medcrypt.retrieval.Ranking} as the paper mode. Only which d
 * images are then fetched reaches the server.
 */
public final class SealedIndex {

	/** Where the segments come from (the server's answer, a folder). */
	@FunctionalInterface
	public interface Segments {

		/** The bytes of the segment named {@code sha256}, or null if there is none. */
		byte[] get(String sha256) throws MedCryptException;
	}

	private SealedIndex() {}

	/**
	 * The live records in the manifest's entry order. A listed segment missing
	 * or with other bytes (dropped, swapped), a live entry found in no listed
	 * segment or twice (dropped, replayed), or a record bound to another image
	 * than the manifest says, is the server's deviation.
	 */
	public static List<IndexRecord> scan(final String server, final IndexManifest manifest, final Segments segments,
		final PaillierPrivateKey key) throws MedCryptException
	{
		final Map<String, IndexRecord> found = new HashMap<>(manifest.entries.size() * 2);
		for (final String sha : manifest.segments) {
			final byte[] bytes = segments.get(sha);
			if (bytes == null) throw deviation(server, "segment " + sha + " of the sealed index is missing (dropped)");
			if (!IndexSegment.sha256(bytes).equals(sha)) {
				throw deviation(server, "what it sent as segment " + sha + " of the sealed index is another segment " +
					"(swapped or altered)");
			}
			if (!IndexSegment.parametersOf(bytes).equals(manifest.parameters)) {
				throw deviation(server, "segment " + sha + " has other signature parameters than the manifest");
			}
			for (final IndexRecord r : IndexSegment.open("Index segment " + sha, bytes, key)) {
				final String image = manifest.entries.get(r.entry.id);
				if (image == null) continue; // an entry removed since: its record stays in an older segment
				if (!image.equals(r.imageSha256)) {
					throw deviation(server, "the index record of entry " + r.entry.id + " is bound to another " +
						"encrypted image than the manifest's");
				}
				if (found.put(r.entry.id, r) != null) {
					throw deviation(server, "entry " + r.entry.id + " is in two segments of the sealed index " +
						"(a replayed record)");
				}
			}
		}
		final List<IndexRecord> out = new ArrayList<>(manifest.entries.size());
		for (final String id : manifest.entries.keySet()) {
			final IndexRecord r = found.get(id);
			if (r == null) throw deviation(server, "entry " + id + " of the sealed index is in none of its segments");
			out.add(r);
		}
		return out;
	}

	/** Positions (in {@code records}) of the d nearest to {@code query}, nearest first. */
	public static int[] rank(final WaveletSignature query, final List<IndexRecord> records, final int d)
		throws MedCryptException
	{
		final List<WaveletSignature> signatures = new ArrayList<>(records.size());
		for (final IndexRecord r : records) signatures.add(r.signature);
		return QueryProtocol.rankPlain(query, signatures, d);
	}

	static DeviatingPartyException deviation(final String server, final String what) {
		return new DeviatingPartyException("The store server " + server + " deviates from the protocol: " + what +
			". Nothing was ranked or fetched; stop using this server and tell its operator.");
	}
}
