package org.medcrypt.retrieval.index;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.medcrypt.encimage.DescriptionBlock;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Wire;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.store.StoreEntry;

/**
 * A segment of the sealed signature index: plaintext {@link IndexRecord}s
 * sealed to the key holder from its Paillier <em>public</em> key only, so a
 * writer that never sees the private key (the Spark job, a store server) can
 * make one, and only the key holder can read it.
 *
 * <pre>
 * magic (8) | version u16 = 1 | key fingerprint (32) | bit depth u8 | Δ i32 | levels | method &lt;&lt; 4 u8 | records i32
 * | sealed body: Paillier KEM of a fresh AES-256 key | GCM nonce (12) | AES-256-GCM(records) with tag (16)
 * </pre>
 *
 * The sealed body is {@link DescriptionBlock}'s hybrid encryption (one KEM for
 * MedCrypt), with everything before it as associated data: a header moved to
 * another body fails the tag. Sealing gives confidentiality, and integrity
 * against anyone without the private key only once the key holder has adopted
 * the segment: anyone with the public key can seal <em>a</em> segment, so what
 * makes a segment part of the index is its SHA-256 listed in the manifest the
 * key holder authenticates ({@link IndexManifest}). A segment is named by that
 * SHA-256 ({@link #fileName}): content-addressed, so a retried writer adds a
 * new file and never replaces one, and nothing but the manifest decides which
 * ones count.
 *
 * <p>Records: id (8 bytes), name, label (UTF-8, u16-prefixed), width, height,
 * planes (i32), bit depth (u8), image SHA-256 (32), preview key (u8 flag 0/1, then 32 bytes if 1:
 * {@link SealedPreview}), level-1 coefficients
 * (i64), then for every band (as many as the parameters have) its count of
 * non-zero values, then each non-zero value as (zeros skipped, value), all
 * unsigned LEB128 varints: histograms are mostly zeros, and the scan's cost is
 * its bytes.
 */
public final class IndexSegment {

	private static final byte[] MAGIC = { (byte) 0x89, 'M', 'C', 'I', 'X', '\r', '\n', 0x1A };
	/**
	 * 1: records as described above, each with its preview key (a flag byte, then 32 bytes if set). The
	 * format is not yet released; the preview key was added to version 1 in place.
	 */
	public static final int VERSION = 1;
	public static final String SUFFIX = ".mcidx";
	/** Most records in a segment (a Spark task writes one segment; the store is at most 2^20 entries). */
	public static final int MAX_RECORDS = 1 << 20;
	/** Largest segment file read: 256 MB. */
	public static final int MAX_BYTES = 256 << 20;
	private static final int HEADER_BYTES = MAGIC.length + 2 + 32 + 1 + 4 + 1 + 4;

	private IndexSegment() {}

	/**
	 * The sealed bytes of {@code records} (all with {@code parameters}, ids unique),
	 * for the key holder of {@code key}.
	 */
	public static byte[] seal(final List<IndexRecord> records, final SignatureParameters parameters,
		final PaillierPublicKey key, final SecureRandom rnd)
	{
		if (records.size() > MAX_RECORDS) throw new IllegalArgumentException(records.size() + " records in a segment");
		final Set<String> ids = new HashSet<>();
		for (final IndexRecord r : records) {
			if (!r.signature.parameters().equals(parameters)) {
				throw new IllegalArgumentException("record " + r + " has parameters " + r.signature.parameters());
			}
			if (!ids.add(r.entry.id)) throw new IllegalArgumentException("record " + r.entry.id + " twice");
		}
		final byte[] header = header(key, parameters, records.size());
		final byte[] body = DescriptionBlock.seal(key, encode(records), header, rnd);
		final byte[] out = Arrays.copyOf(header, header.length + body.length);
		System.arraycopy(body, 0, out, header.length, body.length);
		return out;
	}

	/**
	 * Seals {@code records} and writes them atomically as
	 * {@code folder/SHA256.mcidx} (never replacing a file); returns the segment's SHA-256 (hex).
	 */
	public static String write(final Path folder, final List<IndexRecord> records,
		final SignatureParameters parameters, final PaillierPublicKey key, final SecureRandom rnd)
		throws MedCryptException
	{
		final byte[] bytes = seal(records, parameters, key, rnd);
		final String sha = sha256(bytes);
		AtomicFiles.writeContentNamed(folder.resolve(fileName(sha)), bytes);
		return sha;
	}

	/** The file name of the segment with SHA-256 {@code sha256} (hex). */
	public static String fileName(final String sha256) {
		if (!sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("not a segment hash");
		return sha256 + SUFFIX;
	}

	/** Reads a segment file (bounded). */
	public static byte[] read(final Path file) throws MedCryptException {
		return BoundedFiles.read(file, MAX_BYTES, "index segment");
	}

	/** SHA-256 (hex) of a segment's bytes: its name in the store and in the manifest. */
	public static String sha256(final byte[] bytes) {
		return Hex.of(Wire.sha256().digest(bytes));
	}

	/** The records of a segment, in order; {@code what} names it in messages. */
	public static List<IndexRecord> open(final String what, final byte[] bytes, final PaillierPrivateKey key)
		throws MedCryptException
	{
		if (bytes.length < HEADER_BYTES || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
			throw new DamagedFileException(what + " is not a MedCrypt index segment.");
		}
		final int version = (bytes[MAGIC.length] & 0xff) << 8 | bytes[MAGIC.length + 1] & 0xff;
		if (version != VERSION) {
			throw new DamagedFileException(what + " is index segment version " + version + "; this MedCrypt reads " +
				"version " + VERSION + ". Use the same MedCrypt version on both sides.");
		}
		final byte[] header = Arrays.copyOf(bytes, HEADER_BYTES);
		final SignatureParameters parameters;
		final int count;
		try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(header, MAGIC.length + 2,
			HEADER_BYTES)))
		{
			final byte[] fp = new byte[32];
			in.readFully(fp);
			if (!Hex.of(fp).equals(key.publicKey().fingerprint())) {
				throw new WrongKeyException(what + " is sealed for key " + Hex.of(fp) + ", not for " + key.publicKey()
					.fingerprint() + ".");
			}
			parameters = parameters(in);
			count = in.readInt();
			if (count < 0 || count > MAX_RECORDS) throw new IllegalArgumentException(count + " records");
		}
		catch (final IOException | IllegalArgumentException e) {
			throw new DamagedFileException(what + " has a damaged header (" + e.getMessage() + ").", e);
		}
		final byte[] plain;
		try {
			plain = DescriptionBlock.open(key, Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length), header, what);
		}
		catch (final AuthenticationFailedException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
			throw new AuthenticationFailedException(what + " does not open with this key: it was altered, or sealed " +
				"for another key holder.", e);
		}
		try {
			return decode(plain, parameters, count);
		}
		catch (final IOException | RuntimeException e) {
			throw new DamagedFileException(what + " holds damaged records (" + e.getMessage() + ").", e);
		}
	}

	/** The signature parameters in a segment's header, without opening it. */
	public static SignatureParameters parametersOf(final byte[] bytes) throws MedCryptException {
		try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, MAGIC.length + 2 + 32,
			6))) {
			return parameters(in);
		}
		catch (final IOException | RuntimeException e) {
			throw new DamagedFileException("An index segment has a damaged header (" + e.getMessage() + ").", e);
		}
	}

	/** A segment's header (package-visible: tests build hostile segments from it). */
	static byte[] header(final PaillierPublicKey key, final SignatureParameters p, final int count) {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.write(MAGIC);
			out.writeShort(VERSION);
			out.write(Hex.parse(key.fingerprint()));
			writeParameters(out, p);
			out.writeInt(count);
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory cannot fail", e);
		}
		return bytes.toByteArray();
	}

	/** As the signature file header writes them: bit depth, Δ, levels with the method in the high bits. */
	static void writeParameters(final DataOutputStream out, final SignatureParameters p) throws IOException {
		out.writeByte(p.bitDepth());
		out.writeInt(p.delta());
		out.writeByte(p.levels() | p.method().ordinal() << 4);
	}

	static SignatureParameters parameters(final DataInputStream in) throws IOException {
		final int bitDepth = in.readUnsignedByte(), delta = in.readInt(), lm = in.readUnsignedByte();
		if (lm >> 4 >= SignatureParameters.Method.values().length) throw new IllegalArgumentException("method " +
			(lm >> 4));
		return SignatureParameters.of(SignatureParameters.Method.values()[lm >> 4], bitDepth, delta, lm & 15);
	}

	/** The records' plaintext, unchecked (package-visible: tests build hostile segments from it). */
	static byte[] encode(final List<IndexRecord> records) {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream(records.size() * 256 + 16);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			for (final IndexRecord r : records) {
				final StoreEntry e = r.entry;
				e.writeTo(out);
				out.write(Hex.parse(r.imageSha256));
				out.writeByte(r.previewKey == null ? 0 : 1);
				if (r.previewKey != null) out.write(r.previewKey);
				out.writeLong(r.signature.level1Coefficients());
				for (int b = 0; b < r.signature.parameters().bands().size(); b++) {
					final long[] counts = r.signature.counts(b);
					int nonZero = 0;
					for (final long c : counts) if (c != 0) nonZero++;
					writeVarint(out, nonZero);
					for (int i = 0, last = -1; i < counts.length; i++) {
						if (counts[i] == 0) continue;
						writeVarint(out, i - last - 1);
						writeVarint(out, counts[i]);
						last = i;
					}
				}
			}
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory cannot fail", e);
		}
		return bytes.toByteArray();
	}

	private static List<IndexRecord> decode(final byte[] plain, final SignatureParameters parameters,
		final int count) throws IOException
	{
		final Reader in = new Reader(plain);
		final List<SignatureParameters.Band> bands = parameters.bands();
		final List<IndexRecord> out = new ArrayList<>(count);
		// ids as longs, sorted at the end to find one twice: no set of strings per record
		final long[] ids = new long[count];
		final byte[] id = new byte[8], sha = new byte[32];
		for (int m = 0; m < count; m++) {
			in.bytes(id);
			ids[m] = java.nio.ByteBuffer.wrap(id).getLong();
			final String name = in.string(), label = in.string();
			final int width = in.int32(), height = in.int32(), planes = in.int32(), bitDepth = in.u8();
			in.bytes(sha);
			final int hasPreview = in.u8();
			if (hasPreview > 1) throw new IllegalArgumentException("preview flag " + hasPreview);
			final byte[] previewKey = hasPreview == 0 ? null : new byte[SealedPreview.KEY_BYTES];
			if (previewKey != null) in.bytes(previewKey);
			final long coefficients = in.int64();
			final long[][] counts = new long[bands.size()][];
			for (int b = 0; b < counts.length; b++) {
				counts[b] = new long[bands.get(b).intervals];
				final long nonZero = in.varint();
				if (nonZero > counts[b].length) throw new IllegalArgumentException(nonZero + " values in band " + b);
				for (long j = 0, at = -1; j < nonZero; j++) {
					at += in.varint() + 1;
					if (at >= counts[b].length) throw new IllegalArgumentException("a value beyond band " + b);
					counts[b][(int) at] = in.varint();
				}
			}
			final StoreEntry entry = new StoreEntry(Hex.of(id), name, label, width, height, planes, bitDepth);
			out.add(new IndexRecord(entry, Hex.of(sha), WaveletSignature.fromCounts(parameters, coefficients, counts),
				previewKey, false));
		}
		if (in.at != plain.length) throw new IllegalArgumentException((plain.length - in.at) + " trailing bytes");
		Arrays.sort(ids);
		for (int m = 1; m < count; m++) {
			if (ids[m] == ids[m - 1]) throw new IllegalArgumentException("record " + String.format("%016x", ids[m]) +
				" is there twice");
		}
		return Collections.unmodifiableList(out);
	}

	private static void writeVarint(final DataOutputStream out, final long v) throws IOException {
		if (v < 0) throw new IllegalArgumentException("a negative count");
		long x = v;
		while (x >= 0x80) {
			out.writeByte((int) (x & 0x7f) | 0x80);
			x >>>= 7;
		}
		out.writeByte((int) x);
	}

	/** A bounds-checked reader over the opened records (faster than a stream for 100,000 records). */
	private static final class Reader {

		private final byte[] b;
		int at;

		Reader(final byte[] b) {
			this.b = b;
		}

		private void need(final int n) {
			if (n < 0 || at + n > b.length) throw new IllegalArgumentException("records end early");
		}

		void bytes(final byte[] into) {
			need(into.length);
			System.arraycopy(b, at, into, 0, into.length);
			at += into.length;
		}

		int u8() {
			need(1);
			return b[at++] & 0xff;
		}

		int int32() {
			need(4);
			final int v = (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
			at += 4;
			return v;
		}

		long int64() {
			return (long) int32() << 32 | int32() & 0xffffffffL;
		}

		String string() {
			need(2);
			final int n = (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
			at += 2;
			need(n);
			final String s = new String(b, at, n, StandardCharsets.UTF_8);
			at += n;
			return s;
		}

		long varint() {
			if (at < b.length && b[at] >= 0) return b[at++]; // one byte: most counts and gaps
			long v = 0;
			for (int shift = 0; shift < 63; shift += 7) {
				final int x = u8();
				v |= (long) (x & 0x7f) << shift;
				if (x < 0x80) return v;
			}
			throw new IllegalArgumentException("a count too long");
		}
	}
}
