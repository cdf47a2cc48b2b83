package org.medcrypt.ij;

import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import org.medcrypt.cipher.PassphraseKeys;
import org.medcrypt.cipher.PixelStreamCipher;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.cipher.StreamCipherKeyRecovery;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.keys.StreamCipherKeyFile;

/**
 * STUDY ONLY. The one entry point of each stream-cipher capability on ImageJ
 * images (Puech 2008, eqs. 1-4: encrypt, decrypt, the known-plaintext key
 * recovery), for the Fiji commands and the command line: a full copy of the
 * image (no ROI crop) is encrypted, the key's fingerprint and a passphrase's
 * salt record ride in the image's properties (TIFF keeps them).
 */
public final class StreamCipherImages {

	/** Image properties (kept by TIFF) that identify the key and carry the passphrase salt. */
	public static final String KEY_PROPERTY = "MedCrypt.stream.key", SALT_PROPERTY = "MedCrypt.stream.salt";

	private StreamCipherImages() {}

	/** A copy of every slice (hyperstack dimensions and calibration kept, selection ignored). */
	public static ImagePlus copy(final ImagePlus imp, final String title) throws MedCryptException {
		if (imp.getBitDepth() != 8 && imp.getBitDepth() != 16 || imp.getType() == ImagePlus.COLOR_256) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is " + imp.getBitDepth() +
				"-bit; the stream cipher takes 8-bit or 16-bit grayscale images.");
		}
		if (imp.getStack().isVirtual()) {
			throw new UnsupportedImageException("Image \"" + imp.getTitle() + "\" is a virtual stack; load it into memory " +
				"(Image > Duplicate...) first.");
		}
		final ImageStack stack = imp.getStack().duplicate();
		final ImagePlus out = new ImagePlus(title, stack);
		out.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
		out.setCalibration(imp.getCalibration().copy());
		return out;
	}

	/** Shows the whole value range (an encrypted 16-bit image uses all of 0..65535). */
	public static void fullRange(final ImagePlus imp) {
		imp.setDisplayRange(0, imp.getBitDepth() == 8 ? 255 : 65535);
	}

	/** A fresh random key of {@code bits} bits, written owner-only to {@code keyFile} (never over a file). */
	public static StreamCipherKey newKeyFile(final int bits, final Path keyFile) throws MedCryptException {
		if (bits % 8 != 0) throw new MedCryptException("The key length must be a multiple of 8 bits.");
		final StreamCipherKey key = StreamCipherKey.generate(bits, SecureRandoms.forThisThread());
		StreamCipherKeyFile.write(keyFile, key);
		return key;
	}

	/** An image encrypted by the stream cipher. */
	public static final class Encrypted {

		public final ImagePlus image;
		public final StreamCipherKey key;
		/** The passphrase's salt record, or empty for a key file. */
		public final String salt;
		public final long pixels;
		public final double seconds;

		Encrypted(final ImagePlus image, final StreamCipherKey key, final String salt, final long pixels,
			final double seconds)
		{
			this.image = image;
			this.key = key;
			this.salt = salt;
			this.pixels = pixels;
			this.seconds = seconds;
		}
	}

	/** Encrypts a copy of the image with {@code key} (eq. 1); the copy carries the key's fingerprint. */
	public static Encrypted encrypt(final ImagePlus imp, final StreamCipherKey key, final Progress progress)
		throws MedCryptException
	{
		return encrypt(imp, key, "", progress);
	}

	/**
	 * Encrypts a copy of the image under a {@code bits}-bit key derived from the
	 * passphrase (PBKDF2-HMAC-SHA256, fresh salt kept in the image's properties).
	 */
	public static Encrypted encryptWithPassphrase(final ImagePlus imp, final char[] passphrase, final int bits,
		final Progress progress) throws MedCryptException
	{
		final String salt = PassphraseKeys.newSaltRecord(bits, PassphraseKeys.DEFAULT_ITERATIONS, SecureRandoms
			.forThisThread());
		return encrypt(imp, PassphraseKeys.derive(passphrase, salt), salt, progress);
	}

	private static Encrypted encrypt(final ImagePlus imp, final StreamCipherKey key, final String salt,
		final Progress progress) throws MedCryptException
	{
		if (imp == null) throw new MedCryptException("Open the image to encrypt first.");
		final ImagePlus encrypted = copy(imp, "Stream-encrypted " + imp.getTitle());
		final long start = System.nanoTime();
		PixelStreamCipher.encrypt(ImagePlusImgs.wrap(encrypted), key, progress);
		final double seconds = (System.nanoTime() - start) / 1e9;
		encrypted.setProp(KEY_PROPERTY, key.fingerprint());
		if (!salt.isEmpty()) encrypted.setProp(SALT_PROPERTY, salt);
		fullRange(encrypted);
		return new Encrypted(encrypted, key, salt, (long) imp.getWidth() * imp.getHeight() * imp.getStackSize(),
			seconds);
	}

	/**
	 * The key a passphrase gives for an encrypted image: with {@code saltRecord},
	 * or (empty) the record the image carries.
	 */
	public static StreamCipherKey passphraseKey(final ImagePlus imp, final char[] passphrase, final String saltRecord)
		throws MedCryptException
	{
		String record = saltRecord == null ? "" : saltRecord.trim();
		if (record.isEmpty()) record = imp.getProp(SALT_PROPERTY);
		if (record == null || record.isEmpty()) {
			throw new MedCryptException("Image \"" + imp.getTitle() + "\" carries no salt record (TIFF and PNG " +
				"keep it, JPEG and DICOM do not). Type the salt record reported when it was encrypted.");
		}
		return PassphraseKeys.derive(passphrase, record);
	}

	/** An image decrypted by the stream cipher. */
	public static final class Decrypted {

		public final ImagePlus image;
		/** True if the image carried a key fingerprint, which matched. */
		public final boolean keyChecked;
		public final double seconds;

		Decrypted(final ImagePlus image, final boolean keyChecked, final double seconds) {
			this.image = image;
			this.keyChecked = keyChecked;
			this.seconds = seconds;
		}
	}

	/**
	 * Decrypts a copy of the image (eq. 4). The cipher has no integrity: only an
	 * image that still carries the key fingerprint can tell a wrong key.
	 */
	public static Decrypted decrypt(final ImagePlus imp, final StreamCipherKey key, final Progress progress)
		throws MedCryptException
	{
		if (imp == null) throw new MedCryptException("Open the encrypted image first.");
		final String expected = imp.getProp(KEY_PROPERTY);
		if (expected != null && !expected.isEmpty() && !expected.equals(key.fingerprint())) {
			throw new WrongKeyException("Image \"" + imp.getTitle() + "\" was encrypted with key " + expected +
				"; the key you chose is " + key.fingerprint() + ". Choose the right key (or passphrase).");
		}
		final ImagePlus decrypted = copy(imp, "Stream-decrypted " + imp.getTitle());
		final long start = System.nanoTime();
		PixelStreamCipher.decrypt(ImagePlusImgs.wrap(decrypted), key, progress);
		final double seconds = (System.nanoTime() - start) / 1e9;
		decrypted.resetDisplayRange();
		return new Decrypted(decrypted, expected != null && !expected.isEmpty(), seconds);
	}

	/** A key recovered by the known-plaintext attack, and the image decrypted with it. */
	public static final class Recovered {

		public final ImagePlus image;
		public final StreamCipherKeyRecovery.Recovered recovered;
		/** The black row used, or -1 with known first pixels. */
		public final int blackRow;
		/** Pixels equal to the original's, or -1 without an original. */
		public final int exact;
		public final int pixels;

		Recovered(final ImagePlus image, final StreamCipherKeyRecovery.Recovered recovered, final int blackRow,
			final int exact, final int pixels)
		{
			this.image = image;
			this.recovered = recovered;
			this.blackRow = blackRow;
			this.exact = exact;
			this.pixels = pixels;
		}

		/** True if the IV came out too (known first pixels, or a black first row). */
		public boolean ivRecovered() {
			return blackRow <= 0;
		}
	}

	/**
	 * The known-plaintext attack on the paper's cipher: from a black row of the
	 * encrypted image ({@code original} optional, to count exact pixels), or from the
	 * first {@code knownPixels} pixels of {@code original}, recovers the
	 * {@code keyBits}-bit key and decrypts the whole image with it.
	 */
	public static Recovered recoverKey(final ImagePlus imp, final ImagePlus original, final int keyBits,
		final boolean blackBackground, final int knownPixels) throws MedCryptException
	{
		if (imp == null) throw new MedCryptException("Open the stream-encrypted image first.");
		final ImagePlus decrypted = copy(imp, "Key recovered " + imp.getTitle());
		final PixelPlanes planes = ImagePlusImgs.planes(decrypted);
		final int[] cipher = planes.values();
		final int depth = imp.getBitDepth();
		int[] known = null;
		if (original != null) {
			if (original.getBitDepth() != depth || original.getWidth() != imp.getWidth() || original.getHeight() != imp
				.getHeight() || original.getStackSize() != imp.getStackSize())
			{
				throw new UnsupportedImageException("The original " + original.getTitle() + " differs in size or type from " +
					imp.getTitle() + ".");
			}
			known = ImagePlusImgs.planes(original).values();
		}
		final StreamCipherKeyRecovery.Recovered r;
		int blackRow = -1;
		try {
			if (blackBackground) {
				final StreamCipherKeyRecovery.BlackRow b = StreamCipherKeyRecovery.fromBlackRow(cipher, imp.getWidth(),
					keyBits, depth);
				r = b.recovered;
				blackRow = b.row;
			}
			else {
				if (known == null) throw new MedCryptException("Choose the original image file: its first " +
					knownPixels + " pixels are the known plaintext.");
				final int[] prefix = StreamCipherKeyRecovery.uniformPrefix(cipher.length, 0, 0);
				System.arraycopy(known, 0, prefix, 0, Math.min(knownPixels, cipher.length));
				r = StreamCipherKeyRecovery.recover(cipher, prefix, keyBits, depth);
			}
		}
		catch (final StreamCipherKeyRecovery.NotEnoughPlaintextException e) {
			throw new MedCryptException("Key recovery failed: " + e.getMessage(), e);
		}
		final int[] plain = PixelStreamCipher.decryptReference(cipher, r.key, depth);
		int exact = -1;
		if (known != null) {
			exact = 0;
			for (int i = 0; i < plain.length; i++)
				if (plain[i] == known[i]) exact++;
		}
		for (int i = 0; i < plain.length; i++)
			planes.setValue(i, plain[i]);
		decrypted.resetDisplayRange();
		return new Recovered(decrypted, r, blackRow, exact, plain.length);
	}
}
