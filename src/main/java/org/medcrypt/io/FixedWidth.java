package org.medcrypt.io;

import java.math.BigInteger;

/** Non-negative integers as fixed-size unsigned big-endian fields, as ciphertexts travel in files and messages. */
public final class FixedWidth {

	private FixedWidth() {}

	/** v as exactly {@code size} unsigned big-endian bytes (v must fit). */
	public static byte[] bytes(final BigInteger v, final int size) {
		if (v.signum() < 0 || v.bitLength() > 8 * size) throw new IllegalArgumentException("does not fit " + size +
			" bytes");
		final byte[] raw = v.toByteArray();
		final byte[] out = new byte[size];
		final int n = Math.min(raw.length, size);
		System.arraycopy(raw, raw.length - n, out, size - n, n);
		return out;
	}
}
