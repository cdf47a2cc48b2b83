package org.medcrypt.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.testing.Datasets;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole-image encryption and decryption of a real 512x512 8-bit ultrasound
 * ({@value #IMAGE}) with packed ciphertexts, on all cores as
 * {@link PaillierImageCipher} runs, against the per-pixel textbook approach
 * (one textbook Paillier ciphertext per pixel). The per-pixel baseline is
 * measured on single pixels in the same run; its whole-image time is that
 * figure times the pixel count (running it on the whole image would take hours).
 * {@link #decryptImage} also prints the encrypted image's ciphertext count,
 * bytes and expansion, and writes them for {@link BenchmarkReport}.
 *
 * <p>The image comes from the shared datasets folder: system property
 * {@value Datasets#PROPERTY}, default {@code ../shared/datasets} (the Maven
 * profile passes {@code ${project.basedir}/../shared/datasets}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ImageBenchmark {

	static final String IMAGE = "us_obstetric_gray8_512x512_crop.png";

	@Param({ "2048", "3072" })
	public int bits;

	private Img<? extends IntegerType<?>> image;
	private int[] pixels;
	private PaillierPrivateKey privateKey;
	private PaillierPublicKey publicKey;
	private TextbookPaillier textbook;
	/** Textbook ciphertexts of a few pixels, for the per-pixel decryption baseline. */
	private BigInteger[] pixelCiphertexts;
	private int next;

	@Setup(Level.Trial)
	public void setUp() throws MedCryptException {
		if (System.getProperty(Datasets.PROPERTY, "").isEmpty()) {
			System.setProperty(Datasets.PROPERTY, Paths.get("..", "shared", "datasets").toString());
		}
		final Path file;
		try {
			file = Datasets.samplePng(IMAGE);
		}
		catch (final AssertionError e) {
			throw new IllegalStateException("ImageBenchmark needs the real ultrasound image: " + e.getMessage(), e);
		}
		final ImagePlus imp = IJ.openImage(file.toString());
		if (imp == null) throw new IllegalStateException("ImageJ could not open " + file);
		if (imp.getWidth() != 512 || imp.getHeight() != 512 || imp.getBitDepth() != 8) {
			throw new IllegalStateException(file + " should be 512x512 8-bit, not " + imp.getWidth() + "x" + imp
				.getHeight() + " " + imp.getBitDepth() + "-bit");
		}
		image = ImagePlusImgs.wrap(imp);
		pixels = new int[imp.getWidth() * imp.getHeight()];
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(image).cursor();
		for (int i = 0; i < pixels.length; i++) pixels[i] = c.next().getInteger();

		final PaillierKeyPair keys = PaillierKeyGenerator.generate(bits, new SecureRandom());
		privateKey = keys.privateKey();
		publicKey = keys.publicKey();
		textbook = new TextbookPaillier(privateKey);
		// Fixed-base tables outside the measurement.
		privateKey.precompute();
		publicKey.encrypt(BigInteger.ONE, SecureRandoms.forThisThread());

		final Random rnd = SecureRandoms.forThisThread();
		pixelCiphertexts = new BigInteger[16];
		for (int i = 0; i < pixelCiphertexts.length; i++) {
			final int p = pixels[(i * 7919) % pixels.length];
			pixelCiphertexts[i] = textbook.encrypt(BigInteger.valueOf(p), rnd);
			if (textbook.decrypt(pixelCiphertexts[i]).intValue() != p) {
				throw new IllegalStateException("textbook per-pixel encryption does not round-trip");
			}
		}
	}

	/**
	 * The encrypted image for {@link #decryptImage}, with both encryptions checked
	 * to decrypt to the original. A separate state, so the other benchmarks'
	 * trials do not pay for it.
	 */
	@State(Scope.Benchmark)
	public static class Encrypted {

		/** Encrypted by the owner: carries the sealed seed, decrypted by stripping known randomness. */
		EncryptedImage image;
		/** Encrypted with the public key alone: general CRT decryption (as for server-computed results). */
		EncryptedImage general;

		@Setup(Level.Trial)
		public void setUp(final ImageBenchmark b) throws MedCryptException {
			image = PaillierImageCipher.encrypt(b.image, b.privateKey, Progress.NONE);
			general = PaillierImageCipher.encrypt(b.image, b.publicKey, Progress.NONE);
			if (image.ownerSeal() == null || general.ownerSeal() != null) throw new IllegalStateException("seal");
			b.checkRoundTrip(PaillierImageCipher.decrypt(image, b.privateKey, Progress.NONE));
			b.checkRoundTrip(PaillierImageCipher.decrypt(general, b.privateKey, Progress.NONE));
		}

		@TearDown(Level.Trial)
		public void tearDown(final ImageBenchmark b) {
			b.describe(image);
		}
	}

	private void checkRoundTrip(final Img<? extends IntegerType<?>> decrypted) {
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(decrypted).cursor();
		for (int i = 0; i < pixels.length; i++) {
			if (c.next().getInteger() != pixels[i]) {
				throw new IllegalStateException("decrypted image differs from the original at pixel " + i);
			}
		}
	}

	/** Prints the encrypted image's size and writes it for {@link BenchmarkReport}. */
	void describe(final EncryptedImage encrypted) {
		final int count = encrypted.ciphertexts().length;
		final long bytes = (long) count * publicKey.ciphertextBytes();
		final long pixelBytes = (long) pixels.length * encrypted.bitDepth() / 8;
		System.out.printf("%n[ImageBenchmark] %d-bit key, %s (%dx%d, %d-bit): %d ciphertexts, %d bytes " +
			"(pixels %d bytes), expansion %.3fx; per-pixel textbook: %d ciphertexts, %d bytes, expansion %.1fx%n",
			bits, IMAGE, encrypted.layout().width(), encrypted.layout().height(), encrypted.bitDepth(), count, bytes,
			pixelBytes, encrypted.expansion(), pixels.length, (long) pixels.length * publicKey.ciphertextBytes(),
			(double) pixels.length * publicKey.ciphertextBytes() / pixelBytes);
		final Properties facts = new Properties();
		facts.setProperty("image", IMAGE);
		facts.setProperty("bits", Integer.toString(bits));
		facts.setProperty("width", Integer.toString(encrypted.layout().width()));
		facts.setProperty("height", Integer.toString(encrypted.layout().height()));
		facts.setProperty("bitDepth", Integer.toString(encrypted.bitDepth()));
		facts.setProperty("slotBits", Integer.toString(encrypted.slotBits()));
		facts.setProperty("slots", Integer.toString(encrypted.layout().slots()));
		facts.setProperty("pixels", Integer.toString(pixels.length));
		facts.setProperty("pixelBytes", Long.toString(pixelBytes));
		facts.setProperty("ciphertexts", Integer.toString(count));
		facts.setProperty("ciphertextBytes", Integer.toString(publicKey.ciphertextBytes()));
		facts.setProperty("bytes", Long.toString(bytes));
		facts.setProperty("expansion", Double.toString(encrypted.expansion()));
		facts.setProperty("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
		final Path out = BenchmarkMain.outputDirectory().resolve("image-" + bits + ".properties");
		try {
			Files.createDirectories(out.getParent());
			try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
				facts.store(w, "ImageBenchmark: the encrypted image");
			}
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Packed encryption with the private key (CRT), all cores. */
	@Benchmark
	public EncryptedImage encryptImageOwner() throws MedCryptException {
		return PaillierImageCipher.encrypt(image, privateKey, Progress.NONE);
	}

	/** Packed encryption with the public key only, all cores. */
	@Benchmark
	public EncryptedImage encryptImagePublic() throws MedCryptException {
		return PaillierImageCipher.encrypt(image, publicKey, Progress.NONE);
	}

	/** Packed decryption of an owner-encrypted image (known randomness, fixed-base tables), all cores. */
	@Benchmark
	public Img<? extends IntegerType<?>> decryptImage(final Encrypted encrypted) throws MedCryptException {
		return PaillierImageCipher.decrypt(encrypted.image, privateKey, Progress.NONE);
	}

	/** Packed general CRT decryption (image encrypted with the public key), all cores. */
	@Benchmark
	public Img<? extends IntegerType<?>> decryptImageGeneral(final Encrypted encrypted)
		throws MedCryptException
	{
		return PaillierImageCipher.decrypt(encrypted.general, privateKey, Progress.NONE);
	}

	/** Baseline: one textbook encryption of one pixel (fresh full-size r); × pixels = the whole image. */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Threads(1)
	@Warmup(iterations = 2, time = 2)
	@Measurement(iterations = 3, time = 3)
	public BigInteger textbookPerPixel() {
		final int p = pixels[(next++ * 7919) & (pixels.length - 1)];
		return textbook.encrypt(BigInteger.valueOf(p), SecureRandoms.forThisThread());
	}

	/** Baseline: one non-CRT textbook decryption of one pixel's ciphertext; × pixels = the whole image. */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Threads(1)
	@Warmup(iterations = 2, time = 2)
	@Measurement(iterations = 3, time = 3)
	public BigInteger textbookPerPixelDecrypt() {
		return textbook.decrypt(pixelCiphertexts[next++ & (pixelCiphertexts.length - 1)]);
	}
}
