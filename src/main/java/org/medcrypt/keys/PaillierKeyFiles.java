package org.medcrypt.keys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.Wire;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierEncrypter;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;

/**
 * Paillier key files, version 2: PEM armour ({@link Pem}) around a small binary body.
 *
 * <pre>
 * -----BEGIN MEDCRYPT PAILLIER PUBLIC KEY-----     (or PRIVATE KEY)
 * base64 (64 characters a line) of:
 *   magic    4 bytes  "MCPK" (public) or "MCSK" (private)
 *   version  u16      2
 *   nBits    u32      bit length of n                        (version 2 only)
 *   randBits u32      bit length of the DJN random exponent
 *   then length-prefixed (u32) big-endian two's-complement integers:
 *     public:  n, hs
 *     private: p, q, hs
 *   sha256   32 bytes SHA-256 of all the bytes above           (version 2 only)
 * -----END MEDCRYPT PAILLIER PUBLIC KEY-----
 * </pre>
 *
 * <p>Version 1 (MedCrypt until issue 14) had neither nBits nor the checksum; it
 * is still read, and written back as version 2. Without the checksum, a changed
 * character of a version-1 public key that still gives a plausible n and hs cannot
 * be told from a real key (the mathematical checks below catch most, not all): the
 * checksum catches every accidental change of a version-2 body (it does not stop
 * tampering, since anyone who can write the file can recompute it; the
 * fingerprint, compared out of band, does). Text outside the Base64 alphabet
 * inside the armour is skipped (see {@link Pem}), so whitespace changes are harmless.
 *
 * <p>Reading checks the structure (magic, version, lengths, nothing after the
 * last field), the checksum, the declared size, and the mathematics:
 * {@link PaillierKeyGenerator#publicKey(BigInteger, BigInteger, int)} for a public key,
 * {@link PaillierKeyGenerator#fromPrimes} for a private key (p, q prime, hs an n-th
 * residue). A damaged key gives a {@link DamagedFileException} naming the file,
 * never a key nobody holds.
 *
 * <p>Private key files are written with owner-only permissions and never
 * overwrite an existing file; their content never reaches a log or a message.
 */
public final class PaillierKeyFiles {

	public static final String PUBLIC_SUFFIX = ".paillier.pub";
	public static final String PRIVATE_SUFFIX = ".paillier.key";
	private static final String PUBLIC_LABEL = "MEDCRYPT PAILLIER PUBLIC KEY";
	private static final String PRIVATE_LABEL = "MEDCRYPT PAILLIER PRIVATE KEY";
	/** Version written; {@link #OLD_VERSION} is still read. */
	static final int VERSION = 2;
	/** Version 1: no declared size, no checksum. */
	static final int OLD_VERSION = 1;
	private static final int CHECKSUM_BYTES = 32;
	/**
	 * Keys already loaded, by fingerprint, so that commands run one after another (a macro over a folder)
	 * reuse the fixed-base tables instead of rebuilding them (about a second at 3072 bits); and by the SHA-256 of
	 * the file's fields, so that the same file read again skips the checks it passed (about 70 ms for a public
	 * key, 100 ms for a private key at 3072 bits). Soft references: the memory goes back under pressure.
	 */
	private static final java.util.Map<String, java.lang.ref.SoftReference<Object>> LOADED =
		new java.util.concurrent.ConcurrentHashMap<>();

	private PaillierKeyFiles() {}

	public static void writePublic(final Path file, final PaillierPublicKey key) throws IOException {
		final byte[] body = body("MCPK", key.bitLength(), key.randomBits(), key.modulus(), key.randomnessBase());
		AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, false, Pem.encodeAscii(PUBLIC_LABEL, body));
	}

	public static void writePrivate(final Path file, final PaillierPrivateKey key) throws IOException {
		final byte[] body = body("MCSK", key.publicKey().bitLength(), key.publicKey().randomBits(), key.p(), key.q(),
			key.publicKey().randomnessBase());
		AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, true, Pem.encodeAscii(PRIVATE_LABEL, body));
	}

	/** Writes {@code <folder>/<name>.paillier.pub} and {@code .paillier.key}, both or neither; never overwrites. */
	public static Path[] writePair(final Path folder, final String name, final PaillierKeyPair pair)
		throws MedCryptException
	{
		final Path pub = folder.resolve(name + PUBLIC_SUFFIX);
		final Path priv = folder.resolve(name + PRIVATE_SUFFIX);
		// Both or neither: refused before writing if either exists; the private key goes again if the public one fails.
		try (AtomicFiles.Outputs outputs = AtomicFiles.Outputs.of(pub, priv)) {
			writePrivate(priv, pair.privateKey());
			outputs.written(priv);
			writePublic(pub, pair.publicKey());
			outputs.commit();
		}
		catch (final FileAlreadyExistsException e) {
			throw new OutputExistsException("Key file " + e.getFile() + " already exists; MedCrypt never overwrites " +
				"keys. Choose another key name or folder.", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not write the keys to " + folder + ": " + e.getMessage(), e);
		}
		return new Path[] { pub, priv };
	}

	/**
	 * What to encrypt with: the private key if the file holds one (the owner
	 * encrypts about twice as fast with CRT), otherwise the public key.
	 */
	public static PaillierEncrypter readEncrypter(final Path file) throws MedCryptException {
		return parseEncrypter(file, readText(file));
	}

	/**
	 * As {@link #readEncrypter}, from the text of a key file already read
	 * ({@link #readKeyText}): a Spark task gets the driver's copy, not the file.
	 * {@code file} only names the key in messages.
	 */
	public static PaillierEncrypter parseEncrypter(final Path file, final String text) throws MedCryptException {
		return text.contains("BEGIN " + PRIVATE_LABEL) ? readPrivate(file, text) : readPublic(file, text);
	}

	/** The text of a key file (bounded in size), for {@link #parseEncrypter}. */
	public static String readKeyText(final Path file) throws MedCryptException {
		return readText(file);
	}

	/** True if the file holds a private key (it can decrypt), false for a public key. */
	public static boolean holdsPrivateKey(final Path file) throws MedCryptException {
		return readText(file).contains("BEGIN " + PRIVATE_LABEL);
	}

	/** Reads a public key; a private key file is accepted too (its public part is returned). */
	public static PaillierPublicKey readPublic(final Path file) throws MedCryptException {
		return readPublic(file, readText(file));
	}

	private static PaillierPublicKey readPublic(final Path file, final String text) throws MedCryptException {
		if (text.contains("BEGIN " + PRIVATE_LABEL)) return readPrivate(file, text).publicKey();
		final byte[] fields = dearmour(file, text, PUBLIC_LABEL, "MCPK");
		final String checked = "public body " + Fingerprints.sha256(fields);
		final Object known = cached(checked);
		if (known instanceof PaillierPublicKey) return (PaillierPublicKey) known;
		final DataInputStream in = new DataInputStream(new ByteArrayInputStream(fields));
		try {
			final int[] sizes = header(in);
			final BigInteger n = mpint(in), hs = mpint(in);
			end(in);
			checkSize(n, sizes);
			final PaillierPublicKey key = intern(PaillierKeyGenerator.publicKey(n, hs, sizes[1]));
			LOADED.put(checked, new java.lang.ref.SoftReference<>(key));
			return key;
		}
		catch (final IOException | IllegalArgumentException | ArithmeticException e) {
			throw damaged(file, e);
		}
	}

	public static PaillierPrivateKey readPrivate(final Path file) throws MedCryptException {
		return readPrivate(file, readText(file));
	}

	private static PaillierPrivateKey readPrivate(final Path file, final String text) throws MedCryptException {
		if (text.contains("BEGIN " + PUBLIC_LABEL)) {
			throw new WrongKeyException(file + " is a public key; decryption needs the private key (" +
				PRIVATE_SUFFIX + " file) made with it.");
		}
		final byte[] fields = dearmour(file, text, PRIVATE_LABEL, "MCSK");
		final String checked = "private body " + Fingerprints.sha256(fields);
		final Object known = cached(checked);
		if (known instanceof PaillierPrivateKey) return (PaillierPrivateKey) known;
		final DataInputStream in = new DataInputStream(new ByteArrayInputStream(fields));
		try {
			final int[] sizes = header(in);
			final BigInteger p = mpint(in), q = mpint(in), hs = mpint(in);
			end(in);
			checkSize(p.multiply(q), sizes);
			final PaillierPrivateKey key = intern(PaillierKeyGenerator.fromPrimes(p, q, hs, sizes[1]).privateKey());
			LOADED.put(checked, new java.lang.ref.SoftReference<>(key));
			return key;
		}
		catch (final IOException | IllegalArgumentException | ArithmeticException e) {
			throw damaged(file, e);
		}
	}

	/** The already loaded instance of the same public key, or this one. */
	static PaillierPublicKey intern(final PaillierPublicKey key) {
		final Object cached = cached("public " + key.fingerprint());
		if (cached instanceof PaillierPublicKey) return (PaillierPublicKey) cached;
		LOADED.put("public " + key.fingerprint(), new java.lang.ref.SoftReference<>(key));
		return key;
	}

	/** The already loaded instance of the same private key (same p and q), or this one. */
	static PaillierPrivateKey intern(final PaillierPrivateKey key) {
		final Object cached = cached("private " + key.publicKey().fingerprint());
		if (cached instanceof PaillierPrivateKey && ((PaillierPrivateKey) cached).p().equals(key.p()) &&
			((PaillierPrivateKey) cached).q().equals(key.q())) return (PaillierPrivateKey) cached;
		LOADED.put("private " + key.publicKey().fingerprint(), new java.lang.ref.SoftReference<>(key));
		return key;
	}

	private static Object cached(final String id) {
		final java.lang.ref.SoftReference<Object> ref = LOADED.get(id);
		return ref == null ? null : ref.get();
	}

	private static DamagedFileException damaged(final Path file, final Exception e) {
		return new DamagedFileException(file + ": the Paillier key is damaged (" + (e instanceof EOFException
			? "truncated" : e.getMessage()) + "). Use a backup copy, or the key files made by Paillier Generate Keys.",
			e);
	}

	private static String readText(final Path file) throws MedCryptException {
		return new String(BoundedFiles.read(file, BoundedFiles.SMALL_FILE, "key file"), StandardCharsets.US_ASCII);
	}

	private static byte[] body(final String magic, final int modulusBits, final int randomBits,
		final BigInteger... values)
	{
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.write(magic.getBytes(StandardCharsets.US_ASCII));
			out.writeShort(VERSION);
			out.writeInt(modulusBits);
			out.writeInt(randomBits);
			for (final BigInteger v : values) {
				final byte[] b = v.toByteArray();
				out.writeInt(b.length);
				out.write(b);
			}
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
		final byte[] unchecked = bytes.toByteArray();
		final byte[] body = Arrays.copyOf(unchecked, unchecked.length + CHECKSUM_BYTES);
		System.arraycopy(Wire.sha256().digest(unchecked), 0, body, unchecked.length, CHECKSUM_BYTES);
		return body;
	}

	/**
	 * The fields of the {@code label} block after its magic and version, in the layout of version 2 without the
	 * checksum: a version-1 body gets nBits = 0 (not declared); a version-2 body's checksum has matched and is cut off.
	 */
	private static byte[] dearmour(final Path file, final String text, final String label,
		final String magic) throws MedCryptException
	{
		if (!Pem.contains(text, label)) {
			throw new DamagedFileException(file + " is not a MedCrypt Paillier key file (no '" + Pem.begin(label) +
				"' block).");
		}
		final byte[] body;
		try {
			body = Pem.decode(text, label);
		}
		catch (final IllegalArgumentException ex) {
			throw damaged(file, ex);
		}
		if (body.length < 6 || !magic.equals(new String(body, 0, 4, StandardCharsets.US_ASCII))) {
			throw damaged(file, new IOException("wrong magic"));
		}
		final int version = (body[4] & 0xFF) << 8 | body[5] & 0xFF;
		final byte[] fields;
		if (version == OLD_VERSION) {
			fields = new byte[4 + body.length - 6];
			System.arraycopy(body, 6, fields, 4, body.length - 6);
		}
		else if (version == VERSION) {
			final int checked = body.length - CHECKSUM_BYTES;
			if (checked < 6 || !MessageDigest.isEqual(Wire.sha256().digest(Arrays.copyOf(body, checked)), Arrays
				.copyOfRange(body, checked, body.length)))
			{
				throw damaged(file, new IOException("checksum mismatch"));
			}
			fields = Arrays.copyOfRange(body, 6, checked);
		}
		else {
			throw new DamagedFileException(file + " is a version " + version + " Paillier key file; this MedCrypt " +
				"reads versions " + OLD_VERSION + " and " + VERSION + ". Update MedCrypt, or use a backup copy if the " +
				"file is damaged.");
		}
		return fields;
	}

	/** {nBits (0: not declared), randBits}. */
	private static int[] header(final DataInputStream in) throws IOException {
		return new int[] { in.readInt(), in.readInt() };
	}

	/** Nothing may follow the last field. */
	private static void end(final DataInputStream in) throws IOException {
		if (in.available() != 0) throw new IOException("bytes after the last field");
	}

	/**
	 * The modulus has the declared size (version 2). A version-1 file declares none, but MedCrypt only ever wrote
	 * keys with the generator's exponent size ceil(|n|/2) into it: anything else is a damaged size field.
	 */
	private static void checkSize(final BigInteger n, final int[] sizes) {
		if (sizes[0] == 0 && sizes[1] != PaillierKeyGenerator.defaultRandomBits(n.bitLength())) {
			throw new IllegalArgumentException("a version 1 file with a " + sizes[1] + "-bit random exponent");
		}
		if (sizes[0] != 0 && n.bitLength() != sizes[0]) {
			throw new IllegalArgumentException("the modulus has " + n.bitLength() + " bits, the file declares " +
				sizes[0]);
		}
	}

	private static BigInteger mpint(final DataInputStream in) throws IOException {
		final int len = in.readInt();
		if (len <= 0 || len > 4096) throw new IOException("bad integer length");
		final byte[] b = new byte[len];
		in.readFully(b);
		return new BigInteger(b);
	}
}
