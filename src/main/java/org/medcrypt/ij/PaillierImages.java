package org.medcrypt.ij;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.medcrypt.encimage.CiphertextView;
import org.medcrypt.encimage.EncryptedHaar;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.MallatView;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.encimage.PolyphaseLayout;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.UnsupportedImageException;
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
	 * Encrypts an 8/16-bit or RGB image or stack under the key in
	 * {@code keyFile} (a public key, or the owner's private key: faster, and
	 * sealed with a MAC) into {@code out}, which must not exist (checked before
	 * any work). RGB images are encrypted as their R, G and B channel planes
	 * (three 8-bit planes per image plane). The image's description (title,
	 * calibration, display range, LUTs, C/Z/T, slice labels, the DICOM header
	 * in Info: {@link ImageDescriptions#of}) travels encrypted inside the file;
	 * nothing in the file names the image. {@code slotBits} 0 chooses the
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
		final PixelPlanes.Kind kind;
		try {
			kind = ImageDescriptions.kindOf(imp);
		}
		catch (final IllegalArgumentException e) {
			throw new UnsupportedImageException("MedCrypt encrypts 8-bit, 16-bit and RGB images; this one is " + imp
				.getBitDepth() + "-bit. Convert it with Image > Type > 8-bit or 16-bit.", e);
		}
		final PaillierEncrypter key = PaillierKeyFiles.readEncrypter(keyFile);
		final boolean rgb = kind == PixelPlanes.Kind.RGB;
		final int bitDepth = kind.bitsPerSample;
		final PackingParameters packing = PackingParameters.of(levels, slotBits == 0 ? PackingParameters
			.minimumSlotBits(bitDepth, levels) + 1 : slotBits, bitDepth);
		final byte[] description = ImageDescriptions.of(imp).encode();
		final long start = System.nanoTime();
		final EncryptedImage encrypted = PaillierImageCipher.encrypt(rgb ? channelPlanes(imp) : ImagePlusImgs.wrap(
			imp), key, packing, rgb, description, progress);
		EncryptedImageFile.write(out, encrypted);
		return new Encrypted(encrypted, key.publicKey(), (System.nanoTime() - start) / 1e9);
	}

	/** An RGB image's R, G and B as three 8-bit planes per image plane, in stack order. */
	static PlanarImg<UnsignedByteType, ByteArray> channelPlanes(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final int n = imp.getWidth() * imp.getHeight();
		final byte[][] planes = new byte[3 * stack.getSize()][n];
		for (int z = 0; z < stack.getSize(); z++) {
			final int[] rgb = (int[]) stack.getProcessor(z + 1).getPixels();
			for (int i = 0; i < n; i++) {
				planes[3 * z][i] = (byte) (rgb[i] >>> 16);
				planes[3 * z + 1][i] = (byte) (rgb[i] >>> 8);
				planes[3 * z + 2][i] = (byte) rgb[i];
			}
		}
		return PixelPlanes.ofBytes(imp.getWidth(), imp.getHeight(), planes).unsignedBytes();
	}

	/** The RGB stack of decrypted channel planes (R, G, B per image plane). */
	private static ImageStack rgbStack(final Img<? extends IntegerType<?>> pixels, final int width, final int height) {
		final PixelPlanes planes = PixelPlanes.wrap(pixels);
		final ImageStack stack = new ImageStack(width, height);
		final int n = width * height;
		for (int z = 0; z < planes.planes() / 3; z++) {
			final byte[] r = planes.bytePlane(3 * z), g = planes.bytePlane(3 * z + 1), b = planes.bytePlane(3 * z + 2);
			final int[] rgb = new int[n];
			for (int i = 0; i < n; i++) rgb[i] = (r[i] & 0xff) << 16 | (g[i] & 0xff) << 8 | b[i] & 0xff;
			stack.addSlice(null, new ColorProcessor(width, height, rgb));
		}
		return stack;
	}

	/** A decrypted image. */
	public static final class Decrypted {

		public final ImagePlus image;
		public final PaillierPublicKey key;
		public final double seconds;
		/** Who made the file and whether that is checked: see {@link PaillierImageCipher.Seal}. */
		public final PaillierImageCipher.Seal seal;
		private final String file;

		Decrypted(final ImagePlus image, final PaillierPublicKey key, final double seconds,
			final PaillierImageCipher.Seal seal, final String file)
		{
			this.image = image;
			this.key = key;
			this.seconds = seconds;
			this.seal = seal;
			this.file = file;
		}

		/** What the user must be told about the file's integrity, or null when its owner's MAC was verified. */
		public String notice() {
			switch (seal) {
				case NONE:
					return file + " carries no owner seal: it was encrypted with the public key alone, so nothing " +
						"proves that its pixels are the ones encrypted (anyone holding the public key can make or " +
						"change such a file). Encrypt with your private key to have changes detected.";
				case OWNER_VERSION_1:
					return file + " is an older (version 1) file: its owner seal does not cover its header or the " +
						"order of its ciphertexts. Re-encrypt it with this MedCrypt to have every change detected.";
				default:
					return null;
			}
		}
	}

	/**
	 * Decrypts a {@code .mcimg} file with the private key in {@code keyFile},
	 * bit-exact, and gives it back its description (title, calibration, C/Z/T,
	 * labels, Info...) when the file carries one; an RGB file comes back as an
	 * RGB image. A wrong key is named; an owner's file that was changed, or whose
	 * seal was removed, is refused ({@link PaillierImageCipher#decryptFully}).
	 */
	public static Decrypted decrypt(final Path file, final Path keyFile, final Progress progress)
		throws MedCryptException
	{
		final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(keyFile);
		final EncryptedImage encrypted = EncryptedImageFile.read(file, key.publicKey());
		final long start = System.nanoTime();
		final PaillierImageCipher.Decryption d = PaillierImageCipher.decryptFully(encrypted, key, progress);
		final int width = encrypted.layout().width(), height = encrypted.layout().height();
		final ImagePlus image;
		if (d.description != null) {
			image = ImageDescriptions.create(d.description, d.rgb ? rgbStack(d.pixels, width, height) : ImagePlusImgs
				.toImagePlus("decrypted", d.pixels).getStack());
		}
		else {
			image = d.rgb ? new ImagePlus(titleOf(file), rgbStack(d.pixels, width, height)) : ImagePlusImgs
				.toImagePlus(titleOf(file), d.pixels);
		}
		return new Decrypted(image, key.publicKey(), (System.nanoTime() - start) / 1e9, d.seal, file.toString());
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
