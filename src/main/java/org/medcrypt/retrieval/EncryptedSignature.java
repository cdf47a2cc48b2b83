package org.medcrypt.retrieval;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierEncrypter;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.paillier.SlotPacking;

/**
 * A wavelet signature encrypted under the physician's key, as the server stores
 * it: each band's histogram packed in {@value #SLOT_BITS}-bit signed slots. The
 * slots are wide enough for the scaled difference α·q - β·s of a query and a
 * stored histogram, should a server compute it homomorphically (paper 1); the
 * key holder now decrypts s itself ({@link QueryProtocol}).
 */
public final class EncryptedSignature {

	/** Slot width: scaled differences of histograms of up to about 740,000 coefficients per band fit. */
	public static final int SLOT_BITS = 40;
	static final byte[] MAGIC = { (byte) 0x89, 'M', 'C', 'S', 'G', '\r', '\n', 0x1A };
	static final int VERSION = 1;
	public static final String SUFFIX = ".mcsig";

	private final SignatureParameters parameters;
	private final String keyFingerprint;
	private final long level1Coefficients;
	private final BigInteger[][] bands;

	EncryptedSignature(final SignatureParameters parameters, final String keyFingerprint,
		final long level1Coefficients, final BigInteger[][] bands)
	{
		this.parameters = parameters;
		this.keyFingerprint = keyFingerprint;
		this.level1Coefficients = level1Coefficients;
		this.bands = bands;
	}

	/** Encrypts a signature (the owner's fast path: it has the plaintext when it encrypts the image). */
	public static EncryptedSignature encrypt(final WaveletSignature signature, final PaillierEncrypter key,
		final Random rnd)
	{
		final SlotPacking packing = SlotPacking.forKey(key.publicKey(), SLOT_BITS);
		final List<SignatureParameters.Band> list = signature.parameters().bands();
		final BigInteger[][] bands = new BigInteger[list.size()][];
		for (int b = 0; b < bands.length; b++) {
			final long[] counts = signature.counts(b);
			bands[b] = new BigInteger[ciphertextsFor(counts.length, packing)];
			for (int i = 0; i < bands[b].length; i++) {
				final int from = i * packing.slots();
				bands[b][i] = key.encrypt(packing.pack(counts, from, Math.min(packing.slots(), counts.length - from)),
					rnd);
			}
		}
		return new EncryptedSignature(signature.parameters(), key.publicKey().fingerprint(), signature
			.level1Coefficients(), bands);
	}

	/** The key holder's view; fails if the values are not a signature with these parameters. */
	public WaveletSignature decrypt(final PaillierPrivateKey key) throws MedCryptException {
		final long[][] counts = QueryProtocol.decryptBands(this.bands, parameters, key);
		try {
			return WaveletSignature.fromCounts(parameters, level1Coefficients, counts);
		}
		catch (final IllegalArgumentException e) {
			throw new DamagedFileException("The encrypted signature does not decrypt to a signature (" + e
				.getMessage() + "): it was altered or made with another key.", e);
		}
	}

	static int ciphertextsFor(final int intervals, final SlotPacking packing) {
		return (intervals + packing.slots() - 1) / packing.slots();
	}

	public SignatureParameters parameters() {
		return parameters;
	}

	public String keyFingerprint() {
		return keyFingerprint;
	}

	public long level1Coefficients() {
		return level1Coefficients;
	}

	/** The ciphertexts of band b; shared, not copied. */
	BigInteger[] band(final int b) {
		return bands[b];
	}

	int bandCount() {
		return bands.length;
	}

	/** Total ciphertexts. */
	public int ciphertextCount() {
		int n = 0;
		for (final BigInteger[] b : bands) n += b.length;
		return n;
	}

	/** The {@value #SUFFIX} bytes: magic, version, then {@link #write}, then SHA-256. */
	public byte[] toBytes(final PaillierPublicKey key) {
		return Wire.seal(MAGIC, VERSION, out -> write(out, key));
	}

	public static EncryptedSignature fromBytes(final String what, final byte[] bytes, final PaillierPublicKey key)
		throws MedCryptException
	{
		return Wire.open(what, MAGIC, VERSION, bytes, in -> read(in, key, what));
	}

	/**
	 * Reads a {@value #SUFFIX} file. A file larger than the largest signature the
	 * key can have ({@link #maxBytes}) is refused before it is read.
	 */
	public static EncryptedSignature read(final Path file, final String what, final PaillierPublicKey key)
		throws MedCryptException
	{
		return fromBytes(what, BoundedFiles.read(file, maxBytes(key), "wavelet signature"), key);
	}

	/**
	 * The largest valid signature file under {@code key}: {@value SignatureParameters#MAX_LEVELS} levels
	 * (3·levels + 1 bands) of at most 65536 intervals each, packed as {@link #write} packs them.
	 */
	public static int maxBytes(final PaillierPublicKey key) {
		final int bands = 3 * SignatureParameters.MAX_LEVELS + 1;
		final long band = 4 + (long) ciphertextsFor(65536, SlotPacking.forKey(key, SLOT_BITS)) * key
			.ciphertextBytes();
		return (int) Math.min(Integer.MAX_VALUE - 8, MAGIC.length + 2 + FormatHeader.BYTES + 1 + bands * band +
			32);
	}

	void write(final DataOutputStream out, final PaillierPublicKey key) throws IOException {
		FormatHeader.write(out, keyFingerprint, parameters, level1Coefficients);
		out.writeByte(bands.length);
		for (final BigInteger[] b : bands) Wire.writeCiphertexts(out, b, key.ciphertextBytes());
	}

	static EncryptedSignature read(final DataInputStream in, final PaillierPublicKey key, final String what)
		throws IOException, MedCryptException
	{
		final FormatHeader header = FormatHeader.read(in, key, what);
		final SignatureParameters parameters = header.parameters;
		final int count = in.readUnsignedByte();
		if (count != parameters.bands().size()) throw new IllegalArgumentException(count + " histograms");
		final SlotPacking packing = SlotPacking.forKey(key, SLOT_BITS);
		final BigInteger[][] bands = new BigInteger[count][];
		for (int b = 0; b < count; b++) {
			final int expected = ciphertextsFor(parameters.bands().get(b).intervals, packing);
			bands[b] = Wire.readCiphertexts(in, key.ciphertextBytes(), expected, key.modulusSquared());
			if (bands[b].length != expected) throw new IllegalArgumentException("histogram " + b + " is incomplete");
		}
		return new EncryptedSignature(parameters, header.fingerprint, header.coefficients, bands);
	}
}
