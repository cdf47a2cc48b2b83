package org.medcrypt.ij;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierEncrypter;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.Luma;
import org.medcrypt.retrieval.RetrievalEvaluation;
import org.medcrypt.retrieval.SignatureComparison;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.SignatureProtocol;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.EntryContent;
import org.medcrypt.retrieval.store.StoreEntry;

/**
 * The one entry point of the retrieval capabilities that start from ImageJ
 * images or image folders (an encrypted signature file; the precision
 * evaluation), for the Fiji commands and the command line alike.
 */
public final class RetrievalImages {

	private RetrievalImages() {}

	/** A signature written to its file. */
	public static final class Signature {

		public final EncryptedSignature signature;
		/** The image's title or the encrypted file's name. */
		public final String name;
		/** True if built through the key-holder protocol (from a {@code .mcimg}), false by the owner. */
		public final boolean protocol;
		public final double seconds;

		Signature(final EncryptedSignature signature, final String name, final boolean protocol, final double seconds) {
			this.signature = signature;
			this.name = name;
			this.protocol = protocol;
			this.seconds = seconds;
		}
	}

	/**
	 * Builds an image's encrypted wavelet signature and writes it to {@code out}
	 * (never over an existing file): from {@code encryptedFile} through the
	 * key-holder protocol that replaces the paper's eq. 4 if it is given, else by
	 * the owner from {@code imp}. Both equal the plaintext signature (paper 1, section 2.3).
	 */
	public static Signature signature(final ImagePlus imp, final Path encryptedFile, final Path keyFile,
		final SignatureParameters.Method method, final int levels, final int delta, final int k, final Path out,
		final Progress progress)
		throws MedCryptException
	{
		final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(keyFile);
		final long start = System.nanoTime();
		final EncryptedSignature signature;
		final String name;
		if (encryptedFile != null) {
			final EncryptedImage image = EncryptedImageFile.read(encryptedFile, key.publicKey());
			name = encryptedFile.getFileName().toString();
			final SignatureProtocol.BandRequest request = SignatureProtocol.request(image, key.publicKey(),
				SignatureParameters.resolve(method, Luma.signatureBitDepth(image), delta, k, levels));
			signature = SignatureProtocol.answer(request, key, progress);
		}
		else {
			if (imp == null) throw new MedCryptException("Open the image first, or build from an encrypted file.");
			name = imp.getTitle();
			signature = EncryptedSignature.encrypt(WaveletSignature.of(signaturePixels(imp), SignatureParameters
				.resolve(method, signatureBitDepth(imp), delta, k, levels), 1 << PackingParameters.DEFAULT_LEVELS), key,
				SecureRandoms.forThisThread());
		}
		try {
			AtomicFiles.write(out, AtomicFiles.IfExists.FAIL, false, signature.toBytes(key.publicKey()));
		}
		catch (final FileAlreadyExistsException e) {
			throw new OutputExistsException(out + " already exists; MedCrypt does not overwrite files.", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not write " + out + ": " + e.getMessage(), e);
		}
		return new Signature(signature, name, encryptedFile != null, (System.nanoTime() - start) / 1e9);
	}

	/** The bit depth of an image's signature: 16 for an RGB image (its luma, {@link Luma}), else its own. */
	public static int signatureBitDepth(final ImagePlus imp) {
		return imp.getType() == ImagePlus.COLOR_RGB ? Luma.BIT_DEPTH : imp.getBitDepth();
	}

	/** The pixels an image's signature is computed on: an RGB image's luma (a 16-bit copy), else the image itself. */
	public static RandomAccessibleInterval<? extends IntegerType<?>> signaturePixels(final ImagePlus imp)
		throws MedCryptException
	{
		return imp.getType() == ImagePlus.COLOR_RGB ? Luma.of(PaillierImages.channelPlanes(imp)) : ImagePlusImgs
			.wrap(imp);
	}

	/**
	 * The owner's path into a store: encrypts the open image with the private
	 * key and adds it with the signature of its pixels; an RGB image is stored as
	 * its three channel planes with the signature of its luma.
	 */
	public static StoreEntry addToStore(final RetrievalClient client, final String name, final String label,
		final ImagePlus imp, final Progress progress) throws MedCryptException
	{
		return imp.getType() == ImagePlus.COLOR_RGB ? client.addRgbImage(name, label, PaillierImages.channelPlanes(
			imp), progress) : client.addImage(name, label, ImagePlusImgs.wrap(imp), progress);
	}

	/**
	 * What {@link #addToStore} stores for an image file, made apart from any
	 * store (the Spark bulk job's tasks): opened as {@link ImageFiles#open}
	 * opens it, encrypted with {@code key} (a public key, or the owner's private
	 * key) and signed as {@link EntryContent} does for every path into a store.
	 */
	public static EntryContent encryptForStore(final Path file, final PaillierEncrypter key,
		final SignatureParameters parameters, final Progress progress) throws MedCryptException
	{
		final ImagePlus imp = ImageFiles.open(file);
		return imp.getType() == ImagePlus.COLOR_RGB ? EntryContent.ofRgb(PaillierImages.channelPlanes(imp), key,
			parameters, progress) : EntryContent.of(ImagePlusImgs.wrap(imp), key, parameters, progress);
	}

	/**
	 * The plaintext signature {@link #encryptForStore} encrypts for an image
	 * file, without encrypting anything (plaintext Haar transform only): what a
	 * Spark task that finds the file's entry already staged seals into its
	 * index segment.
	 */
	public static WaveletSignature signatureForStore(final Path file,
		final SignatureParameters parameters) throws MedCryptException
	{
		return EntryContent.plaintextSignature(signaturePixels(ImageFiles.open(file)), parameters);
	}

	/** The bit depth of an image file's signature ({@link #signatureBitDepth(ImagePlus)}): what a new store needs. */
	public static int signatureBitDepth(final Path file) throws MedCryptException {
		return signatureBitDepth(ImageFiles.open(file));
	}

	/** A precision evaluation over a labelled folder. */
	public static final class Evaluation {

		public final LabelledImages set;
		public final RetrievalEvaluation.Table table;
		/** The fresh key's size in bits for the encrypted run, 0 if only plaintext ran. */
		public final int keyBits;
		/** The fresh key of the encrypted run (null if only plaintext ran), reused by {@link #compare}. */
		private final PaillierKeyPair keys;

		Evaluation(final LabelledImages set, final RetrievalEvaluation.Table table, final PaillierKeyPair keys) {
			this.set = set;
			this.table = table;
			this.keys = keys;
			this.keyBits = keys == null ? 0 : keys.publicKey().bitLength();
		}

		/** True if the encrypted method ran. */
		public boolean encrypted() {
			return keyBits > 0;
		}

		/** Stops with a message if the encrypted method ran and differs from the plaintext one. */
		public void check() throws MedCryptException {
			if (encrypted() && !table.encryptedEqualsPlaintext()) {
				throw new MedCryptException(
					"The encrypted retrieval differs from the plaintext method; please report it.");
			}
		}
	}

	/**
	 * Mean precision at d over {@code folder} (labels.csv: path,label) for each
	 * interval width in {@code deltas} (comma-separated), plaintext and, if
	 * {@code encrypted}, encrypted under a fresh {@code bits}-bit key, with
	 * {@code protocolQueries} queries through the full protocol (paper 1, figure 2).
	 */
	public static Evaluation evaluate(final Path folder, final String deltas, final int d, final boolean encrypted,
		final int bits, final int protocolQueries, final Progress progress) throws MedCryptException
	{
		final int[] widths;
		try {
			widths = java.util.Arrays.stream(deltas.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
		}
		catch (final NumberFormatException e) {
			throw new MedCryptException("Interval widths must be whole numbers separated by commas, like 4,16,64.", e);
		}
		final LabelledImages set = LabelledImages.read(folder, progress);
		final PaillierKeyPair keys = encrypted ? PaillierKeyGenerator.generate(bits, new SecureRandom()) : null;
		try {
			return new Evaluation(set, RetrievalEvaluation.evaluate(set.images, set.labels, set.bitDepth(), widths, d,
				keys, protocolQueries, progress), keys);
		}
		catch (final IllegalArgumentException e) {
			throw new MedCryptException(e.getMessage() + ".", e);
		}
	}

	/**
	 * The paper's and the spatial signatures (Spatial, Spatial2) side by side on the labelled set of
	 * an {@link #evaluate evaluation}: mean precision at d = 1..10, and per class
	 * at {@code d}; plaintext and, if the evaluation was encrypted, encrypted under
	 * its key (issue 13). Stops with a message if an encrypted result differs
	 * from the plaintext one.
	 */
	public static SignatureComparison.Result compare(final Evaluation evaluation, final int d,
		final int protocolQueries, final Progress progress) throws MedCryptException
	{
		final LabelledImages set = evaluation.set;
		final PaillierKeyPair keys = evaluation.keys;
		final SignatureComparison.Result result;
		try {
			result = SignatureComparison.compare(set.images, set.labels, set.bitDepth(), d, keys, protocolQueries,
				progress);
		}
		catch (final IllegalArgumentException e) {
			throw new MedCryptException(e.getMessage() + ".", e);
		}
		if (keys != null && !result.encryptedEqualsPlaintext()) {
			throw new MedCryptException("The encrypted retrieval differs from the plaintext method; please report it.");
		}
		return result;
	}
}
