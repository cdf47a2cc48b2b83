package org.medcrypt.paillier;

import java.math.BigInteger;

/**
 * Packs several small signed integers into one Paillier plaintext:
 * M = Σ v_j·2^(w·j) mod n, with w = {@link #slotBits()} and |v_j| < 2^(w-1).
 * Adding plaintexts adds slot by slot, so one homomorphic operation acts on
 * every slot at once, as long as no slot leaves its range (the caller's headroom
 * guarantees that). Slots are signed and decoded with carries from the low end,
 * so negative results (wavelet details, differences) come back exactly.
 */
public final class SlotPacking {

	private final int slotBits;
	private final int slots;
	private final BigInteger modulus;

	/** The most slots of {@code slotBits} that fit a signed plaintext of the key. */
	public static SlotPacking forKey(final PaillierPublicKey key, final int slotBits) {
		return new SlotPacking(slotBits, (key.bitLength() - 2) / slotBits, key.modulus());
	}

	public SlotPacking(final int slotBits, final int slots, final BigInteger modulus) {
		if (slotBits < 2 || slotBits > 56) throw new IllegalArgumentException("slot width must be 2..56 bits");
		if (slots < 1 || (long) slots * slotBits > modulus.bitLength() - 2) {
			throw new IllegalArgumentException(slots + " slots of " + slotBits + " bits do not fit a " + modulus
				.bitLength() + "-bit plaintext");
		}
		this.slotBits = slotBits;
		this.slots = slots;
		this.modulus = modulus;
	}

	public int slotBits() {
		return slotBits;
	}

	public int slots() {
		return slots;
	}

	/** Packs values[offset .. offset+count), count <= slots; missing slots are zero. */
	public BigInteger pack(final long[] values, final int offset, final int count) {
		checkCount(count);
		final long limit = 1L << (slotBits - 1);
		// M = U - B: U holds each v mod 2^w, B a one at w·(j+1) for every negative v.
		final byte[] u = new byte[(count * slotBits + 7) / 8 + 1];
		final byte[] b = new byte[u.length + (slotBits + 7) / 8 + 1];
		boolean anyNegative = false;
		for (int j = 0; j < count; j++) {
			final long v = values[offset + j];
			if (v >= limit || v < -limit) {
				throw new IllegalArgumentException("value " + v + " does not fit a " + slotBits + "-bit signed slot");
			}
			writeBits(u, j * slotBits, v & ((1L << slotBits) - 1), slotBits);
			if (v < 0) {
				writeBits(b, (j + 1) * slotBits, 1, 1);
				anyNegative = true;
			}
		}
		BigInteger m = new BigInteger(1, reverse(u));
		if (anyNegative) m = m.subtract(new BigInteger(1, reverse(b)));
		return m.mod(modulus);
	}

	/** Unpacks count slots of m (a residue mod n, read as centred) into out[offset ..]. */
	public void unpack(final BigInteger m, final long[] out, final int offset, final int count) {
		checkCount(count);
		BigInteger centred = m.mod(modulus);
		if (centred.compareTo(modulus.shiftRight(1)) > 0) centred = centred.subtract(modulus);
		final byte[] le = reverse(centred.toByteArray()); // two's complement, little-endian
		final byte pad = (byte) (centred.signum() < 0 ? 0xff : 0);
		final long fieldMask = (1L << slotBits) - 1, half = 1L << (slotBits - 1);
		long carry = 0;
		for (int j = 0; j < count; j++) {
			final long t = readBits(le, j * slotBits, slotBits, pad) + carry;
			long v = t & fieldMask;
			if (v >= half) v -= 1L << slotBits;
			carry = (t - v) >> slotBits;
			out[offset + j] = v;
		}
	}

	private void checkCount(final int count) {
		if (count < 0 || count > slots) throw new IllegalArgumentException("at most " + slots + " slots");
	}

	private static void writeBits(final byte[] le, final int bit, final long value, final int bits) {
		for (int k = 0; k < bits; k++) {
			if ((value >>> k & 1) != 0) le[(bit + k) >>> 3] |= 1 << ((bit + k) & 7);
		}
	}

	private static long readBits(final byte[] le, final int bit, final int bits, final byte pad) {
		long v = 0;
		final int first = bit >>> 3, last = (bit + bits - 1) >>> 3;
		for (int i = last; i >= first; i--) v = (v << 8) | ((i < le.length ? le[i] : pad) & 0xff);
		return (v >>> (bit & 7)) & ((1L << bits) - 1);
	}

	private static byte[] reverse(final byte[] a) {
		final byte[] r = new byte[a.length];
		for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
		return r;
	}
}
