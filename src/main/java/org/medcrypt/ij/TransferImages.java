package org.medcrypt.ij;

import java.io.File;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.LUT;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.transfer.SecureTransfer;

/**
 * The ImageJ edge of secure transfer ({@link org.medcrypt.transfer.SecureTransfer}),
 * for the commands, the command line and the demo: {@link #seal} and {@link #open}
 * are the one entry point of each side, over an image's pixel planes, its colour
 * table as the metadata that travels encrypted with them, new images built from
 * planes, and the optional output file.
 */
public final class TransferImages {

	/** An indexed-colour image's table: 256 reds, 256 greens, 256 blues. */
	private static final int LUT_BYTES = 768;

	private TransferImages() {}

	/** An image sealed for its recipient. */
	public static final class Sealed {

		/** The encrypted image (same size and type as the original). */
		public final ImagePlus image;
		public final SecureTransfer.Sealed sealed;
		/** SHA-256 of the original pixels, as {@link SecureTransfer#digest}. */
		public final String digest;
		/** Where the TIFF was saved, or empty. */
		public final String file;
		public final double seconds;

		Sealed(final ImagePlus image, final SecureTransfer.Sealed sealed, final String digest, final String file,
			final double seconds)
		{
			this.image = image;
			this.sealed = sealed;
			this.digest = digest;
			this.file = file;
			this.seconds = seconds;
		}
	}

	/**
	 * Sender side of the default transfer ({@link SecureTransfer#seal}): seals the
	 * image for {@code recipient}, signed with {@code sender}, into a new image titled
	 * {@code title}, saved as TIFF to {@code out} if one is given (checked before any work).
	 */
	public static Sealed seal(final ImagePlus imp, final String title, final RSAPrivateCrtKey sender,
		final RSAPublicKey recipient, final SecureRandom random, final File out) throws MedCryptException
	{
		final PixelPlanes planes = planes(imp, "image to send");
		checkNew(out);
		final long start = System.nanoTime();
		final SecureTransfer.Sealed sealed = SecureTransfer.seal(planes, metadata(imp), sender, recipient, random);
		final double seconds = (System.nanoTime() - start) / 1e9;
		final ImagePlus image = image(title, sealed.planes, imp, new byte[0]);
		final String saved = save(image, out);
		return new Sealed(image, sealed, SecureTransfer.digest(planes), saved, seconds);
	}

	/** An image opened and verified. */
	public static final class Opened {

		/** The decrypted image, bit-exact. */
		public final ImagePlus image;
		public final SecureTransfer.Opened opened;
		/** SHA-256 of the decrypted pixels, as {@link SecureTransfer#digest}. */
		public final String digest;
		/** Where the TIFF was saved, or empty. */
		public final String file;
		public final double seconds;

		Opened(final ImagePlus image, final SecureTransfer.Opened opened, final String digest, final String file,
			final double seconds)
		{
			this.image = image;
			this.opened = opened;
			this.digest = digest;
			this.file = file;
			this.seconds = seconds;
		}
	}

	/**
	 * Recipient side ({@link SecureTransfer#open}): checks the sender's signature and
	 * every pixel, then decrypts into a new image titled {@code title}, saved as TIFF
	 * to {@code out} if one is given. All or nothing: a failed check writes nothing.
	 */
	public static Opened open(final ImagePlus imp, final String title, final RSAPrivateCrtKey recipient,
		final RSAPublicKey sender, final File out) throws MedCryptException
	{
		final PixelPlanes planes = planes(imp, "encrypted image");
		checkNew(out);
		final long start = System.nanoTime();
		final SecureTransfer.Opened opened = SecureTransfer.open(planes, recipient, sender);
		final double seconds = (System.nanoTime() - start) / 1e9;
		final ImagePlus image = image(title, opened.planes, imp, opened.metadata);
		image.resetDisplayRange();
		final String saved = save(image, out);
		return new Opened(image, opened, SecureTransfer.digest(opened.planes), saved, seconds);
	}

	/** The pixel planes of an 8-bit, 16-bit, indexed-colour or RGB image, or a message saying why not. */
	static PixelPlanes planes(final ImagePlus imp, final String role) throws MedCryptException {
		if (imp == null) throw new MedCryptException("Open the " + role + " first.");
		if (imp.getBitDepth() == 32) {
			throw new MedCryptException("Image \"" + imp.getTitle() + "\" is 32-bit float; secure transfer takes " +
				"8-bit, 16-bit, indexed-colour and RGB images.");
		}
		if (imp.getStack().isVirtual()) {
			throw new MedCryptException("Image \"" + imp.getTitle() + "\" is a virtual stack; load it into memory " +
				"(Image > Duplicate...) first.");
		}
		return ImagePlusImgs.planes(imp);
	}

	/** What travels encrypted with the pixels: the colour table of an indexed-colour image, else nothing. */
	static byte[] metadata(final ImagePlus imp) {
		if (imp.getType() != ImagePlus.COLOR_256) return new byte[0];
		final LUT lut = imp.getProcessor().getLut();
		final byte[] m = new byte[LUT_BYTES];
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		lut.getReds(r);
		lut.getGreens(g);
		lut.getBlues(b);
		System.arraycopy(r, 0, m, 0, 256);
		System.arraycopy(g, 0, m, 256, 256);
		System.arraycopy(b, 0, m, 512, 256);
		return m;
	}

	/** A new image of these planes with the hyperstack dimensions of {@code like}, and the colour table if any. */
	static ImagePlus image(final String title, final PixelPlanes planes, final ImagePlus like, final byte[] metadata) {
		final ImageStack stack = new ImageStack(planes.width(), planes.height());
		for (int i = 0; i < planes.planes(); i++)
			stack.addSlice(null, planes.array(i));
		final ImagePlus out = new ImagePlus(title, stack);
		out.setDimensions(like.getNChannels(), like.getNSlices(), like.getNFrames());
		if (metadata.length == LUT_BYTES && stack.getBitDepth() == 8) {
			final LUT lut = new LUT(java.util.Arrays.copyOfRange(metadata, 0, 256), java.util.Arrays.copyOfRange(
				metadata, 256, 512), java.util.Arrays.copyOfRange(metadata, 512, 768));
			out.getProcessor().setColorModel(lut);
			stack.setColorModel(lut);
		}
		return out;
	}

	/** Saves the image as TIFF if a file was chosen (atomically, never over an existing file). */
	static String save(final ImagePlus imp, final File file) throws MedCryptException {
		if (file == null || file.getPath().isEmpty()) return "";
		ImageFiles.saveTiff(imp, file.toPath());
		return file.getPath();
	}

	/** Refuses an existing output file before any work is done. */
	static void checkNew(final File file) throws MedCryptException {
		if (file != null && !file.getPath().isEmpty() && AtomicFiles.taken(file.toPath())) {
			throw new OutputExistsException(file + " already exists; MedCrypt never overwrites files: choose another name.");
		}
	}
}
