package org.medcrypt.retrieval.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Wire;

/**
 * One message of the retrieval protocol, version {@value #VERSION}: magic,
 * version, type, and a list of typed fields (text, bytes, numbers). The field
 * layout of each type is fixed by {@link RetrievalServer} and
 * {@link RetrievalClient}; readers check it with the typed accessors, which fail
 * with a message naming the type and the field.
 */
public final class RetrievalMessage {

	/**
	 * 2: ADD and SIGNATURE carry the key holder's entry id and tag, QUERY only d, CANDIDATES replaces DIFFERENCES.
	 * 3: the sealed index (INDEX/MANIFEST, SEGMENT/SEGMENT_DATA, PREVIEWS/RESULTS, PUT_INDEX/INDEX_STORED,
	 * SEALED_PREVIEWS/SEALED_PREVIEW_DATA), ADD with the entry's sealed preview file; a version 2 peer is refused at
	 * its first message, naming both versions.
	 */
	public static final int VERSION = 3;
	private static final byte[] MAGIC = { 'M', 'C', 'R', 'P' };
	/** Largest message accepted: an encrypted 16-bit image of about 4000x4000 at 3072 bits. */
	public static final int MAX_BYTES = 256 << 20;

	/** The message types, in the order a session uses them. */
	public enum Type {
		HELLO, WELCOME, ADD, BANDS, SIGNATURE, ADDED, LIST, ENTRIES, REMOVE, REMOVED, QUERY, CANDIDATES, RANKING,
		RESULTS, FETCH, IMAGE, ERROR, BYE, INDEX, MANIFEST, SEGMENT, SEGMENT_DATA, PREVIEWS, PUT_INDEX, INDEX_STORED,
		SEALED_PREVIEWS, SEALED_PREVIEW_DATA
	}

	private static final byte TEXT = 'S', BYTES = 'B', NUMBER = 'L';

	private final Type type;
	private final List<Object> fields;

	private RetrievalMessage(final Type type, final List<Object> fields) {
		this.type = type;
		this.fields = Collections.unmodifiableList(fields);
	}

	/** A message with fields of type String, byte[], or Long/Integer. */
	public static RetrievalMessage of(final Type type, final Object... fields) {
		final List<Object> list = new ArrayList<>();
		for (final Object f : fields) {
			if (f instanceof Integer) list.add(((Integer) f).longValue());
			else if (f instanceof String || f instanceof byte[] || f instanceof Long) list.add(f);
			else throw new IllegalArgumentException("unsupported field " + f);
		}
		return new RetrievalMessage(type, list);
	}

	public Type type() {
		return type;
	}

	public int size() {
		return fields.size();
	}

	public String text(final int i) throws MedCryptException {
		return field(i, String.class);
	}

	public byte[] bytes(final int i) throws MedCryptException {
		return field(i, byte[].class);
	}

	public long number(final int i) throws MedCryptException {
		return field(i, Long.class);
	}

	/** A number that must lie in [min, max]. */
	public int number(final int i, final int min, final int max) throws MedCryptException {
		final long v = number(i);
		if (v < min || v > max) throw malformed("field " + i + " is " + v + ", outside " + min + ".." + max);
		return (int) v;
	}

	/** Fails unless the message has exactly n fields (or a multiple of n after {@code fixed}). */
	public RetrievalMessage expectFields(final int fixed, final int perItem) throws MedCryptException {
		final int n = fields.size();
		if (perItem == 0 ? n != fixed : n < fixed || (n - fixed) % perItem != 0) {
			throw malformed("it has " + n + " fields");
		}
		return this;
	}

	public MedCryptException malformed(final String why) {
		return new PeerFailureException("Malformed " + type + " message: " + why + ".");
	}

	private <T> T field(final int i, final Class<T> kind) throws MedCryptException {
		if (i >= fields.size()) throw malformed("field " + i + " is missing");
		final Object f = fields.get(i);
		if (!kind.isInstance(f)) throw malformed("field " + i + " is not " + kind.getSimpleName());
		return kind.cast(f);
	}

	public byte[] toBytes() {
		try {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			final DataOutputStream out = new DataOutputStream(bytes);
			out.write(MAGIC);
			out.writeShort(VERSION);
			out.writeByte(type.ordinal());
			out.writeShort(fields.size());
			for (final Object f : fields) {
				if (f instanceof String) {
					out.writeByte(TEXT);
					Wire.writeBytes(out, ((String) f).getBytes(java.nio.charset.StandardCharsets.UTF_8));
				}
				else if (f instanceof byte[]) {
					out.writeByte(BYTES);
					Wire.writeBytes(out, (byte[]) f);
				}
				else {
					out.writeByte(NUMBER);
					out.writeLong((Long) f);
				}
			}
			out.flush();
			return bytes.toByteArray();
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory cannot fail", e);
		}
	}

	/** Parses a message; anything malformed, of another version or with trailing bytes is refused. */
	public static RetrievalMessage parse(final byte[] bytes) throws MedCryptException {
		if (bytes.length < MAGIC.length + 5 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
			throw new PeerFailureException("The peer is not speaking the MedCrypt retrieval protocol.");
		}
		final ByteArrayInputStream raw = new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - MAGIC.length);
		try (DataInputStream in = new DataInputStream(raw)) {
			final int version = in.readUnsignedShort();
			if (version != VERSION) {
				throw new PeerFailureException("The peer speaks retrieval protocol version " + version +
					"; this MedCrypt speaks version " + VERSION + ". Use the same MedCrypt version on both sides.");
			}
			final int t = in.readUnsignedByte();
			if (t >= Type.values().length) throw new PeerFailureException("Unknown retrieval message type " + t + ".");
			final int n = in.readUnsignedShort();
			// Each field takes at least its kind and a 4-byte length; each byte field is allocated as it is read.
			Wire.requireRemaining(in, 5L * n, n + " fields");
			final List<Object> fields = new ArrayList<>(n);
			for (int i = 0; i < n; i++) {
				final int kind = in.readUnsignedByte();
				if (kind == TEXT) fields.add(new String(Wire.readBytes(in, 1 << 16),
					java.nio.charset.StandardCharsets.UTF_8));
				else if (kind == BYTES) fields.add(Wire.readBytes(in, MAX_BYTES));
				else if (kind == NUMBER) fields.add(in.readLong());
				else throw new PeerFailureException("A retrieval message has a field of unknown kind " + kind + ".");
			}
			if (raw.available() != 0) throw new PeerFailureException("A retrieval message has trailing bytes.");
			return new RetrievalMessage(Type.values()[t], fields);
		}
		catch (final IOException | IllegalArgumentException e) {
			throw new PeerFailureException("A retrieval message is truncated or damaged (" + e.getMessage() + ").", e);
		}
	}

	@Override
	public String toString() {
		return type + "(" + fields.size() + " fields)";
	}
}
