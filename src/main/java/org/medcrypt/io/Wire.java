package org.medcrypt.io;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Building blocks of MedCrypt's binary formats: sealed containers (magic,
 * version, body, SHA-256 of everything before it) and bounded fields, so a
 * reader never allocates what a damaged or hostile length field announces.
 */
public final class Wire {

	private static final int DIGEST_BYTES = 32;

	/** Writes a body. */
	@FunctionalInterface
	public interface Body {
		void write(DataOutputStream out) throws IOException;
	}

	/** Reads a body. */
	@FunctionalInterface
	public interface Parser<T> {
		T read(DataInputStream in) throws IOException, MedCryptException;
	}

	private Wire() {}

	/**
	 * HKDF-SHA256 (RFC 5869, extract then expand, no salt) of {@code ikm} for
	 * the purpose {@code info}: {@code length} bytes. The one key-derivation
	 * function of MedCrypt's keyed checks and seals (Bouncy Castle's engine).
	 */
	public static byte[] hkdfSha256(final byte[] ikm, final byte[] info, final int length) {
		final HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
		hkdf.init(new HKDFParameters(ikm, null, info));
		final byte[] out = new byte[length];
		hkdf.generateBytes(out, 0, length);
		return out;
	}

	/**
	 * HKDF-Expand alone (RFC 5869 section 2.3, SHA-256) of a key {@code prk} that is
	 * already pseudorandom (e.g. PBKDF2's output): {@code length} bytes for the
	 * purpose {@code info}.
	 */
	public static byte[] hkdfSha256Expand(final byte[] prk, final byte[] info, final int length) {
		final HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
		hkdf.init(HKDFParameters.skipExtractParameters(prk, info));
		final byte[] out = new byte[length];
		hkdf.generateBytes(out, 0, length);
		return out;
	}

	/** magic, version (u16), body, SHA-256. */
	public static byte[] seal(final byte[] magic, final int version, final Body body) {
		try {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			final DataOutputStream out = new DataOutputStream(bytes);
			out.write(magic);
			out.writeShort(version);
			body.write(out);
			out.flush();
			final byte[] digest = sha256().digest(bytes.toByteArray());
			out.write(digest);
			out.flush();
			return bytes.toByteArray();
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory cannot fail", e);
		}
	}

	/**
	 * Checks magic, version and digest, then parses the body, which must use all
	 * of it. {@code what} names the content in messages ("wavelet signature x.mcsig").
	 */
	public static <T> T open(final String what, final byte[] magic, final int version, final byte[] bytes,
		final Parser<T> parser) throws MedCryptException
	{
		if (bytes.length < magic.length || !Arrays.equals(Arrays.copyOf(bytes, magic.length), magic)) {
			throw new DamagedFileException(what + " is not what it should be (wrong format).");
		}
		if (bytes.length < magic.length + 2 + DIGEST_BYTES) throw new DamagedFileException(what + " is truncated.");
		final int v = ((bytes[magic.length] & 0xff) << 8) | (bytes[magic.length + 1] & 0xff);
		if (v != version) {
			throw new DamagedFileException(what + " is format version " + v + "; this MedCrypt reads version " +
				version + ". Use the same MedCrypt version on both sides.");
		}
		final int end = bytes.length - DIGEST_BYTES;
		final byte[] digest = Arrays.copyOfRange(bytes, 0, end);
		if (!MessageDigest.isEqual(sha256().digest(digest), Arrays.copyOfRange(bytes, end, bytes.length))) {
			throw new DamagedFileException(what + " is corrupted or truncated: its checksum does not match.");
		}
		final java.io.ByteArrayInputStream raw = new java.io.ByteArrayInputStream(bytes, magic.length + 2, end -
			magic.length - 2);
		try (DataInputStream in = new DataInputStream(raw)) {
			final T value = parser.read(in);
			if (raw.available() != 0) throw new DamagedFileException(what + " has " + raw.available() +
				" unexpected trailing bytes.");
			return value;
		}
		catch (final EOFException e) {
			throw new DamagedFileException(what + " is shorter than its header announces.", e);
		}
		catch (final IOException e) {
			throw new DamagedFileException(what + " could not be read: " + e.getMessage(), e);
		}
		catch (final IllegalArgumentException e) {
			throw new DamagedFileException(what + " is damaged (" + e.getMessage() + ").", e);
		}
	}

	public static void writeString(final DataOutputStream out, final String s) throws IOException {
		final byte[] b = s.getBytes(StandardCharsets.UTF_8);
		out.writeShort(b.length);
		out.write(b);
	}

	public static String readString(final DataInputStream in) throws IOException {
		return new String(readArriving(in, in.readUnsignedShort()), StandardCharsets.UTF_8);
	}

	public static void writeBytes(final DataOutputStream out, final byte[] b) throws IOException {
		out.writeInt(b.length);
		out.write(b);
	}

	/**
	 * A length-prefixed byte array of at most {@code max} bytes, allocated as
	 * its bytes arrive ({@link #readArriving}): a length field alone, in a
	 * short message, reserves nothing.
	 */
	public static byte[] readBytes(final DataInputStream in, final int max) throws IOException {
		final int n = in.readInt();
		if (n < 0 || n > max) throw new IllegalArgumentException("a field of " + n + " bytes (at most " + max + ")");
		return readArriving(in, n);
	}

	/** The first buffer of {@link #readArriving} when fewer bytes are ready than announced. */
	private static final int FIRST_CHUNK = 1 << 16;

	/**
	 * Exactly {@code n} bytes of {@code in}, which a length field announced.
	 * What is ready at once ({@link InputStream#available()}, exact for an
	 * in-memory body) is allocated at once; beyond that the buffer starts at
	 * 64 KiB and doubles only as bytes actually arrive. So a peer or file that
	 * announces 256 MiB and sends 10 bytes costs 64 KiB, never the announced
	 * size; a complete field costs at most 1.5 times its size while it grows.
	 *
	 * @throws EOFException if the stream ends first
	 */
	public static byte[] readArriving(final InputStream in, final int n) throws IOException {
		if (n < 0) throw new IllegalArgumentException("negative length " + n);
		byte[] b = new byte[n <= in.available() ? n : Math.min(n, FIRST_CHUNK)];
		int filled = 0;
		while (filled < n) {
			if (filled == b.length) b = Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
			final int read = in.read(b, filled, b.length - filled);
			if (read < 0) throw new EOFException("the stream ended after " + filled + " of " + n + " announced bytes");
			filled += read;
		}
		return b;
	}

	/**
	 * Fails unless at least {@code needed} bytes remain in {@code in}, before a
	 * parser allocates for a count it just read. Only for in-memory bodies
	 * ({@link #open}'s parsers, retrieval messages), where
	 * {@link InputStream#available()} is exactly what remains.
	 *
	 * @throws IllegalArgumentException naming {@code what} and both sizes
	 */
	public static void requireRemaining(final DataInputStream in, final long needed, final String what)
		throws IOException
	{
		final int remaining = in.available();
		if (needed > remaining) throw new IllegalArgumentException(what + " need at least " + needed +
			" bytes; only " + remaining + " remain");
	}

	/** Ciphertexts as a count (u32) and fixed-width values. */
	public static void writeCiphertexts(final DataOutputStream out, final BigInteger[] cts, final int size)
		throws IOException
	{
		out.writeInt(cts.length);
		for (final BigInteger c : cts) out.write(FixedWidth.bytes(c, size));
	}

	/** Reads ciphertexts, refusing more than {@code max} and values outside (0, n²). */
	public static BigInteger[] readCiphertexts(final DataInputStream in, final int size, final int max,
		final BigInteger nSquared) throws IOException
	{
		final int n = in.readInt();
		if (n < 0 || n > max) throw new IllegalArgumentException(n + " ciphertexts (at most " + max + ")");
		// Room for what has arrived, growing with it: a count alone reserves nothing.
		BigInteger[] cts = new BigInteger[(int) Math.min(n, 1 + in.available() / Math.max(1, size))];
		final byte[] b = new byte[size];
		for (int i = 0; i < n; i++) {
			in.readFully(b);
			if (i == cts.length) cts = Arrays.copyOf(cts, (int) Math.min(n, 2L * cts.length));
			cts[i] = new BigInteger(1, b);
			if (cts[i].signum() == 0 || cts[i].compareTo(nSquared) >= 0) {
				throw new IllegalArgumentException("a value that is not a ciphertext of this key");
			}
		}
		return cts;
	}

	public static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", e);
		}
	}
}
