package org.medcrypt.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.LUT;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.testing.TestKeyFiles;
import org.medcrypt.transfer.OpenedRegister;
import org.medcrypt.transfer.SecureTransfer;

/**
 * Secure transfer through its ImageJ entry point ({@link TransferImages}),
 * issues 10 and 11: the sealed TIFF carries no title or header in clear, and
 * the image comes back as the medical image it was (CT_small.dcm: 904 HU at
 * (64,64), 0.661468 mm pixels, its Info header, slice label and display range;
 * a 2x3x2 composite hyperstack), from the sealed description; a relabelled
 * arrangement, a swapped image and a replay are caught; de-identification.
 */
class TransferImagesTest {

	private static final SecureRandom RANDOM = new SecureRandom();
	private static RSAPrivateCrtKey aPrivate, bPrivate;
	private static RSAPublicKey aPublic, bPublic;

	@TempDir
	Path dir;

	@BeforeAll
	static void keys() throws Exception {
		aPrivate = RsaKeyFiles.readPrivate(TestKeyFiles.rsa("rsa-a")[0]);
		aPublic = RsaKeyFiles.readPublic(TestKeyFiles.rsa("rsa-a")[1]);
		bPrivate = RsaKeyFiles.readPrivate(TestKeyFiles.rsa("rsa-b")[0]);
		bPublic = RsaKeyFiles.readPublic(TestKeyFiles.rsa("rsa-b")[1]);
	}

	private static ImagePlus ct() throws Exception {
		return ImageFiles.open(Paths.get("test-images", "CT_small.dcm"));
	}

	private OpenedRegister register() {
		return new OpenedRegister(dir.resolve("home").resolve("transfer-opened.tsv"));
	}

	@Test
	void theSealedTiffShowsNothingOfTheImageAndTheCtComesBackAsItWas() throws Exception {
		final ImagePlus ct = ct();
		final Path sealedFile = dir.resolve("sealed.tif"), openedFile = dir.resolve("opened.tif");
		final TransferImages.Sealed s = TransferImages.seal(ct, null, false, aPrivate, bPublic, RANDOM, sealedFile
			.toFile());
		assertEquals("MedCrypt sealed " + s.sealed.label.identifier, s.image.getTitle());
		// The bytes that travel: no title, no header string, no calibration (issue 10: "name=Encrypted CT_small.dcm")
		final String carrier = new String(Files.readAllBytes(sealedFile), StandardCharsets.ISO_8859_1);
		for (final String secret : new String[] { "CT_small", "CompressedSamples", "Patient", "0010,0010",
			"JFK IMAGING", "1.3.6.1.4.1.5962", "0.661468", "HELICAL", "micron" })
		{
			assertFalse(carrier.contains(secret), "the sealed TIFF shows " + secret);
		}
		final ImagePlus received = ImageFiles.open(sealedFile);
		final TransferImages.Opened o = TransferImages.open(received, bPrivate, aPublic, register(), false, null,
			openedFile.toFile());
		final ImagePlus back = o.image;
		// the title comes from the sealed description, not from the carrier's file name ("sealed.tif")
		assertEquals("CT_small.dcm", back.getTitle());
		assertEquals(904.0, ct.getProcessor().getPixelValue(64, 64), "the original reads HU");
		assertEquals(904.0, back.getProcessor().getPixelValue(64, 64), "HU after transfer");
		assertEquals(0.661468, back.getCalibration().pixelWidth, 0);
		assertEquals(0.661468, back.getCalibration().pixelHeight, 0);
		assertEquals("mm", back.getCalibration().getUnit());
		assertEquals(Calibration.STRAIGHT_LINE, back.getCalibration().getFunction());
		assertEquals(ct.getInfoProperty(), back.getInfoProperty());
		assertEquals(7465, back.getInfoProperty().length());
		assertEquals(ct.getStack().getSliceLabel(1), back.getStack().getSliceLabel(1));
		assertEquals(ct.getDisplayRangeMin(), back.getDisplayRangeMin(), 0);
		assertEquals(ct.getDisplayRangeMax(), back.getDisplayRangeMax(), 0);
		assertEquals(ImageDescriptions.of(ct), ImageDescriptions.of(back), "every field of the description");
		assertEquals(s.digest, o.digest, "bit-exact");
		// and the TIFF written keeps it: opened again it reads HU
		assertEquals(904.0, ImageFiles.open(openedFile).getProcessor().getPixelValue(64, 64), 0);
		assertTrue(o.summary().startsWith("identifier " + s.sealed.label.identifier + ", sealed "), o.summary());
	}

	/** A 2-channel, 3-slice, 2-frame 16-bit composite of 128x128 planes from the CT, each plane labelled. */
	static ImagePlus hyperstack() throws Exception {
		final short[] ct = (short[]) ct().getProcessor().getPixels();
		final ImageStack stack = new ImageStack(128, 128);
		for (int i = 0; i < 12; i++) {
			final short[] p = new short[ct.length];
			for (int j = 0; j < p.length; j++)
				p[j] = ct[(j + 977 * i) % ct.length];
			stack.addSlice("c" + (i % 2 + 1) + " z" + (i / 2 % 3 + 1) + " t" + (i / 6 + 1), new ShortProcessor(128,
				128, p, null));
		}
		final ImagePlus imp = new ImagePlus("hyper.tif", stack);
		imp.setDimensions(2, 3, 2);
		imp.setOpenAsHyperStack(true);
		final CompositeImage ci = new CompositeImage(imp, IJ.COMPOSITE);
		ci.setChannelLut(LUT.createLutFromColor(java.awt.Color.green), 1);
		ci.setChannelLut(LUT.createLutFromColor(java.awt.Color.magenta), 2);
		ci.setPosition(2, 1, 1);
		ci.setDisplayRange(30000, 36000);
		ci.setPosition(1, 1, 1);
		ci.setDisplayRange(31000, 35000);
		final Calibration cal = new Calibration();
		cal.pixelWidth = 0.25;
		cal.pixelHeight = 0.25;
		cal.pixelDepth = 2;
		cal.setUnit("micron");
		cal.frameInterval = 7.5;
		cal.setTimeUnit("s");
		ci.setCalibration(cal);
		ci.setProperty("Info", "two channels, three slices, two frames");
		return ci;
	}

	@Test
	void aHyperstackComesBackAsAHyperstackAndARelabelledOneIsRefused() throws Exception {
		final ImagePlus hs = hyperstack();
		final TransferImages.Sealed s = TransferImages.seal(hs, "hs-1", false, aPrivate, bPublic, RANDOM, null);
		assertEquals(2, s.image.getNChannels());
		assertEquals(3, s.image.getNSlices());
		assertEquals(2, s.image.getNFrames());
		final TransferImages.Opened o = TransferImages.open(s.image, bPrivate, aPublic, null, false, null, null);
		assertTrue(o.image.isComposite() && o.image.isHyperStack());
		assertEquals(ImageDescriptions.of(hs), ImageDescriptions.of(o.image), "C/Z/T, LUTs, ranges, labels, " +
			"calibration, Info");
		assertEquals("c2 z3 t2", o.image.getStack().getSliceLabel(12));
		// An attacker relabels the carrier 3x2x2 (same 12 planes): refused, the signed arrangement is 2/3/2.
		final ImagePlus relabelled = s.image.duplicate();
		relabelled.setDimensions(3, 2, 2);
		final AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, () -> TransferImages
			.open(relabelled, bPrivate, aPublic, null, false, null, null));
		assertTrue(e.getMessage().startsWith("The image's arrangement was changed after sealing: the sender signed " +
			"C/Z/T = 2/3/2 (channels/slices/frames), the image is now 3/2/2."), e.getMessage());
		// A reader that lost the arrangement (a flat stack of 12) is not an attack: the signed one is restored.
		final ImagePlus flat = new ImagePlus("flat", s.image.getStack().duplicate());
		final TransferImages.Opened fromFlat = TransferImages.open(flat, bPrivate, aPublic, null, false, null, null);
		assertEquals(ImageDescriptions.of(hs), ImageDescriptions.of(fromFlat.image));
	}

	@Test
	void aSwappedImageIsRefusedByItsIdentifierAndAReplayIsWarnedOrRefused() throws Exception {
		final ImagePlus ct = ct();
		final TransferImages.Sealed first = TransferImages.seal(ct, "study7-ct-001", false, aPrivate, bPublic, RANDOM,
			null);
		final TransferImages.Sealed second = TransferImages.seal(ct, "study7-ct-002", false, aPrivate, bPublic,
			RANDOM, null);
		// the attacker delivers the second where the first was announced
		final RefusedByPolicyException swap = assertThrows(RefusedByPolicyException.class, () -> TransferImages.open(
			second.image, bPrivate, aPublic, register(), false, "study7-ct-001", null));
		assertTrue(swap.getMessage().startsWith("This image is identifier study7-ct-002 (sealed "), swap.getMessage());
		assertTrue(swap.getMessage().contains("not the expected study7-ct-001: it was swapped"), swap.getMessage());
		assertTrue(register().read().isEmpty(), "a refused image is not registered");
		// opened once: no warning; again (a replay): a warning naming when; refused on request
		final TransferImages.Opened once = TransferImages.open(first.image, bPrivate, aPublic, register(), false,
			"study7-ct-001", null);
		assertNull(once.replayOf);
		final TransferImages.Opened again = TransferImages.open(first.image, bPrivate, aPublic, register(), false,
			null, null);
		assertNotNull(again.replayOf);
		assertTrue(again.summary().contains("WARNING: already opened on " + again.replayOf.openedText()), again
			.summary());
		assertThrows(OpenedRegister.ReplayException.class, () -> TransferImages.open(first.image, bPrivate, aPublic,
			register(), true, null, null));
	}

	@Test
	void deidentifiedHeaderTravelsAndTheCalibrationStays() throws Exception {
		final ImagePlus ct = ct();
		final TransferImages.Sealed s = TransferImages.seal(ct, "anon-0001", true, aPrivate, bPublic, RANDOM, null);
		final ImagePlus back = TransferImages.open(s.image, bPrivate, aPublic, null, false, null, null).image;
		assertEquals("anon-0001", back.getTitle(), "the file name (a possible patient name) is replaced");
		assertEquals(904.0, back.getProcessor().getPixelValue(64, 64));
		final String info = back.getInfoProperty();
		assertTrue(info.contains("0012,0062  Patient Identity Removed: YES"), info);
		for (final String gone : new String[] { "CompressedSamples", "1CT1", "JFK IMAGING", "20040119072730" })
			assertFalse(info.contains(gone) || back.getStack().getSliceLabel(1).contains(gone), gone);
		assertFalse(back.getStack().getSliceLabel(1).contains("CT_small"), "the label's file name line went");
	}

	@Test
	void aVersion1ImageOpensWithANeutralTitle() throws Exception {
		final ImagePlus carrier = ImageFiles.open(Paths.get("src", "test", "resources", "org", "medcrypt",
			"transfer", "v1-CT_small.sealed.tif"));
		final TransferImages.Opened o = TransferImages.open(carrier, bPrivate, aPublic, register(), true, null, null);
		assertEquals("decrypted image", o.image.getTitle(), "never the carrier's title or file name");
		assertEquals(1, o.opened.version);
		assertTrue(o.summary().startsWith("envelope version 1 (no identifier"), o.summary());
		assertArrayEquals((short[]) ct().getProcessor().getPixels(), (short[]) o.image.getProcessor().getPixels());
		assertEquals(Fingerprints.of(aPublic), o.opened.sender);
	}
}
