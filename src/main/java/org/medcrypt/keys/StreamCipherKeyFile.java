package org.medcrypt.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

import org.medcrypt.io.BoundedFiles;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.Wire;

/**
 * The key file of the study-only pixel stream cipher ({@code .mcstream.key}):
 * one {@link StreamCipherKey}, written atomically and readable by its owner
 * only. All integers big-endian.
 *
 * <pre>
 * offset   size   content
 * 0        8      magic "MCSTREAM" (ASCII)
 * 8        1      format version, 1
 * 9        2      k, the key length in bits (multiple of 8, 16..1024)
 * 11       k/8    key bytes K; b_1 is the most significant bit of the first byte
 * 11+k/8   k      IV: k/2 unsigned 16-bit virtual pixels, p'_{-1} first
 * 11+9k/8  32     SHA-256 of all the preceding bytes (catches truncation and corruption,
 *                 not tampering: anyone who can write the file can recompute it)
 * </pre>
 *
 * The key file is the secret: whoever reads it decrypts every image encrypted
 * with it. A file never replaces an existing one.
 */
public final class StreamCipherKeyFile {

	/** Conventional file name suffix. */
	public static final String SUFFIX = ".mcstream.key";
	/** Current format version. */
	public static final int VERSION = 1;

	private static final byte[] MAGIC = "MCSTREAM".getBytes(StandardCharsets.US_ASCII);
	private static final int DIGEST = 32;

	private StreamCipherKeyFile() {}

	/** The file's bytes for {@code key}. */
	public static byte[] encode(final StreamCipherKey key) {
		final int k = key.bits();
		final ByteBuffer b = ByteBuffer.allocate(11 + k / 8 + k + DIGEST);
		b.put(MAGIC).put((byte) VERSION).putShort((short) k).put(key.keyBytes());
		for (final int v : key.iv())
			b.putShort((short) v);
		b.put(sha256(b.array(), b.position()));
		return b.array();
	}

	/** Parses a key file's bytes; {@code source} names the file in messages. */
	public static StreamCipherKey decode(final byte[] bytes, final String source) throws MedCryptException {
		if (bytes.length < 11 + DIGEST || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
			throw new DamagedFileException(source + " is not a MedCrypt stream cipher key file (" + SUFFIX + ").");
		}
		final ByteBuffer b = ByteBuffer.wrap(bytes);
		b.position(MAGIC.length);
		final int version = b.get() & 0xFF;
		if (version != VERSION) {
			throw new DamagedFileException(source + " is a stream cipher key file of version " + version +
				"; this MedCrypt reads version " + VERSION + ". Update MedCrypt.");
		}
		final int k = b.getShort() & 0xFFFF;
		if (k % 8 != 0 || k < StreamCipherKey.MIN_BITS || k > StreamCipherKey.MAX_BITS ||
			bytes.length != 11 + k / 8 + k + DIGEST)
		{
			throw new DamagedFileException(source + " is damaged or truncated (length " + bytes.length +
				" does not fit a " + k + "-bit key).");
		}
		if (!MessageDigest.isEqual(sha256(bytes, bytes.length - DIGEST), Arrays.copyOfRange(bytes, bytes.length -
			DIGEST, bytes.length)))
		{
			throw new DamagedFileException(source + " is damaged (checksum mismatch); use a backup copy of the key.");
		}
		final byte[] keyBytes = new byte[k / 8];
		b.get(keyBytes);
		final int[] iv = new int[k / 2];
		for (int i = 0; i < iv.length; i++)
			iv[i] = b.getShort() & 0xFFFF;
		return new StreamCipherKey(keyBytes, iv);
	}

	/** Writes a new key file, owner-only; refuses to replace an existing file. */
	public static void write(final Path file, final StreamCipherKey key) throws MedCryptException {
		try {
			AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, true, encode(key));
		}
		catch (final FileAlreadyExistsException e) {
			throw new OutputExistsException(file + " already exists; MedCrypt never overwrites a key. " +
				"Choose another name.");
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not write the key file " + file + ": " + e.getMessage(), e);
		}
	}

	/** Reads a key file. */
	public static StreamCipherKey read(final Path file) throws MedCryptException {
		try {
			return decode(BoundedFiles.readAllBytes(file, BoundedFiles.SMALL_FILE), file.toString());
		}
		catch (final NoSuchFileException e) {
			throw new MedCryptException("The key file " + file + " does not exist.");
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not read the key file " + file + ": " + e.getMessage(), e);
		}
	}

	private static byte[] sha256(final byte[] data, final int length) {
		final MessageDigest sha = Wire.sha256();
		sha.update(data, 0, length);
		return sha.digest();
	}
}
