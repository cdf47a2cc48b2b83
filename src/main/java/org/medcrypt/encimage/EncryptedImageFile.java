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
 * The encrypted image file ({@value #SUFFIX}), version 1. Big-endian:
 *
 * <pre>
 * offset size  field
 *      0    8  magic 0x89 'M' 'C' 'E' 'I' '\r' '\n' 0x1A  (catches text-mode transfers)
 *      8    2  version = 1
 *     10   32  SHA-256 fingerprint of the Paillier public key
 *     42    2  bit length of n
 *     44    1  content: 0 = pixels
 *     45    1  pixel bit depth (8 or 16)
 *     46    1  Haar levels L of the polyphase layout
 *     47    1  slot width in bits
 *     48    2  slots per ciphertext
 *     50    4  width
 *     54    4  height
 *     58    4  planes (stack size)
 *     62    4  bytes per ciphertext = 2·ceil(|n|/8)
 *     66    4  ciphertext count (must match the layout)
 *     70    2  length S of the owner seal: 0, or 60 when the key owner encrypted
 *     72    S  owner seal: the sealed randomness seed ({@link org.medcrypt.paillier.SeededRandomness})
 *   72+S    .  ciphertexts, each unsigned big-endian, zero-padded to its size
 *    end-32 32 SHA-256 of every byte before it
 * </pre>
 *
 * The digest detects truncation and accidental corruption; it is not a
 * signature (anyone can recompute it). A deliberate change to a ciphertext is
 * caught at decryption, where out-of-range pixel values are reported.
 */
public final class EncryptedImageFile {

	public static final String SUFFIX = ".mcimg";
	static final byte[] MAGIC = { (byte) 0x89, 'M', 'C', 'E', 'I', '\r', '\n', 0x1A };
	static final int VERSION = 1;
	static final int HEADER_BYTES = 70;
	/** The header and the owner seal's length: what is read before the file's size is checked. */
	private static final int PREFIX_BYTES = HEADER_BYTES + 2;
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
			final byte[] header = header(image);
			sha.update(header);
			out.write(header);
			final byte[] seal = image.ownerSeal() == null ? new byte[0] : image.ownerSeal();
			final byte[] sealHeader = { (byte) (seal.length >>> 8), (byte) seal.length };
			sha.update(sealHeader);
			sha.update(seal);
			out.write(sealHeader);
			out.write(seal);
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
			final byte[] prefix = in.readNBytes(PREFIX_BYTES);
			final Header h = header(name, prefix, size);
			h.checkMemory(name);
			final MessageDigest sha = Wire.sha256();
			sha.update(prefix);
			final byte[] seal = h.sealLength == 0 ? null : new byte[h.sealLength];
			if (seal != null) {
				in.readFully(seal);
				sha.update(seal);
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
			return h.image(cts, seal);
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
			throw new WrongKeyException(name + " was encrypted for key " + image.keyFingerprint().substring(0,
				16) + "; the key you chose is " + key.shortFingerprint() + ". Choose the key pair it was made with.");
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
		final byte[] seal = h.sealLength == 0 ? null : Arrays.copyOfRange(bytes, PREFIX_BYTES, PREFIX_BYTES +
			h.sealLength);
		final int payload = PREFIX_BYTES + h.sealLength;
		final BigInteger[] cts = new BigInteger[h.count];
		for (int i = 0; i < h.count; i++) {
			cts[i] = new BigInteger(1, bytes, payload + i * h.ctBytes, h.ctBytes);
		}
		return h.image(cts, seal);
	}

	/** The checked fixed header (everything before the owner seal) and the file length it implies. */
	private static final class Header {

		final String fingerprint;
		final PolyphaseLayout layout;
		final int bitDepth, slotBits, modulusBits, ctBytes, count, sealLength;

		Header(final String fingerprint, final PolyphaseLayout layout, final int bitDepth, final int slotBits,
			final int modulusBits, final int ctBytes, final int count, final int sealLength)
		{
			this.fingerprint = fingerprint;
			this.layout = layout;
			this.bitDepth = bitDepth;
			this.slotBits = slotBits;
			this.modulusBits = modulusBits;
			this.ctBytes = ctBytes;
			this.count = count;
			this.sealLength = sealLength;
		}

		/**
		 * The ciphertexts of a valid file need about their size again in memory: refuse
		 * before reading what this Java cannot hold (not damaged, too large for here).
		 */
		void checkMemory(final String name) throws MedCryptException {
			final Runtime rt = Runtime.getRuntime();
			final long needed = (long) count * (ctBytes + BIGINTEGER_OVERHEAD);
			final long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
			if (needed > available) {
				throw new UnsupportedImageException(name + " needs about " + (needed >> 20) + " MB of memory; this " +
					"Java has " + (available >> 20) + " MB free. Give Java more memory (Fiji: Edit > Options > " +
					"Memory & Threads; command line: java -Xmx...).");
			}
		}

		EncryptedImage image(final BigInteger[] cts, final byte[] seal) {
			return new EncryptedImage(layout, bitDepth, slotBits, modulusBits, fingerprint, cts, seal);
		}
	}

	/**
	 * Checks the first bytes (at least {@link #PREFIX_BYTES} when the file has
	 * them) against a file of {@code length} bytes: magic first, then version,
	 * header fields, and the length they announce, which must be {@code length}.
	 */
	private static Header header(final String name, final byte[] prefix, final long length)
		throws MedCryptException
	{
		if (prefix.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(prefix, MAGIC.length), MAGIC)) {
			throw new DamagedFileException(name + " is not a MedCrypt encrypted image (" + SUFFIX +
				" file). Open it with the command that made it.");
		}
		if (length < PREFIX_BYTES + DIGEST_BYTES || prefix.length < PREFIX_BYTES) {
			throw new DamagedFileException(name + " is truncated: only " + length + " bytes.");
		}
		final ByteBuffer in = ByteBuffer.wrap(prefix);
		in.position(MAGIC.length);
		final int version = in.getShort() & 0xffff;
		if (version != VERSION) {
			throw new DamagedFileException(name + " is a version " + version + " encrypted image; this MedCrypt " +
				"reads version " + VERSION + ". Update MedCrypt.");
		}
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
		final PolyphaseLayout layout;
		try {
			if (content != 0) throw new IllegalArgumentException("unknown content type " + content);
			if (bitDepth != 8 && bitDepth != 16) throw new IllegalArgumentException("bit depth " + bitDepth);
			if (modulusBits < 512 || modulusBits > 8192) throw new IllegalArgumentException("modulus size");
			if (ctBytes != ciphertextBytes(modulusBits)) throw new IllegalArgumentException("ciphertext size");
			if ((long) slots * slotBits > modulusBits - 2) throw new IllegalArgumentException("slot layout");
			PackingParameters.of(levels, slotBits, bitDepth);
			layout = new PolyphaseLayout(width, height, planes, levels, slots);
			if (layout.ciphertextCount() != count) throw new IllegalArgumentException("ciphertext count");
		}
		catch (final IllegalArgumentException e) {
			throw new DamagedFileException(name + " has a damaged header (" + e.getMessage() + ").", e);
		}
		final int sealLength = in.getShort() & 0xffff;
		if (sealLength != 0 && sealLength != SeededRandomness.SEALED_BYTES) {
			throw new DamagedFileException(name + " has a damaged header (owner seal of " + sealLength + " bytes).");
		}
		final long expected = PREFIX_BYTES + sealLength + (long) count * ctBytes + DIGEST_BYTES;
		if (length != expected) {
			throw new DamagedFileException(name + " is " + (length < expected ? "truncated" : "too long") + ": " +
				length + " bytes where its header announces " + expected + ".");
		}
		return new Header(Hex.of(fp), layout, bitDepth, slotBits, modulusBits, ctBytes, count, sealLength);
	}

	private static DamagedFileException corrupted(final String name) {
		return new DamagedFileException(name + " is corrupted: its checksum does not match its content.");
	}

	static int ciphertextBytes(final int modulusBits) {
		return 2 * ((modulusBits + 7) / 8);
	}

	private static byte[] header(final EncryptedImage image) throws IOException {
		final PolyphaseLayout l = image.layout();
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER_BYTES);
		final DataOutputStream out = new DataOutputStream(bytes);
		out.write(MAGIC);
		out.writeShort(VERSION);
		out.write(Hex.parse(image.keyFingerprint()));
		out.writeShort(image.modulusBits());
		out.writeByte(0);
		out.writeByte(image.bitDepth());
		out.writeByte(l.levels());
		out.writeByte(image.slotBits());
		out.writeShort(l.slots());
		out.writeInt(l.width());
		out.writeInt(l.height());
		out.writeInt(l.planes());
		out.writeInt(ciphertextBytes(image.modulusBits()));
		out.writeInt(image.ciphertexts().length);
		out.flush();
		return bytes.toByteArray();
	}


}
