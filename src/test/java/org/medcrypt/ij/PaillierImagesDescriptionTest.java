package org.medcrypt.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.measure.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.image.ImageDescription;
import org.medcrypt.io.Progress;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 11: an image keeps what makes it a medical image through Paillier
 * encryption and decryption by the commands' entry point
 * ({@link PaillierImages}): CT_small.dcm's calibration (0.661468 mm, the
 * straight line to HU: pixel (64,64) reads 904 again), display range, slice
 * label and 7,465-character DICOM header; a 2x3x2 composite hyperstack comes
 * back as one; an RGB image comes back RGB, bit-exact. Nothing in the file
 * names the image. And the owner decrypting a file made with the public key
 * is told that nothing vouches for it.
 */
class PaillierImagesDescriptionTest {

	@TempDir
	Path dir;

	private final Path[] keys = TestKeyFiles.paillier("test-a");

	private ImagePlus roundTrip(final ImagePlus imp, final Path keyFile, final String name) throws Exception {
		final Path file = dir.resolve(name + ".mcimg");
		PaillierImages.encrypt(imp, keyFile, file, 1, 0, Progress.NONE);
		final byte[] bytes = Files.readAllBytes(file);
		final String latin = new String(bytes, StandardCharsets.ISO_8859_1);
		assertFalse(latin.contains(imp.getTitle()), "the title is nowhere in the file in clear");
		if (imp.getInfoProperty() != null) {
			assertFalse(latin.contains("CompressedSamples"), "the patient's name is nowhere in clear");
		}
		final PaillierImages.Decrypted d = PaillierImages.decrypt(file, keys[1], Progress.NONE);
		return d.image;
	}

	@Test
	void ctComesBackInHounsfieldUnitsWithItsHeader() throws Exception {
		final ImagePlus ct = ImageFiles.open(Paths.get("test-images/CT_small.dcm"));
		final ImagePlus back = roundTrip(ct, keys[1], "ct");
		assertEquals(904.0, back.getProcessor().getPixelValue(64, 64), "HU, not the stored 34696");
		assertEquals(34696, back.getProcessor().get(64, 64));
		final Calibration a = ct.getCalibration(), b = back.getCalibration();
		assertEquals(0.661468, b.pixelWidth, 0);
		assertEquals(0.661468, b.pixelHeight, 0);
		assertEquals(a.pixelDepth, b.pixelDepth, 0);
		assertEquals("mm", b.getUnit());
		assertEquals(a.getFunction(), b.getFunction());
		assertArrayEquals(a.getCoefficients(), b.getCoefficients(), 0);
		assertEquals(a.getValueUnit(), b.getValueUnit());
		assertEquals(ct.getDisplayRangeMin(), back.getDisplayRangeMin(), 0);
		assertEquals(ct.getDisplayRangeMax(), back.getDisplayRangeMax(), 0);
		assertEquals(7465, back.getInfoProperty().length());
		assertEquals(ct.getInfoProperty(), back.getInfoProperty());
		assertEquals(ct.getStack().getSliceLabel(1), back.getStack().getSliceLabel(1));
		assertEquals("CT_small.dcm", back.getTitle());
		assertArrayEquals((short[]) ct.getProcessor().getPixels(), (short[]) back.getProcessor().getPixels());
		assertEquals(ImageDescriptions.of(ct), ImageDescriptions.of(back), "every field as before");
	}

	@Test
	void hyperstackComesBackAsAHyperstack() throws Exception {
		final ImagePlus hyper = ImageDescriptionsTest.hyperstack();
		final ImagePlus back = roundTrip(hyper, keys[1], "hyper");
		assertTrue(back.isHyperStack(), "a hyperstack, not 12 flat slices");
		assertEquals(2, back.getNChannels());
		assertEquals(3, back.getNSlices());
		assertEquals(2, back.getNFrames());
		assertTrue(back instanceof CompositeImage);
		for (int i = 1; i <= 12; i++) {
			assertArrayEquals((short[]) hyper.getStack().getPixels(i), (short[]) back.getStack().getPixels(i));
		}
		assertEquals(ImageDescriptions.of(hyper), ImageDescriptions.of(back), "every field as before");
	}

	@Test
	void rgbIsEncryptedAsThreeChannelsAndComesBackRgb() throws Exception {
		final ImagePlus retina = ImageFiles.open(Paths.get("test-images/retina.jpg"));
		retina.setRoi(600, 600, 40, 24);
		final ImagePlus crop = new ImagePlus("retina crop", retina.getProcessor().crop());
		assertEquals(24, crop.getBitDepth());
		// the public key: made by anyone, so the owner is told nothing vouches for it
		final Path file = dir.resolve("rgb.mcimg");
		final PaillierImages.Encrypted e = PaillierImages.encrypt(crop, keys[0], file, 1, 0, Progress.NONE);
		assertTrue(e.image.rgb());
		assertEquals(3, e.image.layout().planes(), "R, G, B planes");
		final PaillierImages.Decrypted d = PaillierImages.decrypt(file, keys[1], Progress.NONE);
		assertEquals(PaillierImageCipher.Seal.NONE, d.seal);
		assertTrue(d.notice().contains("no owner seal"), d.notice());
		final ImagePlus back = d.image;
		assertEquals(ImagePlus.COLOR_RGB, back.getType());
		assertEquals("retina crop", back.getTitle());
		final int[] a = (int[]) crop.getProcessor().getPixels(), b = (int[]) back.getProcessor().getPixels();
		for (int i = 0; i < a.length; i++) assertEquals(a[i] & 0xffffff, b[i] & 0xffffff, "pixel " + i);
		final ImageDescription da = ImageDescriptions.of(crop), db = ImageDescriptions.of(back);
		assertEquals(da, db);
		assertNull(new PaillierImages.Decrypted(back, null, 0, PaillierImageCipher.Seal.VERIFIED, "x").notice());
		// slots made for 8-bit channels leave no room for the luma the signature is defined on (docs/RETRIEVAL.md,
		// RgbRetrievalTest): the key-holder protocol refuses, it never indexes the red channel
		final UnsupportedImageException refused = assertThrows(UnsupportedImageException.class, () -> RetrievalImages
			.signature(null, file, keys[1], SignatureParameters.Method.PAPER, 1, 0, 0, dir.resolve("rgb.mcsig"), Progress.NONE));
		assertTrue(refused.getMessage().contains("RGB") && refused.getMessage().contains("Open image"), refused
			.getMessage());
		assertFalse(Files.exists(dir.resolve("rgb.mcsig")));
	}
}
