package org.medcrypt.retrieval;

import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.medcrypt.encimage.EncryptedHaar;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PolyphaseLayout;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.paillier.SlotPacking;

/**
 * Building a signature in the encrypted domain, replacing the paper's eq. 4
 * (which cannot work: {@code PaperEquationFourTest}).
 *
 * <ol>
 * <li>The server computes the Haar bands the signature needs on the packed
 * ciphertexts ({@link EncryptedHaar}) and sends them to the key holder: the
 * {@link BandRequest}.</li>
 * <li>The key holder decrypts them, tests every packed coefficient against the
 * intervals, and answers with the encrypted histograms: an
 * {@link EncryptedSignature}, which the server stores.</li>
 * </ol>
 *
 * The server sees only ciphertexts, before and after. The key holder sees the
 * image's wavelet coefficients, which it is entitled to (it holds the key to the
 * image itself) and which cost it as many decryptions as the image would;
 * docs/SECURITY.md explains why no cheaper blinding can hide them from it. The
 * result is the plaintext signature exactly, and equal to the owner's fast path
 * ({@link EncryptedSignature#encrypt} while encrypting).
 */
public final class SignatureProtocol {

	private static final byte[] MAGIC = { (byte) 0x89, 'M', 'C', 'B', 'R', '\r', '\n', 0x1A };
	private static final int VERSION = 1;

	/** The server's question: the encrypted bands and, per ciphertext, how many slots hold coefficients. */
	public static final class BandRequest {

		final SignatureParameters parameters;
		final String keyFingerprint;
		final long level1Coefficients;
		final int slotBits;
		/** The layout's polyphase grid, sent for the spatial signature only (it needs coefficient positions). */
		final int gridWidth, gridHeight;
		final BigInteger[][] bands;
		final int[][] used;

		BandRequest(final SignatureParameters parameters, final String keyFingerprint, final long level1Coefficients,
			final int slotBits, final int gridWidth, final int gridHeight, final BigInteger[][] bands,
			final int[][] used)
		{
			this.parameters = parameters;
			this.keyFingerprint = keyFingerprint;
			this.level1Coefficients = level1Coefficients;
			this.slotBits = slotBits;
			this.gridWidth = gridWidth;
			this.gridHeight = gridHeight;
			this.bands = bands;
			this.used = used;
		}

		private boolean spatial() {
			return parameters.method().spatial();
		}

		public SignatureParameters parameters() {
			return parameters;
		}

		public int ciphertextCount() {
			int n = 0;
			for (final BigInteger[] b : bands) n += b.length;
			return n;
		}

		public byte[] toBytes(final PaillierPublicKey key) {
			return Wire.seal(MAGIC, VERSION, out -> {
				FormatHeader.write(out, keyFingerprint, parameters, level1Coefficients);
				out.writeByte(slotBits);
				if (spatial()) {
					out.writeInt(gridWidth);
					out.writeInt(gridHeight);
				}
				out.writeByte(bands.length);
				for (int b = 0; b < bands.length; b++) {
					Wire.writeCiphertexts(out, bands[b], key.ciphertextBytes());
					for (final int u : used[b]) out.writeShort(u);
				}
			});
		}

		public static BandRequest fromBytes(final String what, final byte[] bytes, final PaillierPublicKey key)
			throws MedCryptException
		{
			return Wire.open(what, MAGIC, VERSION, bytes, in -> read(in, key, what));
		}

		private static BandRequest read(final DataInputStream in, final PaillierPublicKey key, final String what)
			throws IOException, MedCryptException
		{
			final FormatHeader header = FormatHeader.read(in, key, what);
			final SignatureParameters parameters = header.parameters;
			final int slotBits = in.readUnsignedByte();
			final SlotPacking packing = SlotPacking.forKey(key, slotBits);
			int gridWidth = 0, gridHeight = 0;
			if (parameters.method().spatial()) {
				gridWidth = in.readInt();
				gridHeight = in.readInt();
				if (gridWidth < 1 || gridHeight < 1 || (long) gridWidth * gridHeight * 16 != header.coefficients) {
					throw new IllegalArgumentException("grid " + gridWidth + "x" + gridHeight);
				}
			}
			final int count = in.readUnsignedByte();
			if (count != parameters.haarBands().size()) throw new IllegalArgumentException(count + " bands");
			final BigInteger[][] bands = new BigInteger[count][];
			final int[][] used = new int[count][];
			for (int b = 0; b < count; b++) {
				bands[b] = Wire.readCiphertexts(in, key.ciphertextBytes(), 1 << 24, key.modulusSquared());
				used[b] = new int[bands[b].length];
				for (int i = 0; i < used[b].length; i++) {
					used[b][i] = in.readUnsignedShort();
					if (used[b][i] > packing.slots()) throw new IllegalArgumentException("slot count " + used[b][i]);
				}
			}
			return new BandRequest(parameters, header.fingerprint, header.coefficients, slotBits, gridWidth,
				gridHeight, bands, used);
		}
	}

	private SignatureProtocol() {}

	/**
	 * Server side: the bands of the image's first plane that the signature
	 * needs, computed on ciphertexts. An RGB image's signature is that of its
	 * luma, formed first on the ciphertexts ({@link Luma#encrypted}).
	 */
	public static BandRequest request(final EncryptedImage encrypted, final PaillierPublicKey key,
		final SignatureParameters parameters) throws MedCryptException
	{
		if (parameters.bitDepth() != Luma.signatureBitDepth(encrypted)) {
			throw new UnsupportedImageException("The signature is defined for " + parameters.bitDepth() +
				"-bit images; this encrypted image is " + (encrypted.rgb() ? "RGB, indexed by its 16-bit luma"
					: encrypted.bitDepth() + "-bit") + ".");
		}
		if (parameters.levels() > encrypted.layout().levels()) {
			throw new UnsupportedImageException("This encrypted image is laid out for " + encrypted.layout().levels() +
				" Haar level(s); the signature needs " + parameters.levels() + ".");
		}
		final EncryptedImage image = Luma.encrypted(encrypted, key, parameters.levels());
		final PolyphaseLayout layout = image.layout();
		if (parameters.levels() > layout.levels()) {
			throw new UnsupportedImageException("This encrypted image is laid out for " + layout.levels() +
				" Haar level(s); the signature needs " + parameters.levels() + ".");
		}
		final EncryptedHaar.Band[][] haar = EncryptedHaar.transform(image, key, 0, parameters.levels());
		final List<SignatureParameters.Band> list = parameters.haarBands();
		final BigInteger[][] bands = new BigInteger[list.size()][];
		final int[][] used = new int[list.size()][];
		for (int b = 0; b < bands.length; b++) {
			final SignatureParameters.Band band = list.get(b);
			bands[b] = haar[band.level - 1][band.kind.ordinal()].ciphertexts;
			used[b] = new int[bands[b].length];
			for (int i = 0; i < used[b].length; i++) used[b][i] = layout.slotsUsed(i % layout.chunks());
		}
		return new BandRequest(parameters, image.keyFingerprint(), level1Coefficients(layout), image.slotBits(),
			layout.gridWidth(), layout.gridHeight(), bands, used);
	}

	/** Coefficients per level-1 band of an image with this layout: a quarter of its padded pixels. */
	public static long level1Coefficients(final PolyphaseLayout layout) {
		final long f = layout.factor();
		return (long) layout.gridWidth() * f * layout.gridHeight() * f / 4;
	}

	/**
	 * Key holder side: the packed interval tests. Every coefficient must fall in
	 * its band's range and every band must hold the announced number of
	 * coefficients; otherwise the request was not made from an encrypted image
	 * and is refused.
	 */
	public static EncryptedSignature answer(final BandRequest request, final PaillierPrivateKey key,
		final Progress progress) throws MedCryptException
	{
		return EncryptedSignature.encrypt(signature(decrypt(request, key, progress), request.parameters), key,
			SecureRandoms.forThisThread());
	}

	/** The decrypted coefficients of a request's bands, checked against the bands' ranges. */
	public static final class Coefficients {

		final long level1Coefficients;
		/** Per band of {@link SignatureParameters#haarBands()}; in raster order when {@link #width} > 0. */
		final long[][] values;
		/** The padded plane's size (0 if positions were not sent: only the histograms can be made). */
		final int width, height;

		Coefficients(final long level1Coefficients, final long[][] values, final int width, final int height) {
			this.level1Coefficients = level1Coefficients;
			this.values = values;
			this.width = width;
			this.height = height;
		}
	}

	/** Key holder side, first half: decrypts every band once. */
	public static Coefficients decrypt(final BandRequest request, final PaillierPrivateKey key,
		final Progress progress) throws MedCryptException
	{
		if (!request.keyFingerprint.equals(key.publicKey().fingerprint())) {
			throw new PeerFailureException("The server asked about an image encrypted for another key.");
		}
		final SlotPacking packing = SlotPacking.forKey(key.publicKey(), request.slotBits);
		final List<SignatureParameters.Band> list = request.parameters.haarBands();
		final long[][] values = new long[list.size()][];
		final AtomicLong done = new AtomicLong();
		final long total = request.ciphertextCount();
		for (int b = 0; b < values.length; b++) {
			final SignatureParameters.Band band = list.get(b);
			final BigInteger[] cts = request.bands[b];
			final int[] used = request.used[b];
			final int[] offset = new int[cts.length + 1];
			for (int i = 0; i < cts.length; i++) offset[i + 1] = offset[i] + used[i];
			final long[] out = values[b] = new long[offset[cts.length]];
			final AtomicLong outside = new AtomicLong();
			IntStream.range(0, cts.length).parallel().forEach(i -> {
				progress.checkCanceled();
				packing.unpack(key.decrypt(cts[i]), out, offset[i], used[i]);
				for (int j = offset[i]; j < offset[i + 1]; j++) if (band.interval(out[j]) < 0) outside.incrementAndGet();
				progress.report("Key holder: interval tests", done.incrementAndGet(), total);
			});
			if (outside.get() > 0) {
				throw new PeerFailureException("The server's band " + band + " holds " + outside.get() +
					" values that are not Haar coefficients of a " + request.parameters.bitDepth() +
					"-bit image; the request is refused.");
			}
		}
		if (!request.spatial()) return new Coefficients(request.level1Coefficients, values, 0, 0);
		// The spatial signature needs positions: the layout's order (EncryptedHaar#decrypt) back to raster order.
		final int gw = request.gridWidth, gh = request.gridHeight, big = (int) Math.round(Math.sqrt(4.0 * request
			.level1Coefficients / ((double) gw * gh)));
		if ((long) big * big * gw * gh != 4 * request.level1Coefficients) {
			throw new PeerFailureException("The server's grid does not match its coefficient count; the request is " +
				"refused.");
		}
		for (int b = 0; b < values.length; b++) {
			final int f = big >> list.get(b).level, width = gw * f;
			final BigInteger[] cts = request.bands[b];
			final int chunks = cts.length / (f * f);
			if (chunks * f * f != cts.length || values[b].length != (long) gw * gh * f * f) {
				throw new PeerFailureException("The server's band " + list.get(b) + " does not have the layout it " +
					"announced; the request is refused.");
			}
			final long[] raster = new long[values[b].length];
			int next = 0;
			for (int i = 0; i < cts.length; i++) {
				final int k = i % chunks, q = i / chunks, px = q % f, py = q / f;
				for (int j = 0; j < request.used[b][i]; j++) {
					final int g = k * packing.slots() + j;
					if (g >= gw * gh) throw new PeerFailureException("The server's band " + list.get(b) + " has more " +
						"slots than its grid; the request is refused.");
					raster[((g / gw) * f + py) * width + (g % gw) * f + px] = values[b][next++];
				}
			}
			values[b] = raster;
		}
		return new Coefficients(request.level1Coefficients, values, gw * big, gh * big);
	}

	/**
	 * Key holder side, second half: the histograms, for the request's parameters
	 * or any others with the same bit depth and levels (an evaluation over
	 * several Δ decrypts once).
	 */
	public static WaveletSignature signature(final Coefficients coefficients, final SignatureParameters parameters)
		throws MedCryptException
	{
		if (parameters.method().spatial()) {
			if (coefficients.width == 0 || coefficients.values.length != parameters.haarBands().size()) {
				throw new IllegalArgumentException("the spatial signature needs the 3-level bands with their positions");
			}
			final long[][][] haar = new long[SignatureParameters.MAX_LEVELS][4][];
			final List<SignatureParameters.Band> bands = parameters.haarBands();
			for (int b = 0; b < bands.size(); b++) {
				haar[bands.get(b).level - 1][bands.get(b).kind.ordinal()] = coefficients.values[b];
			}
			try {
				return WaveletSignature.fromCounts(parameters, SpatialSignature.NOMINAL_COEFFICIENTS, SpatialSignature
					.values(haar, coefficients.width, coefficients.height, parameters.bitDepth(), parameters.method()));
			}
			catch (final IllegalArgumentException | ArithmeticException e) {
				throw new PeerFailureException("The server's bands do not describe one image (" + e.getMessage() +
					"); the request is refused.", e);
			}
		}
		final List<SignatureParameters.Band> list = parameters.bands();
		if (list.size() != coefficients.values.length) throw new IllegalArgumentException("other levels");
		final long[][] counts = new long[list.size()][];
		for (int b = 0; b < counts.length; b++) {
			final SignatureParameters.Band band = list.get(b);
			counts[b] = new long[band.intervals];
			for (final long v : coefficients.values[b]) {
				final int i = band.interval(v);
				if (i < 0) throw new IllegalArgumentException("a coefficient outside " + band);
				counts[b][i]++;
			}
		}
		try {
			return WaveletSignature.fromCounts(parameters, coefficients.level1Coefficients, counts);
		}
		catch (final IllegalArgumentException e) {
			throw new PeerFailureException("The server's bands do not describe one image (" + e.getMessage() +
				"); the request is refused.", e);
		}
	}
}
