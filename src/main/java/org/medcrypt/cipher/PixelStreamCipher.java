package org.medcrypt.cipher;

import java.util.concurrent.CancellationException;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.Progress;

/**
 * The asynchronous (self-synchronising) pixel stream cipher of W. Puech, "An
 * Efficient Hybrid Method for Safe Transfer of Medical Images", E-MEDISYS'08,
 * section 1.2, eqs. 1 and 4:
 *
 * <pre>
 * z_i  = ( sum_{j=1}^{k/2} alpha_j p'_{i-j} ) mod M
 * p'_i = ( z_i + p_i ) mod M          (encryption, eq. 1)
 * p_i  = ( p'_i - z_i ) mod M         (decryption, eq. 4)
 * </pre>
 *
 * with the coefficients and the IV of {@link StreamCipherKey}. The encrypted
 * image has the same size and type as the original.
 *
 * <h2>Generalisation (departures from the paper, which treats one 8-bit image)</h2>
 * <ul>
 * <li>{@code M = 256} for 8-bit pixels, {@code M = 65536} for 16-bit pixels;
 * the same key serves both (the IV is taken mod M).</li>
 * <li>Scan order: row-major within a plane (x fastest), then plane after plane
 * (ImgLib2's flat iteration order; for an ImageJ hyperstack, the stack order).
 * The recurrence <em>chains across planes</em>: the first pixels of plane
 * {@code n+1} use the last {@code k/2} encrypted pixels of plane {@code n} as
 * predecessors; the IV is used once, before the very first pixel. Decrypting
 * one plane alone therefore needs the last {@code k/2} pixels of the previous
 * encrypted plane (which is what makes a single plane decryptable by itself:
 * the cipher is self-synchronising after {@code k/2} pixels).</li>
 * </ul>
 *
 * <h2>Study only: why this cipher is weak</h2>
 * The map is linear modulo M: {@code c = L^{-1} p + v(IV)} with {@code L}
 * lower-triangular Toeplitz. Consequences: (1) one known plaintext of
 * {@code k} pixels and its ciphertext give {@code z_i = p'_i - p_i} and hence
 * the {@code alpha_j} by solving a linear system, i.e. the key; (2) two
 * images encrypted under the same key leak their difference; (3) a change of
 * the plaintext only propagates forward; (4) there is no integrity at all:
 * decryption with a wrong key, or of a tampered image, silently gives a wrong
 * image, and a modified ciphertext pixel only disturbs the next {@code k/2}
 * decrypted pixels. The paper (section 2) adds integrity with an RSA-encrypted
 * key embedded by watermarking; this class does not. Use it to reproduce the
 * paper, never to protect patient data.
 *
 * <h2>Speed</h2>
 * Encryption of a long call (at least 256 x max(128, 2·k/2) pixels, e.g. an
 * image plane of 512x512) runs by blocks ({@link BlockedRecurrence}): eq. 1 is a
 * linear recurrence modulo 2^b, so the stream cut into blocks is one recurrence
 * per block differing only in its initial state; 1024 blocks per thread (256
 * for calls under 1024 x max(128, 2·k/2) pixels) run side by side as vector
 * lanes from zero states, are joined by the recurrence's impulse response, and
 * run again from their true states, bit-identical to the sequential definition
 * (8-bit pixels: 512 blocks per thread, four lanes to a {@code long} in 16-bit
 * slots made exact by a bias; each tap is an addition or a subtraction, alpha_j
 * being in {-2..2}). Shorter calls and the remainder of a call use the
 * sequential loop: {@code p'_i} needs {@code p'_{i-1}},
 * and no running sum applies: the taps with equal {@code alpha_j} are not
 * contiguous for a random key, so {@code z_i} costs one multiply-add per
 * non-zero tap. The fast path keeps the ciphertext history in a flat
 * {@code short[]} so that each {@code z_i} is one dot product of two
 * contiguous arrays (64 {@code short x short -> int} multiply-adds that C2
 * may vectorise), all modulo {@code 2^32} and reduced at the end, which is
 * exact because M divides {@code 2^32}. Decryption has no such dependency
 * ({@code z_i} depends only on the ciphertext): since every {@code alpha_j} is
 * in {-2..2}, {@code z_i} is a sum and a doubled sum of shifted copies of the
 * ciphertext, one vectorised {@code short} addition or subtraction per
 * non-zero tap over chunks that stay in cache (see {@code fir}); a long call
 * is split into one part per core, each started with the {@code k/2}
 * ciphertext pixels before it (see {@code inParts}), with the same result. Also
 * tried and measured slower or no faster on the benchmark machine: scattering
 * each {@code p'_i} forward into a {@code short[]} accumulator, a
 * {@code short} FIR with a variable offset (HotSpot does not vectorise it),
 * computing 2 or 4 pixels per step with a small triangular correction, sums per
 * coefficient class for encryption (31-34 against 38 Mpixel/s), and a
 * look-ahead form of the recurrence (multiplying eq. 1 by the first K terms
 * of its impulse response gives a recurrence of delay K, whose K outputs are
 * independent; it costs K + k/2 multiply-adds per pixel on vectors of only K
 * elements: 4-21 Mpixel/s for K = 32..512). {@link #encryptReference} and
 * {@link #decryptReference} are the literal transcriptions of eqs. 1 and 4
 * (a ring buffer and a modular loop over the taps), kept as the benchmark
 * baseline and the tests' oracle. Figures: docs/TRANSFER.md.
 */
public final class PixelStreamCipher {

	/** Pixels processed per chunk of the fast path; the history buffer is taps + CHUNK shorts. */
	private static final int CHUNK = 1 << 12;
	/** Decryption is split over threads only into parts of at least this many pixels. */
	static final int MIN_PART = 1 << 15;
	/** At most this many parts per thread. */
	static final int PARTS_PER_THREAD = 4;

	private PixelStreamCipher() {}

	/**
	 * One pass over a stream of pixels (encryption or decryption); feed it the
	 * pixels in scan order, in as many calls as convenient: the recurrence
	 * carries over from one call to the next. Not thread-safe.
	 */
	public static final class Pass {

		private final boolean encrypt;
		private final int mask;
		private final int taps;
		/** alpha reversed: ar[t] = alpha_{taps - t}. */
		private final short[] ar;
		/** Decryption: the offsets t of the taps with alpha = 1, -1, 2 and -2. */
		private final int[] plus1, minus1, plus2, minus2;
		/** buf[0 .. taps-1] = the last taps ciphertext pixels, oldest first; then room for a chunk. */
		private final short[] buf;
		/** Decryption work: one shifted window of the history, the sums for |alpha| = 1 and |alpha| = 2. */
		private final short[] window, sum1, sum2;
		/** The key's cache of the blocked encryption's join matrices. */
		private final BlockedRecurrence.JoinCache joins;
		/** Decryption: at most this many parts (threads) per call; 1 = this thread only. */
		private int threads = Runtime.getRuntime().availableProcessors();

		private Pass(final StreamCipherKey key, final int bitDepth, final boolean encrypt) {
			if (bitDepth != 8 && bitDepth != 16) {
				throw new IllegalArgumentException("the stream cipher handles 8-bit and 16-bit pixels, not " +
					bitDepth + "-bit");
			}
			this.encrypt = encrypt;
			this.mask = bitDepth == 8 ? 0xFF : 0xFFFF;
			final int[] alpha = key.alphaInternal(), iv = key.ivInternal();
			joins = key.joins();
			taps = alpha.length;
			ar = new short[taps];
			for (int t = 0; t < taps; t++)
				ar[t] = (short) alpha[taps - 1 - t];
			plus1 = offsetsOf(ar, 1);
			minus1 = offsetsOf(ar, -1);
			plus2 = offsetsOf(ar, 2);
			minus2 = offsetsOf(ar, -2);
			buf = new short[taps + CHUNK];
			// buf[taps-1] = p'_{-1} = iv[0], buf[0] = p'_{-taps} = iv[taps-1]
			for (int t = 0; t < taps; t++)
				buf[t] = (short) (iv[taps - 1 - t] & mask);
			window = encrypt ? null : new short[CHUNK];
			sum1 = encrypt ? null : new short[CHUNK];
			sum2 = encrypt ? null : new short[CHUNK];
		}

		/** A decryption pass with the same key, its own work arrays and the history {@code history}. */
		private Pass(final Pass p, final short[] history) {
			encrypt = p.encrypt;
			mask = p.mask;
			taps = p.taps;
			ar = p.ar;
			plus1 = p.plus1;
			minus1 = p.minus1;
			plus2 = p.plus2;
			minus2 = p.minus2;
			joins = p.joins;
			buf = new short[taps + CHUNK];
			System.arraycopy(history, 0, buf, 0, taps);
			window = new short[CHUNK];
			sum1 = new short[CHUNK];
			sum2 = new short[CHUNK];
			threads = 1;
		}

		/**
		 * Split each long call over {@code n} threads (decryption: the calling
		 * thread and the common fork-join pool; default: the available processors,
		 * 1 = the calling thread only), in parts of at least 32,768 pixels; encryption: groups of blocks, see
		 * {@link BlockedRecurrence}). Each decrypted pixel depends only on the ciphertext, and the blocks are
		 * joined exactly, so the result is the same for every {@code n}. Returns
		 * this pass.
		 */
		public Pass threads(final int n) {
			if (n < 1) throw new IllegalArgumentException("threads must be >= 1, not " + n);
			threads = n;
			return this;
		}

		/** Bits per pixel: 8 or 16. */
		public int bitDepth() {
			return mask == 0xFF ? 8 : 16;
		}

		/** Processes {@code data[offset .. offset+length)} in place (8-bit pixels). */
		public void process(final byte[] data, final int offset, final int length) {
			if (mask != 0xFF) throw new IllegalStateException("this pass is for 16-bit pixels");
			if (parts(length) > 1) inParts(data, offset, length);
			else processHere(data, offset, length);
		}

		private void processHere(final byte[] data, final int offset, final int length) {
			int done = 0;
			if (encrypt && length >= BlockedRecurrence.minimumLength(taps)) done = blocked(data, offset, length);
			while (done < length) {
				final int n = Math.min(CHUNK, length - done);
				final int base = offset + done;
				if (encrypt) {
					for (int i = 0; i < n; i++) {
						final int c = (data[base + i] + dot(i)) & 0xFF;
						buf[taps + i] = (short) c;
						data[base + i] = (byte) c;
					}
				}
				else {
					widen(data, base, window, n);
					System.arraycopy(window, 0, buf, taps, n);
					fir(n);
					System.arraycopy(buf, taps, window, 0, n);
					narrow(window, sum1, sum2, data, base, n);
				}
				System.arraycopy(buf, n, buf, 0, taps);
				done += n;
			}
		}

		/** Processes {@code data[offset .. offset+length)} in place (16-bit pixels, unsigned in a short). */
		public void process(final short[] data, final int offset, final int length) {
			if (mask != 0xFFFF) throw new IllegalStateException("this pass is for 8-bit pixels");
			if (parts(length) > 1) inParts(data, offset, length);
			else processHere(data, offset, length);
		}

		private void processHere(final short[] data, final int offset, final int length) {
			int done = 0;
			if (encrypt && length >= BlockedRecurrence.minimumLength(taps)) done = blocked(data, offset, length);
			while (done < length) {
				final int n = Math.min(CHUNK, length - done);
				final int base = offset + done;
				if (encrypt) {
					for (int i = 0; i < n; i++) {
						final short c = (short) (data[base + i] + dot(i));
						buf[taps + i] = c;
						data[base + i] = c;
					}
				}
				else {
					System.arraycopy(data, base, buf, taps, n);
					fir(n);
					for (int i = 0; i < n; i++)
						data[base + i] = (short) (buf[taps + i] - sum1[i] - 2 * sum2[i]);
				}
				System.arraycopy(buf, n, buf, 0, taps);
				done += n;
			}
		}

		/**
		 * Encryption of the first pixels of a long call by {@link BlockedRecurrence}
		 * (bit-identical to the loop), on up to {@link #threads} threads; the history
		 * then holds its last ciphertext pixels. Returns how many pixels it did.
		 */
		private int blocked(final Object data, final int offset, final int length) {
			final int[] alpha = new int[taps];
			for (int j = 1; j <= taps; j++) alpha[j - 1] = ar[taps - j];
			final short[] history = java.util.Arrays.copyOf(buf, taps);
			final int done = data instanceof byte[] ? BlockedRecurrence.encrypt((byte[]) data, offset, length,
				history, alpha, threads, joins) : BlockedRecurrence.encrypt((short[]) data, offset, length, history,
					alpha, threads, joins);
			for (int t = 0; t < taps; t++) buf[t] = (short) (history[t] & mask);
			return done;
		}

		/**
		 * Parts a call of {@code length} pixels is decrypted in: 1 for encryption or
		 * one thread; else up to {@value #PARTS_PER_THREAD} per thread, so that the
		 * calling thread takes over the parts a busy pool thread has not started.
		 */
		private int parts(final int length) {
			if (encrypt || threads == 1) return 1;
			return Math.max(1, Math.min(PARTS_PER_THREAD * threads, length / MIN_PART));
		}

		/**
		 * Decryption split into equal consecutive parts, decrypted at once: the
		 * calling thread takes the first with this pass's history, the common
		 * fork-join pool the others (the calling thread too, those not yet taken), each with its own pass whose history is the
		 * {@code taps} ciphertext pixels before its part (the overlap), copied
		 * before anything is decrypted in place. Then this pass's history becomes the
		 * last part's, as if the whole call had run here. Bit-identical to one
		 * thread: each plaintext pixel is a function of the ciphertext alone.
		 */
		private void inParts(final Object data, final int offset, final int length) {
			final int n = parts(length);
			final java.util.List<java.util.concurrent.ForkJoinTask<?>> forked = new java.util.ArrayList<>();
			final Pass[] passes = new Pass[n];
			final int[] start = new int[n + 1];
			for (int p = 0; p <= n; p++)
				start[p] = (int) ((long) length * p / n);
			passes[0] = this;
			for (int p = 1; p < n; p++)
				passes[p] = new Pass(this, history(data, offset, start[p]));
			for (int p = n - 1; p >= 1; p--) {
				final Pass pass = passes[p];
				final int from = offset + start[p], len = start[p + 1] - start[p];
				forked.add(java.util.concurrent.ForkJoinTask.adapt(() -> pass.processHere(data, from, len)).fork());
			}
			final short[] last = passes[n - 1].buf;
			RuntimeException failure = null;
			try {
				processHere(data, offset, start[1]);
			}
			catch (final RuntimeException e) {
				failure = e;
			}
			// Latest forked first: a part no pool thread has taken yet is then run here.
			for (int i = forked.size() - 1; i >= 0; i--) {
				final java.util.concurrent.ForkJoinTask<?> t = forked.get(i);
				try {
					t.join();
				}
				catch (final RuntimeException e) {
					if (failure == null) failure = e;
				}
			}
			if (failure != null) throw failure;
			System.arraycopy(last, 0, buf, 0, taps);
		}

		private void processHere(final Object data, final int offset, final int length) {
			if (data instanceof byte[]) processHere((byte[]) data, offset, length);
			else processHere((short[]) data, offset, length);
		}

		/**
		 * The {@code taps} ciphertext pixels before {@code data[offset + at]},
		 * oldest first: from data, and from this pass's history where data starts
		 * less than {@code taps} pixels earlier.
		 */
		private short[] history(final Object data, final int offset, final int at) {
			final short[] h = new short[taps];
			final int fromBuf = Math.max(0, taps - at);
			System.arraycopy(buf, taps - fromBuf, h, 0, fromBuf);
			for (int t = fromBuf; t < taps; t++) {
				final int i = offset + at - taps + t;
				h[t] = data instanceof byte[] ? (short) (((byte[]) data)[i] & 0xFF) : ((short[]) data)[i];
			}
			return h;
		}

		/** z_i (not reduced) for the pixel at buf[taps + i]: sum_t ar[t] buf[i + t]. */
		private int dot(final int i) {
			final short[] a = ar, b = buf;
			int z = 0;
			for (int t = 0; t < a.length; t++)
				z += a[t] * b[i + t];
			return z;
		}

		/**
		 * z_i = sum1[i] + 2 sum2[i] (mod 2^16, hence mod M) for the n ciphertext
		 * pixels at buf[taps ..]. Since alpha is in {-2..2}, each non-zero tap is
		 * one addition or subtraction of the history shifted by t: copied into
		 * {@code window} first, because HotSpot (JDK 17 and 25) does not vectorise
		 * {@code a[i] += b[i + t]} for a variable t (it cannot rule out that a and b
		 * are one array), but does vectorise {@code a[i] += b[i]}, and the copy is an
		 * intrinsic.
		 */
		private void fir(final int n) {
			java.util.Arrays.fill(sum1, 0, n, (short) 0);
			java.util.Arrays.fill(sum2, 0, n, (short) 0);
			addShifted(plus1, sum1, n, false);
			addShifted(minus1, sum1, n, true);
			addShifted(plus2, sum2, n, false);
			addShifted(minus2, sum2, n, true);
		}

		private void addShifted(final int[] offsets, final short[] sum, final int n, final boolean subtract) {
			final short[] w = window;
			for (final int t : offsets) {
				System.arraycopy(buf, t, w, 0, n);
				if (subtract) subtract(sum, w, n);
				else add(sum, w, n);
			}
		}

		private static void widen(final byte[] data, final int base, final short[] w, final int n) {
			for (int i = 0; i < n; i++)
				w[i] = (short) (data[base + i] & 0xFF);
		}

		/** data[base + i] = c_i - z_i for the ciphertext c in w. */
		private static void narrow(final short[] w, final short[] s1, final short[] s2, final byte[] data,
			final int base, final int n)
		{
			for (int i = 0; i < n; i++)
				data[base + i] = (byte) (w[i] - s1[i] - 2 * s2[i]);
		}

		// Small static loops: C2 vectorises them (it did not when written inline in addShifted).
		private static void add(final short[] sum, final short[] w, final int n) {
			for (int i = 0; i < n; i++)
				sum[i] += w[i];
		}

		private static void subtract(final short[] sum, final short[] w, final int n) {
			for (int i = 0; i < n; i++)
				sum[i] -= w[i];
		}

		private static int[] offsetsOf(final short[] ar, final int coefficient) {
			return java.util.stream.IntStream.range(0, ar.length).filter(t -> ar[t] == coefficient).toArray();
		}
	}

	/** A pass that encrypts {@code bitDepth}-bit pixels (8 or 16) fed in scan order. */
	public static Pass encryption(final StreamCipherKey key, final int bitDepth) {
		return new Pass(key, bitDepth, true);
	}

	/** A pass that decrypts {@code bitDepth}-bit pixels (8 or 16) fed in scan order. */
	public static Pass decryption(final StreamCipherKey key, final int bitDepth) {
		return new Pass(key, bitDepth, false);
	}

	/** Encrypts an 8/16-bit image in place, in the documented scan order. */
	public static void encrypt(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final StreamCipherKey key, final Progress progress)
	{
		run(image, key, true, progress);
	}

	/** Decrypts an 8/16-bit image in place, in the documented scan order. */
	public static void decrypt(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final StreamCipherKey key, final Progress progress)
	{
		run(image, key, false, progress);
	}

	private static void run(final RandomAccessibleInterval<? extends IntegerType<?>> image,
		final StreamCipherKey key, final boolean encrypt, final Progress progress)
	{
		final Object type = Views.iterable(image).firstElement();
		final int bitDepth;
		if (type instanceof UnsignedByteType) bitDepth = 8;
		else if (type instanceof UnsignedShortType) bitDepth = 16;
		else throw new IllegalArgumentException("the stream cipher handles unsigned 8-bit and 16-bit images, not " +
			type.getClass().getSimpleName());
		final Pass pass = new Pass(key, bitDepth, encrypt);
		final String step = encrypt ? "stream-encrypting" : "stream-decrypting";
		final PixelPlanes planes = PixelPlanes.wrap(image);
		if (planes != null) {
			// The arrays themselves, plane after plane (an ImageJ image wrapped by ImagePlusImgs, a PlanarImg).
			final int n = planes.pixelsPerPlane();
			for (int z = 0; z < planes.planes(); z++) {
				checkCanceled(progress);
				if (bitDepth == 8) pass.process(planes.bytePlane(z), 0, n);
				else pass.process(planes.shortPlane(z), 0, n);
				progress.report(step, z + 1, planes.planes());
			}
			return;
		}
		// Any other image: copy chunks out in flat (row-major, plane after plane) order and back.
		final long total = Intervals.numElements(image);
		final Cursor<? extends IntegerType<?>> read = Views.flatIterable(image).cursor(), write = Views
			.flatIterable(image).cursor();
		final short[] chunk16 = bitDepth == 16 ? new short[CHUNK] : null;
		final byte[] chunk8 = bitDepth == 8 ? new byte[CHUNK] : null;
		for (long done = 0; done < total;) {
			checkCanceled(progress);
			final int n = (int) Math.min(CHUNK, total - done);
			for (int i = 0; i < n; i++) {
				final int v = read.next().getInteger();
				if (chunk8 != null) chunk8[i] = (byte) v;
				else chunk16[i] = (short) v;
			}
			if (chunk8 != null) pass.process(chunk8, 0, n);
			else pass.process(chunk16, 0, n);
			for (int i = 0; i < n; i++)
				write.next().setInteger(chunk8 != null ? chunk8[i] & 0xFF : chunk16[i] & 0xFFFF);
			done += n;
			progress.report(step, done, total);
		}
	}

	private static void checkCanceled(final Progress progress) {
		if (progress.isCanceled()) throw new CancellationException("Canceled by the user.");
	}

	// -- Literal transcriptions of eqs. 1 and 4 (baseline and oracle) --

	/**
	 * Eq. 1 as written: for each pixel, a loop over the {@code k/2} taps of a
	 * ring buffer of previous encrypted pixels, reduced mod M. Values are
	 * unsigned pixel values (0..255 or 0..65535) in an {@code int[]}.
	 */
	public static int[] encryptReference(final int[] plain, final StreamCipherKey key, final int bitDepth) {
		return reference(plain, key, bitDepth, true);
	}

	/** Eq. 4 as written; see {@link #encryptReference}. */
	public static int[] decryptReference(final int[] cipher, final StreamCipherKey key, final int bitDepth) {
		return reference(cipher, key, bitDepth, false);
	}

	private static int[] reference(final int[] in, final StreamCipherKey key, final int bitDepth,
		final boolean encrypt)
	{
		final int m = bitDepth == 8 ? 256 : 65536;
		final int[] alpha = key.alphaInternal(), iv = key.ivInternal();
		final int h = alpha.length;
		// ring[(pos - j) mod h] = p'_{i-j}
		final int[] ring = new int[h];
		for (int j = 1; j <= h; j++)
			ring[Math.floorMod(-j, h)] = iv[j - 1] % m;
		final int[] out = new int[in.length];
		for (int i = 0; i < in.length; i++) {
			final int pos = i % h;
			long z = 0;
			for (int j = 1; j <= h; j++)
				z += alpha[j - 1] * ring[Math.floorMod(pos - j, h)];
			final int zi = (int) Math.floorMod(z, (long) m);
			final int c;
			if (encrypt) {
				out[i] = (zi + in[i]) % m;
				c = out[i];
			}
			else {
				out[i] = Math.floorMod(in[i] - zi, m);
				c = in[i];
			}
			ring[pos] = c;
		}
		return out;
	}
}
