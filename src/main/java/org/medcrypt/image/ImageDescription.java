package org.medcrypt.image;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Wire;

/**
 * What makes an image a medical image beyond its pixels, as ImageJ keeps it:
 * the original title, the pixel type, the hyperstack arrangement (C/Z/T), the
 * spatial, temporal and value calibration (including the calibration function,
 * e.g. the straight line to Hounsfield units of a CT), the display range and
 * colour table of each channel, the composite mode, one label per plane and the
 * {@code Info} property (a DICOM file's header as text). Immutable; built with
 * {@link #builder}; free of Fiji ({@code org.medcrypt.ij.ImageDescriptions}
 * captures one from an {@code ImagePlus} and applies it to another).
 * <p>
 * Everything here can identify a patient (the title, the DICOM header, slice
 * labels that repeat it): a description is only ever stored or sent encrypted
 * (inside a {@code .mcimg} file, inside a sealed transfer).
 * </p>
 * <p>
 * The encoding ({@link #encode}) is deterministic and a {@link Wire} container,
 * big-endian, version {@value #VERSION}:
 * </p>
 *
 * <pre>
 * magic "MCIMDESC", u16 version, then
 *   u8  pixel kind (0 = 8-bit, 1 = 16-bit, 2 = RGB: three 8-bit samples)
 *   u32 width, u32 height, u32 channels C, u32 slices Z, u32 frames T   (C·Z·T planes, at most 2^24)
 *   u8  hyperstack (0/1), u8 composite mode (0 = not composite, else ImageJ's mode 1..3)
 *   text title                                      (text = u32 length, UTF-8 bytes)
 *   f64 pixelWidth, pixelHeight, pixelDepth, xOrigin, yOrigin, zOrigin, frameInterval
 *   text xUnit, yUnit, zUnit, timeUnit, valueUnit
 *   u8  invertY, u32 function code, u8 zeroClip, u32 coefficient count k (-1 = none), k x f64
 *   u32 channel tables L (0 for RGB or none recorded; 1, or C for a composite), then per table:
 *       f64 display min, f64 display max, 768 bytes (256 red, 256 green, 256 blue)
 *   per plane (C·Z·T, in ImageJ's stack order): u8 has label, then text label
 *   u8 has Info, then text Info
 * SHA-256 of everything before it
 * </pre>
 *
 * Every count is checked against the bytes that remain before anything is
 * allocated for it, so a damaged description costs at most its own size.
 */
public final class ImageDescription {

	public static final int VERSION = 1;
	private static final byte[] MAGIC = { 'M', 'C', 'I', 'M', 'D', 'E', 'S', 'C' };
	/** At most this many planes (C·Z·T). */
	public static final int MAX_PLANES = 1 << 24;
	/** At most this many bytes in one text (a DICOM header is a few KB; 64 MiB is far beyond any). */
	public static final int MAX_TEXT_BYTES = 64 << 20;
	/** Bytes of one colour table: 256 red, 256 green, 256 blue. */
	public static final int LUT_BYTES = 768;

	private final String title;
	private final PixelPlanes.Kind kind;
	private final int width, height, channels, slices, frames;
	private final boolean hyperStack;
	private final int compositeMode;
	private final double pixelWidth, pixelHeight, pixelDepth, xOrigin, yOrigin, zOrigin, frameInterval;
	private final String xUnit, yUnit, zUnit, timeUnit, valueUnit;
	private final boolean invertY, zeroClip;
	private final int function;
	private final double[] coefficients;
	private final double[] displayMin, displayMax;
	private final byte[][] luts;
	private final String[] labels;
	private final String info;

	private ImageDescription(final Builder b) {
		if (b.kind == null) throw new IllegalArgumentException("no pixel kind");
		if (b.width < 1 || b.height < 1 || b.channels < 1 || b.slices < 1 || b.frames < 1) {
			throw new IllegalArgumentException("dimensions " + b.width + "x" + b.height + ", C/Z/T " + b.channels +
				"/" + b.slices + "/" + b.frames);
		}
		final long planes = (long) b.channels * b.slices * b.frames;
		if (planes > MAX_PLANES) throw new IllegalArgumentException(planes + " planes (at most " + MAX_PLANES + ")");
		if (b.compositeMode < 0 || b.compositeMode > 3) throw new IllegalArgumentException("composite mode " +
			b.compositeMode);
		final int tables = b.luts.length;
		if (b.displayMin.length != tables || b.displayMax.length != tables) {
			throw new IllegalArgumentException("one display range per colour table");
		}
		if (b.kind == PixelPlanes.Kind.RGB ? tables != 0 : tables > 1 && tables != b.channels) {
			throw new IllegalArgumentException(tables + " colour tables for " + b.channels + " " + b.kind +
				" channel(s)");
		}
		for (final byte[] lut : b.luts) {
			if (lut == null || lut.length != LUT_BYTES) throw new IllegalArgumentException("a colour table of " +
				(lut == null ? 0 : lut.length) + " bytes, not " + LUT_BYTES);
		}
		if (b.labels != null && b.labels.length != planes) {
			throw new IllegalArgumentException(b.labels.length + " slice labels for " + planes + " planes");
		}
		this.title = Objects.requireNonNull(b.title, "title");
		this.kind = b.kind;
		this.width = b.width;
		this.height = b.height;
		this.channels = b.channels;
		this.slices = b.slices;
		this.frames = b.frames;
		this.hyperStack = b.hyperStack;
		this.compositeMode = b.compositeMode;
		this.pixelWidth = b.pixelWidth;
		this.pixelHeight = b.pixelHeight;
		this.pixelDepth = b.pixelDepth;
		this.xOrigin = b.xOrigin;
		this.yOrigin = b.yOrigin;
		this.zOrigin = b.zOrigin;
		this.frameInterval = b.frameInterval;
		this.xUnit = Objects.requireNonNull(b.xUnit, "x unit");
		this.yUnit = Objects.requireNonNull(b.yUnit, "y unit");
		this.zUnit = Objects.requireNonNull(b.zUnit, "z unit");
		this.timeUnit = Objects.requireNonNull(b.timeUnit, "time unit");
		this.valueUnit = Objects.requireNonNull(b.valueUnit, "value unit");
		this.invertY = b.invertY;
		this.zeroClip = b.zeroClip;
		this.function = b.function;
		this.coefficients = b.coefficients == null ? null : b.coefficients.clone();
		this.displayMin = b.displayMin.clone();
		this.displayMax = b.displayMax.clone();
		this.luts = new byte[tables][];
		for (int i = 0; i < tables; i++) this.luts[i] = b.luts[i].clone();
		this.labels = b.labels == null ? new String[(int) planes] : b.labels.clone();
		this.info = b.info;
	}

	/** A builder with ImageJ's defaults: no calibration ("pixel" units, function NONE = 20), no labels. */
	public static Builder builder(final PixelPlanes.Kind kind, final int width, final int height,
		final int channels, final int slices, final int frames)
	{
		return new Builder(kind, width, height, channels, slices, frames);
	}

	/** Builds an {@link ImageDescription}; every setter returns this builder. */
	public static final class Builder {

		private String title = "";
		private final PixelPlanes.Kind kind;
		private final int width, height, channels, slices, frames;
		private boolean hyperStack;
		private int compositeMode;
		private double pixelWidth = 1, pixelHeight = 1, pixelDepth = 1, xOrigin, yOrigin, zOrigin, frameInterval;
		private String xUnit = "pixel", yUnit = "pixel", zUnit = "pixel", timeUnit = "sec", valueUnit = "Gray Value";
		private boolean invertY, zeroClip;
		private int function = NO_FUNCTION;
		private double[] coefficients;
		private double[] displayMin = new double[0], displayMax = new double[0];
		private byte[][] luts = new byte[0][];
		private String[] labels;
		private String info;

		private Builder(final PixelPlanes.Kind kind, final int width, final int height, final int channels,
			final int slices, final int frames)
		{
			this.kind = kind;
			this.width = width;
			this.height = height;
			this.channels = channels;
			this.slices = slices;
			this.frames = frames;
		}

		public Builder title(final String t) {
			title = t;
			return this;
		}

		public Builder hyperStack(final boolean h) {
			hyperStack = h;
			return this;
		}

		/** 0 = not a composite image; else ImageJ's {@code IJ.COMPOSITE} (1), {@code COLOR} (2), {@code GRAYSCALE} (3). */
		public Builder compositeMode(final int mode) {
			compositeMode = mode;
			return this;
		}

		/** Size of a pixel (x, y) and of a slice step (z), in their units. */
		public Builder pixelSize(final double w, final double h, final double d) {
			pixelWidth = w;
			pixelHeight = h;
			pixelDepth = d;
			return this;
		}

		public Builder units(final String x, final String y, final String z) {
			xUnit = x;
			yUnit = y;
			zUnit = z;
			return this;
		}

		/** The origin in pixels. */
		public Builder origin(final double x, final double y, final double z) {
			xOrigin = x;
			yOrigin = y;
			zOrigin = z;
			return this;
		}

		public Builder frameInterval(final double interval, final String unit) {
			frameInterval = interval;
			timeUnit = unit;
			return this;
		}

		public Builder invertY(final boolean invert) {
			invertY = invert;
			return this;
		}

		/**
		 * The value calibration: ImageJ's function code ({@code Calibration.STRAIGHT_LINE} = 0 ...,
		 * {@code NONE} = 20), its coefficients (null when it has none), the unit of calibrated
		 * values and whether negative calibrated values are clipped to zero.
		 */
		public Builder valueCalibration(final int code, final double[] coeffs, final String unit,
			final boolean clip)
		{
			function = code;
			coefficients = coeffs == null ? null : coeffs.clone();
			valueUnit = unit;
			zeroClip = clip;
			return this;
		}

		/**
		 * The colour tables (3 x 256 bytes each: reds, greens, blues) with each one's display range: one for
		 * a grayscale image, one per channel for a composite, none for RGB.
		 */
		public Builder channelTables(final byte[][] tables, final double[] min, final double[] max) {
			luts = tables.clone();
			displayMin = min.clone();
			displayMax = max.clone();
			return this;
		}

		/** One label per plane, in stack order (null where a plane has none). */
		public Builder labels(final String[] l) {
			labels = l.clone();
			return this;
		}

		/** The {@code Info} property (a DICOM header as text), or null. */
		public Builder info(final String i) {
			info = i;
			return this;
		}

		public ImageDescription build() {
			return new ImageDescription(this);
		}
	}

	/** ImageJ's {@code Calibration.NONE}. */
	public static final int NO_FUNCTION = 20;

	public String title() {
		return title;
	}

	public PixelPlanes.Kind kind() {
		return kind;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int channels() {
		return channels;
	}

	public int slices() {
		return slices;
	}

	public int frames() {
		return frames;
	}

	/** C·Z·T: the planes of the stack. */
	public int planes() {
		return channels * slices * frames;
	}

	public boolean hyperStack() {
		return hyperStack;
	}

	/** 0 when not a composite image, else ImageJ's composite mode (1 composite, 2 color, 3 grayscale). */
	public int compositeMode() {
		return compositeMode;
	}

	public double pixelWidth() {
		return pixelWidth;
	}

	public double pixelHeight() {
		return pixelHeight;
	}

	public double pixelDepth() {
		return pixelDepth;
	}

	public double xOrigin() {
		return xOrigin;
	}

	public double yOrigin() {
		return yOrigin;
	}

	public double zOrigin() {
		return zOrigin;
	}

	public double frameInterval() {
		return frameInterval;
	}

	public String xUnit() {
		return xUnit;
	}

	public String yUnit() {
		return yUnit;
	}

	public String zUnit() {
		return zUnit;
	}

	public String timeUnit() {
		return timeUnit;
	}

	public String valueUnit() {
		return valueUnit;
	}

	public boolean invertY() {
		return invertY;
	}

	/** ImageJ's calibration function code ({@link #NO_FUNCTION} when uncalibrated). */
	public int function() {
		return function;
	}

	/** The function's coefficients (a copy), or null. */
	public double[] coefficients() {
		return coefficients == null ? null : coefficients.clone();
	}

	public boolean zeroClip() {
		return zeroClip;
	}

	/** Colour tables: 0 for RGB (or none recorded), 1 for a grayscale image, one per channel for a composite. */
	public int channelTables() {
		return luts.length;
	}

	/** Colour table {@code i} (0-based): 256 reds, 256 greens, 256 blues (a copy). */
	public byte[] lut(final int i) {
		return luts[i].clone();
	}

	public double displayMin(final int i) {
		return displayMin[i];
	}

	public double displayMax(final int i) {
		return displayMax[i];
	}

	/** The label of plane {@code i} (0-based, stack order), or null. */
	public String label(final int i) {
		return labels[i];
	}

	/** The {@code Info} property, or null. */
	public String info() {
		return info;
	}

	/** Whether pixels of this kind and geometry are the image this describes. */
	public boolean fits(final PixelPlanes.Kind k, final int w, final int h, final int planes) {
		return kind == k && width == w && height == h && planes() == planes;
	}

	/** The same description with another title (e.g. a neutral one). */
	public ImageDescription withTitle(final String newTitle) {
		final Builder b = toBuilder();
		b.title = newTitle;
		return b.build();
	}

	private Builder toBuilder() {
		final Builder b = new Builder(kind, width, height, channels, slices, frames);
		b.title = title;
		b.hyperStack = hyperStack;
		b.compositeMode = compositeMode;
		b.pixelWidth = pixelWidth;
		b.pixelHeight = pixelHeight;
		b.pixelDepth = pixelDepth;
		b.xOrigin = xOrigin;
		b.yOrigin = yOrigin;
		b.zOrigin = zOrigin;
		b.frameInterval = frameInterval;
		b.xUnit = xUnit;
		b.yUnit = yUnit;
		b.zUnit = zUnit;
		b.timeUnit = timeUnit;
		b.valueUnit = valueUnit;
		b.invertY = invertY;
		b.zeroClip = zeroClip;
		b.function = function;
		b.coefficients = coefficients;
		b.displayMin = displayMin;
		b.displayMax = displayMax;
		b.luts = luts;
		b.labels = labels;
		b.info = info;
		return b;
	}

	/** The deterministic encoding described in the class comment. */
	public byte[] encode() {
		return Wire.seal(MAGIC, VERSION, out -> {
			out.writeByte(kind.ordinal());
			out.writeInt(width);
			out.writeInt(height);
			out.writeInt(channels);
			out.writeInt(slices);
			out.writeInt(frames);
			out.writeByte(hyperStack ? 1 : 0);
			out.writeByte(compositeMode);
			writeText(out, title);
			for (final double d : new double[] { pixelWidth, pixelHeight, pixelDepth, xOrigin, yOrigin, zOrigin,
				frameInterval })
			{
				out.writeDouble(d);
			}
			for (final String s : new String[] { xUnit, yUnit, zUnit, timeUnit, valueUnit }) writeText(out, s);
			out.writeByte(invertY ? 1 : 0);
			out.writeInt(function);
			out.writeByte(zeroClip ? 1 : 0);
			out.writeInt(coefficients == null ? -1 : coefficients.length);
			if (coefficients != null) for (final double c : coefficients) out.writeDouble(c);
			out.writeInt(luts.length);
			for (int i = 0; i < luts.length; i++) {
				out.writeDouble(displayMin[i]);
				out.writeDouble(displayMax[i]);
				out.write(luts[i]);
			}
			for (final String label : labels) writeOptionalText(out, label);
			writeOptionalText(out, info);
		});
	}

	/**
	 * Decodes {@link #encode}'s bytes; anything else (another format or
	 * version, a bad checksum, counts beyond the bytes present, values no
	 * description holds) is a {@link DamagedFileException}.
	 */
	public static ImageDescription decode(final byte[] bytes) throws DamagedFileException {
		try {
			return Wire.open("The image description", MAGIC, VERSION, bytes, ImageDescription::read);
		}
		catch (final DamagedFileException e) {
			throw e;
		}
		catch (final org.medcrypt.io.MedCryptException e) {
			throw new DamagedFileException(e.getMessage(), e);
		}
	}

	private static ImageDescription read(final DataInputStream in) throws IOException {
		final int k = in.readUnsignedByte();
		if (k >= PixelPlanes.Kind.values().length) throw new IllegalArgumentException("pixel kind " + k);
		final Builder b = new Builder(PixelPlanes.Kind.values()[k], in.readInt(), in.readInt(), in.readInt(), in
			.readInt(), in.readInt());
		if (b.width < 1 || b.height < 1 || b.channels < 1 || b.slices < 1 || b.frames < 1 || (long) b.channels *
			b.slices * b.frames > MAX_PLANES)
		{
			throw new IllegalArgumentException("dimensions " + b.width + "x" + b.height + ", C/Z/T " + b.channels +
				"/" + b.slices + "/" + b.frames);
		}
		b.hyperStack = readFlag(in);
		b.compositeMode = in.readUnsignedByte();
		b.title = readText(in);
		b.pixelWidth = in.readDouble();
		b.pixelHeight = in.readDouble();
		b.pixelDepth = in.readDouble();
		b.xOrigin = in.readDouble();
		b.yOrigin = in.readDouble();
		b.zOrigin = in.readDouble();
		b.frameInterval = in.readDouble();
		b.xUnit = readText(in);
		b.yUnit = readText(in);
		b.zUnit = readText(in);
		b.timeUnit = readText(in);
		b.valueUnit = readText(in);
		b.invertY = readFlag(in);
		b.function = in.readInt();
		b.zeroClip = readFlag(in);
		final int coefficientCount = in.readInt();
		if (coefficientCount >= 0) {
			Wire.requireRemaining(in, 8L * coefficientCount, coefficientCount + " coefficients");
			b.coefficients = new double[coefficientCount];
			for (int i = 0; i < coefficientCount; i++) b.coefficients[i] = in.readDouble();
		}
		else if (coefficientCount != -1) throw new IllegalArgumentException("coefficient count " + coefficientCount);
		final int tables = in.readInt();
		if (tables < 0 || tables > b.channels) throw new IllegalArgumentException(tables + " colour tables");
		Wire.requireRemaining(in, (long) tables * (16 + LUT_BYTES), tables + " colour tables");
		b.luts = new byte[tables][LUT_BYTES];
		b.displayMin = new double[tables];
		b.displayMax = new double[tables];
		for (int i = 0; i < tables; i++) {
			b.displayMin[i] = in.readDouble();
			b.displayMax[i] = in.readDouble();
			in.readFully(b.luts[i]);
		}
		final int planes = b.channels * b.slices * b.frames;
		Wire.requireRemaining(in, planes + 1L, planes + " slice labels");
		b.labels = new String[planes];
		for (int i = 0; i < planes; i++) b.labels[i] = readOptionalText(in);
		b.info = readOptionalText(in);
		return b.build();
	}

	private static boolean readFlag(final DataInputStream in) throws IOException {
		final int f = in.readUnsignedByte();
		if (f > 1) throw new IllegalArgumentException("a flag of " + f);
		return f == 1;
	}

	private static void writeText(final DataOutputStream out, final String s) throws IOException {
		final byte[] b = s.getBytes(StandardCharsets.UTF_8);
		if (b.length > MAX_TEXT_BYTES) throw new IllegalStateException("a text of " + b.length + " bytes");
		out.writeInt(b.length);
		out.write(b);
	}

	private static void writeOptionalText(final DataOutputStream out, final String s) throws IOException {
		out.writeByte(s == null ? 0 : 1);
		if (s != null) writeText(out, s);
	}

	private static String readText(final DataInputStream in) throws IOException {
		final int n = in.readInt();
		if (n < 0 || n > MAX_TEXT_BYTES) throw new IllegalArgumentException("a text of " + n + " bytes");
		Wire.requireRemaining(in, n, "a text of " + n + " bytes");
		final byte[] b = new byte[n];
		in.readFully(b);
		return new String(b, StandardCharsets.UTF_8);
	}

	private static String readOptionalText(final DataInputStream in) throws IOException {
		return readFlag(in) ? readText(in) : null;
	}

	@Override
	public boolean equals(final Object o) {
		if (this == o) return true;
		if (!(o instanceof ImageDescription)) return false;
		return Arrays.equals(encode(), ((ImageDescription) o).encode());
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(encode());
	}

	/** Geometry and calibration only: never the title, labels or Info (they may name the patient). */
	@Override
	public String toString() {
		return width + "x" + height + " " + kind + ", C/Z/T " + channels + "/" + slices + "/" + frames + ", " +
			pixelWidth + "x" + pixelHeight + "x" + pixelDepth + " " + xUnit + ", function " + function;
	}
}
