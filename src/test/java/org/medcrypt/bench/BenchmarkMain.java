package org.medcrypt.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks as {@code org.openjdk.jmh.Main} would (same
 * arguments), then writes the summary. JMH's log goes to the console and to
 * {@code results.txt}, the results to {@code results.json}, the summary to
 * {@code summary.md}, all in the folder named by the system property
 * {@value #OUTPUT_PROPERTY} (default {@code target/benchmark}).
 *
 * <p>Run through Maven: {@code mvn -B -Pbenchmark test-compile exec:exec},
 * optionally with {@code -Dbench.args="ImageBenchmark -p bits=3072"}. The
 * first argument {@code collaboration} runs {@link CollaborationBenchmark}
 * instead (one study per run, not a JMH benchmark), e.g.
 * {@code -Dbench.args="collaboration 4"}; {@code retrieval} runs
 * {@link RetrievalBenchmark}, e.g. {@code -Dbench.args="retrieval 100 3072"}; {@code index-query} runs
 * {@link IndexQueryBenchmark} (paper and sealed index query modes), e.g.
 * {@code -Dbench.args="index-query 100,1000 3072"}; {@code gmp} runs
 * {@link GmpComparison} (MedCrypt before/now beside the GMP reference), e.g. {@code -Dbench.args="gmp 3072 3"},
 * which the whole run (no arguments) also ends with; {@code image-scaling} runs {@link ImageScaling} (the
 * whole 512x512 image on one thread and on all cores), e.g. {@code -Dbench.args="image-scaling 3072 3"}.
 */
public final class BenchmarkMain {

	public static final String OUTPUT_PROPERTY = "medcrypt.bench.out";

	private BenchmarkMain() {}

	/** Where results go: {@value #OUTPUT_PROPERTY}, default target/benchmark. */
	static Path outputDirectory() {
		return Paths.get(System.getProperty(OUTPUT_PROPERTY, "target/benchmark")).toAbsolutePath();
	}

	public static void main(final String[] args) throws Exception {
		final Path out = outputDirectory();
		Files.createDirectories(out);
		if (RetrievalBenchmark.isRequested(args)) {
			RetrievalBenchmark.run(out, RetrievalBenchmark.rest(args));
			return;
		}
		if (IndexQueryBenchmark.isRequested(args)) {
			IndexQueryBenchmark.run(out, IndexQueryBenchmark.rest(args));
			return;
		}
		if (GmpComparison.isRequested(args)) {
			GmpComparison.run(out, Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (ImageScaling.isRequested(args)) {
			ImageScaling.run(out, Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (CollaborationBenchmark.isRequested(args)) {
			CollaborationBenchmark.run(out, CollaborationBenchmark.rest(args));
			return;
		}
		final List<String> all = new ArrayList<>(Arrays.asList("-rf", "json", "-rff", out.resolve("results.json")
			.toString()));
		all.addAll(Arrays.asList(args));
		final CommandLineOptions options = new CommandLineOptions(all.toArray(new String[0]));
		if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams() || options
			.shouldListProfilers() || options.shouldListResultFormats())
		{
			org.openjdk.jmh.Main.main(args);
			return;
		}
		// Facts left by an earlier run must not pass for this run's.
		try (java.util.stream.Stream<Path> old = Files.list(out)) {
			for (final Path p : (Iterable<Path>) old.filter(p -> p.getFileName().toString().startsWith("image-"))::iterator) {
				Files.delete(p);
			}
		}
		final String loadBefore = BenchmarkReport.loadAverage();
		final long start = System.nanoTime();
		final Collection<RunResult> results;
		try (PrintStream log = new PrintStream(new FileOutputStream(out.resolve("results.txt").toFile()), true,
			"UTF-8"); PrintStream tee = new PrintStream(new Tee(System.out, log), true, "UTF-8"))
		{
			final OutputFormat format = OutputFormatFactory.createFormatInstance(tee, options.verbosity().orElse(
				VerboseMode.NORMAL));
			results = new Runner(options, format).run();
		}
		final double minutes = (System.nanoTime() - start) / 60e9;
		final Path summary = out.resolve("summary.md");
		final String text = new BenchmarkReport(results, out, loadBefore, BenchmarkReport.loadAverage(), minutes)
			.markdown();
		Files.write(summary, text.getBytes(StandardCharsets.UTF_8));
		System.out.println();
		System.out.println(text);
		System.out.println("Wrote " + out.resolve("results.txt") + ", " + out.resolve("results.json") + " and " +
			summary);
		if (args.length == 0) GmpComparison.run(out, new String[0]); // the whole run ends side by side with GMP
	}

	/** Writes to two streams. */
	private static final class Tee extends OutputStream {

		private final OutputStream a, b;

		Tee(final OutputStream a, final OutputStream b) {
			this.a = a;
			this.b = b;
		}

		@Override
		public void write(final int x) throws IOException {
			a.write(x);
			b.write(x);
		}

		@Override
		public void write(final byte[] buf, final int off, final int len) throws IOException {
			a.write(buf, off, len);
			b.write(buf, off, len);
		}

		@Override
		public void flush() throws IOException {
			a.flush();
			b.flush();
		}

		@Override
		public void close() throws IOException {
			flush(); // System.out stays open; the file is closed by its own stream
		}
	}
}
