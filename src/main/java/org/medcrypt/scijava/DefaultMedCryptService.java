package org.medcrypt.scijava;

import java.io.File;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.SessionFiles;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.transfer.OpenedRegister;
import org.medcrypt.groundtruth.StudyParameters;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.ij.LeakageImages;
import org.medcrypt.ij.PaillierImages;
import org.medcrypt.ij.ResultMontage;
import org.medcrypt.ij.RetrievalImages;
import org.medcrypt.ij.StreamCipherImages;
import org.medcrypt.ij.TransferImages;
import org.medcrypt.ij.WatermarkImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.securesum.Protocol;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/**
 * The {@link MedCryptService} of a SciJava context (Fiji's, or one a test
 * makes): every method delegates to the entry point the Fiji command and the
 * command line verb use, with the commands' defaults (3 Haar levels and the
 * narrowest slot for Paillier images, the signature parameters of the image's
 * bit depth, default session timeouts).
 */
@Plugin(type = Service.class)
public class DefaultMedCryptService extends AbstractService implements MedCryptService {

	/** Session defaults, as {@code party new-session} has them. */
	static final Duration HOP = Duration.ofMillis(10000), CONNECT = Duration.ofMillis(120000);

	// -- Paillier --

	@Override
	public File[] paillierKeys(final int bits, final File folder, final String name) throws MedCryptException {
		if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
			throw new MedCryptException("Key name '" + name + "' must use only letters, digits, '.', '_', '-'.");
		}
		final Path[] files = PaillierKeyFiles.writePair(path(folder, "a folder for the key files"), name, userError(
			() -> PaillierKeyGenerator.generate(bits, SecureRandoms.forThisThread())));
		return new File[] { files[0].toFile(), files[1].toFile() };
	}

	@Override
	public PaillierImages.Encrypted paillierEncrypt(final ImagePlus image, final File key, final File out,
		final int levels) throws MedCryptException
	{
		return PaillierImages.encrypt(image, path(key, "the key file"), path(out, "the output file"), levels, 0,
			Progress.NONE);
	}

	@Override
	public PaillierImages.Encrypted paillierEncrypt(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final File key, final File out, final int levels) throws MedCryptException
	{
		return paillierEncrypt(imagePlus(image, path(out, "the output file").getFileName().toString()), key, out,
			levels);
	}

	@Override
	public ImagePlus paillierDecrypt(final File encrypted, final File privateKey) throws MedCryptException {
		return PaillierImages.decrypt(path(encrypted, "the encrypted file"), path(privateKey, "the private key"),
			Progress.NONE).image;
	}

	@Override
	public Img<?> paillierDecryptImg(final File encrypted, final File privateKey) throws MedCryptException {
		return ImagePlusImgs.wrap(paillierDecrypt(encrypted, privateKey));
	}

	@Override
	public PaillierImages.Haar haar(final File encrypted, final File key, final int levels,
		final boolean serverView) throws MedCryptException
	{
		return PaillierImages.haar(path(encrypted, "the encrypted file"), path(key, "the key file"), levels, 1,
			serverView);
	}

	// -- Retrieval --

	@Override
	public RetrievalImages.Signature signature(final ImagePlus image, final File privateKey, final String method,
		final File out) throws MedCryptException
	{
		if (image == null) throw new MedCryptException("Give the image whose signature to build.");
		return RetrievalImages.signature(image, null, path(privateKey, "the private key"), method(method), 0, 0, 0,
			path(out, "the signature file"), Progress.NONE);
	}

	@Override
	public RetrievalImages.Signature signature(final File encrypted, final File privateKey, final String method,
		final File out) throws MedCryptException
	{
		return RetrievalImages.signature(null, path(encrypted, "the encrypted file"), path(privateKey,
			"the private key"), method(method), 0, 0, 0, path(out, "the signature file"), Progress.NONE);
	}

	/** "Paper", "Spatial" or "Spatial2" (the default, also for null or empty: measured best, docs/RETRIEVAL.md). */
	private static SignatureParameters.Method method(final String name) throws MedCryptException {
		if (name == null || name.trim().isEmpty()) return SignatureParameters.Method.SPATIAL2;
		try {
			return SignatureParameters.Method.named(name);
		}
		catch (final IllegalArgumentException e) {
			throw new MedCryptException("Unknown signature: " + e.getMessage() + ".");
		}
	}

	@Override
	public StoreEntry storeAdd(final String store, final File privateKey, final ImagePlus image, final String label)
		throws MedCryptException
	{
		if (image == null) throw new MedCryptException("Give the image to add.");
		final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(path(privateKey, "the private key"));
		try (RetrievalClient client = RetrievalClient.open(store, key, SignatureParameters.spatial(
			SignatureParameters.Method.SPATIAL2, RetrievalImages.signatureBitDepth(image)), null, null, null))
		{
			return RetrievalImages.addToStore(client, image.getTitle(), label == null ? "" : label, image,
				Progress.NONE);
		}
	}

	@Override
	public StoreEntry storeAdd(final String store, final File privateKey,
		final RandomAccessibleInterval<? extends IntegerType<?>> image, final String name, final String label)
		throws MedCryptException
	{
		return storeAdd(store, privateKey, imagePlus(image, name), label);
	}

	@Override
	public List<RetrievalClient.Match> storeQuery(final String store, final File privateKey, final ImagePlus query,
		final int d) throws MedCryptException
	{
		return storeQuery(store, privateKey, query, d, RetrievalClient.Mode.AUTO);
	}

	@Override
	public List<RetrievalClient.Match> storeQuery(final String store, final File privateKey, final ImagePlus query,
		final int d, final RetrievalClient.Mode mode) throws MedCryptException
	{
		if (query == null) throw new MedCryptException("Give the query image.");
		try (RetrievalClient client = folderStore(store, privateKey)) {
			return client.query(client.signatureOf(RetrievalImages.signaturePixels(query)), d, mode, Progress.NONE);
		}
	}

	@Override
	public org.medcrypt.retrieval.index.StoreIndex.Update storeIndex(final String store, final File privateKey)
		throws MedCryptException
	{
		final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(privateKey.toPath());
		final org.medcrypt.retrieval.store.EncryptedStore opened = org.medcrypt.retrieval.store.EncryptedStore.open(
			java.nio.file.Paths.get(store));
		opened.requireKeyHolder(key, privateKey);
		return org.medcrypt.retrieval.index.StoreIndex.update(opened, key, org.medcrypt.retrieval.index.IndexVersions
			.inUserFolder(), Progress.NONE);
	}

	@Override
	public List<StoreEntry> storeList(final String store, final File privateKey) throws MedCryptException {
		try (RetrievalClient client = folderStore(store, privateKey)) {
			return client.list();
		}
	}

	@Override
	public StoreEntry storeRemove(final String store, final File privateKey, final String id)
		throws MedCryptException
	{
		try (RetrievalClient client = folderStore(store, privateKey)) {
			return client.remove(id);
		}
	}

	@Override
	public RetrievalClient openStore(final String store, final File privateKey, final File credentials,
		final char[] password, final String serverFingerprint) throws MedCryptException
	{
		return RetrievalClient.open(store, PaillierKeyFiles.readPrivate(path(privateKey, "the private key")), null,
			credentials == null ? null : credentials.toPath(), password, serverFingerprint);
	}

	@Override
	public ImagePlus montage(final String title, final List<RetrievalClient.Match> matches) {
		return ResultMontage.of(title, matches);
	}

	private static RetrievalClient folderStore(final String store, final File privateKey) throws MedCryptException {
		return RetrievalClient.open(store, PaillierKeyFiles.readPrivate(path(privateKey, "the private key")), null,
			null, null, null);
	}

	// -- Secure transfer --

	@Override
	public File[] rsaKeys(final int bits, final File folder, final String name) throws MedCryptException {
		final Path dir = path(folder, "a folder for the key files");
		final Path sk = dir.resolve(name + ".key.pem"), pk = dir.resolve(name + ".pub.pem");
		final KeyPair pair = userError(() -> RsaKeyFiles.generate(bits, SecureRandoms.forThisThread()));
		RsaKeyFiles.write(pair, sk, pk);
		return new File[] { sk.toFile(), pk.toFile() };
	}

	@Override
	public TransferImages.Sealed transferSeal(final ImagePlus image, final File senderPrivateKey,
		final File recipientPublicKey, final File out) throws MedCryptException
	{
		if (image == null) throw new MedCryptException("Give the image to send.");
		return TransferImages.seal(image, null, false, RsaKeyFiles.readPrivate(path(
			senderPrivateKey, "your private key")), RsaKeyFiles.readPublic(path(recipientPublicKey,
				"the recipient's public key")), SecureRandoms.forThisThread(), out);
	}

	@Override
	public TransferImages.Opened transferOpen(final ImagePlus sealed, final File recipientPrivateKey,
		final File senderPublicKey, final File out) throws MedCryptException
	{
		if (sealed == null) throw new MedCryptException("Give the encrypted image.");
		return TransferImages.open(sealed, RsaKeyFiles.readPrivate(path(recipientPrivateKey, "your private key")),
			RsaKeyFiles.readPublic(path(senderPublicKey, "the sender's public key")), OpenedRegister.inUserFolder(),
			false, null, out);
	}

	// -- Stream cipher, crypto-watermark, leakage --

	@Override
	public StreamCipherImages.Encrypted streamEncrypt(final ImagePlus image, final String passphrase, final int bits)
		throws MedCryptException
	{
		if (image == null) throw new MedCryptException("Give the image to encrypt.");
		return StreamCipherImages.encryptWithPassphrase(image, chars(passphrase), bits, Progress.NONE);
	}

	@Override
	public StreamCipherImages.Decrypted streamDecrypt(final ImagePlus encrypted, final String passphrase)
		throws MedCryptException
	{
		if (encrypted == null) throw new MedCryptException("Give the encrypted image.");
		return StreamCipherImages.decrypt(encrypted, StreamCipherImages.passphraseKey(encrypted, chars(passphrase),
			null), Progress.NONE);
	}

	@Override
	public WatermarkImages.Embedded watermarkEmbed(final ImagePlus image, final int keyBits,
		final File senderPrivateKey, final File recipientPublicKey) throws MedCryptException
	{
		return WatermarkImages.embed(image, null, keyBits, RsaKeyFiles.readPrivate(path(senderPrivateKey,
			"the sender's private key")), RsaKeyFiles.readPublic(path(recipientPublicKey,
				"the recipient's public key")));
	}

	@Override
	public WatermarkImages.Extracted watermarkExtract(final ImagePlus watermarked, final File recipientPrivateKey,
		final File senderPublicKey) throws MedCryptException
	{
		return WatermarkImages.extract(watermarked, RsaKeyFiles.readPrivate(path(recipientPrivateKey,
			"the recipient's private key")), RsaKeyFiles.readPublic(path(senderPublicKey, "the sender's public key")),
			null);
	}

	@Override
	public LeakageImages.Study leakage(final ImagePlus image) throws MedCryptException {
		if (image == null) throw new MedCryptException("Give the image to study.");
		return LeakageImages.run(image);
	}

	// -- Collaboration --

	@Override
	public SessionFiles.Created newStudySession(final File out, final Protocol protocol, final int window,
		final DeviationFeature feature, final List<String> parties) throws MedCryptException
	{
		return SessionFiles.writeStudy(path(out, "the session file"), protocol, window, feature,
			StudyParameters.DEFAULT_MIN_IMAGES_PER_LAB, HOP, CONNECT,
			SessionFiles.nodes(String.join("\n", parties)));
	}

	@Override
	public SessionFiles.Created newSumSession(final File out, final Protocol protocol, final int width,
		final BigInteger bound, final List<String> parties) throws MedCryptException
	{
		return SessionFiles.writeSum(path(out, "the session file"), protocol, width, bound, HOP, CONNECT,
			SessionFiles.nodes(String.join("\n", parties)));
	}

	// -- helpers --

	private static Path path(final File file, final String what) throws MedCryptException {
		if (file == null || file.getPath().isEmpty()) throw new MedCryptException("Give " + what + ".");
		return file.toPath();
	}

	private static char[] chars(final String s) {
		return s == null ? new char[0] : s.toCharArray();
	}

	/** An ImageJ image of an ImgLib2 one (zero-copy for planar byte/short images). */
	private static ImagePlus imagePlus(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final String title) throws MedCryptException
	{
		if (image == null) throw new MedCryptException("Give the image.");
		return userError(() -> ImagePlusImgs.toImagePlus(title, image));
	}

	private interface Work<T> {

		T get();
	}

	/** A bad argument (key size, pixel type) as the one-line user error the commands show. */
	private static <T> T userError(final Work<T> work) throws MedCryptException {
		try {
			return work.get();
		}
		catch (final IllegalArgumentException e) {
			throw new MedCryptException(e.getMessage(), e);
		}
	}
}
