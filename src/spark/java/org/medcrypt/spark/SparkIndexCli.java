package org.medcrypt.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.store.StoreEntry;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@code MedCrypt_-<version>-spark.jar}: the verb
 * {@code spark-index}, run by {@code spark-submit} on a cluster or by
 * {@code scripts/medcrypt-spark} on {@code local[*]} (docs/SCALE.md).
 */
@Command(name = "medcrypt-spark", mixinStandardHelpOptions = true, subcommands = { SparkIndexCli.Index.class },
	description = "MedCrypt's bulk indexing job on Apache Spark.")
public final class SparkIndexCli {

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		final int code = run(args, System.out, System.err);
		System.out.flush();
		System.exit(code);
	}

	/** Runs one command; errors the user can act on are one line on {@code err}, exit code 1. */
	static int run(final String[] args, final PrintStream out, final PrintStream err) {
		return run(args, out, err, null);
	}

	/**
	 * {@link #run(String[], PrintStream, PrintStream)} in the Spark context
	 * {@code shared} if not null (tests: one context per JVM), which it leaves
	 * running; else in its own, stopped at the end.
	 */
	static int run(final String[] args, final PrintStream out, final PrintStream err, final JavaSparkContext shared) {
		final CommandLine cl = new CommandLine(new SparkIndexCli());
		cl.setOut(new java.io.PrintWriter(out, true));
		cl.setErr(new java.io.PrintWriter(err, true));
		cl.setExecutionExceptionHandler((e, line, parsed) -> {
			if (e instanceof MedCryptException) {
				err.println("medcrypt-spark: " + e.getMessage());
				return 1;
			}
			throw e;
		});
		final Index index = cl.getSubcommands().get("spark-index").getCommand();
		index.out = out;
		index.shared = shared;
		return cl.execute(args);
	}

	@Command(name = "spark-index", sortOptions = false, mixinStandardHelpOptions = true, description = {
		"Encrypts and indexes a list of images into an encrypted store on Spark, as store-add does one image.",
		"Each task encrypts a few images and stages them; the driver commits the store's index once." })
	static final class Index implements Callable<Integer> {

		PrintStream out = System.out;
		JavaSparkContext shared;

		@Option(names = "--images", required = true, paramLabel = "LIST|DIR", description = "a text file with " +
			"one image path per line (optionally a tab and a label), or a folder; local, hdfs://, s3a://...")
		String images;

		@Option(names = "--key", required = true, paramLabel = "KEY", description = "the key holder's public " +
			"key (.paillier.pub), or the owner's private key (.paillier.key) where the owner runs the cluster: " +
			"faster, sealed images, tagged entries")
		Path key;

		@Option(names = "--store", required = true, paramLabel = "DIR", description = "the store folder (created " +
			"if new), reached as the same path by the driver and every executor")
		Path store;

		@Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, " +
			"else local[*])")
		String master;

		@Option(names = "--images-per-task", paramLabel = "N", description = "images per task (default: " +
			"${DEFAULT-VALUE})")
		int perTask = 1;

		@Option(names = "--signature", paramLabel = "paper|spatial|spatial2", description = "a new store's " +
			"signature (default: ${DEFAULT-VALUE}, as store-add's; an existing store keeps its own)")
		String signature = "spatial2";

		@Option(names = "--bench", description = "benchmark instead: the job on local[1] then local[2] into " +
			"new stores under --store, images per minute, per-task overhead, bytes written and a model for N " +
			"executors")
		boolean bench;

		@Override
		public Integer call() throws Exception {
			final SignatureParameters.Method method = SignatureParameters.Method.named(signature);
			if (bench) {
				SparkBenchmark.run(images, key, store, method, perTask, out);
				return 0;
			}
			if (shared != null) {
				report(BulkIndexJob.run(shared, images, key, store, method, perTask));
				return 0;
			}
			final SparkConf conf = BulkIndexJob.secure(new SparkConf().setAppName("MedCrypt bulk index"));
			if (master != null) conf.setMaster(master);
			else conf.setIfMissing("spark.master", "local[*]");
			try (JavaSparkContext sc = new JavaSparkContext(conf)) {
				report(BulkIndexJob.run(sc, images, key, store, method, perTask));
			}
			return 0;
		}

		private void report(final BulkIndexJob.Result r) throws MedCryptException {
			for (final String refused : r.refused) out.println("left out " + refused);
			for (final StoreEntry e : r.entries) out.println(e.id + "\t" + e.name + "\t" + e.label + "\t" + e.width +
				"x" + e.height);
			out.printf(Locale.ROOT, "added %d images to %s (%d already there, %d left out) in %d tasks, %.1f s, " +
				"%d bytes staged, %d sealed index segments%n", r.added, store, r.alreadyCommitted, r.refused.size(),
				r.tasks, r.seconds, r.bytesWritten, r.segments);
			out.println("next, the key holder: store-index --store " + store + " --key KEY.paillier.key (adopts " +
				"the sealed segments; then store-query scans the index)" + (!PaillierKeyFiles.holdsPrivateKey(key) ?
					"; the entries are untagged: run store-authenticate too for paper-mode queries" : ""));
		}
	}
}
