package org.medcrypt.retrieval.store;

/** What the index says of one stored image: all public (the server knows sizes, never content). */
public final class StoreEntry {

	public final String id;
	public final String name;
	/** Optional label (a diagnosis, for evaluation); empty if none. */
	public final String label;
	public final int width, height, planes, bitDepth;

	public StoreEntry(final String id, final String name, final String label, final int width, final int height,
		final int planes, final int bitDepth)
	{
		this.id = id;
		this.name = clean(name);
		this.label = clean(label);
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.bitDepth = bitDepth;
	}

	/** Tabs and line breaks would break the index; names keep everything else. */
	static String clean(final String s) {
		return s == null ? "" : s.replaceAll("[\\t\\r\\n]", " ").trim();
	}

	String toLine() {
		return String.join("\t", id, name, label, Integer.toString(width), Integer.toString(height), Integer
			.toString(planes), Integer.toString(bitDepth));
	}

	static StoreEntry fromLine(final String line) {
		final String[] f = line.split("\t", -1);
		if (f.length != 7) throw new IllegalArgumentException("an index line has " + f.length + " fields, not 7");
		return new StoreEntry(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(
			f[5]), Integer.parseInt(f[6]));
	}

	@Override
	public String toString() {
		return name + " (" + id + ", " + width + "x" + height + (label.isEmpty() ? "" : ", " + label) + ")";
	}
}
