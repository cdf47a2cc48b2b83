package org.medcrypt.retrieval.net;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.store.EntryTags;
import org.medcrypt.retrieval.store.StoreEntry;

/**
 * The server's answer to a query (message CANDIDATES): every listed entry with
 * its key holder's tag and its stored encrypted signature, in index order.
 * Decoding is bounded: at most {@value #MAX_ENTRIES} entries, sizes in the
 * ranges an image can have, each signature no larger than the key allows and
 * parsed as a signature; ids valid and unique. Decoding checks form only; the
 * key holder then checks every tag ({@link RetrievalClient#query}).
 */
public final class Candidates {

	private static final byte[] MAGIC = { (byte) 0x89, 'M', 'C', 'C', 'D', '\r', '\n', 0x1A };
	private static final int VERSION = 1;
	/** As many entries as a store index can hold. */
	static final int MAX_ENTRIES = 1 << 20;
	/** The fewest bytes an entry takes: id, two empty texts, four sizes, tag flag, signature length. */
	private static final int MIN_ENTRY_BYTES = 8 + 2 + 2 + 4 + 4 + 4 + 1 + 1 + 4;

	/** The entries as listed, each with its tag (null if it has none), and their signatures, in the same order. */
	public final List<StoreEntry> entries;
	public final List<EncryptedSignature> signatures;

	public Candidates(final List<StoreEntry> entries, final List<EncryptedSignature> signatures) {
		if (entries.size() != signatures.size()) throw new IllegalArgumentException("one signature per entry");
		this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
		this.signatures = Collections.unmodifiableList(new ArrayList<>(signatures));
	}

	public byte[] toBytes(final PaillierPublicKey key) {
		return Wire.seal(MAGIC, VERSION, out -> {
			out.writeInt(entries.size());
			for (int m = 0; m < entries.size(); m++) {
				final StoreEntry e = entries.get(m);
				e.writeTo(out);
				final byte[] tag = e.tag();
				out.writeByte(tag == null ? 0 : 1);
				if (tag != null) out.write(tag);
				Wire.writeBytes(out, signatures.get(m).toBytes(key));
			}
		});
	}

	public static Candidates fromBytes(final String what, final byte[] bytes, final PaillierPublicKey key)
		throws MedCryptException
	{
		return Wire.open(what, MAGIC, VERSION, bytes, in -> read(in, key, what));
	}

	private static Candidates read(final DataInputStream in, final PaillierPublicKey key, final String what)
		throws IOException, MedCryptException
	{
		final int n = in.readInt();
		if (n < 0 || n > MAX_ENTRIES) throw new IllegalArgumentException(n + " entries");
		Wire.requireRemaining(in, (long) n * MIN_ENTRY_BYTES, n + " entries");
		final List<StoreEntry> entries = new ArrayList<>();
		final List<EncryptedSignature> signatures = new ArrayList<>();
		final Set<String> ids = new HashSet<>();
		final int maxSignature = EncryptedSignature.maxBytes(key);
		for (int m = 0; m < n; m++) {
			final byte[] id = new byte[8];
			in.readFully(id);
			final String name = Wire.readString(in), label = Wire.readString(in);
			final int width = in.readInt(), height = in.readInt(), planes = in.readInt(), bitDepth = in
				.readUnsignedByte();
			if (width < 1 || width > 1 << 20 || height < 1 || height > 1 << 20 || planes < 1 || planes > 1 << 16 ||
				(bitDepth != 8 && bitDepth != 16))
			{
				throw new IllegalArgumentException("entry " + (m + 1) + " has size " + width + "x" + height + "x" +
					planes + " at " + bitDepth + " bits");
			}
			final int hasTag = in.readUnsignedByte();
			if (hasTag > 1) throw new IllegalArgumentException("entry " + (m + 1) + " has tag flag " + hasTag);
			byte[] tag = null;
			if (hasTag == 1) {
				tag = new byte[EntryTags.BYTES];
				in.readFully(tag);
			}
			final StoreEntry entry = new StoreEntry(Hex.of(id), name, label, width, height, planes, bitDepth, tag);
			if (!ids.add(entry.id)) throw new IllegalArgumentException("entry " + entry.id + " is listed twice");
			entries.add(entry);
			signatures.add(EncryptedSignature.fromBytes(what + ", signature of entry " + (m + 1), Wire.readBytes(in,
				maxSignature), key));
		}
		return new Candidates(entries, signatures);
	}
}
