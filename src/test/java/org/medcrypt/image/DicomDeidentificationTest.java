package org.medcrypt.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medcrypt.ij.ImageFiles;

/**
 * DICOM PS3.15 Basic Application Level Confidentiality Profile on the header
 * ImageJ reads from test-images/CT_small.dcm: every identifying value is gone,
 * UIDs are replaced consistently, private attributes removed, the rest kept.
 */
class DicomDeidentificationTest {

	private static String header;

	@BeforeAll
	static void read() throws Exception {
		header = ImageFiles.open(Paths.get("test-images", "CT_small.dcm")).getInfoProperty();
	}

	/** Value of each attribute line of a header text, by tag (the first occurrence). */
	private static Map<String, String> values(final String text) {
		final Map<String, String> m = new LinkedHashMap<>();
		for (final String line : text.split("\n")) {
			if (line.length() < 11 || line.charAt(4) != ',') continue;
			final int colon = line.indexOf(':');
			m.putIfAbsent(line.substring(0, 9), colon < 0 ? "" : line.substring(colon + 1).trim());
		}
		return m;
	}

	@Test
	void ctHeaderLosesEveryIdentifyingValue() {
		final String out = new DicomDeidentification(new SecureRandom()).apply(header);
		// what identifies the patient, the study, the institution, the dates and the instances
		final List<String> identifying = Arrays.asList("CompressedSamples^CT1", "1CT1", "ABCD1234", "1234ABCD",
			"JFK IMAGING CENTER", "CT01_OC0", "20040119", "19970430", "072730", "112749",
			"1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322", "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322",
			"1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322", "CLUNIE1", "GEMS_IDEN_01", "Uncompressed", "000Y");
		for (final String s : identifying) {
			assertTrue(header.contains(s), "the original holds " + s);
			assertFalse(out.contains(s), s + " is still in the de-identified header");
		}
		final Map<String, String> before = values(header), after = values(out);
		for (final Map.Entry<String, DicomDeidentification.Action> a : DicomDeidentification.ACTIONS.entrySet()) {
			final String tag = a.getKey();
			if (!before.containsKey(tag)) continue;
			switch (a.getValue()) {
				case X:
					assertFalse(after.containsKey(tag), tag + " removed");
					break;
				case Z:
				case D:
					assertEquals("", after.get(tag), tag + " emptied");
					break;
				default:
					assertTrue(after.get(tag).matches("2\\.25\\.[0-9]{1,39}"), tag + ": " + after.get(tag));
					assertNotEquals(before.get(tag), after.get(tag));
			}
		}
		// the same UID gets the same new UID (file meta and SOP common)
		assertEquals(after.get("0008,0018"), after.get("0002,0003"));
		assertNotEquals(after.get("0020,000D"), after.get("0020,000E"));
		// private attributes (odd groups) are gone; the rest is kept as it was
		assertFalse(out.contains("---:"), "private attributes removed");
		for (final String kept : new String[] { "0008,0060  Modality: CT", "0028,0030  Pixel Spacing: 0.661468",
			"0028,1052  Rescale Intercept: -1024", "0028,1053  Rescale Slope: 1", "0018,0050  Slice Thickness: 5.0",
			"0008,0016  SOP Class UID: 1.2.840.10008.5.1.4.1.1.2" })
		{
			assertTrue(out.contains(kept), kept);
		}
		assertTrue(out.contains("0010,0010  Patient's Name: \n"), "the name line stays, empty");
		assertTrue(out.endsWith(DicomDeidentification.ADDED + "\n"));
		System.out.printf("CT_small.dcm header: %d characters, %d lines -> %d characters, %d lines%n", header
			.length(), header.split("\n").length, out.length(), out.split("\n").length);
	}

	@Test
	void uidsAreKeyedPerInstanceAndOtherTextIsLeftAlone() {
		final String a = new DicomDeidentification(new SecureRandom()).apply(header), b = new DicomDeidentification(
			new SecureRandom()).apply(header);
		assertNotEquals(values(a).get("0020,000D"), values(b).get("0020,000D"), "no one can link them without the key");
		assertEquals("acquired on the test bench", new DicomDeidentification(new SecureRandom()).apply(
			"acquired on the test bench"));
		assertNull(new DicomDeidentification(new SecureRandom()).apply((String) null));
	}

	@Test
	void aDescriptionLosesTitleAndTheFileNameInItsLabels() {
		final ImageDescription d = ImageDescription.builder(PixelPlanes.Kind.UINT16, 4, 4, 1, 1, 1).title(
			"Doe^John.dcm").labels(new String[] { "Doe^John.dcm\n" + header }).info(header).pixelSize(0.5, 0.5, 1)
			.units("mm", "mm", "mm").channelTables(new byte[][] { new byte[ImageDescription.LUT_BYTES] },
				new double[] { 0 }, new double[] { 4095 }).build();
		final ImageDescription out = new DicomDeidentification(new SecureRandom()).apply(d, "study7-ct-001");
		assertEquals("study7-ct-001", out.title());
		assertFalse(out.label(0).contains("Doe^John"));
		assertFalse(out.label(0).contains("CompressedSamples"));
		assertFalse(out.info().contains("CompressedSamples"));
		assertEquals(0.5, out.pixelWidth(), 0);
		assertEquals("mm", out.xUnit());
	}
}
