package org.medcrypt.ij;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.LUT;
import org.medcrypt.image.ImageDescription;
import org.medcrypt.image.PixelPlanes;

/**
 * An {@link ImageDescription} captured from an ImageJ image ({@link #of}) and
 * put back on one ({@link #applyTo}, {@link #create}): what ImageJ keeps beside
 * the pixels (title, C/Z/T, calibration with its function, display ranges,
 * colour tables, composite mode, slice labels, the {@code Info} property), so an
 * image that went through encryption or transfer comes back as the medical image
 * it was: CT_small.dcm's pixel (64,64) reads 904 HU again, not the stored 34696,
 * and a 2x3x2 hyperstack is a hyperstack, not 12 flat slices.
 */
public final class ImageDescriptions {

	private ImageDescriptions() {}

	/** The kind of an ImageJ image's pixels: 8-bit (grayscale or indexed colour), 16-bit or RGB. */
	public static PixelPlanes.Kind kindOf(final ImagePlus imp) {
		switch (imp.getType()) {
			case ImagePlus.GRAY8:
			case ImagePlus.COLOR_256:
				return PixelPlanes.Kind.UINT8;
			case ImagePlus.GRAY16:
				return PixelPlanes.Kind.UINT16;
			case ImagePlus.COLOR_RGB:
				return PixelPlanes.Kind.RGB;
			default:
				throw new IllegalArgumentException(imp.getTitle() + " is a " + imp.getBitDepth() + "-bit image; " +
					"only 8-bit, 16-bit and RGB images are described");
		}
	}

	/**
	 * Captures everything but the pixels. An image whose C·Z·T does not match
	 * its stack is described as a plain stack (1, stack size, 1).
	 *
	 * @throws IllegalArgumentException for a 32-bit image
	 */
	public static ImageDescription of(final ImagePlus imp) {
		final PixelPlanes.Kind kind = kindOf(imp);
		final ImageStack stack = imp.getStack();
		final int planes = stack.getSize();
		int c = imp.getNChannels(), z = imp.getNSlices(), t = imp.getNFrames();
		if ((long) c * z * t != planes) {
			c = 1;
			z = planes;
			t = 1;
		}
		final Calibration cal = imp.getCalibration();
		final ImageDescription.Builder b = ImageDescription.builder(kind, imp.getWidth(), imp.getHeight(), c, z, t)
			.title(imp.getTitle()).hyperStack(imp.isHyperStack()).pixelSize(cal.pixelWidth, cal.pixelHeight,
				cal.pixelDepth).units(cal.getXUnit(), cal.getYUnit(), cal.getZUnit()).origin(cal.xOrigin,
					cal.yOrigin, cal.zOrigin).frameInterval(cal.frameInterval, cal.getTimeUnit()).invertY(cal
						.getInvertY()).valueCalibration(cal.getFunction(), cal.getCoefficients(), cal.getValueUnit(),
							cal.zeroClip());
		if (imp.isComposite()) {
			final CompositeImage ci = (CompositeImage) imp;
			final LUT[] luts = ci.getLuts();
			tables(b, luts);
			b.compositeMode(ci.getMode());
		}
		else if (kind != PixelPlanes.Kind.RGB) {
			final LUT lut = imp.getProcessor().getLut();
			lut.min = imp.getDisplayRangeMin();
			lut.max = imp.getDisplayRangeMax();
			tables(b, new LUT[] { lut });
		}
		final String[] labels = new String[planes];
		for (int i = 0; i < planes; i++) labels[i] = stack.getSliceLabel(i + 1);
		return b.labels(labels).info(imp.getInfoProperty()).build();
	}

	private static void tables(final ImageDescription.Builder b, final LUT[] luts) {
		final byte[][] bytes = new byte[luts.length][];
		final double[] min = new double[luts.length], max = new double[luts.length];
		for (int i = 0; i < luts.length; i++) {
			bytes[i] = new byte[ImageDescription.LUT_BYTES];
			final byte[] r = new byte[256], g = new byte[256], bl = new byte[256];
			luts[i].getReds(r);
			luts[i].getGreens(g);
			luts[i].getBlues(bl);
			System.arraycopy(r, 0, bytes[i], 0, 256);
			System.arraycopy(g, 0, bytes[i], 256, 256);
			System.arraycopy(bl, 0, bytes[i], 512, 256);
			min[i] = luts[i].min;
			max[i] = luts[i].max;
		}
		b.channelTables(bytes, min, max);
	}

	private static LUT lut(final ImageDescription d, final int i) {
		final byte[] bytes = d.lut(i);
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		System.arraycopy(bytes, 0, r, 0, 256);
		System.arraycopy(bytes, 256, g, 0, 256);
		System.arraycopy(bytes, 512, b, 0, 256);
		final LUT lut = new LUT(r, g, b);
		lut.min = d.displayMin(i);
		lut.max = d.displayMax(i);
		return lut;
	}

	/**
	 * A new image of {@code stack}'s pixels as {@code d} describes it: a
	 * {@link CompositeImage} when the described image was one, else a plain
	 * {@link ImagePlus}; then {@link #applyTo}.
	 *
	 * @throws IllegalArgumentException if the pixels are not of the described kind and geometry
	 */
	public static ImagePlus create(final ImageDescription d, final ImageStack stack) {
		ImagePlus imp = new ImagePlus(d.title(), stack);
		check(d, imp);
		if (d.compositeMode() != 0) {
			imp.setDimensions(d.channels(), d.slices(), d.frames());
			imp = new CompositeImage(imp, d.compositeMode());
		}
		applyTo(d, imp);
		return imp;
	}

	/**
	 * Puts the description back on an image of the same pixels: title, C/Z/T and
	 * the hyperstack flag, calibration (units, origin, frame interval and the
	 * value function with its coefficients), slice labels, the {@code Info}
	 * property, colour tables and display ranges (per channel and the mode on a
	 * {@link CompositeImage}; on a plain image the first table only: use
	 * {@link #create} to get a composite back).
	 *
	 * @throws IllegalArgumentException if the pixels are not of the described kind and geometry
	 */
	public static void applyTo(final ImageDescription d, final ImagePlus imp) {
		check(d, imp);
		imp.setTitle(d.title());
		imp.setDimensions(d.channels(), d.slices(), d.frames());
		imp.setOpenAsHyperStack(d.hyperStack());
		final Calibration cal = new Calibration();
		cal.pixelWidth = d.pixelWidth();
		cal.pixelHeight = d.pixelHeight();
		cal.pixelDepth = d.pixelDepth();
		cal.setXUnit(d.xUnit());
		cal.setYUnit(d.yUnit());
		cal.setZUnit(d.zUnit());
		cal.xOrigin = d.xOrigin();
		cal.yOrigin = d.yOrigin();
		cal.zOrigin = d.zOrigin();
		cal.frameInterval = d.frameInterval();
		cal.setTimeUnit(d.timeUnit());
		cal.setInvertY(d.invertY());
		cal.setFunction(d.function(), d.coefficients(), d.valueUnit(), d.zeroClip());
		cal.setValueUnit(d.valueUnit());
		imp.setCalibration(cal);
		final ImageStack stack = imp.getStack();
		for (int i = 0; i < d.planes(); i++) stack.setSliceLabel(d.label(i), i + 1);
		imp.setProperty("Info", d.info());
		if (imp.isComposite() && d.compositeMode() != 0) {
			final CompositeImage ci = (CompositeImage) imp;
			final LUT[] luts = new LUT[d.channelTables()];
			for (int i = 0; i < luts.length; i++) luts[i] = lut(d, i);
			ci.setMode(d.compositeMode());
			ci.setLuts(luts);
			ci.setPosition(1, 1, 1);
			ci.setDisplayRange(d.displayMin(0), d.displayMax(0));
		}
		else if (d.channelTables() > 0) {
			imp.setLut(lut(d, 0));
			imp.setDisplayRange(d.displayMin(0), d.displayMax(0));
		}
	}

	private static void check(final ImageDescription d, final ImagePlus imp) {
		if (!d.fits(kindOf(imp), imp.getWidth(), imp.getHeight(), imp.getStackSize())) {
			throw new IllegalArgumentException("the description is of a " + d + " image, not of " + imp.getWidth() +
				"x" + imp.getHeight() + "x" + imp.getStackSize() + " " + kindOf(imp) + " pixels");
		}
	}
}
