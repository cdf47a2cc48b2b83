package org.medcrypt.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import org.junit.jupiter.api.Test;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.TestKeys;
import org.medcrypt.testing.Datasets;

/**
 * The spatial signature in the encrypted domain is the plaintext one exactly:
 * built by the server's homomorphic Haar transform and the key holder's protocol
 * (or by the owner while encrypting), stored encrypted and ranked by the key
 * holder from the server's encrypted differences, it returns the plaintext
 * ranking, on real images of several sizes (one not a multiple of 8, so padded,
 * with bands over several ciphertexts per phase).
 */
class SpatialSignatureTest {

	private final PaillierKeyPair pair = TestKeys.small();

	/** Spatial and Spatial2, each image encrypted once and its signatures built for both methods. */
	@Test
	void encryptedRankingsEqualPlaintextRankingsOnRealImages() throws Exception {
		final List<Img<? extends IntegerType<?>>> images = new ArrayList<>();
		final List<String> lines = Files.readAllLines(Datasets.file("mednist/labels.csv"), StandardCharsets.UTF_8);
		for (int i = 1; i < lines.size(); i += 25) {
			images.add(RetrievalImages.load(Datasets.file("mednist/" + lines.get(i).split(",")[0])));
		}
		images.add(ultrasoundCrop());
		final List<EncryptedImage> encrypted = new ArrayList<>();
		for (final Img<? extends IntegerType<?>> img : images) {
			encrypted.add(PaillierImageCipher.encrypt(img, pair.publicKey(), Progress.NONE));
		}
		for (final SignatureParameters.Method method : new SignatureParameters.Method[] {
			SignatureParameters.Method.SPATIAL, SignatureParameters.Method.SPATIAL2 })
		{
			encryptedEqualsPlaintext(images, encrypted, SignatureParameters.spatial(method, 8));
		}
	}

	private void encryptedEqualsPlaintext(final List<Img<? extends IntegerType<?>>> images,
		final List<EncryptedImage> encrypted, final SignatureParameters parameters) throws Exception
	{
		final List<WaveletSignature> plain = new ArrayList<>();
		final List<EncryptedSignature> stored = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) {
			final EncryptedImage enc = encrypted.get(i);
			final WaveletSignature p = WaveletSignature.of(images.get(i), parameters, enc.layout().factor());
			plain.add(p);
			final EncryptedSignature s;
			if (i % 2 == 0) {
				// the server's request travels as bytes to the key holder, who answers with the encrypted signature
				final SignatureProtocol.BandRequest request = SignatureProtocol.BandRequest.fromBytes("request",
					SignatureProtocol.request(enc, pair.publicKey(), parameters).toBytes(pair.publicKey()), pair
						.publicKey());
				s = SignatureProtocol.answer(request, pair.privateKey(), Progress.NONE);
			}
			else {
				s = EncryptedSignature.encrypt(p, pair.privateKey(), SecureRandoms.forThisThread());
			}
			final EncryptedSignature read = EncryptedSignature.fromBytes("sig", s.toBytes(pair.publicKey()), pair
				.publicKey());
			assertEquals(parameters, read.parameters());
			assertArrayEquals(p.counts(), read.decrypt(pair.privateKey()).counts(), "image " + i);
			stored.add(read);
		}
		// every image queries the others through the query protocol: the whole ranking equals the plaintext one
		final int n = images.size();
		int expanded = 0;
		for (int q = 0; q < n; q++) {
			final List<EncryptedSignature> others = new ArrayList<>(stored);
			others.remove(q);
			// the key holder's own query against the stored encrypted signatures (read back from their bytes)
			final int[] top = QueryProtocol.rank(plain.get(q), others, pair.privateKey(), n - 1, Progress.NONE);
			for (int r = 0; r < top.length; r++) if (top[r] >= q) top[r]++;
			assertArrayEquals(RetrievalEvaluation.nearest(plain, q, n - 1), top, parameters + ", query " + q);
			final Distance[] direct = new Distance[n];
			for (int i = 0; i < n; i++) direct[i] = plain.get(q).distance(plain.get(i));
			if (!java.util.Arrays.equals(Ranking.nearest(direct, q, n - 1), top)) expanded++;
		}
		// Spatial2's query expansion is on this path, and changes rankings here
		assertEquals(parameters.method().expandsQuery(), expanded > 0, parameters + ": " + expanded);
		// the signature tells images apart: no two of these are at distance 0
		for (int q = 0; q < n; q++) {
			for (int i = q + 1; i < n; i++) assertTrue(plain.get(q).distance(plain.get(i)).value() > 0);
		}
	}

	/**
	 * Spatial2 ranks by D(q, s) + ½·D(n, s), n the stored image nearest to the
	 * query (query expansion, {@link Ranking}); the paper's signature and Spatial
	 * by D(q, s) alone. Checked against the rule written out in doubles (exact
	 * here: every spatial distance has the scale 2^20) on 30 MedNIST images, and
	 * the expansion does change rankings (else this and the encrypted-equals-
	 * plaintext test above would prove nothing about it).
	 */
	@Test
	void spatial2ExpandsTheQueryWithItsNearestStoredImage() throws Exception {
		final List<Img<? extends IntegerType<?>>> images = new ArrayList<>();
		final List<String> lines = Files.readAllLines(Datasets.file("mednist/labels.csv"), StandardCharsets.UTF_8);
		for (int i = 1; i < lines.size(); i += 10) {
			images.add(RetrievalImages.load(Datasets.file("mednist/" + lines.get(i).split(",")[0])));
		}
		final int n = images.size();
		for (final SignatureParameters parameters : new SignatureParameters[] { SignatureParameters.defaults(8),
			SignatureParameters.spatial(8), SignatureParameters.spatial(SignatureParameters.Method.SPATIAL2, 8) })
		{
			final boolean expands = parameters.method() == SignatureParameters.Method.SPATIAL2;
			assertEquals(expands, parameters.method().expandsQuery());
			final List<WaveletSignature> plain = new ArrayList<>();
			for (final Img<? extends IntegerType<?>> img : images) plain.add(WaveletSignature.of(img, parameters, 8));
			int changed = 0;
			for (int q = 0; q < n; q++) {
				final double[] direct = new double[n];
				for (int i = 0; i < n; i++) direct[i] = plain.get(q).distance(plain.get(i)).value();
				int first = q == 0 ? 1 : 0;
				for (int i = 0; i < n; i++) if (i != q && direct[i] < direct[first]) first = i;
				final double[] rule = new double[n];
				for (int i = 0; i < n; i++) {
					rule[i] = direct[i] + (expands ? 0.5 * plain.get(first).distance(plain.get(i)).value() : 0);
				}
				final int[] ranked = RetrievalEvaluation.nearest(plain, q, n - 1);
				assertArrayEquals(order(rule, q), ranked, parameters + ", query " + q);
				assertEquals(first, ranked[0], "the nearest stored image stays first");
				if (!java.util.Arrays.equals(order(direct, q), ranked)) changed++;
			}
			if (expands) assertTrue(changed > n / 4, changed + " of " + n + " rankings changed");
			else assertEquals(0, changed);
		}
	}

	/** Positions by increasing value, ties by position, {@code exclude} skipped. */
	private static int[] order(final double[] values, final int exclude) {
		return java.util.stream.IntStream.range(0, values.length).filter(i -> i != exclude).boxed().sorted((a, b) -> {
			final int c = Double.compare(values[a], values[b]);
			return c != 0 ? c : Integer.compare(a, b);
		}).mapToInt(Integer::intValue).toArray();
	}

	@Test
	void theComparisonShowsBothSignaturesWithEncryptedEqualToPlaintext() throws Exception {
		final List<Img<? extends IntegerType<?>>> images = new ArrayList<>();
		final List<String> labels = new ArrayList<>();
		final List<String> lines = Files.readAllLines(Datasets.file("mednist/labels.csv"), StandardCharsets.UTF_8);
		for (int i = 1; i < lines.size(); i += 25) {
			images.add(RetrievalImages.load(Datasets.file("mednist/" + lines.get(i).split(",")[0])));
			labels.add(lines.get(i).split(",")[1]);
		}
		final SignatureComparison.Result r = SignatureComparison.compare(images, labels, 8, 5, pair, 3,
			Progress.NONE);
		assertEquals(3, r.rows.size());
		assertEquals(SignatureParameters.Method.PAPER, r.rows.get(0).parameters.method());
		assertEquals(SignatureParameters.Method.SPATIAL, r.rows.get(1).parameters.method());
		assertEquals(SignatureParameters.Method.SPATIAL2, r.rows.get(2).parameters.method());
		assertEquals(6, r.classes.size());
		assertTrue(r.encryptedEqualsPlaintext());
		for (final SignatureComparison.Row row : r.rows) {
			assertEquals(3, row.identicalRankings);
			// the per-class precisions average to the mean precision at d = 5 (every class has 2 queries)
			double mean = 0;
			for (final double c : row.perClass) mean += c / row.perClass.length;
			assertEquals(row.plaintext[4], mean, 1e-12);
			final List<WaveletSignature> plain = new ArrayList<>();
			for (final Img<? extends IntegerType<?>> img : images) plain.add(WaveletSignature.of(img, row.parameters, 8));
			for (int d = 1; d <= SignatureComparison.MAX_D; d++) {
				assertEquals(RetrievalEvaluation.meanPrecision(plain, labels, d), row.plaintext[d - 1], 1e-12);
			}
		}
	}

	/**
	 * Spatial2's root norm is exact in integers: floor(√(|d|·2^16)) at the edges of its range and on a sweep, so
	 * the owner, the key holder and the evaluation rank by the same integers; and it is what the distance sums.
	 */
	@Test
	void theRootNormIsAnExactIntegerSquareRoot() throws Exception {
		assertEquals(0, WaveletSignature.rootTerm(0));
		assertEquals(256, WaveletSignature.rootTerm(-1));
		assertEquals(362, WaveletSignature.rootTerm(2)); // √131072 = 362.04
		assertEquals(1L << 18, WaveletSignature.rootTerm(SpatialSignature.NOMINAL_COEFFICIENTS));
		for (long d = 1; d <= SpatialSignature.NOMINAL_COEFFICIENTS; d = d * 3 + 1) {
			for (final long v : new long[] { d, d + 1, -d }) {
				final long r = WaveletSignature.rootTerm(v), x = Math.abs(v) << 16;
				assertTrue(r * r <= x && (r + 1) * (r + 1) > x, v + " -> " + r);
			}
		}
		// the distance of two real Spatial2 signatures is Σ root terms of the energy blocks + 2·L1(LL1) + L1(details)
		final List<String> lines = Files.readAllLines(Datasets.file("mednist/labels.csv"), StandardCharsets.UTF_8);
		final SignatureParameters parameters = SignatureParameters.spatial(SignatureParameters.Method.SPATIAL2, 8);
		final WaveletSignature a = WaveletSignature.of(RetrievalImages.load(Datasets.file("mednist/" + lines.get(1)
			.split(",")[0])), parameters, 8);
		final WaveletSignature b = WaveletSignature.of(RetrievalImages.load(Datasets.file("mednist/" + lines.get(2)
			.split(",")[0])), parameters, 8);
		long sum = 0;
		for (int block = 0; block < 8; block++) {
			final long[] p = a.counts(block), q = b.counts(block);
			for (int i = 0; i < p.length; i++) {
				sum += block < 4 ? WaveletSignature.rootTerm(p[i] - q[i]) : (block == 4 ? 2 : 1) * Math.abs(p[i] - q[i]);
			}
		}
		assertTrue(sum > 0);
		assertEquals(Distance.of(sum, 1, SpatialSignature.NOMINAL_COEFFICIENTS), a.distance(b));
	}

	/** 150 x 101 pixels of a real ultrasound: padded to 152 x 104, bands over several ciphertexts per phase. */
	private static Img<? extends IntegerType<?>> ultrasoundCrop() throws Exception {
		final ImagePlus us = ImageFiles.open(Datasets.samplePng("us_pelvis_aloka_gray8_396x400_crop.png"));
		us.setRoi(120, 150, 150, 101);
		final Img<? extends IntegerType<?>> crop = ImagePlusImgs.wrap(us.crop());
		assertEquals(150, crop.dimension(0));
		return crop;
	}

	@Test
	void aRequestWhoseGridDoesNotMatchItsBandsIsRefused() throws Exception {
		final EncryptedImage enc = PaillierImageCipher.encrypt(ultrasoundCrop(), pair.publicKey(), Progress.NONE);
		final SignatureProtocol.BandRequest request = SignatureProtocol.request(enc, pair.publicKey(),
			SignatureParameters.spatial(8));
		// the key holder is asked for the same bands as the paper's 3-level signature: it sees nothing more
		assertEquals(SignatureParameters.of(8, 16, 3).bands().size(), request.bands.length);
		assertEquals(SignatureParameters.of(8, 16, 3).bands().size(), SignatureProtocol.request(enc, pair
			.publicKey(), SignatureParameters.of(8, 16, 3)).bands.length);
		// A grid that does not fit the announced coefficient count is refused on reading, and by the key holder.
		final SignatureProtocol.BandRequest forged = new SignatureProtocol.BandRequest(request.parameters,
			request.keyFingerprint, request.level1Coefficients, request.slotBits, request.gridWidth + 1,
			request.gridHeight, request.bands, request.used);
		assertThrows(DamagedFileException.class, () -> SignatureProtocol.BandRequest.fromBytes("request", forged
			.toBytes(pair.publicKey()), pair.publicKey()));
		assertThrows(PeerFailureException.class, () -> SignatureProtocol.answer(forged, pair.privateKey(),
			Progress.NONE));
	}
}
