package org.medcrypt.spark;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.retrieval.SignatureParameters;

/**
 * {@code spark-index --bench}: the job on {@code local[1]}, then on
 * {@code local[2]}, each in a Spark context of its own and into a new store,
 * after a warm-up job (class loading, JIT) in the same context. Reports
 * images per minute, the speed-up, the per-task overhead (the same list run
 * again: every task finds its entries staged and only returns them), the
 * bytes written, and a model checked against the two points:
 *
 * <pre>
 * T(k) = T0 + ceil(N / k) * s      s: one image in one task slot, T0: the driver's fixed cost
 * </pre>
 *
 * fitted on local[1] (T0 from the re-run, s from the first run), predicting
 * local[2]; for E executors of c task slots, images per minute = 60 E c / s
 * while the store's file system keeps up (bytes per image given).
 */
final class SparkBenchmark {

	private SparkBenchmark() {}

	static final class Point {

		final int slots, images, tasks;
		final double seconds, rerunSeconds, cpuSeconds;
		final long bytes;

		Point(final int slots, final BulkIndexJob.Result first, final BulkIndexJob.Result rerun) {
			this.slots = slots;
			this.images = first.added;
			this.tasks = first.tasks;
			this.seconds = first.seconds;
			this.rerunSeconds = rerun.seconds;
			this.bytes = first.bytesWritten;
			this.cpuSeconds = first.cpuSeconds;
		}
	}

	static void run(final String images, final Path key, final Path folder,
		final SignatureParameters.Method method, final int perTask, final PrintStream out) throws MedCryptException
	{
		final String stamp = Long.toString(System.currentTimeMillis());
		final Point one = point(1, images, key, folder.resolve("bench-" + stamp + "-local1"), method, perTask);
		final Point two = point(2, images, key, folder.resolve("bench-" + stamp + "-local2"), method, perTask);
		final double t0 = one.rerunSeconds;
		final double s = Math.max(1e-9, (one.seconds - t0) / one.images);
		final double predicted2 = t0 + Math.ceil(one.images / 2.0) * s;
		out.printf(Locale.ROOT, "| master | images | tasks | seconds | images/min | CPU s/image | cores used " +
			"(CPU/wall) | re-run s (overhead) | bytes written | bytes/image |%n|---|---|---|---|---|---|---|---|---|---|%n");
		for (final Point p : new Point[] { one, two }) {
			out.printf(Locale.ROOT, "| local[%d] | %d | %d | %.2f | %.1f | %.3f | %.2f | %.2f (%.0f ms/task) | %d | %d |%n",
				p.slots, p.images, p.tasks, p.seconds, 60 * p.images / p.seconds, p.cpuSeconds / p.images, p.cpuSeconds /
					p.seconds, p.rerunSeconds, 1000 * p.rerunSeconds * p.slots / p.tasks, p.bytes, p.bytes / Math.max(1,
						p.images));
		}
		out.printf(Locale.ROOT, "%nCPU per image local[2]/local[1]: %.2f; on an idle 2-core machine local[2] runs %.2fx " +
			"local[1] (two slots, each image's CPU as measured)%n", (two.cpuSeconds / two.images) / (one.cpuSeconds /
				one.images), 2 * (one.cpuSeconds / one.images) / (two.cpuSeconds / two.images));
		out.printf(Locale.ROOT, "%nspeed-up local[2]/local[1]: %.2fx (images per minute)%n", one.seconds /
			two.seconds);
		out.printf(Locale.ROOT, "model T(k) = T0 + ceil(N/k) s, fitted on local[1]: T0 = %.2f s, s = %.3f s/image; " +
			"predicts local[2] %.2f s, measured %.2f s (%+.0f%%)%n", t0, s, predicted2, two.seconds, 100 * (two.seconds -
				predicted2) / predicted2);
		for (final int slots : new int[] { 8, 32, 128 }) {
			out.printf(Locale.ROOT, "  %3d task slots: %.0f images/min, 100,000 images in %.1f h, %.1f MB/s into " +
				"the store%n", slots, 60 * slots / s, 100_000 * s / slots / 3600 + t0 / 3600, slots / s * (one.bytes /
					(double) one.images) / 1e6);
		}
	}

	private static Point point(final int slots, final String images, final Path key, final Path store,
		final SignatureParameters.Method method, final int perTask) throws MedCryptException
	{
		final SparkConf conf = BulkIndexJob.secure(new SparkConf().setMaster("local[" + slots + "]").setAppName(
			"MedCrypt bulk index benchmark local[" + slots + "]"));
		try (JavaSparkContext sc = new JavaSparkContext(conf)) {
			// warm-up: the first two images into a store of their own
			final Path warm = Files.createTempFile("medcrypt-bench", ".txt");
			try {
				final java.util.List<String[]> all = BulkIndexJob.list(images, sc.hadoopConfiguration());
				final StringBuilder text = new StringBuilder();
				for (int i = 0; i < Math.min(2 * slots, all.size()); i++) text.append(all.get(i)[0]).append('\n');
				Files.write(warm, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
				BulkIndexJob.run(sc, warm.toString(), key, store.resolveSibling(store.getFileName() + "-warmup"), method,
					perTask);
			}
			finally {
				Files.deleteIfExists(warm);
			}
			final BulkIndexJob.Result first = BulkIndexJob.run(sc, images, key, store, method, perTask);
			final BulkIndexJob.Result rerun = BulkIndexJob.run(sc, images, key, store, method, perTask);
			return new Point(slots, first, rerun);
		}
		catch (final java.io.IOException e) {
			throw new MedCryptException("Could not write the warm-up list: " + e.getMessage(), e);
		}
	}
}
