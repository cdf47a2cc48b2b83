package org.medcrypt.cipher;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The block-cipher leakage study of Puech 2008, sections 1.1 and 1.3 (figures
 * 1-3): an 8-bit image with large homogeneous zones (an ultrasound) is
 * encrypted, in its own format and size, by
 * <ul>
 * <li>DES in ECB mode over blocks of 8 consecutive pixels in scan-line order
 * (64-bit key, as in figure 1.c),</li>
 * <li>AES-128 in ECB mode over blocks of 16 pixels (the paper's figure 1.e
 * used 8-pixel blocks with a 128-bit key, which AES cannot do: its block is
 * 128 bits),</li>
 * <li>AES-128 in OFB mode (a synchronous stream mode, section 2),</li>
 * <li>the paper's stream cipher ({@link PixelStreamCipher}, 128-bit key),</li>
 * </ul>
 * all through the JDK's {@code javax.crypto} ({@code DES/ECB/NoPadding},
 * {@code AES/ECB/NoPadding}, {@code AES/OFB/NoPadding}) with keys and IVs drawn
 * from the caller's generator (a {@code SecureRandom} outside tests). A
 * trailing partial block (when the pixel count is not a multiple of the block)
 * is left in the clear, so the size never changes; for the paper's 512x512 and
 * 800x600 images there is none.
 * <p>
 * Each ciphertext is measured with {@link ImageStatistics}: entropy,
 * horizontal and vertical adjacent-pixel correlation, distinct 16-pixel blocks,
 * and NPCR/UACI between the encryptions (same key, same IV) of the plaintext
 * and of the plaintext with its centre pixel (row {@code h/2}, column
 * {@code w/2}) incremented by 1 mod 256. The centre is a deliberate choice: the
 * stream cipher only propagates a change forward, so its NPCR is about the
 * fraction of the image after that pixel (~50%), while a change of the first
 * pixel would give ~100%.
 */
public final class LeakageStudy {

	/** Block length of the distinct-blocks measure: one AES block of 8-bit pixels. */
	public static final int MEASURE_BLOCK = 16;

	/** The ciphers compared, in the order of the table and the montage. */
	public enum Scheme {
		PLAINTEXT("Original", 0), DES_ECB("DES-ECB (8 px blocks)", 8), AES_ECB("AES-128-ECB (16 px blocks)", 16),
		AES_OFB("AES-128-OFB", 0), STREAM("Stream cipher (Puech eq. 1, k=128)", 0);

		public final String label;
		/** Pixels per cipher block, 0 for stream modes. */
		public final int blockPixels;

		Scheme(final String label, final int blockPixels) {
			this.label = label;
			this.blockPixels = blockPixels;
		}
	}

	/** One row of the results: one scheme's ciphertext and its measures. */
	public static final class Row {
		public final Scheme scheme;
		public final byte[] image;
		public final double entropy, correlationH, correlationV, npcr, uaci;
		public final int distinctBlocks, blocks;

		Row(final Scheme scheme, final byte[] image, final byte[] changed, final int w, final int h) {
			this.scheme = scheme;
			this.image = image;
			entropy = ImageStatistics.entropy(image);
			correlationH = ImageStatistics.horizontalCorrelation(image, w, h);
			correlationV = ImageStatistics.verticalCorrelation(image, w, h);
			npcr = ImageStatistics.npcr(image, changed);
			uaci = ImageStatistics.uaci(image, changed);
			distinctBlocks = ImageStatistics.distinctBlocks(image, MEASURE_BLOCK);
			blocks = image.length / MEASURE_BLOCK;
		}
	}

	private LeakageStudy() {}

	/**
	 * Runs the study on an 8-bit image ({@code width*height} unsigned pixels,
	 * row-major); the input is not modified.
	 */
	public static List<Row> run(final byte[] pixels, final int width, final int height, final Random random) {
		if (pixels.length != width * height || pixels.length < 2) throw new IllegalArgumentException(
			"need a " + width + "x" + height + " image");
		final byte[] changed = pixels.clone();
		final int centre = height / 2 * width + width / 2;
		changed[centre] = (byte) (changed[centre] + 1);
		final List<Row> rows = new ArrayList<>();
		try {
			rows.add(new Row(Scheme.PLAINTEXT, pixels.clone(), changed, width, height));
			final SecretKeySpec des = new SecretKeySpec(bytes(8, random), "DES");
			rows.add(row(Scheme.DES_ECB, "DES/ECB/NoPadding", des, null, pixels, changed, width, height));
			final SecretKeySpec aes = new SecretKeySpec(bytes(16, random), "AES");
			rows.add(row(Scheme.AES_ECB, "AES/ECB/NoPadding", aes, null, pixels, changed, width, height));
			final IvParameterSpec iv = new IvParameterSpec(bytes(16, random));
			rows.add(row(Scheme.AES_OFB, "AES/OFB/NoPadding", aes, iv, pixels, changed, width, height));
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("DES and AES in ECB and OFB modes are part of every JDK", e);
		}
		final StreamCipherKey key = StreamCipherKey.generate(StreamCipherKey.DEFAULT_BITS, random);
		final byte[] s = pixels.clone(), sc = changed.clone();
		PixelStreamCipher.encryption(key, 8).process(s, 0, s.length);
		PixelStreamCipher.encryption(key, 8).process(sc, 0, sc.length);
		rows.add(new Row(Scheme.STREAM, s, sc, width, height));
		return Collections.unmodifiableList(rows);
	}

	private static Row row(final Scheme scheme, final String transformation, final SecretKeySpec key,
		final IvParameterSpec iv, final byte[] pixels, final byte[] changed, final int w, final int h)
		throws GeneralSecurityException
	{
		return new Row(scheme, encrypt(transformation, key, iv, scheme.blockPixels, pixels), encrypt(transformation,
			key, iv, scheme.blockPixels, changed), w, h);
	}

	/** Encrypts whole blocks in scan order; a trailing partial block stays in the clear. */
	private static byte[] encrypt(final String transformation, final SecretKeySpec key, final IvParameterSpec iv,
		final int blockPixels, final byte[] pixels) throws GeneralSecurityException
	{
		final Cipher cipher = Cipher.getInstance(transformation);
		if (iv == null) cipher.init(Cipher.ENCRYPT_MODE, key);
		else cipher.init(Cipher.ENCRYPT_MODE, key, iv);
		final byte[] out = pixels.clone();
		final int whole = blockPixels == 0 ? pixels.length : pixels.length / blockPixels * blockPixels;
		cipher.doFinal(pixels, 0, whole, out, 0);
		return out;
	}

	private static byte[] bytes(final int n, final Random random) {
		final byte[] b = new byte[n];
		random.nextBytes(b);
		return b;
	}

	/**
	 * The figure: one column per scheme in {@link Scheme} order, the image on
	 * top and its grey-level histogram below ({@code width x width/2} panel,
	 * white bars on black, each histogram scaled to its own tallest bin), with
	 * a 4-pixel grey gutter between columns. Row-major 8-bit pixels of a
	 * {@link #montageWidth} x {@link #montageHeight} image.
	 */
	public static byte[] montage(final List<Row> rows, final int width, final int height) {
		final int mw = montageWidth(rows.size(), width), mh = montageHeight(width, height);
		final byte[] m = new byte[mw * mh];
		java.util.Arrays.fill(m, (byte) 128);
		final int hh = width / 2;
		for (int c = 0; c < rows.size(); c++) {
			final int x0 = c * (width + GUTTER);
			final byte[] img = rows.get(c).image;
			for (int y = 0; y < height; y++)
				System.arraycopy(img, y * width, m, y * mw + x0, width);
			final long[] hist = ImageStatistics.histogram(img);
			long max = 1;
			for (final long v : hist)
				max = Math.max(max, v);
			final int y0 = height + GUTTER;
			for (int x = 0; x < width; x++) {
				final int bin = (int) ((long) x * 256 / width);
				final int bar = (int) Math.round(hist[bin] * (double) hh / max);
				for (int y = 0; y < hh; y++)
					m[(y0 + y) * mw + x0 + x] = (byte) (hh - y <= bar ? 255 : 0);
			}
		}
		return m;
	}

	private static final int GUTTER = 4;

	public static int montageWidth(final int columns, final int width) {
		return columns * width + (columns - 1) * GUTTER;
	}

	public static int montageHeight(final int width, final int height) {
		return height + GUTTER + width / 2;
	}
}
