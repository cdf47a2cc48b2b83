package org.medcrypt.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.testing.Datasets;

/** {@link ImagePlusImgs} on real 8-bit and 16-bit medical images. */
class ImagePlusImgsTest {

	private static final String US8 = "us_obstetric_gray8_512x512_crop.png";
	private static final String CT16 = "ct_small_HUplus1024_gray16_128x128.png";

	private static ImagePlus open(final String png) {
		final Path file = Datasets.samplePng(png);
		final ImagePlus imp = IJ.openImage(file.toString());
		assertNotNull(imp, "ImageJ could not open " + file);
		return imp;
	}

	@Test
	void wraps8BitWithoutCopying() throws MedCryptException {
		final ImagePlus imp = open(US8);
		assertEquals(ImagePlus.GRAY8, imp.getType());
		final PlanarImg<UnsignedByteType, ?> img = ImagePlusImgs.wrap(imp);
		assertArrayEquals(new long[] { 512, 512 }, img.dimensionsAsLongArray());
		assertEquals(UnsignedByteType.class, img.getType().getClass());

		final ImageProcessor ip = imp.getProcessor();
		assertSamePixels(imp, img);
		assertTrue(ip.getStatistics().max > 0, "real image should not be black");

		// Img -> ImagePlus
		final RandomAccess<UnsignedByteType> ra = img.randomAccess();
		ra.setPosition(new long[] { 300, 200 });
		final int before = ra.get().get();
		ra.get().set((before + 77) & 0xff);
		assertEquals((before + 77) & 0xff, ip.get(300, 200));

		// ImagePlus -> Img
		ip.set(11, 22, 201);
		ra.setPosition(new long[] { 11, 22 });
		assertEquals(201, ra.get().get());
		assertSame(ip.getPixels(), ((ByteArray) img.getPlane(0))
			.getCurrentStorageArray());
	}

	@Test
	void wraps16BitWithoutCopying() throws MedCryptException {
		final ImagePlus imp = open(CT16);
		assertEquals(ImagePlus.GRAY16, imp.getType(),
			"ImageJ should open the 16-bit PNG as 16-bit");
		final PlanarImg<UnsignedShortType, ?> img = ImagePlusImgs.wrap(imp);
		assertArrayEquals(new long[] { 128, 128 }, img.dimensionsAsLongArray());
		assertEquals(UnsignedShortType.class, img.getType().getClass());
		assertSamePixels(imp, img);
		// HU + 1024: air is near 0, bone well above 1024: above 8-bit range.
		assertTrue(imp.getProcessor().getStatistics().max > 255);

		final RandomAccess<UnsignedShortType> ra = img.randomAccess();
		ra.setPosition(new long[] { 64, 65 });
		ra.get().set(60000); // beyond signed short: checks unsigned handling
		assertEquals(60000, imp.getProcessor().get(64, 65));
		imp.getProcessor().set(1, 2, 4321);
		ra.setPosition(new long[] { 1, 2 });
		assertEquals(4321, ra.get().get());
	}

	@Test
	void typedWrappersRejectTheOtherDepth() {
		final UnsupportedImageException e = assertThrows(UnsupportedImageException.class,
			() -> ImagePlusImgs.wrapUnsignedShort(open(US8)));
		assertTrue(e.getMessage().contains("16-bit"), e.getMessage());
	}

	@Test
	void wrapsStackAsThirdDimension() throws MedCryptException {
		final ImagePlus us = open(US8);
		final ImageStack stack = new ImageStack(us.getWidth(), us.getHeight());
		for (int i = 0; i < 3; i++) {
			final ImageProcessor slice = us.getProcessor().duplicate();
			slice.add(10 * i);
			stack.addSlice("slice" + i, slice);
		}
		final ImagePlus imp = new ImagePlus("stack", stack);
		final PlanarImg<UnsignedByteType, ?> img = ImagePlusImgs.wrap(imp);
		assertArrayEquals(new long[] { 512, 512, 3 }, img.dimensionsAsLongArray());
		assertEquals(3, img.numSlices());
		assertSamePixels(imp, img);

		final RandomAccess<UnsignedByteType> ra = img.randomAccess();
		ra.setPosition(new long[] { 5, 6, 2 });
		ra.get().set(123);
		assertEquals(123, stack.getProcessor(3).get(5, 6));
		stack.getProcessor(2).set(7, 8, 45);
		ra.setPosition(new long[] { 7, 8, 1 });
		assertEquals(45, ra.get().get());
	}

	@Test
	void hyperstackIsFlattenedInStackOrder() throws MedCryptException {
		final ImagePlus imp = IJ.createHyperStack("h", 16, 8, 2, 3, 4, 16);
		final int index = imp.getStackIndex(2, 3, 4); // c, z, t (1-based)
		imp.getStack().getProcessor(index).set(1, 1, 999);
		final PlanarImg<UnsignedShortType, ?> img = ImagePlusImgs.wrap(imp);
		assertArrayEquals(new long[] { 16, 8, 24 }, img.dimensionsAsLongArray());
		final RandomAccess<UnsignedShortType> ra = img.randomAccess();
		ra.setPosition(new long[] { 1, 1, index - 1 });
		assertEquals(999, ra.get().get());
	}

	@Test
	void rejectsRgbAndFloatWithAdvice() {
		// Converted through the processors: IJ.run needs menus, which plain
		// headless ImageJ 1.x cannot build.
		final ImagePlus rgb = new ImagePlus("rgb", open(US8).getProcessor()
			.convertToRGB());
		assertEquals(ImagePlus.COLOR_RGB, rgb.getType());
		final UnsupportedImageException e1 = assertThrows(UnsupportedImageException.class,
			() -> ImagePlusImgs.wrap(rgb));
		assertTrue(e1.getMessage().contains("RGB color"), e1.getMessage());
		assertTrue(e1.getMessage().contains(
			"MedCrypt works on 8-bit or 16-bit grayscale images"), e1.getMessage());
		assertTrue(e1.getMessage().contains("Image > Type"), e1.getMessage());

		final ImagePlus flt = new ImagePlus("float", open(CT16).getProcessor()
			.convertToFloat());
		final UnsupportedImageException e2 = assertThrows(UnsupportedImageException.class,
			() -> ImagePlusImgs.wrap(flt));
		assertTrue(e2.getMessage().contains("32-bit floating point"), e2
			.getMessage());

		final MedCryptException e3 = assertThrows(MedCryptException.class,
			() -> ImagePlusImgs.wrap(null));
		assertTrue(e3.getMessage().contains("open an 8-bit or 16-bit"));
	}

	@Test
	void rejectsVirtualStack(@TempDir final Path dir) {
		final ImagePlus us = open(US8);
		assertTrue(new FileSaver(us).saveAsTiff(dir.resolve("a.tif").toString()));
		assertTrue(new FileSaver(us).saveAsTiff(dir.resolve("b.tif").toString()));
		final VirtualStack vs = new VirtualStack(us.getWidth(), us.getHeight(),
			null, dir.toString() + "/");
		vs.addSlice("a.tif");
		vs.addSlice("b.tif");
		final ImagePlus imp = new ImagePlus("virtual", vs);
		final UnsupportedImageException e = assertThrows(UnsupportedImageException.class,
			() -> ImagePlusImgs.wrap(imp));
		assertTrue(e.getMessage().contains("virtual stack"), e.getMessage());
		assertTrue(e.getMessage().contains("Duplicate"), e.getMessage());
	}

	@Test
	void toImagePlusSharesPlanarArrays() {
		final PlanarImg<UnsignedShortType, ShortArray> img = PlanarImgs
			.unsignedShorts(32, 16, 3);
		final RandomAccess<UnsignedShortType> ra = img.randomAccess();
		ra.setPosition(new long[] { 3, 4, 1 });
		ra.get().set(1000);
		ra.setPosition(new long[] { 5, 6, 2 });
		ra.get().set(50000);

		final ImagePlus imp = ImagePlusImgs.toImagePlus("shared", img);
		assertEquals("shared", imp.getTitle());
		assertEquals(ImagePlus.GRAY16, imp.getType());
		assertEquals(3, imp.getStackSize());
		for (int i = 0; i < 3; i++) {
			assertSame(img.getPlane(i).getCurrentStorageArray(), imp.getStack()
				.getPixels(i + 1));
		}
		assertEquals(1000, imp.getStack().getProcessor(2).get(3, 4));
		assertEquals(0, imp.getDisplayRangeMin());
		assertEquals(50000, imp.getDisplayRangeMax());

		imp.getStack().getProcessor(1).set(0, 0, 7);
		ra.setPosition(new long[] { 0, 0, 0 });
		assertEquals(7, ra.get().get());
	}

	@Test
	void roundTripOfRealImageKeepsTheSameArrays() throws MedCryptException {
		final ImagePlus ct = open(CT16);
		final PlanarImg<UnsignedShortType, ?> img = ImagePlusImgs.wrap(ct);
		final ImagePlus back = ImagePlusImgs.toImagePlus("back", img);
		assertSame(ct.getProcessor().getPixels(), back.getProcessor().getPixels());
		assertEquals(ImagePlus.GRAY16, back.getType());
		final ImageProcessor ip = ct.getProcessor();
		ip.resetMinAndMax();
		assertEquals(ip.getMin(), back.getDisplayRangeMin());
		assertEquals(ip.getMax(), back.getDisplayRangeMax());

		final ImagePlus us = open(US8);
		final ImagePlus us2 = ImagePlusImgs.toImagePlus("us2", ImagePlusImgs
			.wrapUnsignedByte(us));
		assertEquals(ImagePlus.GRAY8, us2.getType());
		assertSame(us.getProcessor().getPixels(), us2.getProcessor().getPixels());
	}

	@Test
	void toImagePlusCopiesViewsAndOtherLayouts() throws MedCryptException {
		final ImagePlus us = open(US8);
		final PlanarImg<UnsignedByteType, ?> img = ImagePlusImgs.wrap(us);
		// A crop with non-zero origin: must be copied, with the right pixels.
		final RandomAccessibleInterval<UnsignedByteType> crop = Views.interval(img,
			new long[] { 100, 50 }, new long[] { 199, 89 });
		final ImagePlus cropped = ImagePlusImgs.toImagePlus("crop", crop);
		assertEquals(100, cropped.getWidth());
		assertEquals(40, cropped.getHeight());
		assertEquals(us.getProcessor().get(100, 50), cropped.getProcessor().get(0,
			0));
		assertEquals(us.getProcessor().get(150, 70), cropped.getProcessor().get(50,
			20));
		cropped.getProcessor().set(0, 0, (us.getProcessor().get(100, 50) + 1) &
			0xff);
		assertEquals(us.getProcessor().get(100, 50) + 1 & 0xff, cropped
			.getProcessor().get(0, 0));
		assertTrue(us.getProcessor().get(100, 50) != cropped.getProcessor().get(0,
			0), "a copy must not write through");

		// An ArrayImg stack: copied into planes.
		final ArrayImg<UnsignedShortType, ?> arr = ArrayImgs.unsignedShorts(4, 3,
			2);
		final RandomAccess<UnsignedShortType> ra = arr.randomAccess();
		ra.setPosition(new long[] { 3, 2, 1 });
		ra.get().set(65535);
		final ImagePlus fromArray = ImagePlusImgs.toImagePlus("arr", arr);
		assertEquals(2, fromArray.getStackSize());
		assertEquals(65535, fromArray.getStack().getProcessor(2).get(3, 2));
		assertEquals(0, fromArray.getStack().getProcessor(1).get(3, 2));
		assertNotSame(fromArray.getStack().getPixels(1), fromArray.getStack()
			.getPixels(2));
	}

	@Test
	void toImagePlusRejectsOtherTypes() {
		final IllegalArgumentException e = assertThrows(
			IllegalArgumentException.class, () -> ImagePlusImgs.toImagePlus("x",
				ArrayImgs.ints(4, 4)));
		assertTrue(e.getMessage().contains("IntType"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs
			.toImagePlus("x", ArrayImgs.unsignedBytes(4)));
	}

	private static void assertSamePixels(final ImagePlus imp,
		final PlanarImg<? extends net.imglib2.type.numeric.IntegerType<?>, ?> img)
	{
		final RandomAccess<? extends net.imglib2.type.numeric.IntegerType<?>> ra =
			img.randomAccess();
		final int n = imp.getStackSize();
		final long[] pos = new long[img.numDimensions()];
		for (int z = 0; z < n; z++) {
			final ImageProcessor ip = imp.getStack().getProcessor(z + 1);
			for (int y = 0; y < imp.getHeight(); y += 7) {
				for (int x = 0; x < imp.getWidth(); x += 5) {
					pos[0] = x;
					pos[1] = y;
					if (pos.length > 2) pos[2] = z;
					ra.setPosition(pos);
					assertEquals(ip.get(x, y), ra.get().getInteger(), "pixel " + x +
						"," + y + "," + z);
				}
			}
		}
	}
}
