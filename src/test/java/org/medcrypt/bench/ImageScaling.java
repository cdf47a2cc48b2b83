package org.medcrypt.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.testing.Datasets;

/**
 * Issue 12's whole-image targets and 2-core scaling, side by side in one JVM:
 * the real 512x512 8-bit ultrasound ({@value ImageBenchmark#IMAGE}) encrypted by
 * the owner and with the public key, and both files decrypted, each on one
 * thread (a {@link ForkJoinPool} of parallelism 1: {@link PaillierImageCipher}'s
 * parallel streams run in the pool that calls them) and on every core (the
 * common pool, as in Fiji), alternating, best of the rounds. Not JMH: the point
 * is the ratio one core / all cores on the same key and tables in the same
 * minutes, which a loaded machine distorts less than absolute seconds. Writes
 * {@code image-scaling.md}; every decryption is checked against the pixels.
 * Also reports the process CPU time of each best run: on a shared machine a
 * speed-up below 2x with about the same CPU seconds on both cores means the
 * second core was taken by other processes, not that the code does not scale.
 *
 * <p>Run: {@code mvn -B -Pbenchmark test-compile exec:exec -Dbench.args="image-scaling 3072 3"}
 * (bits, rounds).
 */
final class ImageScaling {

	static final String NAME = "image-scaling";

	private ImageScaling() {}

	static boolean isRequested(final String[] args) {
		return args.length > 0 && args[0].equals(NAME);
	}

	static void run(final Path out, final String[] args) throws Exception {
		final int bits = args.length > 0 ? Integer.parseInt(args[0]) : 3072;
		final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
		if (System.getProperty(Datasets.PROPERTY, "").isEmpty()) {
			System.setProperty(Datasets.PROPERTY, Paths.get("..", "shared", "datasets").toString());
		}
		final Path file = Datasets.samplePng(ImageBenchmark.IMAGE);
		final ImagePlus imp = IJ.openImage(file.toString());
		final Img<? extends IntegerType<?>> image = ImagePlusImgs.wrap(imp);
		final int[] pixels = new int[imp.getWidth() * imp.getHeight()];
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(image).cursor();
		for (int i = 0; i < pixels.length; i++) pixels[i] = c.next().getInteger();
		final String loadBefore = BenchmarkReport.loadAverage();
		final PaillierKeyPair keys = PaillierKeyGenerator.generate(bits, new SecureRandom());
		final PaillierPrivateKey priv = keys.privateKey();
		priv.precompute();
		keys.publicKey().encrypt(BigInteger.ONE, SecureRandoms.forThisThread());
		final EncryptedImage[] owner = { PaillierImageCipher.encrypt(image, priv, Progress.NONE) };
		final EncryptedImage[] general = { PaillierImageCipher.encrypt(image, keys.publicKey(), Progress.NONE) };
		final String[] names = { "owner encryption", "public-key encryption", "decryption of the owner's file",
			"general decryption (public-key file)" };
		final double[] targets = { 1.2, 1.5, 1.5, 4.5 };
		@SuppressWarnings("unchecked")
		final Callable<Object>[] ops = new Callable[] { //
			() -> owner[0] = PaillierImageCipher.encrypt(image, priv, Progress.NONE), //
			() -> general[0] = PaillierImageCipher.encrypt(image, keys.publicKey(), Progress.NONE), //
			() -> check(PaillierImageCipher.decrypt(owner[0], priv, Progress.NONE), pixels), //
			() -> check(PaillierImageCipher.decrypt(general[0], priv, Progress.NONE), pixels) };
		final int cores = ForkJoinPool.commonPool().getParallelism() + 1;
		final ForkJoinPool single = new ForkJoinPool(1);
		final double[] one = new double[ops.length], all = new double[ops.length];
		final double[] oneCpu = new double[ops.length], allCpu = new double[ops.length];
		final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
			java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		java.util.Arrays.fill(one, Double.MAX_VALUE);
		java.util.Arrays.fill(all, Double.MAX_VALUE);
		for (int r = 0; r < rounds; r++) {
			for (int i = 0; i < ops.length; i++) {
				final Callable<Object> op = ops[i];
				long cpu = os.getProcessCpuTime(), t = System.nanoTime();
				single.submit(op).get();
				double wall = (System.nanoTime() - t) / 1e9;
				if (wall < one[i]) {
					one[i] = wall;
					oneCpu[i] = (os.getProcessCpuTime() - cpu) / 1e9;
				}
				cpu = os.getProcessCpuTime();
				t = System.nanoTime();
				op.call();
				wall = (System.nanoTime() - t) / 1e9;
				if (wall < all[i]) {
					all[i] = wall;
					allCpu[i] = (os.getProcessCpuTime() - cpu) / 1e9;
				}
				System.out.printf(Locale.ROOT, "round %d, %s: 1 thread %.2f s (CPU %.2f s), %d threads %.2f s (CPU " +
					"%.2f s), load %s%n", r + 1, names[i], one[i], oneCpu[i], cores, all[i], allCpu[i], BenchmarkReport
						.loadAverage());
			}
		}
		single.shutdown();
		final StringBuilder md = new StringBuilder();
		md.append("## Whole ").append(ImageBenchmark.IMAGE).append(", ").append(bits).append("-bit key, ").append(
			owner[0].ciphertexts().length).append(" ciphertexts\n\n");
		md.append("Load average ").append(loadBefore).append(" before, ").append(BenchmarkReport.loadAverage())
			.append(" after; ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs; wall clock, best of ")
			.append(rounds).append(" rounds, 1 thread and ").append(cores).append(" threads alternating; JDK ").append(
				System.getProperty("java.version")).append(".\n\n");
		md.append("| seconds | 1 thread | ").append(cores).append(" threads | speed-up | target (2 cores) | process " +
			"CPU s, 1 thread | process CPU s, ").append(cores).append(" threads |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|\n");
		for (int i = 0; i < ops.length; i++) {
			md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2fx | <= %.1f s | %.2f | %.2f |\n", names[i],
				one[i], all[i], one[i] / all[i], targets[i], oneCpu[i], allCpu[i]));
		}
		final String text = md.toString();
		System.out.println(text);
		try {
			Files.write(out.resolve("image-scaling.md"), text.getBytes(StandardCharsets.UTF_8));
		}
		catch (final IOException e) {
			System.out.println("not written: " + e);
		}
	}

	private static Object check(final Img<? extends IntegerType<?>> decrypted, final int[] pixels) {
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(decrypted).cursor();
		for (int i = 0; i < pixels.length; i++) {
			if (c.next().getInteger() != pixels[i]) throw new IllegalStateException("decryption differs at " + i);
		}
		return decrypted;
	}
}
