package org.medcrypt.retrieval.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.regex.Pattern;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

import org.medcrypt.encimage.DescriptionBlock;
import org.medcrypt.encimage.EncryptedHaar;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PolyphaseLayout;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierPrivateKey;

/**
 * An entry's preview sealed for the sealed index mode: the pixels the key
 * holder's LL-band preview gives (the image reduced F = 2^L times, block means
 * of the padded first plane, as {@code EncryptedHaar.lowpass} decrypted and
 * divided by 4^L), under AES-256-GCM with a fresh random key that travels only
 * inside the entry's sealed {@link IndexRecord}. A query in index mode then
 * opens its d previews with no Paillier decryption.
 *
 * <pre>
 * file previews/ID-KEYID.mcpv: magic "MCPV" | version u16 = 1 | GCM nonce (12) | AES-256-GCM(width i32 | height i32
 *   | bit depth u8 | pixels, u8 (8-bit) or u16 big-endian) with tag (16)
 * associated data: magic | version | entry id (8) | SHA-256 of the entry's encrypted image (32)
 * </pre>
 *
 * The associated data binds the preview to its entry and image, so a server
 * that swaps two entries' previews (or serves an old image's) fails the tag.
 * KEYID (16 hex digits of SHA-256 over the key) names the file, so a retried
 * writer (another key) adds a file and never replaces one; the record names
 * the file through its key.
 */
public final class SealedPreview {

	private static final byte[] MAGIC = { 'M', 'C', 'P', 'V' };
	public static final int VERSION = 1;
	public static final int KEY_BYTES = 32;
	public static final String SUFFIX = ".mcpv";
	/** Largest preview file read or sent: a 16-bit 2048x2048 preview. */
	public static final int MAX_BYTES = 8 << 20 | 64;
	private static final int NONCE_BYTES = 12;
	private static final Pattern NAME = Pattern.compile("[0-9a-f]{16}-[0-9a-f]{16}");

	/** An opened preview: width x height pixels in raster order. */
	public static final class Pixels {

		public final int width, height, bitDepth;
		public final int[] pixels;

		public Pixels(final int width, final int height, final int bitDepth, final int[] pixels) {
			if (width < 1 || height < 1 || (long) width * height != pixels.length) {
				throw new IllegalArgumentException("a " + width + "x" + height + " preview with " + pixels.length +
					" pixels");
			}
			if (bitDepth < 1 || bitDepth > 16) throw new IllegalArgumentException("bit depth " + bitDepth);
			this.width = width;
			this.height = height;
			this.bitDepth = bitDepth;
			this.pixels = pixels;
		}
	}

	private SealedPreview() {}

	/** A fresh preview key. */
	public static byte[] newKey(final SecureRandom rnd) {
		final byte[] k = new byte[KEY_BYTES];
		rnd.nextBytes(k);
		return k;
	}

	/** The file stem of the preview of entry {@code id} sealed under {@code key}: {@code ID-KEYID}. */
	public static String name(final String id, final byte[] key) {
		final java.security.MessageDigest sha = Wire.sha256();
		sha.update("MedCrypt preview file name".getBytes(StandardCharsets.US_ASCII));
		return id + "-" + Hex.of(sha.digest(key)).substring(0, 16);
	}

	/** Whether {@code name} is a preview file stem (what a server accepts in a request). */
	public static boolean isValidName(final String name) {
		return name != null && NAME.matcher(name).matches();
	}

	/** The preview file {@code name} in a store folder. */
	public static Path file(final Path store, final String name) {
		if (!isValidName(name)) throw new IllegalArgumentException("not a preview name: " + name);
		return store.resolve("previews").resolve(name + SUFFIX);
	}

	/**
	 * The preview pixels of an image's first plane ({@code plane}, raster
	 * order) in {@code layout}: per grid cell the sum of its F x F padded
	 * pixels (edge repetition, {@link PolyphaseLayout#gather}) divided by 4^L,
	 * which is the LL band the key holder decrypts in the paper mode.
	 */
	public static Pixels of(final int[] plane, final PolyphaseLayout layout, final int bitDepth) {
		final int f = layout.factor(), gw = layout.gridWidth(), gh = layout.gridHeight(), w = layout.width(),
			h = layout.height();
		final long[] sums = new long[gw * gh];
		for (int gy = 0; gy < gh; gy++) {
			for (int py = 0; py < f; py++) {
				final int row = Math.min(gy * f + py, h - 1) * w;
				for (int gx = 0; gx < gw; gx++) {
					long s = 0;
					for (int px = 0, x = gx * f; px < f; px++, x++) s += plane[row + Math.min(x, w - 1)];
					sums[gy * gw + gx] += s;
				}
			}
		}
		return fromLowpass(sums, gw, gh, layout.levels(), bitDepth);
	}

	/**
	 * The key holder's preview of an encrypted image, as the paper mode gives
	 * it: the first plane's LL band ({@code EncryptedHaar.lowpass}) decrypted
	 * (about 22 Paillier decryptions for a 512x512 image), for an entry whose
	 * plaintext it does not have.
	 */
	public static Pixels decrypt(final EncryptedImage image, final PaillierPrivateKey key) {
		final PolyphaseLayout layout = image.layout();
		return fromLowpass(EncryptedHaar.decrypt(EncryptedHaar.lowpass(image, key.publicKey(), 0), image, key), layout
			.gridWidth(), layout.gridHeight(), layout.levels(), image.bitDepth());
	}

	/** The preview of a decrypted LL band at level {@code levels}: sums divided by 4^L, clamped to the pixel range. */
	public static Pixels fromLowpass(final long[] ll, final int width, final int height, final int levels,
		final int bitDepth)
	{
		final int[] preview = new int[ll.length];
		final int shift = 2 * levels;
		final long max = (1L << bitDepth) - 1;
		for (int i = 0; i < ll.length; i++) preview[i] = (int) Math.max(0, Math.min(max, ll[i] >> shift));
		return new Pixels(width, height, bitDepth, preview);
	}

	/** The sealed preview file of entry {@code id} whose encrypted image has SHA-256 {@code imageSha256}. */
	public static byte[] seal(final Pixels p, final byte[] key, final String id, final String imageSha256,
		final SecureRandom rnd)
	{
		final int bytesPer = p.bitDepth > 8 ? 2 : 1;
		final byte[] plain = new byte[9 + bytesPer * p.pixels.length];
		putInt(plain, 0, p.width);
		putInt(plain, 4, p.height);
		plain[8] = (byte) p.bitDepth;
		for (int i = 0, at = 9; i < p.pixels.length; i++) {
			if (bytesPer == 2) plain[at++] = (byte) (p.pixels[i] >> 8);
			plain[at++] = (byte) p.pixels[i];
		}
		final byte[] nonce = new byte[NONCE_BYTES];
		rnd.nextBytes(nonce);
		final byte[] out = new byte[MAGIC.length + 2 + NONCE_BYTES + plain.length + 16];
		System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
		out[MAGIC.length + 1] = VERSION;
		System.arraycopy(nonce, 0, out, MAGIC.length + 2, NONCE_BYTES);
		try {
			DescriptionBlock.gcm(Cipher.ENCRYPT_MODE, checkedKey(key), nonce, aad(id, imageSha256)).doFinal(plain, 0,
				plain.length, out, MAGIC.length + 2 + NONCE_BYTES);
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("AES-256-GCM encryption cannot fail", e);
		}
		return out;
	}

	/**
	 * Opens a preview file; null if it does not open under {@code key} for
	 * this entry and image (altered, swapped, another entry's): the caller
	 * names the party that sent it.
	 */
	public static Pixels open(final byte[] bytes, final byte[] key, final String id, final String imageSha256)
		throws MedCryptException
	{
		final int head = MAGIC.length + 2 + NONCE_BYTES;
		if (bytes.length < head + 9 + 16 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC) ||
			bytes[MAGIC.length] != 0 || bytes[MAGIC.length + 1] != VERSION) return null;
		final byte[] plain;
		try {
			plain = DescriptionBlock.gcm(Cipher.DECRYPT_MODE, checkedKey(key), Arrays.copyOfRange(bytes, MAGIC.length +
				2, head), aad(id, imageSha256)).doFinal(bytes, head, bytes.length - head);
		}
		catch (final AEADBadTagException e) {
			return null;
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("AES-256-GCM is part of every Java runtime", e);
		}
		final int width = getInt(plain, 0), height = getInt(plain, 4), bitDepth = plain[8] & 0xff;
		final int bytesPer = bitDepth > 8 ? 2 : 1;
		if (width < 1 || height < 1 || (long) width * height * bytesPer != plain.length - 9) {
			// authentic (the tag opened) yet malformed: written by a faulty writer holding the key
			throw new DamagedFileException("The sealed preview of entry " + id + " is damaged (" + width + "x" +
				height + " in " + (plain.length - 9) + " bytes). Run store-index again on the store.");
		}
		final int[] pixels = new int[width * height];
		for (int i = 0, at = 9; i < pixels.length; i++) {
			pixels[i] = bytesPer == 2 ? (plain[at++] & 0xff) << 8 | plain[at++] & 0xff : plain[at++] & 0xff;
		}
		return new Pixels(width, height, bitDepth, pixels);
	}

	/**
	 * Writes a sealed preview atomically under its name in the store folder
	 * (never replacing a file: the name is derived from the key, so one there
	 * already holds these bytes' key and was written by the same writer).
	 */
	public static void write(final Path store, final String name, final byte[] bytes) throws MedCryptException {
		AtomicFiles.writeContentNamed(file(store, name), bytes);
	}

	/** The preview file {@code name} of a store folder, or null if there is none. */
	public static byte[] read(final Path store, final String name) throws MedCryptException {
		final Path file = file(store, name);
		if (!Files.isRegularFile(file)) return null;
		try {
			return org.medcrypt.io.BoundedFiles.readAllBytes(file, MAX_BYTES);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not read " + file + ": " + e.getMessage(), e);
		}
	}

	private static byte[] checkedKey(final byte[] key) {
		if (key == null || key.length != KEY_BYTES) throw new IllegalArgumentException("a preview key is 32 bytes");
		return key;
	}

	private static byte[] aad(final String id, final String imageSha256) {
		final byte[] out = new byte[MAGIC.length + 2 + 8 + 32];
		System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
		out[MAGIC.length + 1] = VERSION;
		System.arraycopy(Hex.parse(id), 0, out, MAGIC.length + 2, 8);
		System.arraycopy(Hex.parse(imageSha256), 0, out, MAGIC.length + 10, 32);
		return out;
	}

	private static void putInt(final byte[] b, final int at, final int v) {
		b[at] = (byte) (v >> 24);
		b[at + 1] = (byte) (v >> 16);
		b[at + 2] = (byte) (v >> 8);
		b[at + 3] = (byte) v;
	}

	private static int getInt(final byte[] b, final int at) {
		return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
	}
}
