package org.medcrypt.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.medcrypt.cipher.PixelStreamCipher;
import org.medcrypt.cipher.StreamCipherKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The paper's pixel stream cipher (k = 128, so 64 taps) on one thread, one
 * operation = one image of 2^20 pixels (1 MiB at 8 bits, 2 MiB at 16 bits), so
 * operations per second are Mpixel/s (= MiB/s at 8 bits): the literal
 * transcription of eqs. 1/4 (ring buffer, a modular loop over 64 taps per
 * pixel: the baseline), MedCrypt's fast path, and AES-128-OFB from the JDK
 * (AES-NI) over the same bytes for scale (the paper claims its cipher beats AES).
 * One thread, except {@code fastEncrypt} and {@code fastDecrypt}, which split the
 * image over the available processors (the default); {@code fastEncryptOneThread}
 * and {@code fastDecryptOneThread} are the same code on the calling thread only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StreamCipherBenchmark {

	private static final int PIXELS = 1 << 20;

	@Param({ "8", "16" })
	public int depth;

	private StreamCipherKey key;
	private int[] plainInts;
	private byte[] bytes;
	private short[] shorts;
	private Cipher ofb;
	private byte[] ofbOut;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		final Random rnd = new Random(1);
		key = StreamCipherKey.generate(128, rnd);
		plainInts = new int[PIXELS];
		bytes = new byte[PIXELS];
		shorts = new short[PIXELS];
		for (int i = 0; i < PIXELS; i++) {
			plainInts[i] = rnd.nextInt(depth == 8 ? 256 : 65536);
			bytes[i] = (byte) plainInts[i];
			shorts[i] = (short) plainInts[i];
		}
		// Same result as the baseline, checked once outside the measurement.
		final int[] expected = PixelStreamCipher.encryptReference(plainInts, key, depth);
		if (depth == 8) {
			final byte[] b = bytes.clone();
			PixelStreamCipher.encryption(key, 8).process(b, 0, PIXELS);
			for (int i = 0; i < PIXELS; i++)
				if ((b[i] & 0xFF) != expected[i]) throw new IllegalStateException("fast path differs at " + i);
		}
		else {
			final short[] s = shorts.clone();
			PixelStreamCipher.encryption(key, 16).process(s, 0, PIXELS);
			for (int i = 0; i < PIXELS; i++)
				if ((s[i] & 0xFFFF) != expected[i]) throw new IllegalStateException("fast path differs at " + i);
		}
		final byte[] k = new byte[16], iv = new byte[16];
		rnd.nextBytes(k);
		rnd.nextBytes(iv);
		ofb = Cipher.getInstance("AES/OFB/NoPadding");
		ofb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new IvParameterSpec(iv));
		ofbOut = new byte[PIXELS * depth / 8];
	}

	@Benchmark
	public int[] referenceEncrypt() {
		return PixelStreamCipher.encryptReference(plainInts, key, depth);
	}

	@Benchmark
	public int[] referenceDecrypt() {
		return PixelStreamCipher.decryptReference(plainInts, key, depth);
	}

	@Benchmark
	public Object fastEncrypt() {
		if (depth == 8) {
			PixelStreamCipher.encryption(key, 8).process(bytes, 0, PIXELS);
			return bytes;
		}
		PixelStreamCipher.encryption(key, 16).process(shorts, 0, PIXELS);
		return shorts;
	}

	/** The fast encryption on the calling thread only (one group of lanes). */
	@Benchmark
	public Object fastEncryptOneThread() {
		if (depth == 8) {
			PixelStreamCipher.encryption(key, 8).threads(1).process(bytes, 0, PIXELS);
			return bytes;
		}
		PixelStreamCipher.encryption(key, 16).threads(1).process(shorts, 0, PIXELS);
		return shorts;
	}

	@Benchmark
	public Object fastDecrypt() {
		if (depth == 8) {
			PixelStreamCipher.decryption(key, 8).process(bytes, 0, PIXELS);
			return bytes;
		}
		PixelStreamCipher.decryption(key, 16).process(shorts, 0, PIXELS);
		return shorts;
	}

	/** The fast decryption on the calling thread only (what fastDecrypt did before it was split over the cores). */
	@Benchmark
	public Object fastDecryptOneThread() {
		if (depth == 8) {
			PixelStreamCipher.decryption(key, 8).threads(1).process(bytes, 0, PIXELS);
			return bytes;
		}
		PixelStreamCipher.decryption(key, 16).threads(1).process(shorts, 0, PIXELS);
		return shorts;
	}

	@Benchmark
	public byte[] aesOfb() throws Exception {
		ofb.update(ofbOut, 0, ofbOut.length, ofbOut, 0);
		return ofbOut;
	}
}
