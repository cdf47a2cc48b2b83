package org.medcrypt.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.medcrypt.paillier.KernelAccess;
import org.medcrypt.paillier.ModPowDecryption;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;

/**
 * MedCrypt against GMP on the Paillier hot paths, one core, in the same run
 * (issue 12): builds and runs the C reference {@code ../shared/bench/gmp-djn.c}
 * (property {@code medcrypt.gmp.source}) with {@code gcc -O2 -march=native ... -lgmp}
 * when gcc and libgmp are present ("not run" otherwise), before and after the
 * Java figures, and measures the previous {@code BigInteger} path (tables of
 * {@link BigIntegerMontgomery} products) beside the current kernel. All figures
 * are wall-clock on one thread, like the C program's, so a loaded machine slows
 * both alike; the load average is printed with them. Writes {@code gmp.md}.
 *
 * <p>Run: {@code mvn -B -Pbenchmark test-compile exec:exec -Dbench.args="gmp 3072 3"}
 * (bits, seconds per figure); the default JMH run ends with it too.
 */
final class GmpComparison {

	static final String NAME = "gmp";
	/** FixedExponent.WINDOW (package-private in paillier). */
	private static final int FIXED_WINDOW = 6;

	private GmpComparison() {}

	static boolean isRequested(final String[] args) {
		return args.length > 0 && args[0].equals(NAME);
	}

	static void run(final Path out, final String[] args) throws IOException, InterruptedException {
		final int bits = args.length > 0 ? Integer.parseInt(args[0]) : 3072;
		final double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
		final String loadBefore = BenchmarkReport.loadAverage();
		final Gmp gmpBefore = gmp(out, bits, seconds);
		System.out.println("GMP (before): " + gmpBefore.line);

		final SecureRandom rnd = new SecureRandom();
		final PaillierKeyPair keys = PaillierKeyGenerator.generate(bits, rnd);
		final PaillierPrivateKey priv = keys.privateKey();
		final PaillierPublicKey pub = keys.publicKey();
		final BigInteger p = priv.p(), q = priv.q(), p2 = p.multiply(p), q2 = q.multiply(q), n2 = pub.modulusSquared();
		final BigInteger hs = pub.randomnessBase();
		final int aBits = pub.randomBits();
		priv.precompute();
		pub.encrypt(BigInteger.ONE, rnd); // builds the public tables
		final BigIntegerFixedBase oldP = new BigIntegerFixedBase(hs.mod(p2), p2, aBits);
		final BigIntegerFixedBase oldQ = new BigIntegerFixedBase(hs.mod(q2), q2, aBits);
		final BigIntegerFixedBase oldN = new BigIntegerFixedBase(hs, n2, aBits);
		final BigInteger q2InvP2 = q2.modInverse(p2);
		final BigInteger m = new BigInteger(bits - 8, rnd), plain = BigInteger.ONE.add(m.multiply(pub.modulus()));
		final BigInteger[] exps = new BigInteger[64];
		for (int i = 0; i < exps.length; i++) exps[i] = new BigInteger(aBits, rnd);
		// Before and after must agree.
		final BigInteger oldOwner = oldOwner(plain, exps[0], oldP, oldQ, p2, q2, q2InvP2);
		if (!oldOwner.equals(priv.encryptWithExponent(m, exps[0])) || !oldOwner.equals(KernelAccess
			.encryptWithExponent(pub, m, exps[0])) || !plain.multiply(oldN.pow(exps[0])).mod(n2).equals(oldOwner))
		{
			throw new IllegalStateException("previous and current encryption differ");
		}
		final BigInteger c = priv.encrypt(m, rnd);
		final ModPowDecryption jdk = new ModPowDecryption(priv);
		if (!jdk.decrypt(c).equals(priv.decrypt(c))) throw new IllegalStateException("kernel decryption differs");
		final int[] k = { 0 };
		final KernelAccess kernel = new KernelAccess(p2);
		final double[] x = kernel.toMontgomery(hs.mod(p2)), y = kernel.toMontgomery(m.mod(p2)), t = new double[x.length];
		final BigIntegerMontgomery oldMont = new BigIntegerMontgomery(p2);
		final BigInteger[] acc = { oldMont.toMontgomery(hs.mod(p2)) };
		final BigInteger yOld = oldMont.toMontgomery(m.mod(p2));
		final LongSupplier[] ops = { //
			() -> priv.encryptWithExponent(m, exps[k[0]++ & 63]).bitLength(), //
			() -> oldOwner(plain, exps[k[0]++ & 63], oldP, oldQ, p2, q2, q2InvP2).bitLength(), //
			() -> KernelAccess.encryptWithExponent(pub, m, exps[k[0]++ & 63]).bitLength(), //
			() -> plain.multiply(oldN.pow(exps[k[0]++ & 63])).mod(n2).bitLength(), //
			() -> priv.decrypt(c).bitLength(), //
			() -> {
				kernel.multiply(x, y, t);
				kernel.multiply(t, y, x);
				return 2;
			}, //
			() -> (acc[0] = oldMont.multiply(acc[0], yOld)).bitLength(), //
			() -> jdk.decrypt(c).bitLength() };
		// Rounds, each figure once per round, best round kept: a loaded machine interferes less with the best.
		final double[] best = new double[ops.length];
		final int rounds = 3;
		for (int r = 0; r < rounds; r++) {
			for (int i = 0; i < ops.length; i++) {
				best[i] = Math.max(best[i], opsPerSecond(seconds / rounds, ops[i]) * (i == 5 ? 2 : 1));
			}
		}
		final double ownerNew = best[0], ownerOld = best[1], publicNew = best[2], publicOld = best[3];
		final double decrypt = best[4], productNew = 1e6 / best[5], productOld = 1e6 / best[6];
		final double decryptJdk = best[7];
		final Gmp gmpAfter = gmp(out, bits, seconds);
		System.out.println("GMP (after): " + gmpAfter.line);
		final String loadAfter = BenchmarkReport.loadAverage();

		final StringBuilder md = new StringBuilder();
		md.append("## MedCrypt and GMP side by side, ").append(bits).append("-bit keys, one core\n\n");
		md.append("Load average ").append(loadBefore).append(" before, ").append(loadAfter).append(" after; ")
			.append(Runtime.getRuntime().availableProcessors()).append(" CPUs; wall clock, ").append(seconds)
			.append(" s per figure (Java: best of 3 rounds); GMP run before and after the Java figures (both shown). JDK ")
			.append(System.getProperty("java.version")).append(".\n\n");
		md.append("| per core | MedCrypt before (BigInteger Montgomery; decryption: JDK modPow) | MedCrypt now (FMA kernel) | GMP | now / GMP | now / before |\n");
		md.append("|---|---:|---:|---:|---:|---:|\n");
		row(md, "owner DJN encryption (ops/s)", ownerOld, ownerNew, gmpBefore.owner, gmpAfter.owner, true);
		row(md, "public-key DJN encryption (ops/s)", publicOld, publicNew, gmpBefore.publicKey, gmpAfter.publicKey,
			true);
		row(md, "CRT decryption (ops/s; before: JDK modPow; now: FixedExponent, " + FIXED_WINDOW +
			"-bit sliding window on the kernel, p-1 and q-1 recoded once)", decryptJdk, decrypt, gmpBefore.decrypt,
			gmpAfter.decrypt, true);
		row(md, "one product mod p² (µs)", productOld, productNew, gmpBefore.product, gmpAfter.product, false);
		md.append("\nGMP: ").append(gmpBefore.line).append("\n\nGMP again: ").append(gmpAfter.line).append('\n');
		final String text = md.toString();
		Files.write(out.resolve("gmp.md"), text.getBytes(StandardCharsets.UTF_8));
		System.out.println(text);
		System.out.println("Wrote " + out.resolve("gmp.md"));
	}

	private static BigInteger oldOwner(final BigInteger plain, final BigInteger a, final BigIntegerFixedBase tp,
		final BigIntegerFixedBase tq, final BigInteger p2, final BigInteger q2, final BigInteger q2InvP2)
	{
		final BigInteger cp = plain.mod(p2).multiply(tp.pow(a)).mod(p2);
		final BigInteger cq = plain.mod(q2).multiply(tq.pow(a)).mod(q2);
		return cp.subtract(cq).multiply(q2InvP2).mod(p2).multiply(q2).add(cq);
	}

	/** Ops per wall-clock second on this thread, after a warm-up of a third of the time. */
	private static double opsPerSecond(final double seconds, final LongSupplier op) {
		long sink = 0;
		final long warm = System.nanoTime() + (long) (seconds / 3 * 1e9);
		while (System.nanoTime() < warm) sink += op.getAsLong();
		long count = 0;
		final long start = System.nanoTime(), end = start + (long) (seconds * 1e9);
		long now;
		do {
			sink += op.getAsLong();
			count++;
		}
		while ((now = System.nanoTime()) < end);
		if (sink == 42) System.out.print("");
		return count / ((now - start) / 1e9);
	}

	private static void row(final StringBuilder md, final String what, final double before, final double now,
		final double gmp1, final double gmp2, final boolean higherIsBetter)
	{
		final boolean ran = !Double.isNaN(gmp1);
		final double lo = Math.min(gmp1, gmp2), hi = Math.max(gmp1, gmp2);
		final String g = !ran ? "not run" : String.format(Locale.ROOT, "%.2f-%.2f", lo, hi);
		// Ratio as speed (higher is better for MedCrypt), against the mean of the two GMP runs.
		final double gm = (gmp1 + gmp2) / 2;
		final double ratio = higherIsBetter ? now / gm : gm / now;
		final double gain = higherIsBetter ? now / before : before / now;
		md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s | %s | %.2fx |\n", what, before, now, g, ran
			? String.format(Locale.ROOT, "%.2fx", ratio) : "not run", gain));
	}

	/** The C reference's figures, or NaN and the reason when it could not run. */
	private static final class Gmp {

		final String line;
		final double owner, publicKey, decrypt, product;

		Gmp(final String line, final double owner, final double publicKey, final double decrypt,
			final double product)
		{
			this.line = line;
			this.owner = owner;
			this.publicKey = publicKey;
			this.decrypt = decrypt;
			this.product = product;
		}
	}

	private static final Pattern FIGURES = Pattern.compile("owner DJN encryption ([0-9.]+)/s, public-key DJN " +
		"encryption ([0-9.]+)/s, CRT decryption \\(two powm\\) ([0-9.]+)/s, one product mod p\\^2 ([0-9.]+) us");

	private static Gmp gmp(final Path out, final int bits, final double seconds) throws InterruptedException {
		final Path source = Paths.get(System.getProperty("medcrypt.gmp.source", "../shared/bench/gmp-djn.c"));
		final double nan = Double.NaN;
		if (!Files.isRegularFile(source)) return new Gmp("not run (no " + source + ")", nan, nan, nan, nan);
		final Path exe = out.resolve("gmp-djn");
		try {
			final String build = exec(Arrays.asList("gcc", "-O2", "-march=native", "-o", exe.toString(), source
				.toString(), "-lgmp"), 120);
			if (!Files.isExecutable(exe)) return new Gmp("not run (gcc or libgmp missing: " + build.trim() + ")", nan,
				nan, nan, nan);
			final String line = exec(Arrays.asList(exe.toString(), Integer.toString(bits), Double.toString(seconds)),
				600).trim();
			final Matcher mt = FIGURES.matcher(line);
			if (!mt.find()) return new Gmp("not run (unexpected output: " + line + ")", nan, nan, nan, nan);
			return new Gmp(line, Double.parseDouble(mt.group(1)), Double.parseDouble(mt.group(2)), Double
				.parseDouble(mt.group(3)), Double.parseDouble(mt.group(4)));
		}
		catch (final IOException e) {
			return new Gmp("not run (" + e.getMessage() + ")", nan, nan, nan, nan);
		}
	}

	private static String exec(final List<String> command, final int timeoutSeconds) throws IOException,
		InterruptedException
	{
		final Process proc = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
		final byte[] output = proc.getInputStream().readAllBytes();
		if (!proc.waitFor(timeoutSeconds, TimeUnit.SECONDS)) proc.destroyForcibly();
		return new String(output, StandardCharsets.UTF_8);
	}
}
