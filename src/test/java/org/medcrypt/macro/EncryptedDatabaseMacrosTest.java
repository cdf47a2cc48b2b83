package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.Progress;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.Ranking;
import org.medcrypt.retrieval.RetrievalEvaluation;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.TestKeyFiles;

/**
 * The signature, encrypted-store and evaluation macros on real images: a crop of an MRI
 * slice from test-images/ and MedNIST images from the shared datasets, with
 * committed 2048-bit test keys ({@link TestKeyFiles}).
 */
class EncryptedDatabaseMacrosTest extends ShippedMacroTest {

	EncryptedDatabaseMacrosTest() {
		super(Set.of("build-wavelet-signature.ijm", "encrypted-database-add.ijm", "encrypted-database-query.ijm",
			"retrieval-evaluation.ijm"), "Build Wavelet Signature", "Encrypted Database Add",
			"Encrypted Database Query", "Retrieval Evaluation");
	}

	@Test
	void bothSignaturePathsGiveThePlaintextSignature() throws Exception {
		final PaillierKeyPair pair = TestKeyFiles.paillierPair("test-a");
		final Path[] keys = TestKeyFiles.paillier("test-a");
		final Path mri = mriCrop(64);
		final Path encrypted = dir.resolve("mri.mcimg");
		EncryptedImageFile.write(encrypted, PaillierImageCipher.encrypt(ImagePlusImgs.wrap(IJ.openImage(mri
			.toString())), pair.publicKey(), Progress.NONE));
		final Path owner = dir.resolve("owner.mcsig"), protocol = dir.resolve("protocol.mcsig");
		final String a = ij.returnOf("build-wavelet-signature.ijm", mri + "|" + keys[1] + "|" + owner);
		final String b = ij.returnOf("build-wavelet-signature.ijm", encrypted + "|" + keys[1] + "|" + protocol);
		assertEquals("k=64 intervals=256 ciphertexts=8", a, "2048-bit keys hold 51 slots of 40 bits: 2 ciphertexts per band");
		assertEquals(a, b);
		final long[] expected = WaveletSignature.of(ImagePlusImgs.wrap(IJ.openImage(mri.toString())),
			SignatureParameters.defaults(8), 8).counts();
		for (final Path sig : new Path[] { owner, protocol }) {
			assertArrayEquals(expected, EncryptedSignature.fromBytes(sig.toString(), Files.readAllBytes(sig), pair
				.publicKey()).decrypt(pair.privateKey()).counts(), sig.toString());
		}
		final String error = ij.errorOf("build-wavelet-signature.ijm", encrypted + "|" + keys[1] + "|" + dir.resolve(
			"x.mcsig") + "|5000|1");
		assertTrue(error.contains("interval width must be"), error);
	}

	@Test
	void addThenQueryReturnsThePlaintextRanking() throws Exception {
		// The same key as above: its encryption tables are built once per JVM.
		final PaillierKeyPair pair = TestKeyFiles.paillierPair("test-a");
		final Path[] keys = TestKeyFiles.paillier("test-a");
		final List<String> lines = Files.readAllLines(Datasets.file("mednist/labels.csv"), StandardCharsets.UTF_8);
		final List<Path> files = new ArrayList<>();
		for (int i = 1; i < lines.size(); i += 25) files.add(Datasets.file("mednist/" + lines.get(i).split(",")[0]));
		// The last image travels encrypted: its signature comes from the key-holder protocol.
		final Path last = dir.resolve("last.mcimg");
		EncryptedImageFile.write(last, PaillierImageCipher.encrypt(ImagePlusImgs.wrap(IJ.openImage(files.get(files
			.size() - 1).toString())), pair.publicKey(), Progress.NONE));
		final StringBuilder list = new StringBuilder();
		for (int i = 0; i < files.size() - 1; i++) list.append(files.get(i)).append(',');
		list.append(last);
		final Path store = dir.resolve("store");
		assertEquals("added=" + files.size() + " store=" + files.size(), ij.returnOf("encrypted-database-add.ijm",
			store + "|" + keys[1] + "|" + list + "|mednist"));

		final List<WaveletSignature> plain = new ArrayList<>();
		for (final Path f : files) {
			plain.add(WaveletSignature.of(ImagePlusImgs.wrap(IJ.openImage(f.toString())), SignatureParameters
				.defaults(8), 8));
		}
		final int q = 3;
		final StringBuilder expected = new StringBuilder();
		for (final int i : Ranking.nearest(plain.get(q), plain, -1, 5)) {
			if (expected.length() > 0) expected.append(',');
			expected.append(i == files.size() - 1 ? "last.mcimg" : files.get(i).getFileName().toString());
		}
		assertEquals(expected.toString(), ij.returnOf("encrypted-database-query.ijm", store + "|" + keys[1] + "|" +
			files.get(q) + "|5"));
		final ImagePlus montage = IJ.getImage();
		assertTrue(montage.getTitle().startsWith("Most similar to"), montage.getTitle());

		final String error = ij.errorOf("encrypted-database-query.ijm", dir.resolve("nowhere") + "|" + keys[1] +
			"|" + files.get(q));
		assertTrue(error.contains("neither a store folder nor host:port"), error);
	}

	@Test
	void evaluationMacroShowsEqualPlaintextAndEncryptedPrecision() throws Exception {
		final Path folder = dir.resolve("labelled");
		Files.createDirectories(folder);
		final List<String> lines = Files.readAllLines(Datasets.file("mednist/labels.csv"), StandardCharsets.UTF_8);
		final StringBuilder csv = new StringBuilder("path,label\n");
		final List<WaveletSignature> s16 = new ArrayList<>(), s64 = new ArrayList<>();
		final List<String> labels = new ArrayList<>();
		for (int i = 1; i < lines.size(); i += 25) { // two images of each of the six classes
			final String[] f = lines.get(i).split(",");
			final String name = f[0].replace('/', '_');
			Files.copy(Datasets.file("mednist/" + f[0]), folder.resolve(name));
			csv.append(name).append(',').append(f[1]).append('\n');
			labels.add(f[1]);
			final ImagePlus imp = IJ.openImage(folder.resolve(name).toString());
			s16.add(WaveletSignature.of(ImagePlusImgs.wrap(imp), SignatureParameters.of(8, 16, 1), 8));
			s64.add(WaveletSignature.of(ImagePlusImgs.wrap(imp), SignatureParameters.of(8, 64, 1), 8));
		}
		Files.write(folder.resolve("labels.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
		final String p16 = String.format("%.4f", RetrievalEvaluation.meanPrecision(s16, labels, 5));
		final String p64 = String.format("%.4f", RetrievalEvaluation.meanPrecision(s64, labels, 5));
		assertEquals("16=" + p16 + "/" + p16 + " 64=" + p64 + "/" + p64, ij.returnOf("retrieval-evaluation.ijm",
			folder + "|16,64|true"));
	}
}
