package org.medcrypt.transfer;

/**
 * The pixels of an 8-bit, 16-bit or RGB image (one array per plane, ImageJ's
 * stack order) as one byte stream, the unit that is encrypted and
 * watermarked: planes one after the other, each row-major; a 16-bit pixel is
 * two bytes, most significant first; an RGB pixel ({@code int} 0xRRGGBB) is
 * three 8-bit samples R, G, B. A <em>sample</em> is one 8-bit or 16-bit value
 * of the stream (an RGB pixel has three).
 */
public final class PixelBytes {

	/** Image width and height in pixels, number of planes, samples per pixel (1 or 3), bits per sample (8 or 16). */
	public final int width, height, planes, channels, bitsPerSample;

	public PixelBytes(final int width, final int height, final int planes, final int channels,
		final int bitsPerSample)
	{
		if (width < 1 || height < 1 || planes < 1) throw new IllegalArgumentException("empty image");
		if (!(channels == 1 && (bitsPerSample == 8 || bitsPerSample == 16) || channels == 3 && bitsPerSample == 8)) {
			throw new IllegalArgumentException("images are 8-bit, 16-bit or RGB, not " + channels + " x " +
				bitsPerSample + "-bit");
		}
		if ((long) width * height * planes * channels * (bitsPerSample / 8) > Integer.MAX_VALUE - 64) {
			throw new IllegalArgumentException("images of more than 2 GB are not supported");
		}
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.channels = channels;
		this.bitsPerSample = bitsPerSample;
	}

	/** The geometry of these planes: byte[] (8-bit), short[] (16-bit) or int[] (RGB), width x height each. */
	public static PixelBytes of(final Object[] planes, final int width, final int height) {
		if (planes.length == 0) throw new IllegalArgumentException("no planes");
		final Object p = planes[0];
		final PixelBytes g = p instanceof byte[] ? new PixelBytes(width, height, planes.length, 1, 8) :
			p instanceof short[] ? new PixelBytes(width, height, planes.length, 1, 16) : p instanceof int[]
				? new PixelBytes(width, height, planes.length, 3, 8) : null;
		if (g == null) throw new IllegalArgumentException("planes are byte[], short[] or int[] (RGB)");
		for (final Object q : planes) {
			if (q.getClass() != p.getClass() || java.lang.reflect.Array.getLength(q) != width * height) {
				throw new IllegalArgumentException("every plane must be a " + width + " x " + height + " " + p
					.getClass().getSimpleName());
			}
		}
		return g;
	}

	/** Samples per plane. */
	public int samplesPerPlane() {
		return width * height * channels;
	}

	/** Samples in the whole image. */
	public int samples() {
		return samplesPerPlane() * planes;
	}

	/** Bytes in the stream. */
	public int bytes() {
		return samples() * (bitsPerSample / 8);
	}

	/** The stream of these planes, in a new array of {@code bytes() + extra} bytes (the rest zero). */
	public byte[] toBytes(final Object[] planes, final int extra) {
		final byte[] out = new byte[bytes() + extra];
		final int n = width * height;
		int o = 0;
		for (final Object p : planes) {
			if (p instanceof byte[]) {
				System.arraycopy(p, 0, out, o, n);
				o += n;
			}
			else if (p instanceof short[]) {
				final short[] s = (short[]) p;
				for (int i = 0; i < n; i++, o += 2) {
					out[o] = (byte) (s[i] >> 8);
					out[o + 1] = (byte) s[i];
				}
			}
			else {
				final int[] c = (int[]) p;
				for (int i = 0; i < n; i++, o += 3) {
					out[o] = (byte) (c[i] >> 16);
					out[o + 1] = (byte) (c[i] >> 8);
					out[o + 2] = (byte) c[i];
				}
			}
		}
		return out;
	}

	/** New planes holding the first {@code bytes()} bytes of the stream. */
	public Object[] toPlanes(final byte[] stream) {
		final Object[] out = new Object[planes];
		final int n = width * height;
		int o = 0;
		for (int z = 0; z < planes; z++) {
			if (bitsPerSample == 8 && channels == 1) {
				out[z] = java.util.Arrays.copyOfRange(stream, o, o + n);
				o += n;
			}
			else if (bitsPerSample == 16) {
				final short[] s = new short[n];
				for (int i = 0; i < n; i++, o += 2)
					s[i] = (short) (stream[o] << 8 | stream[o + 1] & 0xFF);
				out[z] = s;
			}
			else {
				final int[] c = new int[n];
				for (int i = 0; i < n; i++, o += 3)
					c[i] = 0xFF000000 | (stream[o] & 0xFF) << 16 | (stream[o + 1] & 0xFF) << 8 | stream[o + 2] & 0xFF;
				out[z] = c;
			}
		}
		return out;
	}

	/** Sample {@code s} of the stream (0..255 or 0..65535). */
	public int sample(final byte[] stream, final int s) {
		return bitsPerSample == 8 ? stream[s] & 0xFF : (stream[2 * s] & 0xFF) << 8 | stream[2 * s + 1] & 0xFF;
	}

	/** Sets sample {@code s} of the stream. */
	public void setSample(final byte[] stream, final int s, final int v) {
		if (bitsPerSample == 8) stream[s] = (byte) v;
		else {
			stream[2 * s] = (byte) (v >> 8);
			stream[2 * s + 1] = (byte) v;
		}
	}

	@Override
	public String toString() {
		return width + "x" + height + "x" + planes + (channels == 3 ? " RGB" : " " + bitsPerSample + "-bit");
	}
}
