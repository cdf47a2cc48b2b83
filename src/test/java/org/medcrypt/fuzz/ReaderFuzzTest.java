package org.medcrypt.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz suite: mutated inputs ({@link Mutator}) fed to every reader
 * ({@link FuzzReaders}), each input with a time limit, counted as clean
 * refusals, stack traces (any other exception or Error), hangs, accepted
 * unchanged, and silently accepted changes (decoded to something different
 * without error: a finding for formats with a checksum, expected for plain
 * images and texts). Writes {@code target/fuzz/report.md} and prints a summary.
 * <p>
 * The default run is a fast sample (20 to 100 inputs per reader, by cost) that fails on any stack trace or hang not listed in {@link #KNOWN}.
 * {@code mvn -Pfuzz test} (or {@code -Dmedcrypt.fuzz.inputs=100000}) runs the
 * full suite, spread evenly over the readers; it reports and never fails.
 * Inputs are seeded ({@code -Dmedcrypt.fuzz.seed}), so a finding can be replayed.
 * </p>
 */
class ReaderFuzzTest {

	private static final String INPUTS = "medcrypt.fuzz.inputs", SEED = "medcrypt.fuzz.seed";

	/**
	 * Known stack traces and hangs that belong to other branches of issue 14
	 * (reader name prefix, then the exception class or "hang"): tolerated by the
	 * default sample on this branch and still counted in the report. The
	 * integrator removes each line once its branch is merged.
	 */
	static final Map<String, String> KNOWN = new LinkedHashMap<>();
	// Empty: the image decoders' stack traces and hangs (ImageJ's DICOM and TIFF readers) were fixed by the one
	// guarded image reader, ij.ImageFiles.open.

	@TempDir
	Path work;

	/** Counts of one reader. */
	private static final class Tally {

		final FuzzReaders.Reader reader;
		long inputs, clean, traces, hangs, unchanged, changed, knownTraces, knownHangs;
		final Map<String, Long> traceKinds = new LinkedHashMap<>();
		final Map<String, String> traceExample = new LinkedHashMap<>();
		final List<String> changedExamples = new ArrayList<>();
		long nanos;

		Tally(final FuzzReaders.Reader reader) {
			this.reader = reader;
		}
	}

	@Test
	void everyReaderRefusesMutatedInputsCleanlyAndInTime() throws Exception {
		final long total = Long.getLong(INPUTS, 0);
		final boolean full = total > 0;
		final long seed = Long.getLong(SEED, 14);
		final long setupStart = System.nanoTime();
		final List<FuzzReaders.Reader> readers = FuzzReaders.all(work);
		final long setupNanos = System.nanoTime() - setupStart;
		long weights = 0;
		for (final FuzzReaders.Reader r : readers) weights += r.weight;
		final long limitMillis = full ? 10_000 : 3_000;
		final List<Tally> tallies = new ArrayList<>();
		ExecutorService worker = Executors.newSingleThreadExecutor(FuzzThreads::daemon);
		final long start = System.nanoTime();
		try {
			for (final FuzzReaders.Reader reader : readers) {
				final Tally t = new Tally(reader);
				tallies.add(t);
				final String[] originals = new String[reader.seeds.size()];
				for (int i = 0; i < originals.length; i++) originals[i] = reader.read(reader.seeds.get(i));
				final Random random = new Random(seed ^ reader.name.hashCode());
				final long readerStart = System.nanoTime();
				final long perReader = full ? (total * reader.weight + weights - 1) / weights : reader.sample;
				for (long n = 0; n < perReader; n++) {
					final int from = random.nextInt(reader.seeds.size());
					final Object[] m = Mutator.mutate(reader.seeds, from, reader.text, random);
					final byte[] input = (byte[]) m[0];
					t.inputs++;
					final Future<String> f = worker.submit(() -> reader.read(input));
					try {
						final String decoded = f.get(limitMillis, TimeUnit.MILLISECONDS);
						if (decoded.equals(originals[from])) t.unchanged++;
						else {
							t.changed++;
							if (t.changedExamples.size() < 3) t.changedExamples.add((String) m[1]);
						}
					}
					catch (final TimeoutException e) {
						f.cancel(true);
						worker.shutdownNow();
						worker = Executors.newSingleThreadExecutor(FuzzThreads::daemon);
						if (known(reader, "hang")) t.knownHangs++;
						t.hangs++;
						t.traceExample.putIfAbsent("hang", m[1] + " (over " + limitMillis + " ms)");
						t.traceKinds.merge("hang", 1L, Long::sum);
					}
					catch (final ExecutionException e) {
						final Throwable cause = e.getCause();
						if (reader.clean(cause)) t.clean++;
						else {
							t.traces++;
							final String kind = kind(cause);
							if (known(reader, cause.getClass().getName())) t.knownTraces++;
							t.traceKinds.merge(kind, 1L, Long::sum);
							t.traceExample.putIfAbsent(kind, m[1] + "\n" + trace(cause));
						}
					}
				}
				t.nanos = System.nanoTime() - readerStart;
			}
		}
		finally {
			worker.shutdownNow();
		}
		final String report = report(tallies, full, seed, limitMillis, System.nanoTime() - start) + String.format(
			Locale.ROOT, "%nSeeds made in %.1f s.%n", setupNanos / 1e9);
		final Path dir = Path.of(System.getProperty("user.dir"), "target", "fuzz");
		Files.createDirectories(dir);
		Files.write(dir.resolve(full ? "report.md" : "sample-report.md"), report.getBytes(StandardCharsets.UTF_8));
		System.out.println(summary(tallies) + String.format(Locale.ROOT, "fuzz: seeds made in %.1f s, inputs run in " +
			"%.1f s%n", setupNanos / 1e9, (System.nanoTime() - start) / 1e9));
		if (!full) {
			final StringBuilder failures = new StringBuilder();
			for (final Tally t : tallies) {
				if (t.traces - t.knownTraces > 0 || t.hangs - t.knownHangs > 0) {
					failures.append(t.reader.name).append(": ").append(t.traceKinds).append('\n');
					for (final Map.Entry<String, String> e : t.traceExample.entrySet()) failures.append("  ").append(e
						.getKey()).append(": ").append(e.getValue(), 0, Math.min(1500, e.getValue().length())).append('\n');
				}
			}
			assertTrue(failures.length() == 0, "stack traces or hangs not known from another branch:\n" + failures);
		}
	}

	private static boolean known(final FuzzReaders.Reader reader, final String what) {
		for (final Map.Entry<String, String> e : KNOWN.entrySet()) {
			final String[] key = e.getKey().split("\\|", 2);
			if (reader.name.startsWith(key[0]) && (key[1].equals("*") || key[1].equals(what))) return true;
		}
		return false;
	}

	/** An exception's class and the first MedCrypt frame (or the first frame): one finding per kind. */
	private static String kind(final Throwable t) {
		StackTraceElement where = t.getStackTrace().length > 0 ? t.getStackTrace()[0] : null;
		for (final StackTraceElement e : t.getStackTrace()) {
			if (e.getClassName().startsWith("org.medcrypt.") && !e.getClassName().startsWith("org.medcrypt.fuzz")) {
				where = e;
				break;
			}
		}
		return t.getClass().getName() + (where == null ? "" : " at " + where.getClassName().replaceFirst(".*\\.", "") +
			"." + where.getMethodName() + ":" + where.getLineNumber());
	}

	private static String trace(final Throwable t) {
		final StringWriter w = new StringWriter();
		t.printStackTrace(new PrintWriter(w));
		final String[] lines = w.toString().split("\n");
		return String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, 12)));
	}

	private static String summary(final List<Tally> tallies) {
		final StringBuilder s = new StringBuilder("fuzz: reader | inputs | clean | stack traces (known) | hangs | " +
			"accepted unchanged | accepted changed\n");
		long inputs = 0, clean = 0, traces = 0, hangs = 0, same = 0, changed = 0;
		for (final Tally t : tallies) {
			s.append(String.format(Locale.ROOT, "fuzz: %s | %d | %d | %d (%d) | %d | %d | %d%s%n", t.reader.name, t.inputs,
				t.clean, t.traces, t.knownTraces, t.hangs, t.unchanged, t.changed, t.reader.integrity && t.changed > 0
					? "  <- FINDING: checksummed format" : ""));
			inputs += t.inputs;
			clean += t.clean;
			traces += t.traces;
			hangs += t.hangs;
			same += t.unchanged;
			changed += t.changed;
		}
		s.append(String.format(Locale.ROOT, "fuzz: TOTAL | %d | %d | %d | %d | %d | %d%n", inputs, clean, traces, hangs,
			same, changed));
		return s.toString();
	}

	private static String report(final List<Tally> tallies, final boolean full, final long seed, final long limit,
		final long nanos)
	{
		final StringBuilder s = new StringBuilder("# MedCrypt fuzz report\n\n");
		s.append(full ? "Full run" : "Fast sample (default `mvn test`)").append(String.format(Locale.ROOT,
			", seed %d, time limit %d ms per input, %.1f s in all. Mutations: %s.%n%n", seed, limit, nanos / 1e9, String
				.join(", ", Mutator.KINDS)));
		s.append("| reader | checksum | inputs | clean errors | stack traces | hangs | accepted unchanged | " +
			"silently accepted changes | ms/input |\n|---|---|---|---|---|---|---|---|---|\n");
		for (final Tally t : tallies) {
			s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d%s | %.2f |%n", t.reader.name,
				t.reader.integrity ? "yes" : "no", t.inputs, t.clean, t.traces, t.hangs, t.unchanged, t.changed, t.reader
					.integrity && t.changed > 0 ? " (finding)" : "", t.nanos / 1e6 / Math.max(1, t.inputs)));
		}
		s.append("\nSilently accepted changes are expected where the format has no checksum (images, PEM keys " +
			"without one on this branch, session files, protocol messages that TLS protects in transit); in a " +
			"checksummed format they are findings.\n\n## Stack traces and hangs\n\n");
		for (final Tally t : tallies) {
			for (final Map.Entry<String, Long> e : t.traceKinds.entrySet()) {
				s.append("### ").append(t.reader.name).append(": ").append(e.getKey()).append(" (").append(e.getValue())
					.append(")\n\n```\n").append(t.traceExample.get(e.getKey())).append("\n```\n\n");
			}
		}
		s.append("## Examples of silently accepted changes\n\n");
		for (final Tally t : tallies) {
			if (!t.changedExamples.isEmpty()) s.append("- ").append(t.reader.name).append(": ").append(String.join("; ",
				t.changedExamples)).append('\n');
		}
		return s.toString();
	}
}
