package org.medcrypt.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.Luma;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 11: signatures and retrieval on RGB images, as the signature of their
 * luma Y = 77·R + 150·G + 29·B (a 16-bit image), by the owner from the pixels
 * and by the key-holder protocol from an RGB {@code .mcimg}; small crops of
 * the real RGB fundus image test-images/retina.jpg. The refusal of slots too
 * narrow for Y: PaillierImagesDescriptionTest and MedCryptCliTest.
 */
class RgbRetrievalTest {

	private static final Path[] KEY = TestKeyFiles.paillier("test-a");

	private static ImagePlus retina;

	@TempDir
	Path dir;

	/** A w x h crop of retina.jpg at (x, y), an RGB image. */
	private static synchronized ImagePlus crop(final int x, final int y, final int w, final int h)
		throws MedCryptException
	{
		if (retina == null) retina = ImageFiles.open(Paths.get("test-images/retina.jpg"));
		assertEquals(ImagePlus.COLOR_RGB, retina.getType());
		final ImageProcessor ip = retina.getProcessor().duplicate();
		ip.setRoi(x, y, w, h);
		return new ImagePlus("retina " + x + "," + y, ip.crop());
	}

	/** The plaintext signature of Y, computed here from the RGB pixels with the formula. */
	private static WaveletSignature lumaSignature(final ImagePlus rgb, final SignatureParameters p) {
		final int[] pixels = (int[]) rgb.getProcessor().getPixels();
		final int[] y = new int[pixels.length];
		for (int i = 0; i < y.length; i++) {
			y[i] = 77 * (pixels[i] >> 16 & 0xff) + 150 * (pixels[i] >> 8 & 0xff) + 29 * (pixels[i] & 0xff);
		}
		return WaveletSignature.of(y, rgb.getWidth(), rgb.getHeight(), p, 1 << PackingParameters.DEFAULT_LEVELS);
	}

	private static void assertSameSignature(final WaveletSignature expected, final WaveletSignature actual) {
		assertEquals(expected.parameters(), actual.parameters());
		assertEquals(expected.level1Coefficients(), actual.level1Coefficients());
		assertArrayEquals(expected.counts(), actual.counts());
	}

	@Test
	void rgbSignatureIsTheLumaSignatureOnBothPaths() throws Exception {
		final PaillierKeyPair pair = TestKeyFiles.paillierPair("test-a");
		final ImagePlus rgb = crop(640, 600, 60, 44); // not a multiple of 8: padding as for any image
		final SignatureParameters p = SignatureParameters.defaults(16);
		final WaveletSignature expected = lumaSignature(rgb, p);
		assertTrue(java.util.Arrays.stream(expected.counts(0)).filter(c -> c > 0).count() > 3, "a textured crop");

		// The owner's path: the open RGB image and the private key.
		final RetrievalImages.Signature owner = RetrievalImages.signature(rgb, null, KEY[1],
			SignatureParameters.Method.PAPER, 1, 0, 0, dir.resolve("owner.sig"), Progress.NONE);
		assertFalse(owner.protocol);
		assertEquals(p, owner.signature.parameters());
		assertSameSignature(expected, owner.signature.decrypt(pair.privateKey()));

		// The key-holder protocol on an RGB .mcimg encrypted with slots wide enough for Y.
		final Path wide = dir.resolve("wide.mcimg");
		PaillierImages.encrypt(rgb, KEY[1], wide, PackingParameters.DEFAULT_LEVELS, Luma.SLOT_BITS, Progress.NONE);
		assertTrue(EncryptedImageFile.read(wide).rgb());
		final RetrievalImages.Signature protocol = RetrievalImages.signature(null, wide, KEY[1],
			SignatureParameters.Method.PAPER, 1, 0, 0, dir.resolve("protocol.sig"), Progress.NONE);
		assertTrue(protocol.protocol);
		assertSameSignature(expected, protocol.signature.decrypt(pair.privateKey()));

		// The spatial signature too (levels 1-3 on Y's coefficients).
		final SignatureParameters spatial = SignatureParameters.spatial(16);
		final RetrievalImages.Signature spatialProtocol = RetrievalImages.signature(null, wide, KEY[1],
			SignatureParameters.Method.SPATIAL, 0, 0, 0, dir.resolve("spatial.sig"), Progress.NONE);
		assertSameSignature(lumaSignature(rgb, spatial), spatialProtocol.signature.decrypt(pair.privateKey()));
	}

	@Test
	void aStoreOfRgbEntriesReturnsTheRightEntryFirst() throws Exception {
		final PaillierKeyPair pair = TestKeyFiles.paillierPair("test-a");
		final int[][] at = { { 200, 700 }, { 640, 600 }, { 700, 300 }, { 1000, 1000 } };
		final String store = dir.resolve("store").toString();
		try (RetrievalClient client = RetrievalClient.open(store, pair.privateKey(), SignatureParameters.defaults(
			RetrievalImages.signatureBitDepth(crop(0, 0, 8, 8))), null, null, null))
		{
			assertEquals(16, client.parameters().bitDepth());
			final String[] ids = new String[at.length];
			for (int i = 0; i < at.length - 1; i++) {
				// The owner's path: encrypted as three channels, indexed by Y.
				final StoreEntry e = RetrievalImages.addToStore(client, "crop" + i, "", crop(at[i][0], at[i][1], 48,
					48), Progress.NONE);
				assertEquals(3, e.planes);
				assertEquals(8, e.bitDepth);
				ids[i] = e.id;
			}
			// The last through the key-holder protocol from a wide-slot RGB .mcimg.
			final int last = at.length - 1;
			final Path file = dir.resolve("last.mcimg");
			PaillierImages.encrypt(crop(at[last][0], at[last][1], 48, 48), KEY[1], file, PackingParameters
				.DEFAULT_LEVELS, Luma.SLOT_BITS, Progress.NONE);
			ids[last] = client.add("crop" + last, "", EncryptedImageFile.read(file, pair.publicKey()), null,
				Progress.NONE).id;
			for (int i = 0; i < at.length; i++) {
				// The query: the same region moved by one pixel, an RGB image of another size.
				final ImagePlus query = crop(at[i][0] + 1, at[i][1] + 1, 46, 46);
				final List<RetrievalClient.Match> matches = client.query(client.signatureOf(RetrievalImages
					.signaturePixels(query)), 2, Progress.NONE);
				assertEquals(ids[i], matches.get(0).entry.id, "query " + i);
				// The preview is the first stored plane's low band (the red channel), 8-bit.
				assertEquals(6 * 6, matches.get(0).preview.length);
			}
		}
	}
}
