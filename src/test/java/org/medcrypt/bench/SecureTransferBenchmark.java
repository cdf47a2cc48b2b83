package org.medcrypt.bench;

import ij.ImagePlus;

import java.nio.file.Paths;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.medcrypt.ij.ImageFiles;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.testing.Datasets;
import org.medcrypt.transfer.MsbPredictionWatermark;
import org.medcrypt.transfer.PixelBytes;
import org.medcrypt.transfer.SecureTransfer;
import org.medcrypt.keys.RsaKeyFiles;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The default secure transfer on a real 2048x2048 16-bit image (the 1024x1024
 * shoulder MR of medical-samples, each pixel repeated 2x2; 8 MiB of pixels),
 * one thread, average time per operation in milliseconds:
 * <ul>
 * <li>JDK AES-256-GCM alone over the 8 MiB pixel stream (MB/s = 8.39 / ms *
 * 1000), the previous and the current way side by side: {@code gcmOneCall}
 * (one in-place {@code doFinal}) against {@code gcmChunked} (64 KiB
 * {@code update} calls, what {@code seal} does), and for decryption
 * {@code gcmOpenInPlace} and {@code gcmOpenToNewArray} (one {@code doFinal}, in
 * place or into another array: the previous opens; each copies the 8 MiB input
 * first, ~1 ms) against {@code gcmOpenCtrChunked} (AES-CTR and GCM
 * re-encryption for the tag in 64 KiB calls: what {@code open} does now);</li>
 * <li>{@code seal} / {@code open}: the whole sender and recipient paths
 * (conversions, error map, GCM, RSA-OAEP wrap/unwrap, RSA-PSS sign/verify,
 * embedding, restoring), 3072-bit keys;</li>
 * <li>{@code embedEnvelope} / {@code extractEnvelope}: the watermark alone for
 * the envelope (error map and embedding; reading and restoring);</li>
 * <li>{@code embedFullPlane} / {@code extractFullPlane}: the same for a
 * payload filling the whole MSB plane (4,194,304 bits), the worst case.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class SecureTransferBenchmark {

	static final int SIZE = 2048;
	/** Envelope bits with 3072-bit keys (as measured by SecureTransferTest). */
	static final long ENVELOPE_BITS = 6832;

	private PixelPlanes planes, sealed;
	private RSAPrivateCrtKey aPrivate, bPrivate;
	private RSAPublicKey aPublic, bPublic;
	private SecureRandom random;
	private byte[] stream, work, sealedStream, opened, keystream, envelope, plane, envelopeMap, planeMap;
	private PixelBytes g;
	private Cipher gcm;
	private SecretKey key;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		if (System.getProperty(Datasets.PROPERTY, "").isEmpty()) {
			System.setProperty(Datasets.PROPERTY, Paths.get("..", "shared", "datasets").toString());
		}
		final ImagePlus mr = ImageFiles.open(Datasets.samplePng("mr_shoulder_gray16_1024x1024.png"));
		final short[] src = (short[]) mr.getProcessor().getPixels();
		final short[] big = new short[SIZE * SIZE];
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++)
				big[y * SIZE + x] = src[(y / 2) * 1024 + x / 2];
		planes = PixelPlanes.ofShorts(SIZE, SIZE, big);
		random = new SecureRandom();
		final KeyPair a = RsaKeyFiles.generate(3072, random), b = RsaKeyFiles.generate(3072, random);
		aPrivate = (RSAPrivateCrtKey) a.getPrivate();
		aPublic = (RSAPublicKey) a.getPublic();
		bPrivate = (RSAPrivateCrtKey) b.getPrivate();
		bPublic = (RSAPublicKey) b.getPublic();
		sealed = SecureTransfer.seal(planes, new byte[0], aPrivate, bPublic, random).planes;
		g = PixelBytes.of(planes);
		stream = g.toBytes(planes, 0);
		work = new byte[stream.length + 16];
		keystream = new byte[stream.length];
		random.nextBytes(keystream);
		envelope = new byte[(int) (ENVELOPE_BITS / 8)];
		plane = new byte[g.samples() / 8];
		random.nextBytes(envelope);
		random.nextBytes(plane);
		envelopeMap = MsbPredictionWatermark.errorMap(stream, g, ENVELOPE_BITS);
		planeMap = MsbPredictionWatermark.errorMap(stream, g, 8L * plane.length);
		final byte[] k = new byte[32];
		random.nextBytes(k);
		key = new SecretKeySpec(k, "AES");
		gcm = Cipher.getInstance("AES/GCM/NoPadding");
		warmUpGcm();
		gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, OPEN_NONCE));
		sealedStream = gcm.doFinal(stream);
		opened = new byte[stream.length];
	}

	/**
	 * C2 uses the JDK's AES-GCM intrinsics (AES-NI, carry-less multiply) only in
	 * compiled callers, which takes ~10^4 calls: a few 8 MiB images never get
	 * there and run GCM's Java fallback (~50 MB/s here). "Warm" means after
	 * this: 20,000 encryptions and decryptions of 64 KiB.
	 */
	private void warmUpGcm() throws Exception {
		final byte[] small = new byte[(64 << 10) + 16], nonce = new byte[12];
		for (int i = 0; i < 20000; i++) {
			random.nextBytes(nonce);
			gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
			gcm.doFinal(small, 0, 64 << 10, small, 0);
			gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
			gcm.doFinal(small, 0, small.length, small, 0);
		}
	}

	private static final byte[] OPEN_NONCE = new byte[12];

	/** The previous seal: one in-place doFinal over the whole stream. */
	@Benchmark
	public byte[] gcmOneCall() throws Exception {
		initEncrypt();
		gcm.doFinal(work, 0, stream.length, work, 0);
		return work;
	}

	/** The current seal: 64 KiB update calls, in place (SecureTransfer.GCM_CHUNK). */
	@Benchmark
	public byte[] gcmChunked() throws Exception {
		initEncrypt();
		int out = 0;
		for (int off = 0; off < stream.length; off += 64 << 10)
			out += gcm.update(work, off, Math.min(64 << 10, stream.length - off), work, out);
		gcm.doFinal(work, 0, 0, work, out);
		return work;
	}

	private void initEncrypt() throws Exception {
		final byte[] nonce = new byte[12];
		random.nextBytes(nonce);
		gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
		System.arraycopy(stream, 0, work, 0, stream.length);
	}

	/** The previous open: decryption and tag check in place. */
	@Benchmark
	public byte[] gcmOpenInPlace() throws Exception {
		System.arraycopy(sealedStream, 0, work, 0, sealedStream.length);
		gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, OPEN_NONCE));
		gcm.doFinal(work, 0, sealedStream.length, work, 0);
		return work;
	}

	/** The previous open: decryption and tag check, one doFinal into another array. */
	@Benchmark
	public byte[] gcmOpenToNewArray() throws Exception {
		System.arraycopy(sealedStream, 0, work, 0, sealedStream.length);
		gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, OPEN_NONCE));
		gcm.doFinal(work, 0, sealedStream.length, opened, 0);
		return opened;
	}

	/**
	 * The current open: AES-CTR decryption and GCM re-encryption for the tag, in
	 * 64 KiB calls, into a new array (SecureTransfer.decryptInChunks; reads the
	 * sealed stream without copying it).
	 */
	@Benchmark
	public byte[] gcmOpenCtrChunked() throws Exception {
		return SecureTransfer.decryptInChunks(key, OPEN_NONCE, sealedStream, sealedStream.length);
	}

	@Benchmark
	public Object seal() throws Exception {
		return SecureTransfer.seal(planes, new byte[0], aPrivate, bPublic, random);
	}

	@Benchmark
	public Object open() throws Exception {
		return SecureTransfer.open(sealed, bPrivate, aPublic);
	}

	@Benchmark
	public byte[] embedEnvelope() {
		return embed(ENVELOPE_BITS, envelope);
	}

	@Benchmark
	public byte[] extractEnvelope() throws Exception {
		return extract(ENVELOPE_BITS, envelope.length, envelopeMap);
	}

	@Benchmark
	public byte[] embedFullPlane() {
		return embed(8L * plane.length, plane);
	}

	@Benchmark
	public byte[] extractFullPlane() throws Exception {
		return extract(8L * plane.length, plane.length, planeMap);
	}

	/** Error map of the plaintext, then the payload over the (stand-in) ciphertext's top bits. */
	private byte[] embed(final long bits, final byte[] payload) {
		final byte[] map = MsbPredictionWatermark.errorMap(stream, g, bits);
		System.arraycopy(keystream, 0, work, 0, stream.length);
		MsbPredictionWatermark.embed(work, g, payload, bits);
		return map;
	}

	/** Reads the payload back and restores the samples that carried it. */
	private byte[] extract(final long bits, final int bytes, final byte[] map) throws Exception {
		System.arraycopy(stream, 0, work, 0, stream.length);
		final byte[] out = MsbPredictionWatermark.extract(work, g, 0, bytes);
		MsbPredictionWatermark.restore(work, keystream, g, bits, map);
		return out;
	}
}
