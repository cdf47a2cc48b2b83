package org.medcrypt.scijava;

import java.io.File;
import java.math.BigInteger;
import java.util.List;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.SessionFiles;
import org.medcrypt.ij.LeakageImages;
import org.medcrypt.ij.PaillierImages;
import org.medcrypt.ij.RetrievalImages;
import org.medcrypt.ij.StreamCipherImages;
import org.medcrypt.ij.TransferImages;
import org.medcrypt.ij.WatermarkImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.securesum.Protocol;
import org.scijava.service.SciJavaService;

/**
 * Every MedCrypt capability for scripts, over {@link ImagePlus} and ImgLib2
 * images (8-bit {@code UnsignedByteType}, 16-bit {@code UnsignedShortType}; 2-D,
 * or 3-D for a stack). In a Fiji script: {@code #@ MedCryptService medcrypt}.
 * <p>
 * Each method calls the same entry point as its Fiji command and its command
 * line verb, so files, checks and messages are the same: outputs are never
 * overwritten, a user error is a {@link MedCryptException} (its subclasses name
 * a wrong key, a damaged file, a failed authentication ...) with one line to
 * show. Keys and other files are {@link File}s, as {@code #@ File} gives them.
 * ImgLib2 images are converted with {@code org.medcrypt.ij.ImagePlusImgs}
 * (zero-copy for planar images, a copy otherwise); results come back as
 * ImageJ images, or as {@code Img} where the method says so.
 * </p>
 */
public interface MedCryptService extends SciJavaService {

	// -- Paillier (paper 1) --

	/** A Paillier key pair {@code folder/name.paillier.pub} and {@code .key} ({@code bits} 2048 or 3072); returns both files. */
	File[] paillierKeys(int bits, File folder, String name) throws MedCryptException;

	/** Encrypts an 8/16-bit image or stack into a new {@code .mcimg} file, packed for {@code levels} Haar levels. */
	PaillierImages.Encrypted paillierEncrypt(ImagePlus image, File key, File out, int levels)
		throws MedCryptException;

	/** {@link #paillierEncrypt(ImagePlus, File, File, int)} for an ImgLib2 image. */
	PaillierImages.Encrypted paillierEncrypt(RandomAccessibleInterval<? extends IntegerType<?>> image, File key,
		File out, int levels) throws MedCryptException;

	/** Decrypts a {@code .mcimg} file with the private key, bit-exact. */
	ImagePlus paillierDecrypt(File encrypted, File privateKey) throws MedCryptException;

	/** {@link #paillierDecrypt} as an ImgLib2 image sharing the decrypted pixels. */
	Img<?> paillierDecryptImg(File encrypted, File privateKey) throws MedCryptException;

	/** The Haar transform on the ciphertexts (paper 1, section 2.2): {@code levels} levels of plane 1. */
	PaillierImages.Haar haar(File encrypted, File key, int levels, boolean serverView) throws MedCryptException;

	// -- Retrieval (paper 1) --

	/**
	 * The image's encrypted wavelet signature ({@code method}: "Paper", "Spatial"
	 * or "Spatial2", the default; docs/RETRIEVAL.md), built by its owner, written to
	 * {@code out} ({@code .mcsig}).
	 */
	RetrievalImages.Signature signature(ImagePlus image, File privateKey, String method, File out)
		throws MedCryptException;

	/** The encrypted signature ("Paper", "Spatial" or "Spatial2") of a {@code .mcimg} through the key-holder protocol that replaces eq. 4. */
	RetrievalImages.Signature signature(File encrypted, File privateKey, String method, File out)
		throws MedCryptException;

	/** Adds the image (encrypted here by its owner, with its signature) to a store folder, created on first use. */
	StoreEntry storeAdd(String store, File privateKey, ImagePlus image, String label) throws MedCryptException;

	/** {@link #storeAdd(String, File, ImagePlus, String)} for an ImgLib2 image named {@code name}. */
	StoreEntry storeAdd(String store, File privateKey, RandomAccessibleInterval<? extends IntegerType<?>> image,
		String name, String label) throws MedCryptException;

	/** The {@code d} stored images most similar to {@code query}, ranked with the key holder's help. */
	List<RetrievalClient.Match> storeQuery(String store, File privateKey, ImagePlus query, int d)
		throws MedCryptException;

	/**
	 * As {@link #storeQuery(String, File, ImagePlus, int)} in {@code mode}: INDEX scans the key holder's sealed
	 * index locally, PAPER decrypts the stored encrypted signatures, AUTO the index where the store has one.
	 */
	List<RetrievalClient.Match> storeQuery(String store, File privateKey, ImagePlus query, int d,
		RetrievalClient.Mode mode) throws MedCryptException;

	/** Makes or updates the sealed signature index of a store folder ({@code store-index}). */
	org.medcrypt.retrieval.index.StoreIndex.Update storeIndex(String store, File privateKey)
		throws MedCryptException;

	/** The entries of a store: id, name, label, size. */
	List<StoreEntry> storeList(String store, File privateKey) throws MedCryptException;

	/** Removes the entry {@code id} (as {@link #storeList} gives it); returns it. */
	StoreEntry storeRemove(String store, File privateKey, String id) throws MedCryptException;

	/**
	 * A store folder, or a store server {@code host:port} reached over mutual TLS
	 * with your credentials and the server's pinned fingerprint (null for a
	 * folder); close it after use ({@code withCloseable} in Groovy).
	 */
	RetrievalClient openStore(String store, File privateKey, File credentials, char[] password,
		String serverFingerprint) throws MedCryptException;

	/** A montage of the previews decrypted from the matches' encrypted LL bands. */
	ImagePlus montage(String title, List<RetrievalClient.Match> matches);

	// -- Secure transfer (paper 2, authenticated) --

	/** An RSA key pair ({@code bits} >= 2048) as PEM files {@code folder/name.key.pem} and {@code .pub.pem}. */
	File[] rsaKeys(int bits, File folder, String name) throws MedCryptException;

	/**
	 * Seals the image for the recipient, signed by the sender, under a random
	 * identifier (shown by {@link #transferOpen}); also saved as TIFF to
	 * {@code out} unless null.
	 */
	TransferImages.Sealed transferSeal(ImagePlus image, File senderPrivateKey, File recipientPublicKey, File out)
		throws MedCryptException;

	/**
	 * Checks that the image was sealed for this recipient, the sender's
	 * signature and every pixel, then decrypts; saved to {@code out} unless
	 * null. An identifier opened before is recorded in the user's register and
	 * reported in the result ({@code Opened}), as the Secure Transfer Decrypt
	 * command does.
	 */
	TransferImages.Opened transferOpen(ImagePlus sealed, File recipientPrivateKey, File senderPublicKey, File out)
		throws MedCryptException;

	// -- Stream cipher, crypto-watermark, leakage (paper 2, study only) --

	/** The paper's pixel stream cipher under a passphrase-derived {@code bits}-bit key (study only). */
	StreamCipherImages.Encrypted streamEncrypt(ImagePlus image, String passphrase, int bits) throws MedCryptException;

	/** Decrypts a stream-cipher image made by {@link #streamEncrypt} with the same passphrase. */
	StreamCipherImages.Decrypted streamDecrypt(ImagePlus encrypted, String passphrase) throws MedCryptException;

	/** The hybrid crypto-watermark (study only): a fresh {@code keyBits}-bit session key, wrapped and embedded. */
	WatermarkImages.Embedded watermarkEmbed(ImagePlus image, int keyBits, File senderPrivateKey,
		File recipientPublicKey) throws MedCryptException;

	/** Extracts the session key, checks it and decrypts. */
	WatermarkImages.Extracted watermarkExtract(ImagePlus watermarked, File recipientPrivateKey,
		File senderPublicKey) throws MedCryptException;

	/** DES/AES-ECB, AES-OFB and the stream cipher on an 8-bit image: rows of statistics and a montage. */
	LeakageImages.Study leakage(ImagePlus image) throws MedCryptException;

	// -- Collaboration (paper 3) --

	/**
	 * The researcher's session file for an Algorithm 1 study: {@code parties} are
	 * {@code NAME,HOST,PORT,CERT.pem}, the researcher first, then k >= 3 labs.
	 */
	SessionFiles.Created newStudySession(File out, Protocol protocol, int window, DeviationFeature feature,
		List<String> parties) throws MedCryptException;

	/** A plain secure sum's session file: {@code width} values per lab, each at most {@code bound}. */
	SessionFiles.Created newSumSession(File out, Protocol protocol, int width, BigInteger bound,
		List<String> parties) throws MedCryptException;
}
