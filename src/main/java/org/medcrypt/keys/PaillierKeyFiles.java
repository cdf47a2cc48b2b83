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

import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierEncrypter;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;

/**
 * Paillier key files, version 1: PEM armour ({@link Pem}) around a small binary body.
 *
 * <pre>
 * -----BEGIN MEDCRYPT PAILLIER PUBLIC KEY-----     (or PRIVATE KEY)
 * base64 (64 characters a line) of:
 *   magic    4 bytes  "MCPK" (public) or "MCSK" (private)
 *   version  u16      1
 *   randBits u32      bit length of the DJN random exponent
 *   then length-prefixed (u32) big-endian unsigned integers:
 *     public:  n, hs
 *     private: p, q, hs
 * -----END MEDCRYPT PAILLIER PUBLIC KEY-----
 * </pre>
 *
 * Private key files are written with owner-only permissions and never
 * overwrite an existing file; their content never reaches a log or a message.
 * Reading checks the structure and the mathematics (p·q has the right size, hs is
 * a unit), so a damaged key is reported, not used.
 */
public final class PaillierKeyFiles {

	public static final String PUBLIC_SUFFIX = ".paillier.pub";
	public static final String PRIVATE_SUFFIX = ".paillier.key";
	private static final String PUBLIC_LABEL = "MEDCRYPT PAILLIER PUBLIC KEY";
	private static final String PRIVATE_LABEL = "MEDCRYPT PAILLIER PRIVATE KEY";
	private static final int VERSION = 1;
	/**
	 * Keys already loaded, by fingerprint, so that commands run one after another (a macro over a folder)
	 * reuse the fixed-base tables instead of rebuilding them (about a second at 3072 bits). Soft references:
	 * the memory goes back under pressure.
	 */
	private static final java.util.Map<String, java.lang.ref.SoftReference<Object>> LOADED =
		new java.util.concurrent.ConcurrentHashMap<>();

	private PaillierKeyFiles() {}

	public static void writePublic(final Path file, final PaillierPublicKey key) throws IOException {
		final byte[] body = body("MCPK", key.randomBits(), key.modulus(), key.randomnessBase());
		AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, false, Pem.encodeAscii(PUBLIC_LABEL, body));
	}

	public static void writePrivate(final Path file, final PaillierPrivateKey key) throws IOException {
		final byte[] body = body("MCSK", key.publicKey().randomBits(), key.p(), key.q(), key.publicKey()
			.randomnessBase());
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
		return holdsPrivateKey(file) ? readPrivate(file) : readPublic(file);
	}

	/** True if the file holds a private key (it can decrypt), false for a public key. */
	public static boolean holdsPrivateKey(final Path file) throws MedCryptException {
		return readText(file).contains("BEGIN " + PRIVATE_LABEL);
	}

	/** Reads a public key; a private key file is accepted too (its public part is returned). */
	public static PaillierPublicKey readPublic(final Path file) throws MedCryptException {
		final String text = readText(file);
		if (text.contains("BEGIN " + PRIVATE_LABEL)) return readPrivate(file).publicKey();
		final DataInputStream in = dearmour(file, text, PUBLIC_LABEL);
		try {
			final int randomBits = header(file, in, "MCPK");
			final BigInteger n = mpint(in), hs = mpint(in);
			return intern(PaillierKeyGenerator.publicKey(n, hs, randomBits));
		}
		catch (final IOException | IllegalArgumentException e) {
			throw damaged(file, e);
		}
	}

	public static PaillierPrivateKey readPrivate(final Path file) throws MedCryptException {
		final String text = readText(file);
		if (text.contains("BEGIN " + PUBLIC_LABEL)) {
			throw new WrongKeyException(file + " is a public key; decryption needs the private key (" +
				PRIVATE_SUFFIX + " file) made with it.");
		}
		final DataInputStream in = dearmour(file, text, PRIVATE_LABEL);
		try {
			final int randomBits = header(file, in, "MCSK");
			final BigInteger p = mpint(in), q = mpint(in), hs = mpint(in);
			if (!p.isProbablePrime(64) || !q.isProbablePrime(64)) {
				throw new IllegalArgumentException("factor is not prime");
			}
			return intern(PaillierKeyGenerator.fromPrimes(p, q, hs, randomBits).privateKey());
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
		return new DamagedFileException(file + " is not a valid MedCrypt Paillier key (" + (e instanceof EOFException
			? "truncated" : e.getMessage()) + "). Use the key files made by Paillier Generate Keys.", e);
	}

	private static String readText(final Path file) throws MedCryptException {
		return new String(BoundedFiles.read(file, BoundedFiles.SMALL_FILE, "key file"), StandardCharsets.US_ASCII);
	}

	private static byte[] body(final String magic, final int randomBits, final BigInteger... values) {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.write(magic.getBytes(StandardCharsets.US_ASCII));
			out.writeShort(VERSION);
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
		return bytes.toByteArray();
	}

	private static DataInputStream dearmour(final Path file, final String text, final String label)
		throws MedCryptException
	{
		if (!Pem.contains(text, label)) {
			throw new DamagedFileException(file + " is not a MedCrypt Paillier key file (no '" + Pem.begin(label) +
				"' block).");
		}
		try {
			return new DataInputStream(new ByteArrayInputStream(Pem.decode(text, label)));
		}
		catch (final IllegalArgumentException ex) {
			throw damaged(file, ex);
		}
	}

	private static int header(final Path file, final DataInputStream in, final String magic) throws IOException,
		MedCryptException
	{
		final byte[] m = new byte[4];
		in.readFully(m);
		if (!magic.equals(new String(m, StandardCharsets.US_ASCII))) throw new IOException("wrong magic");
		final int version = in.readUnsignedShort();
		if (version != VERSION) {
			throw new DamagedFileException(file + " is a version " + version +
				" key file; this MedCrypt reads version " + VERSION + ". Update MedCrypt.");
		}
		return in.readInt();
	}

	private static BigInteger mpint(final DataInputStream in) throws IOException {
		final int len = in.readInt();
		if (len <= 0 || len > 4096) throw new IOException("bad integer length");
		final byte[] b = new byte[len];
		in.readFully(b);
		return new BigInteger(b);
	}
}
