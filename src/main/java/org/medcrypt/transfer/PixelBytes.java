package org.medcrypt.transfer;

import org.medcrypt.image.PixelPlanes;

/**
 * The pixels of an 8-bit, 16-bit or RGB image ({@link PixelPlanes}, ImageJ's
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

	/** The geometry of these planes. */
	public static PixelBytes of(final PixelPlanes planes) {
		return new PixelBytes(planes.width(), planes.height(), planes.planes(), planes.samplesPerPixel(), planes
			.bitsPerSample());
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

	/** The stream of planes of this geometry, in a new array of {@code bytes() + extra} bytes (the rest zero). */
	public byte[] toBytes(final PixelPlanes planes, final int extra) {
		if (planes.width() != width || planes.height() != height || planes.planes() != this.planes || planes
			.samplesPerPixel() != channels || planes.bitsPerSample() != bitsPerSample)
		{
			throw new IllegalArgumentException(planes + " planes are not " + this);
		}
		final byte[] out = new byte[bytes() + extra];
		final int n = width * height;
		int o = 0;
		for (int z = 0; z < this.planes; z++) {
			switch (planes.kind()) {
				case UINT8:
					System.arraycopy(planes.bytePlane(z), 0, out, o, n);
					o += n;
					break;
				case UINT16: {
					final short[] s = planes.shortPlane(z);
					for (int i = 0; i < n; i++, o += 2) {
						out[o] = (byte) (s[i] >> 8);
						out[o + 1] = (byte) s[i];
					}
					break;
				}
				default: {
					final int[] c = planes.rgbPlane(z);
					for (int i = 0; i < n; i++, o += 3) {
						out[o] = (byte) (c[i] >> 16);
						out[o + 1] = (byte) (c[i] >> 8);
						out[o + 2] = (byte) c[i];
					}
				}
			}
		}
		return out;
	}

	/** New planes holding the first {@code bytes()} bytes of the stream (RGB pixels opaque: top byte 0xFF). */
	public PixelPlanes toPlanes(final byte[] stream) {
		final PixelPlanes out = PixelPlanes.allocate(channels == 3 ? PixelPlanes.Kind.RGB : bitsPerSample == 16
			? PixelPlanes.Kind.UINT16 : PixelPlanes.Kind.UINT8, width, height, planes);
		final int n = width * height;
		int o = 0;
		for (int z = 0; z < planes; z++) {
			switch (out.kind()) {
				case UINT8:
					System.arraycopy(stream, o, out.bytePlane(z), 0, n);
					o += n;
					break;
				case UINT16: {
					final short[] s = out.shortPlane(z);
					for (int i = 0; i < n; i++, o += 2)
						s[i] = (short) (stream[o] << 8 | stream[o + 1] & 0xFF);
					break;
				}
				default: {
					final int[] c = out.rgbPlane(z);
					for (int i = 0; i < n; i++, o += 3)
						c[i] = 0xFF000000 | (stream[o] & 0xFF) << 16 | (stream[o + 1] & 0xFF) << 8 | stream[o + 2] &
							0xFF;
				}
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
