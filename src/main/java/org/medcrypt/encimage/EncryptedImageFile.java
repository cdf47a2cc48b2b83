package org.medcrypt.encimage;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.FixedWidth;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.io.Wire;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.paillier.SeededRandomness;

/**
 * The encrypted image file ({@value #SUFFIX}), version 2. Big-endian:
 *
 * <pre>
 * offset size  field
 *      0    8  magic 0x89 'M' 'C' 'E' 'I' '\r' '\n' 0x1A  (catches text-mode transfers)
 *      8    2  version = 2
 *     10   32  SHA-256 fingerprint of the Paillier public key
 *     42    2  bit length of n
 *     44    1  content: 0 = grayscale pixels, 1 = RGB (the R, G, B channels as three 8-bit planes per image plane)
 *     45    1  sample bit depth (8 or 16)
 *     46    1  Haar levels L of the polyphase layout
 *     47    1  slot width in bits
 *     48    2  slots per ciphertext
 *     50    4  width
 *     54    4  height
 *     58    4  planes (of samples: three per image plane for RGB)
 *     62    4  bytes per ciphertext = 2·ceil(|n|/8)
 *     66    4  ciphertext count (must match the layout)
 *     70    4  length D of the description block: 0, or a {@link DescriptionBlock}
 *     74    2  length S of the owner seal: 0, or 92 when the key owner encrypted
 *     76    S  owner seal ({@link SeededRandomness}, seal version 2): the randomness seed and a MAC tag,
 *              HMAC-SHA256 under a key derived from the seed, over bytes 0-75, the description block
 *              and every ciphertext
 *   76+S    D  description block: the {@link org.medcrypt.image.ImageDescription} (title, calibration,
 *              DICOM header...) under a Paillier KEM and AES-256-GCM, bytes 0-75 as associated data
 *      .    .  ciphertexts, each unsigned big-endian, zero-padded to its size
 *    end-32 32 SHA-256 of every byte before it
 * </pre>
 *
 * Version 1 (still read, written back unchanged): bytes 0-69 as above with
 * content 0, then the seal length (u16) at 70, a version-1 seal (60 bytes:
 * the seed only) or none, the ciphertexts and the SHA-256.
 * <p>
 * The SHA-256 detects truncation and accidental corruption; it is not a
 * signature (anyone can recompute it). What a deliberate change is met with
 * depends on who made the file. An owner's file (version 2, sealed): any change
 * to the header, the description or a ciphertext (changed, swapped, replaced)
 * fails the MAC at decryption ({@code AuthenticationFailedException}), and so
 * does removing the seal while the first ciphertext, or the description's KEM
 * ciphertext, is still the owner's (both carry the owner's mark,
 * {@link SeededRandomness#ownerMark}). A file made with the public key alone
 * cannot be authenticated by anyone (whoever has the public key can make one),
 * and decryption says so; a changed ciphertext then decrypts to other pixels,
 * and is only noticed if a value leaves the pixel range. The description block
 * of any file fails its GCM tag if it or the header was changed.
 */
public final class EncryptedImageFile {

	public static final String SUFFIX = ".mcimg";
	static final byte[] MAGIC = { (byte) 0x89, 'M', 'C', 'E', 'I', '\r', '\n', 0x1A };
	static final int VERSION = 2;
	/** Bytes before the seal length in version 1; the fixed header of version 2 ends at 76. */
	static final int HEADER_BYTES = 70;
	/** The fixed header including the seal's length: what is read before the file's size is checked. */
	private static final int PREFIX_BYTES_V1 = HEADER_BYTES + 2, PREFIX_BYTES = HEADER_BYTES + 6;
	/** The magic and the version: what tells the layout. */
	private static final int LEAD_BYTES = 10;
	/** The largest description block read: far beyond any real header (64 MiB of text) plus its wrapping. */
	static final long MAX_DESCRIPTION_BYTES = (64L << 20) * 2;
	/** Heap taken by a {@link BigInteger} beyond its magnitude bytes (object and array headers, padding). */
	private static final int BIGINTEGER_OVERHEAD = 64;
	private static final int DIGEST_BYTES = 32;

	private EncryptedImageFile() {}

	/** Writes the file atomically; refuses to replace an existing file. */
	public static void write(final Path file, final EncryptedImage image) throws MedCryptException {
		try {
			AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, false, toBytes(image));
		}
		catch (final FileAlreadyExistsException e) {
			throw new OutputExistsException(file + " already exists; MedCrypt does not overwrite files. " +
				"Choose another name or remove the old file.", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not write " + file + ": " + e.getMessage(), e);
		}
	}

	/** The file's bytes: what is written to disk and what travels between a server and a key holder. */
	public static byte[] toBytes(final EncryptedImage image) {
		try {
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			final MessageDigest sha = Wire.sha256();
			final byte[] seal = image.ownerSeal() == null ? new byte[0] : image.ownerSeal();
			final byte[] description = image.descriptionBlock();
			final byte[] header = image.formatVersion() == 1 ? headerV1(image, seal.length) : header(image, image
				.descriptionBlock() == null ? 0 : description.length, seal.length);
			sha.update(header);
			out.write(header);
			sha.update(seal);
			out.write(seal);
			if (description != null) {
				sha.update(description);
				out.write(description);
			}
			final int size = ciphertextBytes(image.modulusBits());
			for (final BigInteger c : image.ciphertexts()) {
				final byte[] b = FixedWidth.bytes(c, size);
				sha.update(b);
				out.write(b);
			}
			out.write(sha.digest());
			return out.toByteArray();
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory cannot fail", e);
		}
	}

	/**
	 * Reads and checks a file without a key (structure and digest only). The
	 * magic, version and header come first, from the file's first bytes; the
	 * size the header announces must be the file's size before anything is
	 * allocated, and the ciphertexts are then streamed (never the whole file in
	 * one array), so a damaged or hostile file of any size is refused at once.
	 */
	public static EncryptedImage read(final Path file) throws MedCryptException {
		final String name = file.toString();
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			final long size = channel.size();
			final DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel),
				1 << 16));
			final byte[] lead = in.readNBytes(LEAD_BYTES);
			final int version = version(name, lead, size);
			final byte[] rest = in.readNBytes((version == 1 ? PREFIX_BYTES_V1 : PREFIX_BYTES) - LEAD_BYTES);
			final byte[] prefix = Arrays.copyOf(lead, lead.length + rest.length);
			System.arraycopy(rest, 0, prefix, lead.length, rest.length);
			final Header h = header(name, prefix, size);
			h.checkMemory(name);
			final MessageDigest sha = Wire.sha256();
			sha.update(prefix);
			final byte[] seal = h.sealLength == 0 ? null : new byte[h.sealLength];
			if (seal != null) {
				in.readFully(seal);
				sha.update(seal);
			}
			final byte[] description = h.descriptionLength == 0 ? null : new byte[h.descriptionLength];
			if (description != null) {
				in.readFully(description);
				sha.update(description);
			}
			final BigInteger[] cts = new BigInteger[h.count];
			final byte[] c = new byte[h.ctBytes];
			for (int i = 0; i < h.count; i++) {
				in.readFully(c);
				sha.update(c);
				cts[i] = new BigInteger(1, c);
			}
			final byte[] digest = new byte[DIGEST_BYTES];
			in.readFully(digest);
			if (!MessageDigest.isEqual(sha.digest(), digest) || in.read() >= 0) throw corrupted(name);
			return h.image(cts, seal, description);
		}
		catch (final NoSuchFileException e) {
			throw new MedCryptException("Encrypted image " + file + " does not exist.", e);
		}
		catch (final EOFException e) {
			throw new DamagedFileException(name + " is truncated: it changed while it was being read.", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not read " + file + ": " + e.getMessage(), e);
		}
	}

	/** Reads a file and checks that it was encrypted for {@code key}. */
	public static EncryptedImage read(final Path file, final PaillierPublicKey key) throws MedCryptException {
		final EncryptedImage image = read(file);
		checkKey(file.toString(), image, key);
		return image;
	}

	/** Fails with a message naming both keys if the image is encrypted for another key. */
	public static void checkKey(final String name, final EncryptedImage image, final PaillierPublicKey key)
		throws MedCryptException
	{
		if (!image.keyFingerprint().equals(key.fingerprint())) {
			throw new WrongKeyException(name + " was encrypted for key " + image.keyFingerprint() +
				"; the key you chose is " + key.fingerprint() + ". Choose the key pair it was made with.");
		}
		final BigInteger n2 = key.modulusSquared();
		for (final BigInteger c : image.ciphertexts()) {
			if (c.signum() <= 0 || c.compareTo(n2) >= 0) {
				throw new DamagedFileException(name + " holds a value that is not a ciphertext of this key: " +
					"the file was altered.");
			}
		}
	}

	/** Parses and checks the bytes of a file; {@code name} says where they came from in messages. */
	public static EncryptedImage parse(final String name, final byte[] bytes) throws MedCryptException {
		final Header h = header(name, bytes, bytes.length);
		final MessageDigest sha = Wire.sha256();
		sha.update(bytes, 0, bytes.length - DIGEST_BYTES);
		if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(bytes, bytes.length - DIGEST_BYTES,
			bytes.length)))
		{
			throw corrupted(name);
		}
		final int prefix = h.version == 1 ? PREFIX_BYTES_V1 : PREFIX_BYTES;
		final byte[] seal = h.sealLength == 0 ? null : Arrays.copyOfRange(bytes, prefix, prefix + h.sealLength);
		final byte[] description = h.descriptionLength == 0 ? null : Arrays.copyOfRange(bytes, prefix +
			h.sealLength, prefix + h.sealLength + h.descriptionLength);
		final int payload = prefix + h.sealLength + h.descriptionLength;
		final BigInteger[] cts = new BigInteger[h.count];
		for (int i = 0; i < h.count; i++) {
			cts[i] = new BigInteger(1, bytes, payload + i * h.ctBytes, h.ctBytes);
		}
		return h.image(cts, seal, description);
	}

	/** The checked fixed header (everything before the owner seal) and the file length it implies. */
	private static final class Header {

		final int version;
		final String fingerprint;
		final PolyphaseLayout layout;
		final boolean rgb;
		final int bitDepth, slotBits, modulusBits, ctBytes, count, sealLength, descriptionLength;

		Header(final int version, final String fingerprint, final PolyphaseLayout layout, final boolean rgb,
			final int bitDepth, final int slotBits, final int modulusBits, final int ctBytes, final int count,
			final int sealLength, final int descriptionLength)
		{
			this.version = version;
			this.fingerprint = fingerprint;
			this.layout = layout;
			this.rgb = rgb;
			this.bitDepth = bitDepth;
			this.slotBits = slotBits;
			this.modulusBits = modulusBits;
			this.ctBytes = ctBytes;
			this.count = count;
			this.sealLength = sealLength;
			this.descriptionLength = descriptionLength;
		}

		/**
		 * The ciphertexts of a valid file need about their size again in memory: refuse
		 * before reading what this Java cannot hold (not damaged, too large for here).
		 */
		void checkMemory(final String name) throws MedCryptException {
			final Runtime rt = Runtime.getRuntime();
			final long needed = (long) count * (ctBytes + BIGINTEGER_OVERHEAD) + 2L * descriptionLength;
			final long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
			if (needed > available) {
				throw new UnsupportedImageException(name + " needs about " + (needed >> 20) + " MB of memory; this " +
					"Java has " + (available >> 20) + " MB free. Give Java more memory (Fiji: Edit > Options > " +
					"Memory & Threads; command line: java -Xmx...).");
			}
		}

		EncryptedImage image(final BigInteger[] cts, final byte[] seal, final byte[] description) {
			return new EncryptedImage(layout, bitDepth, slotBits, modulusBits, fingerprint, cts, seal, rgb,
				description, version);
		}
	}

	/** The format version in the first bytes, after the magic is checked. */
	private static int version(final String name, final byte[] lead, final long length) throws MedCryptException {
		if (lead.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(lead, MAGIC.length), MAGIC)) {
			throw new DamagedFileException(name + " is not a MedCrypt encrypted image (" + SUFFIX +
				" file). Open it with the command that made it.");
		}
		if (lead.length < LEAD_BYTES || length < PREFIX_BYTES_V1 + DIGEST_BYTES) {
			throw new DamagedFileException(name + " is truncated: only " + length + " bytes.");
		}
		final int version = ((lead[8] & 0xff) << 8) | (lead[9] & 0xff);
		if (version != 1 && version != VERSION) {
			throw new DamagedFileException(name + " is a version " + version + " encrypted image; this MedCrypt " +
				"reads versions 1 and " + VERSION + ". Update MedCrypt.");
		}
		return version;
	}

	/**
	 * Checks the first bytes (at least the fixed header when the file has
	 * them) against a file of {@code length} bytes: magic first, then version,
	 * header fields, and the length they announce, which must be {@code length}.
	 */
	private static Header header(final String name, final byte[] prefix, final long length)
		throws MedCryptException
	{
		final int version = version(name, prefix, length);
		final int prefixBytes = version == 1 ? PREFIX_BYTES_V1 : PREFIX_BYTES;
		if (length < prefixBytes + DIGEST_BYTES || prefix.length < prefixBytes) {
			throw new DamagedFileException(name + " is truncated: only " + length + " bytes.");
		}
		final ByteBuffer in = ByteBuffer.wrap(prefix);
		in.position(LEAD_BYTES);
		final byte[] fp = new byte[32];
		in.get(fp);
		final int modulusBits = in.getShort() & 0xffff;
		final int content = in.get() & 0xff;
		final int bitDepth = in.get() & 0xff;
		final int levels = in.get() & 0xff;
		final int slotBits = in.get() & 0xff;
		final int slots = in.getShort() & 0xffff;
		final int width = in.getInt(), height = in.getInt(), planes = in.getInt();
		final int ctBytes = in.getInt(), count = in.getInt();
		final long descriptionLength = version == 1 ? 0 : in.getInt() & 0xffffffffL;
		final PolyphaseLayout layout;
		try {
			if (content > (version == 1 ? 0 : 1)) throw new IllegalArgumentException("unknown content type " +
				content);
			if (bitDepth != 8 && bitDepth != 16) throw new IllegalArgumentException("bit depth " + bitDepth);
			if (content == 1 && (bitDepth != 8 || planes % 3 != 0)) throw new IllegalArgumentException(
				"RGB planes");
			if (modulusBits < 512 || modulusBits > 8192) throw new IllegalArgumentException("modulus size");
			if (ctBytes != ciphertextBytes(modulusBits)) throw new IllegalArgumentException("ciphertext size");
			if ((long) slots * slotBits > modulusBits - 2) throw new IllegalArgumentException("slot layout");
			PackingParameters.of(levels, slotBits, bitDepth);
			layout = new PolyphaseLayout(width, height, planes, levels, slots);
			if (layout.ciphertextCount() != count) throw new IllegalArgumentException("ciphertext count");
			if (descriptionLength != 0 && (descriptionLength < DescriptionBlock.minimumLength(ctBytes) ||
				descriptionLength > MAX_DESCRIPTION_BYTES))
			{
				throw new IllegalArgumentException("description block of " + descriptionLength + " bytes");
			}
		}
		catch (final IllegalArgumentException e) {
			throw new DamagedFileException(name + " has a damaged header (" + e.getMessage() + ").", e);
		}
		final int sealLength = in.getShort() & 0xffff;
		final int expectedSeal = version == 1 ? SeededRandomness.SEALED_BYTES_V1 : SeededRandomness.SEALED_BYTES;
		if (sealLength != 0 && sealLength != expectedSeal) {
			throw new DamagedFileException(name + " has a damaged header (owner seal of " + sealLength + " bytes).");
		}
		final long expected = prefixBytes + sealLength + descriptionLength + (long) count * ctBytes + DIGEST_BYTES;
		if (length != expected) {
			throw new DamagedFileException(name + " is " + (length < expected ? "truncated" : "too long") + ": " +
				length + " bytes where its header announces " + expected + ".");
		}
		return new Header(version, Hex.of(fp), layout, content == 1, bitDepth, slotBits, modulusBits, ctBytes, count,
			sealLength, (int) descriptionLength);
	}

	private static DamagedFileException corrupted(final String name) {
		return new DamagedFileException(name + " is corrupted: its checksum does not match its content.");
	}

	static int ciphertextBytes(final int modulusBits) {
		return 2 * ((modulusBits + 7) / 8);
	}

	/**
	 * The fixed header of a version-2 file (bytes 0-75): what the description
	 * block's GCM takes as associated data and the owner's MAC covers first.
	 */
	static byte[] header(final EncryptedImage image, final int descriptionLength, final int sealLength) {
		try {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream(PREFIX_BYTES);
			final DataOutputStream out = new DataOutputStream(bytes);
			fixedFields(out, image, VERSION, image.rgb() ? 1 : 0);
			out.writeInt(descriptionLength);
			out.writeShort(sealLength);
			out.flush();
			return bytes.toByteArray();
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory cannot fail", e);
		}
	}

	private static byte[] headerV1(final EncryptedImage image, final int sealLength) throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream(PREFIX_BYTES_V1);
		final DataOutputStream out = new DataOutputStream(bytes);
		fixedFields(out, image, 1, 0);
		out.writeShort(sealLength);
		out.flush();
		return bytes.toByteArray();
	}

	private static void fixedFields(final DataOutputStream out, final EncryptedImage image, final int version,
		final int content) throws IOException
	{
		final PolyphaseLayout l = image.layout();
		out.write(MAGIC);
		out.writeShort(version);
		out.write(Hex.parse(image.keyFingerprint()));
		out.writeShort(image.modulusBits());
		out.writeByte(content);
		out.writeByte(image.bitDepth());
		out.writeByte(l.levels());
		out.writeByte(image.slotBits());
		out.writeShort(l.slots());
		out.writeInt(l.width());
		out.writeInt(l.height());
		out.writeInt(l.planes());
		out.writeInt(ciphertextBytes(image.modulusBits()));
		out.writeInt(image.ciphertexts().length);
	}

	/**
	 * The owner's MAC of a version-2 file: HMAC-SHA256 under {@code macKey} of
	 * its header (as written with a seal), its description block (if any) and
	 * every ciphertext at its fixed width.
	 */
	static byte[] ownerMac(final byte[] macKey, final EncryptedImage image, final byte[] descriptionBlock) {
		final HMac mac = new HMac(new SHA256Digest());
		mac.init(new KeyParameter(macKey));
		final byte[] header = header(image, descriptionBlock == null ? 0 : descriptionBlock.length,
			SeededRandomness.SEALED_BYTES);
		mac.update(header, 0, header.length);
		if (descriptionBlock != null) mac.update(descriptionBlock, 0, descriptionBlock.length);
		final int size = ciphertextBytes(image.modulusBits());
		for (final BigInteger c : image.ciphertexts()) {
			final byte[] b = FixedWidth.bytes(c, size);
			mac.update(b, 0, b.length);
		}
		final byte[] tag = new byte[mac.getMacSize()];
		mac.doFinal(tag, 0);
		return tag;
	}
}
