package org.medcrypt.retrieval.index;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.medcrypt.io.DeviatingPartyException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Wire;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.store.StoreEntry;

/**
 * The key holder's authenticated list of what the sealed index holds: the
 * index's id (random, drawn when the index is first made), a version counter
 * that grows by one with every change, the store's key and signature
 * parameters, the SHA-256 of every segment that counts (in order), and every
 * live entry id bound to the SHA-256 of its encrypted image. An HMAC-SHA-256
 * under {@code PaillierPrivateKey.derivedKey} (label {@value #LABEL}) covers
 * it all, so only the key holder can make one; a server can only replay an
 * older one, which {@link IndexVersions} refuses.
 *
 * <pre>
 * magic (8) | version u16 = 1 | index id (8) | counter i64 | key fingerprint (32) | parameters (6)
 * | segments i32, each SHA-256 (32) | entries i32, each id (8) and image SHA-256 (32) | HMAC (32) | SHA-256 (32)
 * </pre>
 *
 * Scanning ({@link SealedIndex#scan}): every live entry must be found in
 * exactly one listed segment with the image hash the manifest gives it;
 * records of ids the manifest does not list are removed entries and are
 * skipped (segments are never rewritten, so a removal is a new manifest).
 */
public final class IndexManifest {

	private static final byte[] MAGIC = { (byte) 0x89, 'M', 'C', 'I', 'M', '\r', '\n', 0x1A };
	public static final int VERSION = 1;
	public static final String SUFFIX = ".mcidm";
	static final String LABEL = "MedCrypt sealed index manifest v1 ";
	private static final int MAC_BYTES = 32;
	/** Largest manifest read: as many entries as a store holds (2^20), 40 bytes each, and segments. */
	public static final int MAX_BYTES = 64 << 20;

	public final String indexId;
	public final long counter;
	public final String keyFingerprint;
	public final SignatureParameters parameters;
	/** SHA-256 (hex) of the segments, in order. */
	public final List<String> segments;
	/** Live entry id -> SHA-256 (hex) of its encrypted image, in index order. */
	public final Map<String, String> entries;

	private IndexManifest(final String indexId, final long counter, final String keyFingerprint,
		final SignatureParameters parameters, final List<String> segments, final Map<String, String> entries)
	{
		this.indexId = indexId;
		this.counter = counter;
		this.keyFingerprint = keyFingerprint;
		this.parameters = parameters;
		this.segments = Collections.unmodifiableList(new ArrayList<>(segments));
		this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
	}

	/** A first manifest (counter 1, a fresh index id). */
	public static IndexManifest first(final PaillierPrivateKey key, final SignatureParameters parameters,
		final List<String> segments, final Map<String, String> entries)
	{
		return new IndexManifest(StoreEntry.newId(), 1, key.publicKey().fingerprint(), parameters, segments, entries);
	}

	/** The next manifest of this index: counter + 1, these segments and entries. */
	public IndexManifest next(final List<String> newSegments, final Map<String, String> newEntries) {
		return new IndexManifest(indexId, Math.addExact(counter, 1), keyFingerprint, parameters, newSegments,
			newEntries);
	}

	/** The file name the store keeps this manifest under: its counter, zero-padded (never replaced). */
	public String fileName() {
		return String.format("manifest-%019d", counter) + SUFFIX;
	}

	/** The signed bytes ({@code key} must be this index's key holder's). */
	public byte[] toBytes(final PaillierPrivateKey key) {
		if (!key.publicKey().fingerprint().equals(keyFingerprint)) throw new IllegalArgumentException("another key");
		final byte[] body = body();
		return Wire.seal(MAGIC, VERSION, out -> {
			out.write(body);
			out.write(mac(key, body));
		});
	}

	/**
	 * Opens and authenticates a manifest; one not made with {@code key}'s
	 * derived key (forged, altered) is the server's deviation.
	 */
	public static IndexManifest open(final String what, final byte[] bytes, final PaillierPrivateKey key)
		throws MedCryptException
	{
		final byte[][] parts = Wire.open(what, MAGIC, VERSION, bytes, in -> {
			final byte[] all = new byte[in.available()];
			in.readFully(all);
			if (all.length < MAC_BYTES) throw new IllegalArgumentException("no authentication tag");
			return new byte[][] { java.util.Arrays.copyOf(all, all.length - MAC_BYTES), java.util.Arrays
				.copyOfRange(all, all.length - MAC_BYTES, all.length) };
		});
		if (!MessageDigest.isEqual(mac(key, parts[0]), parts[1])) {
			throw new DeviatingPartyException(what + " is not authenticated by this key holder (its tag does not " +
				"match): it was forged or altered. Nothing was ranked; stop using this server and tell its operator.");
		}
		final IndexManifest m = Wire.open(what, MAGIC, VERSION, Wire.seal(MAGIC, VERSION, out -> out.write(parts[0])),
			IndexManifest::read);
		if (!m.keyFingerprint.equals(key.publicKey().fingerprint())) {
			throw new WrongKeyException(what + " is for key " + m.keyFingerprint + ".");
		}
		return m;
	}

	/**
	 * The counter a manifest claims, read without authenticating it: what a
	 * server (which cannot check the key holder's tag) files it under.
	 */
	public static long counterOf(final byte[] bytes) throws MedCryptException {
		return Wire.open("A sealed index manifest", MAGIC, VERSION, bytes, in -> {
			in.skipBytes(8);
			final long counter = in.readLong();
			in.skipBytes(in.available());
			if (counter < 1) throw new IllegalArgumentException("counter " + counter);
			return counter;
		});
	}

	/** SHA-256 (hex) of a manifest's bytes. */
	public static String sha256(final byte[] bytes) {
		return Hex.of(Wire.sha256().digest(bytes));
	}

	private byte[] body() {
		final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64 + 32 * segments.size() +
			40 * entries.size());
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.write(Hex.parse(indexId));
			out.writeLong(counter);
			out.write(Hex.parse(keyFingerprint));
			IndexSegment.writeParameters(out, parameters);
			out.writeInt(segments.size());
			for (final String s : segments) out.write(Hex.parse(s));
			out.writeInt(entries.size());
			for (final Map.Entry<String, String> e : entries.entrySet()) {
				out.write(Hex.parse(e.getKey()));
				out.write(Hex.parse(e.getValue()));
			}
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory cannot fail", e);
		}
		return bytes.toByteArray();
	}

	private static IndexManifest read(final DataInputStream in) throws IOException {
		final byte[] id = new byte[8], fp = new byte[32], sha = new byte[32];
		in.readFully(id);
		final String indexId = Hex.of(id);
		final long counter = in.readLong();
		if (counter < 1) throw new IllegalArgumentException("counter " + counter);
		in.readFully(fp);
		final SignatureParameters parameters = IndexSegment.parameters(in);
		final int n = in.readInt();
		if (n < 0 || n > IndexSegment.MAX_RECORDS) throw new IllegalArgumentException(n + " segments");
		Wire.requireRemaining(in, 32L * n, n + " segments");
		final List<String> segments = new ArrayList<>();
		final Set<String> seen = new HashSet<>();
		for (int i = 0; i < n; i++) {
			in.readFully(sha);
			if (!seen.add(Hex.of(sha))) throw new IllegalArgumentException("segment " + Hex.of(sha) + " twice");
			segments.add(Hex.of(sha));
		}
		final int m = in.readInt();
		if (m < 0 || m > IndexSegment.MAX_RECORDS) throw new IllegalArgumentException(m + " entries");
		Wire.requireRemaining(in, 40L * m, m + " entries");
		final Map<String, String> entries = new LinkedHashMap<>(m * 4 / 3 + 16); // no rehash of 100,000 entries
		for (int i = 0; i < m; i++) {
			in.readFully(id);
			in.readFully(sha);
			if (entries.put(Hex.of(id), Hex.of(sha)) != null) throw new IllegalArgumentException("entry twice");
		}
		return new IndexManifest(indexId, counter, Hex.of(fp), parameters, segments,
			entries);
	}

	private static byte[] mac(final PaillierPrivateKey key, final byte[] body) {
		final HMac mac = new HMac(new SHA256Digest());
		mac.init(new KeyParameter(key.derivedKey(LABEL)));
		mac.update(body, 0, body.length);
		final byte[] out = new byte[MAC_BYTES];
		mac.doFinal(out, 0);
		return out;
	}
}
