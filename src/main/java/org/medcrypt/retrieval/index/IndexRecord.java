package org.medcrypt.retrieval.index;

import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.store.StoreEntry;

/**
 * One stored image as the sealed index holds it: the entry's public
 * description (id, name, label, size), the SHA-256 of its encrypted image file
 * ({@code images/ID.mcimg}: binds the record to the image the key holder will
 * fetch), and its plaintext signature, which only the key holder ever sees
 * (segments are sealed to it, {@link IndexSegment}).
 */
public final class IndexRecord {

	private static final java.util.regex.Pattern DIGEST = java.util.regex.Pattern.compile("[0-9a-f]{64}");

	public final StoreEntry entry;
	/** SHA-256 (64 lower-case hex digits) of the entry's {@code .mcimg} bytes. */
	public final String imageSha256;
	public final WaveletSignature signature;
	/**
	 * The AES-256 key of the entry's sealed preview file ({@link SealedPreview}), or null for an entry
	 * without one (the key holder then previews it from its encrypted LL band).
	 */
	public final byte[] previewKey;

	public IndexRecord(final StoreEntry entry, final String imageSha256, final WaveletSignature signature) {
		this(entry, imageSha256, signature, null);
	}

	public IndexRecord(final StoreEntry entry, final String imageSha256, final WaveletSignature signature,
		final byte[] previewKey)
	{
		this(entry, imageSha256, signature, previewKey, true);
	}

	/**
	 * {@code check} false: a record {@link IndexSegment} decodes, whose id and digest are hex it formed itself
	 * from fixed-size fields (no regular expression per record of a 100,000-record scan).
	 */
	IndexRecord(final StoreEntry entry, final String imageSha256, final WaveletSignature signature,
		final byte[] previewKey, final boolean check)
	{
		if (!check) {
			this.entry = entry;
			this.imageSha256 = imageSha256;
			this.signature = signature;
			this.previewKey = previewKey;
			return;
		}
		if (previewKey != null && previewKey.length != SealedPreview.KEY_BYTES) {
			throw new IllegalArgumentException("a preview key is " + SealedPreview.KEY_BYTES + " bytes");
		}
		this.previewKey = previewKey;
		if (!StoreEntry.isValidId(entry.id)) throw new IllegalArgumentException("not a store entry id: " + entry.id);
		if (imageSha256 == null || !DIGEST.matcher(imageSha256).matches()) {
			throw new IllegalArgumentException("not a SHA-256 digest: " + imageSha256);
		}
		this.entry = entry;
		this.imageSha256 = imageSha256;
		this.signature = signature;
	}

	@Override
	public String toString() {
		return entry + " image " + imageSha256.substring(0, 12);
	}
}
