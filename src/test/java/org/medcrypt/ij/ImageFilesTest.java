package org.medcrypt.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.UnsupportedImageException;

/**
 * Issue 14, finding 3: every damaged image file is refused by {@link ImageFiles#open}
 * with an exception naming it, quickly, and never zero-padded. The damaged files
 * are made here from a real image (the CT slice of test-images/, written as a
 * 33 KB TIFF by ImageJ's FileSaver).
 */
class ImageFilesTest {

	private static final Path CT = Paths.get("test-images/CT_small.dcm");

	@TempDir
	Path dir;

	private ImagePlus ct;
	private byte[] tiff;

	@BeforeEach
	void writeTiff() throws Exception {
		ct = ImageFiles.open(CT);
		// a new ImagePlus holds the pixels only (no DICOM header as TIFF metadata): pixels start at byte < 1000
		tiff = new FileSaver(new ImagePlus("ct", ct.getProcessor())).serialize();
		assertTrue(tiff.length > 32768 && tiff.length < 34000, "a 33 KB TIFF: " + tiff.length);
	}

	private Path write(final String name, final byte[] bytes) throws Exception {
		final Path file = dir.resolve(name);
		Files.write(file, bytes);
		return file;
	}

	/** The byte offset of field {@code tag}'s entry in the first directory (count at +4, value at +8). */
	private static int entry(final byte[] tiff, final int tag) {
		final ByteBuffer b = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN
			: ByteOrder.BIG_ENDIAN);
		final int ifd = b.getInt(4);
		for (int i = 0; i < (b.getShort(ifd) & 0xffff); i++) {
			if ((b.getShort(ifd + 2 + 12 * i) & 0xffff) == tag) return ifd + 2 + 12 * i;
		}
		throw new AssertionError("no field " + tag);
	}

	private static byte[] withInt(final byte[] tiff, final int at, final int value) {
		final byte[] b = tiff.clone();
		ByteBuffer.wrap(b).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).putInt(at, value);
		return b;
	}

	private DamagedFileException refused(final Path file) {
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> ImageFiles.open(file));
		assertTrue(e.getMessage().startsWith(file + " is a damaged image: "), e.getMessage());
		return e;
	}

	@Test
	void aSoundTiffOpensWithItsPixels() throws Exception {
		final ImagePlus back = ImageFiles.open(write("ct.tif", tiff));
		assertEquals(128, back.getWidth());
		assertArrayEquals((short[]) ct.getProcessor().getPixels(), (short[]) back.getProcessor().getPixels());
	}

	@Test
	void missingAndForeignFilesAreNamed() throws Exception {
		final Path none = dir.resolve("none.tif");
		assertEquals("Image file " + none + " does not exist.", assertThrows(MedCryptException.class,
			() -> ImageFiles.open(none)).getMessage());
		final Path text = write("notes.txt", "not an image".getBytes(StandardCharsets.US_ASCII));
		assertTrue(assertThrows(UnsupportedImageException.class, () -> ImageFiles.open(text)).getMessage()
			.contains(text.toString()));
	}

	/** Was an uncaught NegativeArraySizeException from ImageJ's TIFF decoder. */
	@Test
	void aHundredByteTiff() throws Exception {
		refused(write("short.tif", Arrays.copyOf(tiff, 100)));
	}

	@Test
	void aTruncatedTiff() throws Exception {
		final String m = refused(write("half.tif", Arrays.copyOf(tiff, tiff.length / 2))).getMessage();
		assertTrue(m.contains("truncated"), m);
	}

	/** Was opened as a 65536x128 image, zero-padded, and encrypted into 50 MB. */
	@Test
	void aTiffClaimingWidth65536() throws Exception {
		final Path wide = write("wide.tif", withInt(tiff, entry(tiff, 256) + 8, 65536));
		assertTrue(refused(wide).getMessage().contains("65536x128 pixels"));
	}

	/**
	 * A damaged count of strip offsets (ten million) took about a minute (more
	 * with a larger count) for ImageJ to refuse; a damaged count of strip byte
	 * counts was accepted after two minutes. Both are refused from the directory
	 * entry, before ImageJ reads it.
	 */
	@Test
	void aTiffWithADamagedStripCount() throws Exception {
		assertTrue(refused(write("strips.tif", withInt(tiff, entry(tiff, 273) + 4, 10_000_000))).getMessage()
			.contains("field 273 declares 10000000 values"));
		refused(write("counts.tif", withInt(tiff, entry(tiff, 279) + 4, 10_000_000)));
		refused(write("offset.tif", withInt(tiff, entry(tiff, 273) + 8, tiff.length - 100)));
	}

	/** DICOM goes through ImageJ too: a truncated slice was padded with zeros. */
	@Test
	void aTruncatedDicom() throws Exception {
		final byte[] dicom = Files.readAllBytes(CT);
		refused(write("cut.dcm", Arrays.copyOf(dicom, dicom.length - 4000)));
		refused(write("cut-more.dcm", Arrays.copyOf(dicom, dicom.length / 2)));
	}

	/** PNG and JPEG go through ImageJ too: a truncated JPEG was decoded with its missing part grey. */
	@Test
	void truncatedPngAndJpeg() throws Exception {
		final byte[] png = Files.readAllBytes(Paths.get("test-images/FatMRISlice.png"));
		refused(write("cut.png", Arrays.copyOf(png, png.length / 2)));
		final byte[] jpeg = Files.readAllBytes(Paths.get("test-images/retina.jpg"));
		assertTrue(refused(write("cut.jpg", Arrays.copyOf(jpeg, jpeg.length - 10))).getMessage().contains(
			"truncated"));
		assertEquals(1411, ImageFiles.open(write("whole.jpg", jpeg)).getWidth());
	}

	/**
	 * Issue 11: ImageFiles.open needs ImageJ's ignoreRescaleSlope to keep stored DICOM values, but that
	 * preference is saved with ImageJ's: it must be the user's again afterwards, whichever it was, and the
	 * pixels read must still be the stored ones (CT_small.dcm: 34696 at (64,64), 904 HU once calibrated).
	 */
	@Test
	void openLeavesTheUsersRescalePreferenceAsItWas() throws Exception {
		for (final boolean users : new boolean[] { false, true }) {
			ij.Prefs.ignoreRescaleSlope = users;
			final ImagePlus imp = ImageFiles.open(CT);
			assertEquals(users, ij.Prefs.ignoreRescaleSlope, "the user's setting " + users + " is back");
			assertEquals(34696, imp.getProcessor().get(64, 64), "the stored value, not a rescaled one");
			assertEquals(16, imp.getBitDepth());
		}
		ij.Prefs.ignoreRescaleSlope = false;
		// and a CT DICOM the user opens afterwards keeps its calibration function to HU
		final ImagePlus users = ij.IJ.openImage(CT.toString());
		assertTrue(users != null && users.getCalibration().calibrated(), "a calibration function to HU");
		assertEquals(904, users.getCalibration().getCValue(users.getProcessor().get(64, 64)), 0.5);
	}
}
