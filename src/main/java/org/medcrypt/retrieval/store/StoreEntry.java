package org.medcrypt.retrieval.store;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.regex.Pattern;

import org.medcrypt.io.Hex;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.Wire;

/** What the index says of one stored image: all public (the server knows sizes, never content). */
public final class StoreEntry {

	/** The ids a store makes: 16 lower-case hex digits (64 random bits); nothing else is ever used in a path. */
	private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
	/** A SHA-256 as the index records it. */
	private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
	/** In the index: a digest an entry of a version 1 index never had. */
	static final String NO_DIGEST = "-";

	public final String id;
	public final String name;
	/** Optional label (a diagnosis, for evaluation); empty if none. */
	public final String label;
	public final int width, height, planes, bitDepth;
	/**
	 * SHA-256 (hex) of the entry's {@code .mcimg} and {@code .mcsig} files: binds
	 * the files to the entry, so a file swapped with another entry's is named
	 * instead of ranked. Null for entries written before index version 2 whose
	 * files were missing when the index was upgraded, and for entries that come
	 * over the wire (a key holder sees no files).
	 */
	final String imageSha256, signatureSha256;
	/**
	 * The key holder's {@link EntryTags} tag of this entry and its signature
	 * ({@value EntryTags#BYTES} bytes), or null for an entry added before index
	 * version 3 and not yet authenticated ({@code store-authenticate}).
	 */
	private final byte[] tag;

	public StoreEntry(final String id, final String name, final String label, final int width, final int height,
		final int planes, final int bitDepth)
	{
		this(id, name, label, width, height, planes, bitDepth, null, null, null);
	}

	/** An entry as the server describes it to the key holder, with its tag (null if it has none). */
	public StoreEntry(final String id, final String name, final String label, final int width, final int height,
		final int planes, final int bitDepth, final byte[] tag)
	{
		this(id, name, label, width, height, planes, bitDepth, null, null, tag);
	}

	StoreEntry(final String id, final String name, final String label, final int width, final int height,
		final int planes, final int bitDepth, final String imageSha256, final String signatureSha256,
		final byte[] tag)
	{
		if (tag != null && tag.length != EntryTags.BYTES) throw new IllegalArgumentException("a tag of " + tag.length +
			" bytes");
		this.id = id;
		this.name = clean(name);
		this.label = clean(label);
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.bitDepth = bitDepth;
		this.imageSha256 = imageSha256;
		this.signatureSha256 = signatureSha256;
		this.tag = tag == null ? null : tag.clone();
	}

	/** This entry with its files' digests. */
	StoreEntry withDigests(final String image, final String signature) {
		return new StoreEntry(id, name, label, width, height, planes, bitDepth, image, signature, tag);
	}

	/** This entry with the key holder's tag. */
	StoreEntry withTag(final byte[] newTag) {
		return new StoreEntry(id, name, label, width, height, planes, bitDepth, imageSha256, signatureSha256, newTag);
	}

	/** The key holder's tag, or null if the entry has none (a copy). */
	public byte[] tag() {
		return tag == null ? null : tag.clone();
	}

	/** True if both describe the same entry: id, name, label and image size (digests and tags aside). */
	public boolean sameAs(final StoreEntry o) {
		return id.equals(o.id) && name.equals(o.name) && label.equals(o.label) && width == o.width &&
			height == o.height && planes == o.planes && bitDepth == o.bitDepth;
	}

	/** True for an id the store could have made: safe as a file name, never a path. */
	public static boolean isValidId(final String id) {
		return id != null && ID.matcher(id).matches();
	}

	/** A fresh entry id: 64 bits from SecureRandom, as 16 hex digits (the key holder picks it when it adds). */
	public static String newId() {
		final byte[] b = new byte[8];
		SecureRandoms.forThisThread().nextBytes(b);
		return Hex.of(b);
	}

	/** Tabs and line breaks would break the index; names keep everything else. */
	static String clean(final String s) {
		if (s == null) return "";
		// the common case without a regular expression: the sealed index builds 100,000 entries per query
		boolean plain = true;
		for (int i = 0; i < s.length() && plain; i++) {
			final char c = s.charAt(i);
			plain = c != '\t' && c != '\r' && c != '\n';
		}
		return plain ? s.trim() : s.replaceAll("[\\t\\r\\n]", " ").trim();
	}

	/** The line of an index of version 3. */
	String toLine() {
		return String.join("\t", id, name, label, Integer.toString(width), Integer.toString(height), Integer
			.toString(planes), Integer.toString(bitDepth), imageSha256 == null ? NO_DIGEST : imageSha256,
			signatureSha256 == null ? NO_DIGEST : signatureSha256, tag == null ? NO_DIGEST : Hex.of(tag));
	}

	/**
	 * Parses a line of an index of {@code version} 1 (seven fields), 2 (nine:
	 * the files' digests added) or 3 (ten: the key holder's tag added); throws
	 * IllegalArgumentException saying what is wrong, including an id the store
	 * cannot have made.
	 */
	static StoreEntry fromLine(final String line, final int version) {
		final String[] f = line.split("\t", -1);
		final int fields = version == 1 ? 7 : version == 2 ? 9 : 10;
		if (f.length != fields) {
			throw new IllegalArgumentException("it has " + f.length + " fields, not " + fields);
		}
		if (!isValidId(f[0])) {
			throw new IllegalArgumentException("its id '" + printable(f[0]) + "' is not one a store makes (16 " +
				"hex digits)");
		}
		final String image = version == 1 ? null : digest(f[7]), signature = version == 1 ? null : digest(f[8]);
		if ((image == null) != (signature == null)) throw new IllegalArgumentException("it has one digest, not two");
		final byte[] tag = version < 3 || f[9].equals(NO_DIGEST) ? null : tag(f[9]);
		return new StoreEntry(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(
			f[5]), Integer.parseInt(f[6]), image, signature, tag);
	}

	private static byte[] tag(final String field) {
		if (!DIGEST.matcher(field).matches()) {
			throw new IllegalArgumentException("'" + printable(field) + "' is not an entry tag");
		}
		return Hex.parse(field);
	}

	private static String digest(final String field) {
		if (field.equals(NO_DIGEST)) return null;
		if (!DIGEST.matcher(field).matches()) {
			throw new IllegalArgumentException("'" + printable(field) + "' is not a SHA-256 digest");
		}
		return field;
	}

	/** At most 40 characters of an untrusted field, control characters shown as '?'. */
	private static String printable(final String s) {
		final String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
		return cut.replaceAll("\\p{Cntrl}", "?");
	}

	@Override
	public String toString() {
		return name + " (" + id + ", " + width + "x" + height + (label.isEmpty() ? "" : ", " + label) + ")";
	}

	/**
	 * Writes the entry as the retrieval protocol's CANDIDATES message and the
	 * sealed index's records carry it: id (8 bytes), name, label, width, height,
	 * planes, bit depth (one byte). Each reader decodes and bounds it itself.
	 */
	public void writeTo(final DataOutputStream out) throws IOException {
		out.write(Hex.parse(id));
		Wire.writeString(out, name);
		Wire.writeString(out, label);
		out.writeInt(width);
		out.writeInt(height);
		out.writeInt(planes);
		out.writeByte(bitDepth);
	}
}
