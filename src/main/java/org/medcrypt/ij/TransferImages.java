package org.medcrypt.ij;

import java.io.File;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.LUT;
import org.medcrypt.image.DicomDeidentification;
import org.medcrypt.image.ImageDescription;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.transfer.OpenedRegister;
import org.medcrypt.transfer.SecureTransfer;
import org.medcrypt.transfer.TransferEnvelope;

/**
 * The ImageJ edge of secure transfer ({@link org.medcrypt.transfer.SecureTransfer}),
 * for the commands, the command line and the demo: {@link #seal} and {@link #open}
 * are the one entry point of each side, over an image's pixel planes, what travels
 * sealed with them (the image's {@link ImageDescription}: title, calibration with its
 * function, display ranges, colour tables, C/Z/T, slice labels, the Info header; issue
 * 11), new images built from planes, and the optional output file.
 *
 * <p>Titles are neutral (issue 10): the sealed image is titled
 * {@code "MedCrypt sealed <identifier>"}, whatever the original was called, and the
 * decrypted image gets its title back from the sealed metadata, never from the
 * carrier's file name.
 */
public final class TransferImages {

	/** Title prefix of sealed images; the identifier follows. */
	public static final String SEALED_TITLE = "MedCrypt sealed ";

	private TransferImages() {}

	/** An image sealed for its recipient. */
	public static final class Sealed {

		/** The encrypted image (same size and type as the original), titled neutrally. */
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
	 * {@code "MedCrypt sealed <identifier>"}, saved as TIFF to {@code out} if one is
	 * given (checked before any work).
	 *
	 * @param identifier the sender's identifier for this image (public), or null or empty for a random one
	 * @param deidentify whether to de-identify the DICOM header ({@link DicomDeidentification}) before sealing
	 */
	public static Sealed seal(final ImagePlus imp, final String identifier, final boolean deidentify,
		final RSAPrivateCrtKey sender, final RSAPublicKey recipient, final SecureRandom random, final File out)
		throws MedCryptException
	{
		final PixelPlanes planes = planes(imp, "image to send");
		if (identifier != null && !identifier.isEmpty() && !TransferEnvelope.validIdentifier(identifier)) {
			throw new MedCryptException("The identifier '" + identifier + "' is not valid: 1 to " + TransferEnvelope
				.IDENTIFIER_BYTES + " characters among A-Z a-z 0-9 . _ : - (it travels in clear: never a patient's " +
				"name or number).");
		}
		checkNew(out);
		final long start = System.nanoTime();
		ImageDescription d = ImageDescriptions.of(imp);
		final SecureTransfer.Label label = new SecureTransfer.Label(identifier, System.currentTimeMillis(), d
			.channels(), d.slices(), d.frames(), random);
		if (deidentify) d = new DicomDeidentification(random).apply(d, label.identifier);
		final SecureTransfer.Sealed sealed = SecureTransfer.seal(planes, label, d.encode(), sender, recipient,
			random);
		final double seconds = (System.nanoTime() - start) / 1e9;
		final ImagePlus image = image(SEALED_TITLE + label.identifier, sealed.planes, label.channels, label.slices,
			label.frames, new byte[0]);
		final String saved = save(image, out);
		return new Sealed(image, sealed, SecureTransfer.digest(planes), saved, seconds);
	}

	/** An image opened and verified. */
	public static final class Opened {

		/** The decrypted image, bit-exact, with its sealed title (and description). */
		public final ImagePlus image;
		public final SecureTransfer.Opened opened;
		/** SHA-256 of the decrypted pixels, as {@link SecureTransfer#digest}. */
		public final String digest;
		/** Where the TIFF was saved, or empty. */
		public final String file;
		public final double seconds;
		/** The earlier opening of this identifier from this sender, or null (also for version-1 images). */
		public final OpenedRegister.Entry replayOf;

		Opened(final ImagePlus image, final SecureTransfer.Opened opened, final String digest, final String file,
			final double seconds, final OpenedRegister.Entry replayOf)
		{
			this.image = image;
			this.opened = opened;
			this.digest = digest;
			this.file = file;
			this.seconds = seconds;
			this.replayOf = replayOf;
		}

		/**
		 * One line for the user: what the sender signed (identifier, time, keys,
		 * arrangement) and whether this image was opened before.
		 */
		public String summary() {
			final SecureTransfer.Opened o = opened;
			final String what = o.version == 1 ? "envelope version 1 (no identifier, time or C/Z/T; replay not " +
				"checked)" : "identifier " + o.identifier + ", sealed " + o.createdText() + ", C/Z/T " + o.channels +
					"/" + o.slices + "/" + o.frames;
			return what + "; signed by " + o.sender + " for " + o.recipient + (replayOf == null ? "" : "; WARNING: " +
				"already opened on " + replayOf.openedText() + " (a replay or a copy)");
		}
	}

	/**
	 * Recipient side ({@link SecureTransfer#open}): checks the sender's signature and
	 * every pixel, then decrypts into a new image with its sealed title, saved as TIFF
	 * to {@code out} if one is given. All or nothing: a failed check writes nothing.
	 *
	 * @param register where openings are recorded and replays looked up, or null for none
	 * @param refuseReplay refuse an identifier the register holds (else {@link Opened#replayOf} warns)
	 * @param expectedIdentifier the identifier the sender announced, or null or empty: another one is refused as
	 *            a swapped image
	 */
	public static Opened open(final ImagePlus imp, final RSAPrivateCrtKey recipient, final RSAPublicKey sender,
		final OpenedRegister register, final boolean refuseReplay, final String expectedIdentifier, final File out)
		throws MedCryptException
	{
		final PixelPlanes planes = planes(imp, "encrypted image");
		checkNew(out);
		final long start = System.nanoTime();
		final SecureTransfer.Opened opened = SecureTransfer.open(planes, recipient, sender);
		final double seconds = (System.nanoTime() - start) / 1e9;
		if (expectedIdentifier != null && !expectedIdentifier.isEmpty() && !expectedIdentifier.equals(
			opened.identifier))
		{
			throw new RefusedByPolicyException("This image is " + (opened.version == 1 ? "a version-1 image without " +
				"identifier" : "identifier " + opened.identifier + " (sealed " + opened.createdText() + ")") + ", not " +
				"the expected " + expectedIdentifier + ": it was swapped for another image from the same sender. " +
				"Nothing was written.");
		}
		final int c, z, t;
		if (opened.version == 1) {
			c = imp.getNChannels();
			z = imp.getNSlices();
			t = imp.getNFrames();
		}
		else {
			c = opened.channels;
			z = opened.slices;
			t = opened.frames;
			final boolean flat = imp.getNChannels() == 1 && imp.getNFrames() == 1;
			if (!flat && (imp.getNChannels() != c || imp.getNSlices() != z || imp.getNFrames() != t)) {
				throw new AuthenticationFailedException("The image's arrangement was changed after sealing: the " +
					"sender signed C/Z/T = " + c + "/" + z + "/" + t + " (channels/slices/frames), the image is now " +
					imp.getNChannels() + "/" + imp.getNSlices() + "/" + imp.getNFrames() + ". Nothing was written; ask " +
					"the sender for the original TIFF.");
			}
		}
		final ImageDescription d = opened.version == 1 ? null : description(opened);
		final OpenedRegister.Entry replayOf = register == null ? null : register.record(opened, refuseReplay);
		final ImagePlus image;
		if (d == null) {
			// Version 1 carried a colour table or nothing, and no title: never the carrier's file name.
			image = image("decrypted image", opened.planes, c, z, t, opened.metadata.length == LUT_BYTES
				? opened.metadata : new byte[0]);
			image.resetDisplayRange();
		}
		else image = ImageDescriptions.create(d, stack(opened.planes));
		final String saved = save(image, out);
		return new Opened(image, opened, SecureTransfer.digest(opened.planes), saved, seconds, replayOf);
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

	/**
	 * The sealed description of a version-2 image; it was signed, so one that is
	 * invalid or contradicts the signed geometry is the sender's doing.
	 */
	private static ImageDescription description(final SecureTransfer.Opened o) throws MedCryptException {
		final ImageDescription d;
		try {
			d = ImageDescription.decode(o.metadata);
		}
		catch (final DamagedFileException e) {
			throw new PeerFailureException("The image's sealed description is invalid (" + e.getMessage() + ") " +
				"although the sender signed it: the sender made an invalid image. Nothing was written.", e);
		}
		if (!d.fits(o.planes.kind(), o.planes.width(), o.planes.height(), o.planes.planes()) || d.channels() !=
			o.channels || d.slices() != o.slices || d.frames() != o.frames)
		{
			throw new PeerFailureException("The image's sealed description (" + d + ") contradicts its signed " +
				"header (C/Z/T " + o.channels + "/" + o.slices + "/" + o.frames + "): the sender made an invalid " +
				"image. Nothing was written.");
		}
		return d;
	}

	/** Version 1: an indexed-colour image's table (256 reds, greens, blues). */
	private static final int LUT_BYTES = 768;

	/** A stack of these planes (shared arrays). */
	private static ImageStack stack(final PixelPlanes planes) {
		final ImageStack stack = new ImageStack(planes.width(), planes.height());
		for (int i = 0; i < planes.planes(); i++)
			stack.addSlice(null, planes.array(i));
		return stack;
	}

	/** A new image of these planes with these hyperstack dimensions, and the colour table if any. */
	static ImagePlus image(final String title, final PixelPlanes planes, final int c, final int z, final int t,
		final byte[] metadata)
	{
		final ImageStack stack = stack(planes);
		final ImagePlus out = new ImagePlus(title, stack);
		out.setDimensions(c, z, t);
		if (c * z * t > 1 && (c > 1 || t > 1)) out.setOpenAsHyperStack(true);
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
