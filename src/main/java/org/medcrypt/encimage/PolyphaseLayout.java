package org.medcrypt.encimage;

/**
 * Where each pixel of an image lives among packed ciphertexts.
 *
 * <p>The image (each plane of a stack) is padded to a multiple of F = 2^L in x
 * and y by repeating its last column and row, then split into F² polyphase
 * components: component (px, py) holds the pixels (F·X + px, F·Y + py), a grid
 * of gw × gh = (W/F) × (H/F) values in raster order. Each component is cut into
 * chunks of {@code slots} values, one chunk per ciphertext.
 *
 * <p>Ciphertext index = ((plane·F + py)·F + px)·chunks + chunk, and slot j of a
 * chunk holds grid index chunk·slots + j. So the ciphertext index carries the low
 * L bits of both pixel coordinates: the 2x2 neighbours that a Haar step combines
 * sit in the same slot of four different ciphertexts, and levels 1..L of the
 * transform are slot-aligned products of whole ciphertexts, with no unpacking.
 */
public final class PolyphaseLayout {

	private final int width, height, planes, levels, slots;
	private final int factor, gridWidth, gridHeight, chunks;

	public PolyphaseLayout(final int width, final int height, final int planes, final int levels,
		final int slots)
	{
		if (width < 1 || height < 1 || planes < 1) throw new IllegalArgumentException("empty image");
		if (levels < 0 || levels > 6) throw new IllegalArgumentException("levels must be 0..6");
		if (slots < 1) throw new IllegalArgumentException("slots must be positive");
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.levels = levels;
		this.slots = slots;
		this.factor = 1 << levels;
		this.gridWidth = (width + factor - 1) / factor;
		this.gridHeight = (height + factor - 1) / factor;
		this.chunks = (int) (((long) gridWidth * gridHeight + slots - 1) / slots);
		if ((long) planes * factor * factor * chunks > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("image too large");
		}
	}

	public int width() { return width; }

	public int height() { return height; }

	public int planes() { return planes; }

	/** L: how many Haar levels the layout aligns. */
	public int levels() { return levels; }

	/** Values per ciphertext. */
	public int slots() { return slots; }

	/** F = 2^L. */
	public int factor() { return factor; }

	/** Width of one polyphase grid: ceil(W / F). */
	public int gridWidth() { return gridWidth; }

	public int gridHeight() { return gridHeight; }

	/** Ciphertexts per polyphase component. */
	public int chunks() { return chunks; }

	public int ciphertextsPerPlane() {
		return factor * factor * chunks;
	}

	public int ciphertextCount() {
		return planes * ciphertextsPerPlane();
	}

	/** Index of the ciphertext holding chunk {@code chunk} of component (px, py) of a plane. */
	public int ciphertextIndex(final int plane, final int px, final int py, final int chunk) {
		return ((plane * factor + py) * factor + px) * chunks + chunk;
	}

	/** How many slots of a chunk hold grid values (the last chunk may be partial). */
	public int slotsUsed(final int chunk) {
		return (int) Math.min(slots, (long) gridWidth * gridHeight - (long) chunk * slots);
	}

	/**
	 * Gathers the values of one ciphertext from a plane stored in raster order
	 * (index y·width + x), padding by edge repetition.
	 */
	public void gather(final int[] plane, final int px, final int py, final int chunk, final long[] out) {
		final int used = slotsUsed(chunk);
		for (int j = 0; j < used; j++) {
			final int g = chunk * slots + j;
			final int x = Math.min((g % gridWidth) * factor + px, width - 1);
			final int y = Math.min((g / gridWidth) * factor + py, height - 1);
			out[j] = plane[y * width + x];
		}
	}

	/** The inverse of {@link #gather}: writes the values that fall inside the image. */
	public void scatter(final long[] values, final int px, final int py, final int chunk, final int[] plane) {
		final int used = slotsUsed(chunk);
		for (int j = 0; j < used; j++) {
			final int g = chunk * slots + j;
			final int x = (g % gridWidth) * factor + px;
			final int y = (g / gridWidth) * factor + py;
			if (x < width && y < height) plane[y * width + x] = (int) values[j];
		}
	}
}
