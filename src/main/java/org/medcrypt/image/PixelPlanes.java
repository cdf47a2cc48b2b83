package org.medcrypt.image;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Fraction;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * The pixels of an 8-bit, 16-bit or RGB image or stack, one typed array per
 * plane in stack order, each {@code width x height} pixels row-major: the unit
 * that the byte-exact, in-place algorithms (secure transfer, the
 * crypto-watermark study) read and write. The arrays are held, not copied, so
 * planes made from an ImageJ image change that image when written, as
 * {@link PlanarImg}s made from it do; {@link #copy} makes independent ones.
 * <p>
 * One class instead of {@code Object[]} planes with {@code instanceof} tests
 * at every use: the {@link Kind} is fixed when the planes are made, and the
 * typed accessors ({@link #bytePlane}, {@link #shortPlane}, {@link #rgbPlane})
 * refuse the other kinds. Indexed-colour images are {@link Kind#UINT8} planes
 * (the colour table is the caller's). The grayscale kinds are also ImgLib2
 * images without copying ({@link #unsignedBytes}, {@link #unsignedShorts},
 * {@link #integerImg}), so the ImgLib2 core (e.g. the stream cipher) runs on
 * them directly.
 * </p>
 */
public final class PixelPlanes {

	/** What one pixel is. */
	public enum Kind {
		/** Unsigned 8-bit samples in {@code byte[]} planes (grayscale or indexed colour). */
		UINT8(8, 1, "8-bit"),
		/** Unsigned 16-bit samples in {@code short[]} planes. */
		UINT16(16, 1, "16-bit"),
		/** Three 8-bit samples R, G, B in the low 24 bits of {@code int[]} planes (0xRRGGBB, as ImageJ's RGB). */
		RGB(8, 3, "RGB");

		/** Bits of one sample (8 or 16) and samples per pixel (1, or 3 for RGB). */
		public final int bitsPerSample, samplesPerPixel;
		private final String label;

		Kind(final int bitsPerSample, final int samplesPerPixel, final String label) {
			this.bitsPerSample = bitsPerSample;
			this.samplesPerPixel = samplesPerPixel;
			this.label = label;
		}

		@Override
		public String toString() {
			return label;
		}
	}

	private final Kind kind;
	private final int width, height, planes;
	/** Exactly one of the three is set, the one of {@link #kind}. */
	private final byte[][] bytes;
	private final short[][] shorts;
	private final int[][] rgb;

	private PixelPlanes(final Kind kind, final int width, final int height, final int planes, final byte[][] bytes,
		final short[][] shorts, final int[][] rgb)
	{
		if (width < 1 || height < 1 || planes < 1) {
			throw new IllegalArgumentException("empty image: " + width + "x" + height + "x" + planes);
		}
		if ((long) width * height > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("a plane of " + width + "x" + height + " pixels is too large");
		}
		this.kind = kind;
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.bytes = bytes;
		this.shorts = shorts;
		this.rgb = rgb;
	}

	/** 8-bit planes, wrapped (not copied); each must hold {@code width * height} pixels. */
	public static PixelPlanes ofBytes(final int width, final int height, final byte[]... planes) {
		final PixelPlanes p = new PixelPlanes(Kind.UINT8, width, height, planes.length, planes.clone(), null, null);
		for (final byte[] a : p.bytes)
			p.checkLength(a.length);
		return p;
	}

	/** 16-bit planes, wrapped (not copied); each must hold {@code width * height} pixels. */
	public static PixelPlanes ofShorts(final int width, final int height, final short[]... planes) {
		final PixelPlanes p = new PixelPlanes(Kind.UINT16, width, height, planes.length, null, planes.clone(), null);
		for (final short[] a : p.shorts)
			p.checkLength(a.length);
		return p;
	}

	/** RGB planes (0xRRGGBB, the top byte ignored), wrapped (not copied); each of {@code width * height} pixels. */
	public static PixelPlanes ofRgb(final int width, final int height, final int[]... planes) {
		final PixelPlanes p = new PixelPlanes(Kind.RGB, width, height, planes.length, null, null, planes.clone());
		for (final int[] a : p.rgb)
			p.checkLength(a.length);
		return p;
	}

	/**
	 * The planes of an ImgLib2 image, shared (not copied), if it keeps them as
	 * plain arrays: a non-empty, zero-origin {@link PlanarImg} of
	 * {@link UnsignedByteType} over {@code byte[]} or {@link UnsignedShortType}
	 * over {@code short[]} planes, as {@link #unsignedBytes}, {@code PlanarImgs}
	 * and ImageJ's images wrapped by MedCrypt are; the planes beyond the first
	 * two dimensions in flat order. Null for any other image (views, cell or
	 * array images, other types): the caller then goes through a cursor.
	 */
	public static PixelPlanes wrap(final RandomAccessibleInterval<?> image) {
		if (!(image instanceof PlanarImg) || image.numDimensions() < 2 || !Views.isZeroMin(image) || Intervals
			.numElements(image) == 0) return null;
		final PlanarImg<?, ?> planar = (PlanarImg<?, ?>) image;
		final int w = (int) image.dimension(0), h = (int) image.dimension(1), n = planar.numSlices();
		final Object type = image.getType();
		if (type instanceof UnsignedByteType) {
			final byte[][] p = new byte[n][];
			for (int i = 0; i < n; i++) {
				final Object access = planar.getPlane(i);
				if (!(access instanceof ByteArray)) return null;
				p[i] = ((ByteArray) access).getCurrentStorageArray();
				if (p[i].length != w * h) return null;
			}
			return ofBytes(w, h, p);
		}
		if (type instanceof UnsignedShortType) {
			final short[][] p = new short[n][];
			for (int i = 0; i < n; i++) {
				final Object access = planar.getPlane(i);
				if (!(access instanceof ShortArray)) return null;
				p[i] = ((ShortArray) access).getCurrentStorageArray();
				if (p[i].length != w * h) return null;
			}
			return ofShorts(w, h, p);
		}
		return null;
	}

	/** New zeroed planes. */
	public static PixelPlanes allocate(final Kind kind, final int width, final int height, final int planes) {
		final int n = width * height;
		switch (kind) {
			case UINT8:
				return ofBytes(width, height, new byte[planes][n]);
			case UINT16:
				return ofShorts(width, height, new short[planes][n]);
			default:
				return ofRgb(width, height, new int[planes][n]);
		}
	}

	private void checkLength(final int length) {
		if (length != pixelsPerPlane()) {
			throw new IllegalArgumentException("every plane must hold " + width + " x " + height + " pixels, not " +
				length);
		}
	}

	public Kind kind() {
		return kind;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Number of planes (slices of the stack). */
	public int planes() {
		return planes;
	}

	public int pixelsPerPlane() {
		return width * height;
	}

	/** Pixels in all planes. */
	public long pixelCount() {
		return (long) pixelsPerPlane() * planes;
	}

	/** Bits of one sample: 8 or 16. */
	public int bitsPerSample() {
		return kind.bitsPerSample;
	}

	/** Samples of one pixel: 1, or 3 for RGB. */
	public int samplesPerPixel() {
		return kind.samplesPerPixel;
	}

	/** Plane {@code i} of 8-bit planes (the array itself; {@link #wrap} and {@code ImagePlusImgs} share it). */
	public byte[] bytePlane(final int i) {
		require(Kind.UINT8);
		return bytes[i];
	}

	/** Plane {@code i} of 16-bit planes (the array itself). */
	public short[] shortPlane(final int i) {
		require(Kind.UINT16);
		return shorts[i];
	}

	/** Plane {@code i} of RGB planes (the array itself). */
	public int[] rgbPlane(final int i) {
		require(Kind.RGB);
		return rgb[i];
	}

	/** Plane {@code i} as ImageJ's {@code ImageStack} holds it ({@code byte[]}, {@code short[]} or {@code int[]}). */
	public Object array(final int i) {
		return kind == Kind.UINT8 ? bytes[i] : kind == Kind.UINT16 ? shorts[i] : rgb[i];
	}

	/** Independent planes with the same pixels. */
	public PixelPlanes copy() {
		final PixelPlanes c = allocate(kind, width, height, planes);
		for (int i = 0; i < planes; i++)
			System.arraycopy(array(i), 0, c.array(i), 0, pixelsPerPlane());
		return c;
	}

	/** Unsigned value of grayscale pixel {@code index} (plane after plane, each row-major). */
	public int value(final long index) {
		final int n = pixelsPerPlane(), p = (int) (index / n), i = (int) (index % n);
		requireGray();
		return kind == Kind.UINT8 ? bytes[p][i] & 0xFF : shorts[p][i] & 0xFFFF;
	}

	/** Sets grayscale pixel {@code index} (plane after plane, each row-major) to the low 8 or 16 bits of {@code v}. */
	public void setValue(final long index, final int v) {
		final int n = pixelsPerPlane(), p = (int) (index / n), i = (int) (index % n);
		requireGray();
		if (kind == Kind.UINT8) bytes[p][i] = (byte) v;
		else shorts[p][i] = (short) v;
	}

	/** Unsigned values of all grayscale pixels in scan order, in a new array. */
	public int[] values() {
		requireGray();
		final int n = pixelsPerPlane();
		final int[] v = new int[Math.toIntExact(pixelCount())];
		for (int p = 0, o = 0; p < planes; p++) {
			for (int i = 0; i < n; i++, o++)
				v[o] = kind == Kind.UINT8 ? bytes[p][i] & 0xFF : shorts[p][i] & 0xFFFF;
		}
		return v;
	}

	/**
	 * 8-bit planes as an ImgLib2 image sharing their arrays: {@code [width, height]}
	 * for one plane, {@code [width, height, planes]} for a stack.
	 */
	public PlanarImg<UnsignedByteType, ByteArray> unsignedBytes() {
		require(Kind.UINT8);
		final List<ByteArray> access = new ArrayList<>(planes);
		for (final byte[] a : bytes)
			access.add(new ByteArray(a));
		final PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(access, dimensions(), new Fraction());
		img.setLinkedType(new UnsignedByteType(img));
		return img;
	}

	/** 16-bit planes as an ImgLib2 image sharing their arrays (dimensions as {@link #unsignedBytes}). */
	public PlanarImg<UnsignedShortType, ShortArray> unsignedShorts() {
		require(Kind.UINT16);
		final List<ShortArray> access = new ArrayList<>(planes);
		for (final short[] a : shorts)
			access.add(new ShortArray(a));
		final PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(access, dimensions(), new Fraction());
		img.setLinkedType(new UnsignedShortType(img));
		return img;
	}

	/** 8-bit or 16-bit planes as an ImgLib2 image sharing their arrays: {@link #unsignedBytes}, {@link #unsignedShorts}. */
	public RandomAccessibleInterval<? extends IntegerType<?>> integerImg() {
		requireGray();
		return kind == Kind.UINT8 ? unsignedBytes() : unsignedShorts();
	}

	private long[] dimensions() {
		return planes == 1 ? new long[] { width, height } : new long[] { width, height, planes };
	}

	private void require(final Kind k) {
		if (kind != k) throw new IllegalStateException("these planes are " + kind + ", not " + k);
	}

	private void requireGray() {
		if (kind == Kind.RGB) throw new IllegalArgumentException("8-bit or 16-bit grayscale planes only, not RGB");
	}

	@Override
	public String toString() {
		return width + "x" + height + "x" + planes + " " + kind;
	}
}
