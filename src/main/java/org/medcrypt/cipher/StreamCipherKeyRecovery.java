package org.medcrypt.cipher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * STUDY ONLY: recovers the key of the pixel stream cipher (Puech 2008, eqs.
 * 1-4) from a ciphertext and a few known plaintext pixels, showing that the
 * cipher must never protect data.
 *
 * <h2>Why it works</h2>
 * Eq. 1 gives {@code z_i = p'_i - p_i = sum_{j=1}^{h} alpha_j p'_{i-j} mod M}
 * ({@code h = k/2} taps, {@code M = 2^8} or {@code 2^16}). Where the plaintext
 * pixel {@code p_i} is known and {@code i >= h}, this is one <em>linear</em>
 * equation in the {@code h} unknown coefficients, whose own coefficients are
 * ciphertext pixels, all public. About {@code h + 8} such pixels (72 for the
 * default 128-bit key) make the system full rank modulo 2, hence solvable
 * modulo {@code M}: the {@code alpha_j} follow, and from them the key bits
 * (eq. 2: {@code beta_j = alpha_j + 1}, or 3 for {@code ±2}). Known pixels
 * {@code i < h} then give equations in the IV ({@code p'_{-1} .. p'_{-h}}),
 * triangular in it. A black background is such a known plaintext: the first
 * rows of an ultrasound are 0.
 * <p>
 * Linear algebra modulo {@code 2^b} ({@link #solve}): Gaussian elimination
 * with full pivoting on the entry of least 2-adic valuation, which finds a
 * solution whenever one exists (IV values that the equations leave free do not
 * affect decryption of the known pixels and are set to 0).
 * </p>
 */
public final class StreamCipherKeyRecovery {

	private StreamCipherKeyRecovery() {}

	/** Thrown when the known pixels do not determine the key. */
	public static final class NotEnoughPlaintextException extends Exception {

		private static final long serialVersionUID = 1L;

		NotEnoughPlaintextException(final String message) {
			super(message);
		}
	}

	/** What was recovered. */
	public static final class Recovered {

		/** The key (bits and IV); its IV values are exact modulo M (all that an M-bit image uses). */
		public final StreamCipherKey key;
		/** Equations used for the coefficients and for the IV. */
		public final int alphaEquations, ivEquations;

		Recovered(final StreamCipherKey key, final int alphaEquations, final int ivEquations) {
			this.key = key;
			this.alphaEquations = alphaEquations;
			this.ivEquations = ivEquations;
		}
	}

	/**
	 * Recovers a {@code keyBits}-bit key from the ciphertext pixels (scan order,
	 * unsigned values) and the plaintext pixels that are known ({@code known[i]
	 * >= 0}, else -1).
	 */
	public static Recovered recover(final int[] cipher, final int[] known, final int keyBits, final int bitDepth)
		throws NotEnoughPlaintextException
	{
		if (bitDepth != 8 && bitDepth != 16) throw new IllegalArgumentException("8-bit or 16-bit pixels");
		if (keyBits % 8 != 0 || keyBits < StreamCipherKey.MIN_BITS || keyBits > StreamCipherKey.MAX_BITS) {
			throw new IllegalArgumentException("key length " + keyBits + " is not a stream cipher key length");
		}
		final int h = keyBits / 2, mask = bitDepth == 8 ? 0xFF : 0xFFFF;
		// Coefficients: one equation per known pixel with h real predecessors; 4h rows are plenty.
		final List<int[]> rows = new ArrayList<>();
		for (int i = h; i < cipher.length && rows.size() < 4 * h; i++) {
			if (known[i] < 0) continue;
			final int[] row = new int[h + 1];
			for (int j = 1; j <= h; j++)
				row[j - 1] = cipher[i - j];
			row[h] = cipher[i] - known[i] & mask;
			rows.add(row);
		}
		final int[] a = solve(rows, h, bitDepth);
		// Only alpha mod 4 is needed: it gives beta (eq. 2), and the signs of ±2 follow from eq. 3.
		if (a == null || a[h] < 2) {
			throw new NotEnoughPlaintextException(rows.size() + " known pixels (after the first " + h + ") do not " +
				"determine the " + h + " coefficients; about " + (h + 8) + " are needed, more if the known pixels " +
				"repeat a pattern.");
		}
		final byte[] keyBytes = new byte[keyBits / 8];
		for (int j = 0; j < h; j++) {
			final int beta = (a[j] + 1) & 3; // alpha -1, 0, 1, ±2 -> beta 0, 1, 2, 3
			keyBytes[j >> 2] |= beta << (6 - 2 * (j & 3));
		}
		final int[] alpha = StreamCipherKey.coefficients(keyBytes);
		if (new StreamCipherKey(keyBytes, new int[h]).isDegenerate()) {
			throw new NotEnoughPlaintextException("every coefficient is 0: the image is not encrypted.");
		}
		// IV: known pixels i < h; z_i minus the taps on real pixels = sum_{j > i} alpha_j IV_{j - i}.
		final List<int[]> ivRows = new ArrayList<>();
		for (int i = 0; i < h && i < cipher.length; i++) {
			if (known[i] < 0) continue;
			final int[] row = new int[h + 1];
			long rhs = cipher[i] - known[i];
			for (int j = 1; j <= i; j++)
				rhs -= (long) alpha[j - 1] * cipher[i - j];
			for (int j = i + 1; j <= h; j++)
				row[j - i - 1] = alpha[j - 1] & mask;
			row[h] = (int) rhs & mask;
			ivRows.add(row);
		}
		// Any solution will do: IV values the equations leave free do not change the known pixels (checked below).
		final int[] ivSolution = solve(ivRows, h, bitDepth);
		final int[] iv = ivSolution == null ? new int[h] : Arrays.copyOf(ivSolution, h);
		final StreamCipherKey key = new StreamCipherKey(keyBytes, iv);
		// The proof: the key decrypts every known pixel to its known value.
		final int last = lastKnown(known);
		final int[] decrypted = PixelStreamCipher.decryptReference(Arrays.copyOf(cipher, last + 1), key, bitDepth);
		for (int i = 0; i <= last; i++) {
			if (known[i] >= 0 && decrypted[i] != known[i]) {
				throw new NotEnoughPlaintextException(i < h ? "the known pixels before pixel " + h + " do not " +
					"determine the IV" : "no " + keyBits + "-bit key explains the known pixels: they are wrong, or the " +
					"key has another length.");
			}
		}
		return new Recovered(key, rows.size(), ivRows.size());
	}

	/** A key found by assuming a black row. */
	public static final class BlackRow {

		public final Recovered recovered;
		/** The row assumed black; the IV is recovered only if it is row 0 (else it is 0 and pixels 0..h-1 are wrong). */
		public final int row;

		BlackRow(final Recovered recovered, final int row) {
			this.recovered = recovered;
			this.row = row;
		}

		public boolean ivRecovered() {
			return row == 0;
		}
	}

	/**
	 * The black-background attack: assumes each row in turn is all 0 and keeps
	 * the first assumption whose equations have a key as solution (a wrong
	 * assumption gives an inconsistent system, or coefficients outside -2..2
	 * or against eq. 3's sign rule).
	 */
	public static BlackRow fromBlackRow(final int[] cipher, final int width, final int keyBits, final int bitDepth)
		throws NotEnoughPlaintextException
	{
		final int h = keyBits / 2;
		for (int y = 0; (long) (y + 1) * width <= cipher.length; y++) {
			if ((y + 1) * width - Math.max(h, y * width) < h + 8) continue;
			final int[] known = new int[cipher.length];
			java.util.Arrays.fill(known, -1);
			java.util.Arrays.fill(known, y * width, (y + 1) * width, 0);
			try {
				return new BlackRow(recover(cipher, known, keyBits, bitDepth), y);
			}
			catch (final NotEnoughPlaintextException e) {
				// this row is not black: try the next
			}
		}
		throw new NotEnoughPlaintextException("no row of the image is entirely black (or the key is not " + keyBits +
			" bits); use known plaintext instead.");
	}

	private static int lastKnown(final int[] known) {
		for (int i = known.length - 1; i >= 0; i--)
			if (known[i] >= 0) return i;
		return -1;
	}

	/** The known plaintext "the first {@code n} pixels are {@code value}" (e.g. a black top row), else unknown. */
	public static int[] uniformPrefix(final int pixels, final int n, final int value) {
		final int[] known = new int[pixels];
		java.util.Arrays.fill(known, -1);
		java.util.Arrays.fill(known, 0, Math.min(n, pixels), value);
		return known;
	}

	/**
	 * A solution modulo {@code 2^bits} of the rows (coefficients, then the
	 * right-hand side), {@code null} if none; free unknowns are 0. Full
	 * pivoting on the least 2-adic valuation keeps every elimination step exact.
	 * Entry {@code n} of the result tells how many low bits of every unknown
	 * the equations determine: {@code bits} minus the largest pivot valuation,
	 * 0 if some unknown is free.
	 */
	static int[] solve(final List<int[]> input, final int n, final int bits) {
		final int mask = (1 << bits) - 1, m = input.size();
		final int[][] r = new int[m][];
		for (int i = 0; i < m; i++)
			r[i] = input.get(i).clone();
		final int[] col = new int[n];
		for (int c = 0; c < n; c++)
			col[c] = c;
		int rank = 0;
		for (; rank < Math.min(m, n); rank++) {
			int bestRow = -1, bestCol = -1, bestVal = bits;
			for (int i = rank; i < m && bestVal > 0; i++) {
				for (int c = rank; c < n; c++) {
					final int v = r[i][col[c]] & mask;
					if (v != 0 && Integer.numberOfTrailingZeros(v) < bestVal) {
						bestVal = Integer.numberOfTrailingZeros(v);
						bestRow = i;
						bestCol = c;
						if (bestVal == 0) break;
					}
				}
			}
			if (bestRow < 0) break;
			final int[] t = r[rank];
			r[rank] = r[bestRow];
			r[bestRow] = t;
			final int tc = col[rank];
			col[rank] = col[bestCol];
			col[bestCol] = tc;
			final int pc = col[rank], p = r[rank][pc] & mask, v = Integer.numberOfTrailingZeros(p);
			final int inv = inverse(p >>> v, bits);
			for (int i = rank + 1; i < m; i++) {
				final int e = r[i][pc] & mask;
				if (e == 0) continue;
				final int f = (e >>> v) * inv & mask;
				for (int c = 0; c <= n; c++)
					r[i][c] = r[i][c] - f * r[rank][c] & mask;
			}
		}
		for (int i = rank; i < m; i++)
			if ((r[i][n] & mask) != 0) return null;
		final int[] x = new int[n + 1];
		int largest = 0;
		for (int i = 0; i < rank; i++)
			largest = Math.max(largest, Integer.numberOfTrailingZeros(r[i][col[i]] & mask));
		x[n] = rank < n ? 0 : bits - largest;
		for (int i = rank - 1; i >= 0; i--) {
			final int pc = col[i];
			long rhs = r[i][n];
			for (int c = i + 1; c < n; c++)
				rhs -= (long) r[i][col[c]] * x[col[c]];
			final int b = (int) rhs & mask, p = r[i][pc] & mask, v = Integer.numberOfTrailingZeros(p);
			if (b != 0 && Integer.numberOfTrailingZeros(b) < v) return null;
			x[pc] = (b >>> v) * inverse(p >>> v, bits) & (mask >>> v);
		}
		return x;
	}

	/** The inverse of an odd number modulo 2^bits (Newton: each step doubles the correct bits). */
	private static int inverse(final int odd, final int bits) {
		int x = odd; // correct to 3 bits
		for (int i = 0; i < 4; i++)
			x *= 2 - odd * x;
		return x & ((1 << bits) - 1);
	}
}
