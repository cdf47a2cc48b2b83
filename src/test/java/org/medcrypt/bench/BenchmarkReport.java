package org.medcrypt.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns the results of {@link PaillierOpsBenchmark} and {@link ImageBenchmark}
 * into {@code summary.md}: operations per second per core and speedups over the
 * textbook baselines, whole-image times and expansion, the per-pixel textbook
 * whole-image figures (extrapolated from the per-pixel measurement of the same
 * run), and the issue's targets, each marked met or not.
 */
final class BenchmarkReport {

	static final int[] BITS = { 2048, 3072 };
	/** The issue's targets, at 3072 bits on 2 cores. */
	static final double TARGET_ENCRYPT_S = 2, TARGET_DECRYPT_S = 5, TARGET_EXPANSION = 8, TARGET_RATIO = 1000;

	private static final String OPS = PaillierOpsBenchmark.class.getName() + ".";
	private static final String IMG = ImageBenchmark.class.getName() + ".";

	private final Map<String, Result<?>> byKey = new HashMap<>();
	/** Safe-transfer results by benchmark@depth (the stream cipher's parameter; null for SecureTransfer). */
	private final Map<String, Result<?>> transfer = new HashMap<>();
	private static final String STREAM = StreamCipherBenchmark.class.getName() + ".";
	private static final String SECURE = SecureTransferBenchmark.class.getName() + ".";
	/** Issue 4's targets: stream cipher MB/s and ratio over the naive loop, GCM MB/s, watermark ms. */
	static final double TARGET_STREAM_MBS = 500, TARGET_STREAM_RATIO = 10, TARGET_GCM_MBS = 1000,
		TARGET_WATERMARK_MS = 100;
	private final Path out;
	private final String loadBefore, loadAfter;
	private final double minutes;
	private final int cores = Runtime.getRuntime().availableProcessors();

	BenchmarkReport(final Collection<RunResult> results, final Path out, final String loadBefore,
		final String loadAfter, final double minutes)
	{
		for (final RunResult r : results) {
			byKey.put(r.getParams().getBenchmark() + "@" + r.getParams().getParam("bits"), r.getPrimaryResult());
			if (r.getParams().getBenchmark().startsWith(STREAM) || r.getParams().getBenchmark().startsWith(SECURE)) {
				transfer.put(r.getParams().getBenchmark() + "@" + r.getParams().getParam("depth"), r
					.getPrimaryResult());
			}
		}
		this.out = out;
		this.loadBefore = loadBefore;
		this.loadAfter = loadAfter;
		this.minutes = minutes;
	}

	/** The 1-, 5- and 15-minute load averages, or "n/a". */
	static String loadAverage() {
		try {
			final String[] f = new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.US_ASCII)
				.trim().split("\\s+");
			return f[0] + " " + f[1] + " " + f[2];
		}
		catch (final IOException | RuntimeException e) {
			return "n/a";
		}
	}

	private Result<?> result(final String benchmark, final int bits) {
		return byKey.get(benchmark + "@" + bits);
	}

	/** The score converted to operations per second (throughput) or seconds per operation (time modes). */
	private static double score(final Result<?> r, final boolean perSecond) {
		return perSecond ? toOpsPerSecond(r.getScore(), r.getScoreUnit()) : toSeconds(r.getScore(), r
			.getScoreUnit());
	}

	private static double toSeconds(final double v, final String unit) {
		switch (unit) {
			case "s/op": return v;
			case "ms/op": return v / 1e3;
			case "us/op": return v / 1e6;
			case "ns/op": return v / 1e9;
			case "min/op": return v * 60;
			default: throw new IllegalArgumentException("unexpected unit " + unit);
		}
	}

	private static double toOpsPerSecond(final double v, final String unit) {
		switch (unit) {
			case "ops/s": return v;
			case "ops/ms": return v * 1e3;
			case "ops/min": return v / 60;
			default: throw new IllegalArgumentException("unexpected unit " + unit);
		}
	}

	private Properties imageFacts(final int bits) {
		final Path file = out.resolve("image-" + bits + ".properties");
		if (!Files.isRegularFile(file)) return null;
		final Properties p = new Properties();
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(r);
			return p;
		}
		catch (final IOException e) {
			return null;
		}
	}

	private static String f(final String format, final Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

	/** "123.4 ± 5.6" in the result's own unit, scaled to per second or seconds. */
	private static String withError(final Result<?> r, final boolean perSecond, final String format) {
		return withError(r, perSecond, format, 1);
	}

	private static String withError(final Result<?> r, final boolean perSecond, final String format,
		final double scale)
	{
		if (r == null) return "not run";
		final double s = score(r, perSecond) * scale;
		final double err = r.getScoreError();
		final double e = Double.isNaN(err) ? Double.NaN : s * err / r.getScore();
		return Double.isNaN(e) ? f(format, s) : f(format + " ± " + format, s, e);
	}

	String markdown() {
		final StringBuilder sb = new StringBuilder();
		sb.append("# MedCrypt benchmark summary\n\n");
		sb.append(f("Run %s, %s %s on %s, %d cores (availableProcessors), JMH run %.1f min. ",
			ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), System.getProperty("java.vm.name"),
			System.getProperty("java.version"), System.getProperty("os.arch"), cores, minutes));
		sb.append(f("Load average (1/5/15 min) before: %s, after: %s; other work on the machine adds noise. ",
			loadBefore, loadAfter));
		sb.append("Scores are JMH means ± 99.9% confidence half-width over one fork (short runs: treat them as ")
			.append("±10%).\n\n");

		sb.append("## Paillier operations, one thread (per core)\n\n");
		sb.append("Operations per second; speedup over the textbook baseline of the same direction and size.\n\n");
		sb.append("| Operation | 2048-bit ops/s | speedup | 3072-bit ops/s | speedup |\n");
		sb.append("|---|---:|---:|---:|---:|\n");
		opsRow(sb, "textbook encryption (baseline: (1+mn)·r^n, full-size r)", "textbookEncrypt", "textbookEncrypt");
		opsRow(sb, "DJN encryption, public key (fixed-base hs^a)", "djnPublicEncrypt", "textbookEncrypt");
		opsRow(sb, "DJN encryption, owner (private key, CRT)", "djnOwnerEncrypt", "textbookEncrypt");
		opsRow(sb, "textbook decryption (baseline: L(c^λ mod n²)·μ, no CRT)", "textbookDecrypt", "textbookDecrypt");
		opsRow(sb, "CRT decryption", "crtDecrypt", "textbookDecrypt");
		sb.append('\n');

		sb.append(f("## Whole image: %s, %d cores\n\n", ImageBenchmark.IMAGE, cores));
		sb.append("Packed encryption/decryption: JMH single-shot times (mean of the measured shots ± error; ")
			.append("minimum in brackets), all cores. Per-pixel textbook: one pixel measured on one thread in the ")
			.append("same run; the whole-image figure is that time × the pixel count (one core) and ÷ cores ")
			.append("(ideal scaling on the same cores). It is extrapolated, not run: the full run would take hours.")
			.append("\n\n");
		sb.append("| | 2048 bits | 3072 bits |\n|---|---:|---:|\n");
		final Map<Integer, Properties> facts = new HashMap<>();
		for (final int b : BITS) facts.put(b, imageFacts(b));
		final Map<Integer, Double> enc = new HashMap<>(), encPub = new HashMap<>(), dec = new HashMap<>(),
			decGeneral = new HashMap<>();
		final Map<Integer, Double> ppEnc = new HashMap<>(), ppDec = new HashMap<>();
		for (final int b : BITS) {
			put(enc, b, result(IMG + "encryptImageOwner", b));
			put(encPub, b, result(IMG + "encryptImagePublic", b));
			put(dec, b, result(IMG + "decryptImage", b));
			put(decGeneral, b, result(IMG + "decryptImageGeneral", b));
			put(ppEnc, b, result(IMG + "textbookPerPixel", b));
			put(ppDec, b, result(IMG + "textbookPerPixelDecrypt", b));
		}
		imageRow(sb, "packed encryption, owner key (s)", b -> timeCell(result(IMG + "encryptImageOwner", b)));
		imageRow(sb, "packed encryption, public key (s)", b -> timeCell(result(IMG + "encryptImagePublic", b)));
		imageRow(sb, "packed decryption, owner-encrypted image (s)", b -> timeCell(result(IMG + "decryptImage", b)));
		imageRow(sb, "packed decryption, general CRT (public-key-encrypted image) (s)", b -> timeCell(result(IMG +
			"decryptImageGeneral", b)));
		imageRow(sb, "ciphertexts (pixels per ciphertext)", b -> facts.get(b) == null ? "n/a" : facts.get(b)
			.getProperty("ciphertexts") + " (" + facts.get(b).getProperty("slots") + " slots of " + facts.get(b)
				.getProperty("slotBits") + " bits)");
		imageRow(sb, "encrypted bytes (pixel bytes)", b -> facts.get(b) == null ? "n/a" : facts.get(b).getProperty(
			"bytes") + " (" + facts.get(b).getProperty("pixelBytes") + ")");
		imageRow(sb, "expansion, packed", b -> facts.get(b) == null ? "n/a" : f("%.2fx", Double.parseDouble(facts
			.get(b).getProperty("expansion"))));
		imageRow(sb, "expansion, per-pixel textbook", b -> facts.get(b) == null ? "n/a" : f("%.0fx", Double
			.parseDouble(facts.get(b).getProperty("ciphertextBytes")) * 8 / Integer.parseInt(facts.get(b)
				.getProperty("bitDepth"))));
		imageRow(sb, "textbook, one pixel: encrypt (ms)", b -> withError(result(IMG + "textbookPerPixel", b), false,
			"%.2f", 1e3));
		imageRow(sb, "textbook, one pixel: decrypt (ms)", b -> withError(result(IMG + "textbookPerPixelDecrypt", b),
			false, "%.2f", 1e3));
		imageRow(sb, "textbook per pixel, whole image, encrypt: 1 core / ÷cores (s, extrapolated)",
			b -> wholeImage(ppEnc.get(b), facts.get(b)));
		imageRow(sb, "textbook per pixel, whole image, decrypt: 1 core / ÷cores (s, extrapolated)",
			b -> wholeImage(ppDec.get(b), facts.get(b)));
		imageRow(sb, "ratio per-pixel / packed, encrypt (owner): 1 core / ÷cores", b -> ratio(ppEnc.get(b), enc
			.get(b), facts.get(b)));
		imageRow(sb, "ratio per-pixel / packed, encrypt (public key): 1 core / ÷cores", b -> ratio(ppEnc.get(b),
			encPub.get(b), facts.get(b)));
		imageRow(sb, "ratio per-pixel / packed, decrypt (owner-encrypted): 1 core / ÷cores", b -> ratio(ppDec.get(
			b), dec.get(b), facts.get(b)));
		imageRow(sb, "ratio per-pixel / packed, decrypt (general): 1 core / ÷cores", b -> ratio(ppDec.get(b),
			decGeneral.get(b), facts.get(b)));
		sb.append('\n');

		sb.append("## The issue's targets: 3072 bits, 2 cores\n\n");
		if (cores != 2) sb.append(f("Note: this machine has %d cores, not 2.\n\n", cores));
		sb.append("| Target | Measured | Met |\n|---|---:|:---:|\n");
		target(sb, f("whole-image encryption, owner key <= %.0f s", TARGET_ENCRYPT_S), enc.get(3072), "%.2f s",
			v -> v <= TARGET_ENCRYPT_S);
		target(sb, f("whole-image encryption, public key <= %.0f s", TARGET_ENCRYPT_S), encPub.get(3072), "%.2f s",
			v -> v <= TARGET_ENCRYPT_S);
		target(sb, f("whole-image decryption, owner-encrypted image <= %.0f s", TARGET_DECRYPT_S), dec.get(3072),
			"%.2f s", v -> v <= TARGET_DECRYPT_S);
		target(sb, f("whole-image decryption, general CRT <= %.0f s", TARGET_DECRYPT_S), decGeneral.get(3072),
			"%.2f s", v -> v <= TARGET_DECRYPT_S);
		final Properties f3 = facts.get(3072);
		target(sb, f("expansion <= %.0fx", TARGET_EXPANSION), f3 == null ? null : Double.valueOf(f3.getProperty(
			"expansion")), "%.2fx", v -> v <= TARGET_EXPANSION);
		target(sb, f("per-pixel / packed encryption (owner) >= %.0fx, per-pixel ideally on all cores",
			TARGET_RATIO), fairRatio(ppEnc.get(3072), enc.get(3072), f3), "%.0fx", v -> v >= TARGET_RATIO);
		target(sb, f("per-pixel / packed decryption (owner-encrypted) >= %.0fx, per-pixel ideally on all cores",
			TARGET_RATIO), fairRatio(ppDec.get(3072), dec.get(3072), f3), "%.0fx", v -> v >= TARGET_RATIO);
		target(sb, f("per-pixel / packed decryption (general) >= %.0fx, per-pixel ideally on all cores",
			TARGET_RATIO), fairRatio(ppDec.get(3072), decGeneral.get(3072), f3), "%.0fx", v -> v >= TARGET_RATIO);
		sb.append("\nThe ratios compare the packed image on all cores with the per-pixel baseline spread ideally over")
			.append(" the same cores; against a single-threaded per-pixel run (the table above, \"1 core\") they are ")
			.append(cores).append("x larger.\n");
		if (!transfer.isEmpty()) transferSection(sb);
		return sb.toString();
	}

	/** MB/s of a stream-cipher result: ops/s are Mpixel/s (2^20 pixels), times the bytes per pixel. */
	private Double streamMbs(final String method, final int depth) {
		final Result<?> r = transfer.get(STREAM + method + "@" + depth);
		return r == null ? null : score(r, true) * (1 << 20) * (depth / 8) / 1e6;
	}

	/** MB/s of a SecureTransferBenchmark result over its 8 MiB pixel stream (2048 x 2048 x 2 bytes). */
	private Double secureMbs(final String method) {
		final Result<?> r = transfer.get(SECURE + method + "@null");
		return r == null ? null : 2.0 * SecureTransferBenchmark.SIZE * SecureTransferBenchmark.SIZE / score(r, false) /
			1e6;
	}

	private Double secureMs(final String method) {
		final Result<?> r = transfer.get(SECURE + method + "@null");
		return r == null ? null : score(r, false) * 1e3;
	}

	private static String cell(final Double v, final String format) {
		return v == null ? "n/a" : f(format, v);
	}

	private void transferSection(final StringBuilder sb) {
		sb.append("\n## Safe transfer (issue 4), one thread (`fastDecrypt`: all cores)\n\n");
		sb.append("Stream cipher (k = 128, 64 taps), MB/s; ratio over the naive loop of eqs. 1/4 of the same ")
			.append("direction and depth, measured in the same run.\n\n");
		sb.append("| Benchmark | 8-bit MB/s | ratio | 16-bit MB/s | ratio |\n|---|---:|---:|---:|---:|\n");
		for (final String[] row : new String[][] { { "referenceEncrypt", "referenceEncrypt" }, { "fastEncrypt",
			"referenceEncrypt" }, { "referenceDecrypt", "referenceDecrypt" }, { "fastDecryptOneThread", "referenceDecrypt" },
			{ "fastDecrypt", "referenceDecrypt" }, { "aesOfb", "referenceEncrypt" } })
		{
			sb.append("| `").append(row[0]).append('`');
			for (final int d : new int[] { 8, 16 }) {
				final Double v = streamMbs(row[0], d), base = streamMbs(row[1], d);
				sb.append(" | ").append(cell(v, "%.1f")).append(" | ").append(v == null || base == null ? "n/a" : f(
					"%.1fx", v / base));
			}
			sb.append(" |\n");
		}
		sb.append("\nSecure transfer on a 2048x2048 16-bit image (8 MiB of pixels).\n\n");
		sb.append("| Benchmark | ms | MB/s |\n|---|---:|---:|\n");
		for (final String m : new String[] { "seal", "open", "gcmOneCall", "gcmChunked", "gcmOpenInPlace",
			"gcmOpenToNewArray", "gcmOpenCtrChunked", "embedEnvelope", "extractEnvelope", "embedFullPlane", "extractFullPlane" })
		{
			sb.append("| `").append(m).append("` | ").append(cell(secureMs(m), "%.2f")).append(" | ").append(cell(
				secureMbs(m), "%.0f")).append(" |\n");
		}
		sb.append("\n| Target (issue 4) | Measured | Met |\n|---|---:|:---:|\n");
		for (final String m : new String[] { "fastEncrypt", "fastDecrypt" }) {
			for (final int d : new int[] { 8, 16 }) {
				target(sb, f("stream cipher `%s`, %d-bit >= %.0f MB/s", m, d, TARGET_STREAM_MBS), streamMbs(m, d),
					"%.1f MB/s", v -> v >= TARGET_STREAM_MBS);
				final Double v = streamMbs(m, d), base = streamMbs(m.replace("fast", "reference"), d);
				target(sb, f("stream cipher `%s`, %d-bit >= %.0fx the naive loop", m, d, TARGET_STREAM_RATIO),
					v == null || base == null ? null : v / base, "%.1fx", x -> x >= TARGET_STREAM_RATIO);
			}
		}
		for (final String m : new String[] { "seal", "open", "gcmChunked", "gcmOpenCtrChunked" })
			target(sb, f("`%s` >= %.0f MB/s", m, TARGET_GCM_MBS), secureMbs(m), "%.0f MB/s", v -> v >= TARGET_GCM_MBS);
		for (final String m : new String[] { "embedFullPlane", "extractFullPlane" })
			target(sb, f("`%s` < %.0f ms", m, TARGET_WATERMARK_MS), secureMs(m), "%.1f ms", v -> v < TARGET_WATERMARK_MS);
	}

	private static void put(final Map<Integer, Double> m, final int bits, final Result<?> r) {
		if (r != null) m.put(bits, score(r, false));
	}

	private void opsRow(final StringBuilder sb, final String label, final String method, final String baseline) {
		sb.append("| ").append(label);
		for (final int b : BITS) {
			final Result<?> r = result(OPS + method, b), base = result(OPS + baseline, b);
			sb.append(" | ").append(withError(r, true, "%.1f")).append(" | ");
			sb.append(r == null || base == null ? "n/a" : f("%.1fx", score(r, true) / score(base, true)));
		}
		sb.append(" |\n");
	}

	private static void imageRow(final StringBuilder sb, final String label,
		final java.util.function.IntFunction<String> cell)
	{
		sb.append("| ").append(label);
		for (final int b : BITS) sb.append(" | ").append(cell.apply(b));
		sb.append(" |\n");
	}

	private static String timeCell(final Result<?> r) {
		if (r == null) return "not run";
		return withError(r, false, "%.2f") + f(" [%.2f]", toSeconds(r.getStatistics().getMin(), r
			.getScoreUnit()));
	}

	private String wholeImage(final Double perPixel, final Properties facts) {
		if (perPixel == null || facts == null) return "n/a";
		final double t = perPixel * Integer.parseInt(facts.getProperty("pixels"));
		return f("%.0f s (%.1f min) / %.0f s", t, t / 60, t / cores);
	}

	private String ratio(final Double perPixel, final Double packed, final Properties facts) {
		if (perPixel == null || packed == null || facts == null) return "n/a";
		final double t = perPixel * Integer.parseInt(facts.getProperty("pixels"));
		return f("%.0fx / %.0fx", t / packed, t / cores / packed);
	}

	private Double fairRatio(final Double perPixel, final Double packed, final Properties facts) {
		if (perPixel == null || packed == null || facts == null) return null;
		return perPixel * Integer.parseInt(facts.getProperty("pixels")) / cores / packed;
	}

	private static void target(final StringBuilder sb, final String label, final Double value, final String format,
		final java.util.function.DoublePredicate met)
	{
		sb.append("| ").append(label).append(" | ");
		if (value == null) sb.append("not measured | — |\n");
		else sb.append(f(format, value)).append(" | ").append(met.test(value) ? "met" : "**not met**").append(" |\n");
	}
}
