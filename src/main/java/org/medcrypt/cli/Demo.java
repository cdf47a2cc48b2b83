package org.medcrypt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ImageConverter;
import ij.process.ImageProcessor;
import org.medcrypt.cipher.ImageStatistics;
import org.medcrypt.cipher.LeakageStudy;
import org.medcrypt.encimage.CiphertextView;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.GlobalMean;
import org.medcrypt.groundtruth.GroundTruthStatistics;
import org.medcrypt.groundtruth.InProcessStudy;
import org.medcrypt.groundtruth.LabeledImage;
import org.medcrypt.groundtruth.Standardization;
import org.medcrypt.groundtruth.StudyParameters;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.ij.LeakageImages;
import org.medcrypt.ij.ResultMontage;
import org.medcrypt.ij.TransferImages;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.retrieval.Ranking;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.index.IndexVersions;
import org.medcrypt.retrieval.index.StoreIndex;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.transfer.OpenedRegister;
import org.medcrypt.transfer.SecureTransfer;

/**
 * The headless demo of the whole pipeline over a folder of images: a physician's
 * key pair, then for each image Paillier encryption into a file, what an attacker
 * sees, decryption and a bit-exact check; an encrypted retrieval store and its
 * queries; secure transfer of every image with a tampering check; the
 * block-cipher leakage study; and Algorithm 1 over three labs. Writes figures,
 * report.md and results.csv into a new time-stamped folder. Grows with every
 * capability.
 */
final class Demo {

	/** Labs of the collaboration section, and its window size. */
	private static final int LABS = 3, WINDOW = 5;

	private static final String[] IMAGE_SUFFIXES = { ".dcm", ".png", ".jpg", ".jpeg", ".tif", ".tiff" };

	private final Path images, outRoot;
	private final int bits;
	private final PrintStream console;
	/** This run's folder, new to it: every output goes inside, so none can replace an earlier one. */
	private Path out;

	Demo(final Path images, final Path outRoot, final int bits, final PrintStream console) {
		this.images = images;
		this.outRoot = outRoot;
		this.bits = bits;
		this.console = console;
	}

	void run() throws MedCryptException {
		final List<Path> files = imageFiles();
		out = newFolder(outRoot, new SimpleDateFormat("yyyyMMdd-HHmmss", Locale.ROOT).format(new Date()));
		console.println("MedCrypt demo: " + files.size() + " images from " + images + " -> " + out);
		final StringBuilder report = new StringBuilder("# MedCrypt demo\n\n");
		final StringBuilder csv = new StringBuilder(
			"image,width,height,planes,bit_depth,ciphertexts,expansion,encrypt_s,decrypt_s,bit_exact\n");

		// 1. The physician's keys. The private key file is what a key holder keeps.
		long t = System.nanoTime();
		final PaillierKeyPair generated = PaillierKeyGenerator.generate(bits, new SecureRandom());
		final double keygen = seconds(t);
		final Path[] keyFiles = PaillierKeyFiles.writePair(out.resolve("keys"), "physician", generated);
		final PaillierPublicKey publicKey = PaillierKeyFiles.readPublic(keyFiles[0]);
		final PaillierPrivateKey privateKey = PaillierKeyFiles.readPrivate(keyFiles[1]);
		t = System.nanoTime();
		privateKey.precompute();
		final double tables = seconds(t);
		report.append(String.format(Locale.ROOT, "## Paillier keys\n\n%d-bit modulus (%d-bit security), key %s. " +
			"Generation %.2f s; fixed-base tables for encryption %.2f s.\n\n", bits, PaillierKeyGenerator
				.securityBits(bits), publicKey.fingerprint(), keygen, tables));

		// 2. Each image: encrypt (as the owner), store, show the ciphertext, decrypt, compare.
		report.append("## Encrypted images\n\n| image | size | bits | ciphertexts | expansion | encrypt (s) | " +
			"decrypt (s) | bit-exact |\n|---|---|---|---|---|---|---|---|\n");
		boolean allExact = true;
		final List<String> grayNames = new java.util.ArrayList<>();
		final List<ImagePlus> grayImages = new java.util.ArrayList<>();
		final List<EncryptedImage> grayEncrypted = new java.util.ArrayList<>();
		for (final Path file : files) {
			final String name = file.getFileName().toString();
			ImagePlus imp = ImageFiles.open(file);
			if (imp.getBitDepth() == 24) {
				new ImageConverter(imp).convertToGray8(); // the demo's RGB photos become 8-bit gray
			}
			final Path dir = out.resolve(name.replace('.', '_'));
			t = System.nanoTime();
			final EncryptedImage enc = PaillierImageCipher.encrypt(ImagePlusImgs.wrap(imp), privateKey,
				Progress.NONE);
			final double encSeconds = seconds(t);
			final Path encFile = dir.resolve(name + EncryptedImageFile.SUFFIX);
			EncryptedImageFile.write(encFile, enc);

			t = System.nanoTime();
			final EncryptedImage stored = EncryptedImageFile.read(encFile, publicKey);
			final ImagePlus decrypted = ImagePlusImgs.toImagePlus("decrypted " + name, PaillierImageCipher.decrypt(
				stored, privateKey, Progress.NONE));
			final double decSeconds = seconds(t);
			final boolean exact = samePixels(imp, decrypted);
			allExact &= exact;
			if (imp.getBitDepth() == 8 && imp.getStackSize() == 1) {
				grayNames.add(name);
				grayImages.add(imp);
				grayEncrypted.add(enc);
			}

			final ImagePlus view = ImagePlusImgs.toImagePlus("ciphertext " + name, CiphertextView.render(enc));
			ImageFiles.saveTiff(decrypted, dir.resolve("decrypted.tif"));
			final Path figure = dir.resolve("figure.png");
			ImageFiles.savePng(montage(new String[] { "original", "what an attacker sees", "decrypted" }, imp, view,
				decrypted), figure);
			final String size = imp.getWidth() + "x" + imp.getHeight() + (imp.getStackSize() > 1 ? "x" + imp
				.getStackSize() : "");
			report.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2fx | %.2f | %.2f | %s |\n", name,
				size, imp.getBitDepth(), enc.ciphertexts().length, enc.expansion(), encSeconds, decSeconds, exact
					? "yes" : "**NO**"));
			csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.4f,%.4f,%.4f,%s\n", name, imp.getWidth(), imp
				.getHeight(), imp.getStackSize(), imp.getBitDepth(), enc.ciphertexts().length, enc.expansion(),
				encSeconds, decSeconds, exact));
			console.printf(Locale.ROOT, "  %-28s %-10s %2d-bit  %5d ciphertexts  %.2fx  enc %.2f s  dec %.2f s  %s%n",
				name, size, imp.getBitDepth(), enc.ciphertexts().length, enc.expansion(), encSeconds, decSeconds,
				exact ? "bit-exact" : "MISMATCH");
		}
		report.append("\nEach folder holds the encrypted file (`.mcimg`), `decrypted.tif` and `figure.png` " +
			"(original | what an attacker sees | decrypted).\n");
		final boolean retrievalExact = retrieval(privateKey, grayNames, grayImages, grayEncrypted, report);
		final boolean transferExact = secureTransfer(files, report);
		leakageStudy(files, report);
		final boolean collaborationExact = collaboration(files, report);
		write(out.resolve("report.md"), report.toString());
		write(out.resolve("results.csv"), csv.toString());
		console.println("report: " + out.resolve("report.md"));
		if (!allExact) throw new MedCryptException("A decrypted image differs from its original: see the report.");
		if (!retrievalExact) throw new MedCryptException("Encrypted retrieval differs from the plaintext method.");
		if (!transferExact) throw new MedCryptException("Secure transfer did not give an image back bit-exact, or " +
			"accepted an altered one: see the report.");
		if (!collaborationExact) throw new MedCryptException("The secure collaboration's statistics differ from the " +
			"pooled plaintext computation: see the report.");
	}

	/**
	 * Secure retrieval, paper 1: the 8-bit images go into an encrypted store (the first through the
	 * key-holder signature protocol, the others with the owner's signature), then each is the query.
	 * Returns whether every signature and ranking equals the plaintext method's.
	 */
	private boolean retrieval(final PaillierPrivateKey key, final List<String> names, final List<ImagePlus> imps,
		final List<EncryptedImage> encrypted, final StringBuilder report) throws MedCryptException
	{
		if (names.size() < 2) return true;
		final SignatureParameters parameters = SignatureParameters.defaults(8);
		final EncryptedStore store = EncryptedStore.create(out.resolve("store"), key.publicKey(), parameters);
		final List<WaveletSignature> plain = new java.util.ArrayList<>();
		boolean exact = true;
		report.append("\n## Secure retrieval: encrypted store and queries\n\nStore `store/` with the 8-bit images " +
			"(signature " + parameters + "); `" + names.get(0) + "` was indexed by the key-holder protocol (the " +
			"server computed its bands on ciphertexts), the others with the owner's signature. Each image is then " +
			"the query; the server never sees it, nor any distance.\n\n| query | returned, nearest first | query (s) " +
			"| same as plaintext |\n|---|---|---|---|\n");
		try (RetrievalClient client = RetrievalClient.local(store, key)) {
			final List<StoreEntry> entries = new java.util.ArrayList<>();
			for (int i = 0; i < names.size(); i++) {
				plain.add(WaveletSignature.of(ImagePlusImgs.wrap(imps.get(i)), parameters, 1 <<
					PackingParameters.DEFAULT_LEVELS));
				entries.add(client.add(names.get(i), "", encrypted.get(i), i == 0 ? null : client.signatureOf(
					ImagePlusImgs.wrap(imps.get(i))), Progress.NONE));
			}
			exact &= java.util.Arrays.equals(plain.get(0).counts(), store.signature(entries.get(0)).decrypt(key)
				.counts());
			exact &= queries(client, RetrievalClient.Mode.PAPER, "query", names, imps, plain, entries, report, out
				.resolve("store-query.png"));
			report.append("\n`store-query.png`: the results of the first query, previewed from their encrypted LL " +
				"bands (the key holder decrypts 1/64 of each image).\n");
			exact &= indexQueries(store, key, client, names, imps, plain, entries, report);
		}
		return exact;
	}

	/**
	 * Queries at scale (issue 15): the key holder seals the store's signatures into its index
	 * ({@code store-index}), then every image queries again in index mode, where the key holder scans the
	 * sealed index itself and opens sealed previews: no Paillier decryption, the same ranking. The register
	 * of index versions is the demo's own, never the user's.
	 */
	private boolean indexQueries(final EncryptedStore store, final PaillierPrivateKey key,
		final RetrievalClient client, final List<String> names, final List<ImagePlus> imps,
		final List<WaveletSignature> plain, final List<StoreEntry> entries, final StringBuilder report)
		throws MedCryptException
	{
		final IndexVersions versions = new IndexVersions(out.resolve("index-versions.tsv"));
		final StoreIndex.Update update = StoreIndex.update(store, key, versions, Progress.NONE);
		console.printf(Locale.ROOT, "  store-index: %s%n", update);
		report.append("\n### Sealed index mode\n\n`store-index`: " + update + ". Each image queries again; the " +
			"key holder scans its sealed index and opens sealed previews (no Paillier decryption).\n\n| query | " +
			"returned, nearest first | query (s) | same as plaintext |\n|---|---|---|---|\n");
		return queries(client.withVersions(versions), RetrievalClient.Mode.INDEX, "index query", names, imps, plain,
			entries, report, null);
	}

	/**
	 * Every image queries the store in {@code mode}; its ranking must equal the plaintext one
	 * ({@link Ranking}). A report row and a console line per query; the first query's results as a montage
	 * at {@code montage} unless null.
	 */
	private boolean queries(final RetrievalClient client, final RetrievalClient.Mode mode, final String label,
		final List<String> names, final List<ImagePlus> imps, final List<WaveletSignature> plain,
		final List<StoreEntry> entries, final StringBuilder report, final Path montage) throws MedCryptException
	{
		boolean exact = true;
		for (int q = 0; q < names.size(); q++) {
			final long t = System.nanoTime();
			final List<RetrievalClient.Match> matches = client.query(client.signatureOf(ImagePlusImgs.wrap(imps.get(
				q))), names.size(), mode, Progress.NONE);
			final double s = seconds(t);
			final int[] expected = Ranking.nearest(plain.get(q), plain, -1, names.size());
			final StringBuilder returned = new StringBuilder();
			boolean same = matches.size() == expected.length;
			for (int r = 0; r < matches.size(); r++) {
				returned.append(r == 0 ? "" : ", ").append(matches.get(r).entry.name);
				same &= matches.get(r).entry.id.equals(entries.get(expected[r]).id);
			}
			exact &= same;
			report.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s |\n", names.get(q), returned, s, same
				? "yes" : "**NO**"));
			console.printf(Locale.ROOT, "  %-11s %-16s -> %s (%.2f s)%s%n", label, names.get(q), returned, s, same
				? "" : "  DIFFERS FROM PLAINTEXT");
			if (q == 0 && montage != null) ImageFiles.savePng(ResultMontage.of("results", matches), montage);
		}
		return exact;
	}

	/**
	 * Secure transfer, the default authenticated path ({@link SecureTransfer}): fresh RSA key pairs for a
	 * sender and a recipient; every image, as it is (RGB too), sealed and saved as TIFF in its folder, read
	 * back and opened, then a copy with one pixel bit flipped, which opening must refuse. Returns whether
	 * every image came back bit-exact and every altered copy was refused.
	 */
	private boolean secureTransfer(final List<Path> files, final StringBuilder report) throws MedCryptException {
		final SecureRandom random = new SecureRandom();
		final Path keys = out.resolve("keys");
		long t = System.nanoTime();
		for (final String party : new String[] { "sender", "recipient" }) {
			RsaKeyFiles.write(RsaKeyFiles.generate(RsaKeyFiles.DEFAULT_BITS, random), keys.resolve(party +
				".rsa.key.pem"), keys.resolve(party + ".rsa.pub.pem"));
		}
		final double keygen = seconds(t);
		final RSAPrivateCrtKey senderKey = RsaKeyFiles.readPrivate(keys.resolve("sender.rsa.key.pem")),
			recipientKey = RsaKeyFiles.readPrivate(keys.resolve("recipient.rsa.key.pem"));
		final RSAPublicKey senderPublic = RsaKeyFiles.readPublic(keys.resolve("sender.rsa.pub.pem")),
			recipientPublic = RsaKeyFiles.readPublic(keys.resolve("recipient.rsa.pub.pem"));
		report.append(String.format(Locale.ROOT, "\n## Secure transfer: AES-256-GCM, RSA-OAEP and RSA-PSS inside the " +
			"image\n\nTwo fresh %d-bit RSA key pairs (%.2f s), sender %s and recipient %s, in `keys/`. Each image, " +
			"as it is, is sealed by the sender for the recipient and saved as `transfer-encrypted.tif` in its folder " +
			"(same size and type as the original; the envelope, i.e. wrapped key, tag, signature and error map, " +
			"rides in the top bits of the first samples); the recipient opens that file and gets the original back " +
			"bit-exact (SHA-256 of the pixels). Then one bit of the centre pixel of a copy is flipped: opening it " +
			"must be refused, and nothing decrypted.\n\n| image | envelope bits | seal (s) | open (s) | bit-exact | " +
			"tamper refused |\n|---|---|---|---|---|---|\n", RsaKeyFiles.DEFAULT_BITS, keygen, Fingerprints.of(
				senderPublic), Fingerprints.of(recipientPublic)));
		boolean allGood = true;
		String refusal = null;
		// The recipient's register of opened images, in the demo's folder rather than the user's.
		final OpenedRegister register = new OpenedRegister(keys.resolve("recipient-opened.tsv"));
		for (final Path file : files) {
			final String name = file.getFileName().toString();
			final ImagePlus imp = ImageFiles.open(file);
			final Path dir = out.resolve(name.replace('.', '_'));
			final Path encFile = dir.resolve("transfer-encrypted.tif");
			final TransferImages.Sealed sealed = TransferImages.seal(imp, null, false, senderKey, recipientPublic,
				random, encFile.toFile());
			final ImagePlus encrypted = sealed.image;

			final ImagePlus received = ImageFiles.open(encFile);
			final TransferImages.Opened opened = TransferImages.open(received, recipientKey, senderPublic, register,
				false, sealed.sealed.label.identifier, null);
			final boolean exact = sealed.digest.equals(opened.digest);

			final ImagePlus altered = received.duplicate();
			final ImageProcessor ip = altered.getProcessor();
			final int x = ip.getWidth() / 2, y = ip.getHeight() / 2;
			ip.set(x, y, ip.get(x, y) ^ 1);
			String refused = null;
			try {
				TransferImages.open(altered, recipientKey, senderPublic, register, false, null, null);
			}
			catch (final MedCryptException e) {
				refused = e.getMessage();
			}
			if (refusal == null) refusal = refused;
			allGood &= exact && refused != null;
			ImageFiles.savePng(montage(new String[] { "original", "sealed (what travels)", "opened" }, imp,
				encrypted, opened.image), dir.resolve(
					"transfer.png"));
			report.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %s | %s |\n", name, sealed.sealed.payloadBits,
				sealed.seconds, opened.seconds, exact ? "yes" : "**NO**", refused != null ? "yes" : "**NO**"));
			console.printf(Locale.ROOT, "  transfer %-25s %6d envelope bits  seal %.3f s  open %.3f s  %s  %s%n", name,
				sealed.sealed.payloadBits, sealed.seconds, opened.seconds, exact ? "bit-exact" : "MISMATCH", refused != null
					? "tamper refused" : "TAMPER ACCEPTED");
		}
		if (refusal != null) report.append("\nThe recipient's message for the altered copy: \"").append(refusal)
			.append("\"\n");
		report.append("\nEach image's folder also holds `transfer.png` (original | sealed | opened).\n");
		return allGood;
	}

	/**
	 * Secure collaboration, paper 3 (Algorithm 1): the 2D test images as 8- or 16-bit gray (RGB photos made
	 * 8-bit; bit depths may mix, since each image is standardised to its own levels), each with a ground truth
	 * made by thresholding, dealt in turn to {@value #LABS} labs. The researcher and the labs run the default
	 * protocol (additive sharing) on their own threads over an in-memory network. Returns whether what the
	 * researcher and every lab learned equals the pooled plaintext computation.
	 */
	private boolean collaboration(final List<Path> files, final StringBuilder report) throws MedCryptException {
		final List<List<LabeledImage>> perLab = new ArrayList<>();
		final List<List<String>> names = new ArrayList<>();
		for (int lab = 0; lab < LABS; lab++) {
			perLab.add(new ArrayList<>());
			names.add(new ArrayList<>());
		}
		final List<LabeledImage> pooledImages = new ArrayList<>();
		final List<String> captions = new ArrayList<>();
		final List<ImagePlus> truths = new ArrayList<>();
		for (final Path file : files) {
			final ImagePlus imp = ImageFiles.open(file);
			if (imp.getStackSize() != 1) continue;
			if (imp.getBitDepth() == 24) new ImageConverter(imp).convertToGray8();
			final LabeledImage image = LabeledImage.thresholded(ImagePlusImgs.wrap(imp));
			final int lab = pooledImages.size() % LABS;
			perLab.get(lab).add(image);
			names.get(lab).add(file.getFileName().toString());
			pooledImages.add(image);
			captions.add("lab " + (lab + 1) + ": " + file.getFileName());
			final ImagePlus truth = ImagePlusImgs.toImagePlus("ground truth", image.mask()); // a copy, 0 or 1
			truth.getProcessor().multiply(255);
			truths.add(truth);
		}
		if (pooledImages.isEmpty()) return true;
		// The sample images are public and a lab holds only one or two of them: the disclosure-control minimum
		// (5 images per lab by default) is lowered to 1 for the demonstration only.
		final StudyParameters parameters = StudyParameters.create(LABS, WINDOW, DeviationFeature.PIXEL_INTENSITY,
			Protocol.ADDITIVE_SHARING, Duration.ofSeconds(30), new SecureRandom()).withMinImagesPerLab(1);
		final long t = System.nanoTime();
		final InProcessStudy study;
		try {
			study = InProcessStudy.run(parameters, perLab);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new MedCryptException("The secure collaboration was interrupted.", e);
		}
		final double s = seconds(t);
		final GroundTruthStatistics secure = study.researcher, pooled = GroundTruthStatistics.pooled(pooledImages,
			WINDOW, DeviationFeature.PIXEL_INTENSITY);
		boolean equal = secure.groundTruthPixels().equals(pooled.groundTruthPixels()) && secure.windowSum().equals(
			pooled.windowSum()) && secure.encodedSquaredDeviations().equals(pooled.encodedSquaredDeviations()) &&
			secure.featureSum().equals(pooled.featureSum()) && secure.globalMean().equals(pooled.globalMean()) &&
			secure.mean() == pooled.mean() && secure.standardDeviation() == pooled.standardDeviation();
		for (final GlobalMean mean : study.labMeans) equal &= mean.equals(pooled.globalMean());
		ImageFiles.savePng(montage(captions.toArray(new String[0]), truths.toArray(new ImagePlus[0])), out.resolve(
			"collaboration-ground-truth.png"));
		report.append(String.format(Locale.ROOT, "\n## Secure collaboration: Algorithm 1 over %d labs\n\nThe " +
			"researcher and %d labs, each on its own thread over an in-memory network, run Algorithm 1 with the " +
			"default protocol (additive secret sharing) in %.2f s: window %d, pixel intensities standardised to " +
			"0..%d per image. Ground truth: the pixels at least as bright as their image's mean " +
			"(`collaboration-ground-truth.png`). The researcher learns only n, the mean and sigma; each lab only " +
			"the mean, rounded to 2^-" + parameters.meanScaleBits() + " of a level; no image leaves its lab. " +
			"The disclosure-control minimum is lowered to 1 image per lab for these public sample images " +
			"(default 5).\n\n", LABS, LABS, s, WINDOW, Standardization.MAX_LEVEL));
		for (int lab = 0; lab < LABS; lab++) {
			report.append("- lab ").append(lab + 1).append(": ").append(names.get(lab).isEmpty() ? "no image" : String
				.join(", ", names.get(lab))).append('\n');
		}
		report.append("\n| | n | mean | sigma |\n|---|---|---|---|\n");
		report.append(String.format(Locale.ROOT, "| secure (researcher) | %d | %.6f | %.6f |\n| pooled plaintext | " +
			"%d | %.6f | %.6f |\n", secure.groundTruthPixels(), secure.mean(), secure.standardDeviation(), pooled
				.groundTruthPixels(), pooled.mean(), pooled.standardDeviation()));
		report.append("\nEqual to pooled: ").append(equal ? "yes" : "**NO**").append(" (the exact integers of n, " +
			"the window sum, the squared deviations and the feature sum; the researcher's exact mean and sigma; " +
			"and the rounded mean every lab learned).\n");
		console.printf(Locale.ROOT, "  collaboration %d labs: n %d  mean %.4f  sigma %.4f (%.2f s)  %s%n", LABS,
			secure.groundTruthPixels(), secure.mean(), secure.standardDeviation(), s, equal ? "equal to pooled"
				: "DIFFERS FROM POOLED");
		return equal;
	}

	/**
	 * Safe transfer, paper 2 section 1 (study only): block ciphers in ECB mode leak repeated blocks, i.e.
	 * homogeneous zones. Runs on the test image (as 8-bit) whose 16-pixel blocks repeat the most.
	 */
	private void leakageStudy(final List<Path> files, final StringBuilder report) throws MedCryptException {
		ImagePlus chosen = null;
		double fewest = 2;
		for (final Path file : files) {
			final ImagePlus imp = ImageFiles.open(file);
			if (imp.getStackSize() != 1) continue;
			if (imp.getBitDepth() != 8) new ImageConverter(imp).convertToGray8();
			final byte[] p = cropped(imp);
			final double distinct = (double) ImageStatistics.distinctBlocks(p, LeakageStudy.MEASURE_BLOCK) / (p.length /
				LeakageStudy.MEASURE_BLOCK);
			if (distinct < fewest) {
				fewest = distinct;
				chosen = imp;
			}
		}
		if (chosen == null) return;
		final int w = chosen.getWidth() / 16 * 16, h = chosen.getHeight();
		final List<LeakageStudy.Row> rows = LeakageStudy.run(cropped(chosen), w, h, new SecureRandom());
		ImageFiles.savePng(LeakageImages.montage("leakage", rows, w, h), out.resolve("leakage-study.png"));
		final LeakageStudy.Row plain = rows.get(0);
		report.append(String.format(Locale.ROOT, "\n## Safe transfer (study only): block-cipher leakage\n\n" +
			"On %s as 8-bit, whose %d-pixel blocks repeat the most of the test images (%d distinct of %d): " +
			"`leakage-study.png` shows each scheme's encrypted image over its histogram. ECB maps equal blocks to " +
			"equal blocks, so it shows exactly as many distinct blocks as the image, and the image's homogeneous " +
			"zones stay visible; OFB and the paper's stream cipher do not repeat (the stream cipher is weak in other " +
			"ways: docs/TRANSFER.md).\n\n| scheme | entropy (bits/pixel) | correlation h / v | NPCR (%%) | " +
			"distinct blocks |\n|---|---|---|---|---|\n", chosen.getTitle(), LeakageStudy.MEASURE_BLOCK,
			plain.distinctBlocks, plain.blocks));
		for (final LeakageStudy.Row r : rows) {
			report.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f / %.3f | %.2f | %d of %d |\n", r.scheme, r
				.entropy, r.correlationH, r.correlationV, r.npcr, r.distinctBlocks, r.blocks));
		}
		console.printf(Locale.ROOT, "  leakage study on %s: %s%n", chosen.getTitle(), out.resolve(
			"leakage-study.png"));
	}

	/** The 8-bit pixels, cropped to a width that is a multiple of 16 (whole cipher blocks per row). */
	private static byte[] cropped(final ImagePlus imp) {
		final int w = imp.getWidth() / 16 * 16, h = imp.getHeight();
		final byte[] source = (byte[]) imp.getProcessor().getPixels();
		final byte[] pixels = new byte[w * h];
		for (int y = 0; y < h; y++) System.arraycopy(source, y * imp.getWidth(), pixels, y * w, w);
		return pixels;
	}

	private List<Path> imageFiles() throws MedCryptException {
		if (!Files.isDirectory(images)) throw new MedCryptException("Image folder " + images + " does not exist.");
		try (Stream<Path> s = Files.list(images)) {
			final List<Path> files = s.filter(p -> {
				final String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
				for (final String suffix : IMAGE_SUFFIXES) if (n.endsWith(suffix)) return true;
				return false;
			}).sorted().collect(Collectors.toList());
			if (files.isEmpty()) throw new MedCryptException("No images in " + images + ".");
			return files;
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not list " + images + ": " + e.getMessage(), e);
		}
	}

	private static boolean samePixels(final ImagePlus a, final ImagePlus b) {
		if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight() || a.getStackSize() != b
			.getStackSize() || a.getBitDepth() != b.getBitDepth()) return false;
		for (int z = 1; z <= a.getStackSize(); z++) {
			final ImageProcessor pa = a.getStack().getProcessor(z), pb = b.getStack().getProcessor(z);
			for (int i = 0; i < a.getWidth() * a.getHeight(); i++) if (pa.get(i) != pb.get(i)) return false;
		}
		return true;
	}

	/** Panels side by side, scaled to one height, 8-bit for display, each captioned. */
	static ImagePlus montage(final String[] captions, final ImagePlus... panels) {
		final int height = 256, gap = 8, captionHeight = 22;
		final List<ImageProcessor> scaled = new ArrayList<>();
		int width = 0;
		for (final ImagePlus p : panels) {
			final ImageProcessor ip = p.getProcessor().duplicate().convertToByteProcessor(true);
			final int w = Math.max(1, Math.round(ip.getWidth() * (float) height / ip.getHeight()));
			ip.setInterpolationMethod(ImageProcessor.BILINEAR);
			final ImageProcessor s = ip.resize(w, height);
			scaled.add(s);
			width += w + gap;
		}
		final ByteProcessor canvas = new ByteProcessor(width - gap, height + captionHeight);
		canvas.setColor(255);
		canvas.fill();
		canvas.setColor(0);
		canvas.setAntialiasedText(true);
		canvas.setFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 14));
		int x = 0;
		for (int i = 0; i < scaled.size(); i++) {
			final ImageProcessor s = scaled.get(i);
			canvas.insert(s, x, captionHeight);
			canvas.drawString(captions[i], x + 2, captionHeight - 4);
			x += s.getWidth() + gap;
		}
		return new ImagePlus("MedCrypt demo", canvas);
	}

	private static void write(final Path file, final String text) throws MedCryptException {
		try {
			AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, false, text.getBytes(StandardCharsets.UTF_8));
		}
		catch (final IOException e) {
			throw AtomicFiles.failure(file, e);
		}
	}

	/**
	 * A folder created by this call (an exclusive create: a run started in the same second by another
	 * process gets {@code stamp-2}, {@code stamp-3}...), so the demo never writes into another run's folder.
	 */
	static Path newFolder(final Path root, final String stamp) throws MedCryptException {
		Path folder = root.resolve(stamp);
		try {
			Files.createDirectories(root);
			for (int n = 2;; n++) {
				try {
					return Files.createDirectory(folder);
				}
				catch (final java.nio.file.FileAlreadyExistsException e) {
					if (n > 100) throw e;
					folder = root.resolve(stamp + "-" + n);
				}
			}
		}
		catch (final IOException e) {
			throw AtomicFiles.failure(folder, e);
		}
	}

	private static double seconds(final long start) {
		return (System.nanoTime() - start) / 1e9;
	}
}
