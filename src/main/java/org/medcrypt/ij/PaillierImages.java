package org.medcrypt.ij;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import org.medcrypt.encimage.CiphertextView;
import org.medcrypt.encimage.EncryptedHaar;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.MallatView;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.encimage.PolyphaseLayout;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.Progress;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierEncrypter;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;

/**
 * The one entry point of each Paillier image capability (encrypt into a
 * {@code .mcimg} file, decrypt one, the Haar transform on its ciphertexts),
 * for ImageJ images: the Fiji commands and the command line both call these,
 * so key files, packing and atomic output are handled in one place.
 */
public final class PaillierImages {

	private PaillierImages() {}

	/** An image encrypted into a file. */
	public static final class Encrypted {

		public final EncryptedImage image;
		public final PaillierPublicKey key;
		public final double seconds;

		Encrypted(final EncryptedImage image, final PaillierPublicKey key, final double seconds) {
			this.image = image;
			this.key = key;
			this.seconds = seconds;
		}

		/** What an attacker sees: the ciphertext bytes as an image. */
		public ImagePlus ciphertextView(final String title) {
			return ImagePlusImgs.toImagePlus(title, CiphertextView.render(image));
		}
	}

	/**
	 * Encrypts an 8/16-bit image or stack under the key in {@code keyFile} (a
	 * public key, or the owner's private key: faster) into {@code out}, which
	 * must not exist (checked before any work). {@code slotBits} 0 chooses the
	 * narrowest slot for {@code levels} Haar levels, plus one bit.
	 */
	public static Encrypted encrypt(final ImagePlus imp, final Path keyFile, final Path out, final int levels,
		final int slotBits, final Progress progress) throws MedCryptException
	{
		if (AtomicFiles.taken(out)) {
			throw new OutputExistsException(out + " already exists; MedCrypt does not overwrite files. " +
				"Choose another name.");
		}
		if (imp == null) throw new MedCryptException("Open the image to encrypt first.");
		final PaillierEncrypter key = PaillierKeyFiles.readEncrypter(keyFile);
		final int bitDepth = imp.getBitDepth();
		final PackingParameters packing = PackingParameters.of(levels, slotBits == 0 ? PackingParameters
			.minimumSlotBits(bitDepth, levels) + 1 : slotBits, bitDepth);
		final long start = System.nanoTime();
		final EncryptedImage encrypted = PaillierImageCipher.encrypt(ImagePlusImgs.wrap(imp), key, packing, progress);
		EncryptedImageFile.write(out, encrypted);
		return new Encrypted(encrypted, key.publicKey(), (System.nanoTime() - start) / 1e9);
	}

	/** A decrypted image. */
	public static final class Decrypted {

		public final ImagePlus image;
		public final PaillierPublicKey key;
		public final double seconds;

		Decrypted(final ImagePlus image, final PaillierPublicKey key, final double seconds) {
			this.image = image;
			this.key = key;
			this.seconds = seconds;
		}
	}

	/** Decrypts a {@code .mcimg} file with the private key in {@code keyFile}, bit-exact; a wrong key is named. */
	public static Decrypted decrypt(final Path file, final Path keyFile, final Progress progress)
		throws MedCryptException
	{
		final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(keyFile);
		final EncryptedImage encrypted = EncryptedImageFile.read(file, key.publicKey());
		final long start = System.nanoTime();
		final ImagePlus image = ImagePlusImgs.toImagePlus(titleOf(file), PaillierImageCipher.decrypt(encrypted, key,
			progress));
		return new Decrypted(image, key.publicKey(), (System.nanoTime() - start) / 1e9);
	}

	private static String titleOf(final Path file) {
		final String name = file.getFileName().toString();
		return name.endsWith(EncryptedImageFile.SUFFIX) ? name.substring(0, name.length() - EncryptedImageFile.SUFFIX
			.length()) : name + " (decrypted)";
	}

	/** The Haar transform of an encrypted image: the key holder's decomposition and/or the server's view. */
	public static final class Haar {

		/** The LL/HL/LH/HH arrangement (key holder only), else null. */
		public final ImagePlus decomposition;
		/** The encrypted bands as ciphertext noise (if asked for), else null. */
		public final ImagePlus serverView;
		public final int levels;
		public final double serverSeconds;

		Haar(final ImagePlus decomposition, final ImagePlus serverView, final int levels, final double serverSeconds) {
			this.decomposition = decomposition;
			this.serverView = serverView;
			this.levels = levels;
			this.serverSeconds = serverSeconds;
		}
	}

	/**
	 * Computes {@code levels} Haar levels of plane {@code plane} (1-based) of an
	 * encrypted file on its ciphertexts with the public key, as the server does
	 * (paper 1, section 2.2); with a private key file, also decrypts the bands into
	 * the classic decomposition (figure 1). With a public key only, the server's
	 * view must be asked for.
	 */
	public static Haar haar(final Path file, final Path keyFile, final int levels, final int plane,
		final boolean serverView) throws MedCryptException
	{
		final PaillierPublicKey publicKey = PaillierKeyFiles.readPublic(keyFile);
		final EncryptedImage image = EncryptedImageFile.read(file, publicKey);
		final PolyphaseLayout layout = image.layout();
		if (levels > layout.levels()) {
			throw new MedCryptException("This file was packed for at most " + layout.levels() +
				" Haar levels; choose levels <= " + layout.levels() + " or re-encrypt with more.");
		}
		if (plane < 1 || plane > layout.planes()) {
			throw new MedCryptException("Plane " + plane + " does not exist: the image has " + layout.planes() + ".");
		}
		final boolean keyHolder = PaillierKeyFiles.holdsPrivateKey(keyFile);
		if (!keyHolder && !serverView) {
			throw new MedCryptException("With a public key only the server's view can be shown: tick " +
				"'Show what the server holds', or give the private key to see the decomposition.");
		}
		final long start = System.nanoTime();
		final EncryptedHaar.Band[][] bands = EncryptedHaar.transform(image, publicKey, plane - 1, levels);
		final double serverSeconds = (System.nanoTime() - start) / 1e9;
		final String name = file.getFileName().toString();
		ImagePlus view = null, decomposition = null;
		if (serverView) {
			final List<BigInteger> all = new ArrayList<>();
			for (final EncryptedHaar.Band[] level : bands) for (final EncryptedHaar.Band b : level) {
				for (final BigInteger c : b.ciphertexts) all.add(c);
			}
			view = ImagePlusImgs.toImagePlus("Encrypted Haar bands of " + name, CiphertextView.render(all.toArray(
				new BigInteger[0]), image.modulusBits()));
		}
		if (keyHolder) {
			final PaillierPrivateKey privateKey = PaillierKeyFiles.readPrivate(keyFile);
			final long[][][] coefficients = new long[levels][4][];
			for (int l = 0; l < levels; l++) {
				for (int b = 0; b < 4; b++) coefficients[l][b] = EncryptedHaar.decrypt(bands[l][b], image, privateKey);
			}
			final int width = layout.gridWidth() * layout.factor(), height = layout.gridHeight() * layout.factor();
			final FloatProcessor fp = new FloatProcessor(width, height, MallatView.arrange(coefficients, width,
				height));
			fp.resetMinAndMax();
			decomposition = new ImagePlus("Haar " + levels + " levels of " + name, fp);
		}
		return new Haar(decomposition, view, levels, serverSeconds);
	}
}
