package org.medcrypt.retrieval;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierPublicKey;

/**
 * What every retrieval format (.mcsig, the server's band request, its
 * differences) starts with: the key fingerprint, checked against the reader's
 * key; the signature parameters; and a count of level-1 coefficients per band.
 *
 * <p>The method ({@link SignatureParameters.Method}) travels in the high nibble
 * of the levels byte (its ordinal: 0 Paper, 1 Spatial, 2 Spatial2): the paper's
 * headers are byte for byte those of before, and readers without a method refuse
 * its files as having an invalid number of levels or method instead of misreading them.
 */
final class FormatHeader {

	/** The header's size: fingerprint, bit depth, Δ, levels, coefficient count. */
	static final int BYTES = 32 + 1 + 4 + 1 + 8;
	/** Counts beyond this would be images of more than 2^38 pixels. */
	private static final long MAX_COEFFICIENTS = 1L << 36;

	final String fingerprint;
	final SignatureParameters parameters;
	final long coefficients;

	private FormatHeader(final String fingerprint, final SignatureParameters parameters, final long coefficients) {
		this.fingerprint = fingerprint;
		this.parameters = parameters;
		this.coefficients = coefficients;
	}

	static void write(final DataOutputStream out, final String fingerprint, final SignatureParameters p,
		final long coefficients) throws IOException
	{
		out.write(Hex.parse(fingerprint));
		out.writeByte(p.bitDepth());
		out.writeInt(p.delta());
		out.writeByte(p.levels() | p.method().ordinal() << 4);
		out.writeLong(coefficients);
	}

	static FormatHeader read(final DataInputStream in, final PaillierPublicKey key, final String what)
		throws IOException, MedCryptException
	{
		final byte[] fp = new byte[32];
		in.readFully(fp);
		final String fingerprint = Hex.of(fp);
		if (!fingerprint.equals(key.fingerprint())) {
			throw new WrongKeyException(what + " is encrypted for key " + fingerprint +
				", not for " + key.fingerprint() + ". Use the key pair it was made with.");
		}
		final int bitDepth = in.readUnsignedByte();
		final int delta = in.readInt();
		final int levelsAndMethod = in.readUnsignedByte(), method = levelsAndMethod >> 4;
		if (method >= SignatureParameters.Method.values().length) throw new IllegalArgumentException("method " + method);
		final SignatureParameters parameters = SignatureParameters.of(SignatureParameters.Method.values()[method],
			bitDepth, delta, levelsAndMethod & 15);
		final long coefficients = in.readLong();
		if (coefficients < 1 || coefficients > MAX_COEFFICIENTS) {
			throw new IllegalArgumentException("coefficient count " + coefficients);
		}
		return new FormatHeader(fingerprint, parameters, coefficients);
	}
}
