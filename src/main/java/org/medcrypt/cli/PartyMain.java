package org.medcrypt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.GroundTruthStatistics;
import org.medcrypt.groundtruth.StudyParty;
import org.medcrypt.groundtruth.StudySession;
import org.medcrypt.ij.LabImageFolder;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PartyCredentialFiles;
import org.medcrypt.securesum.Nodes;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.Transport;
import org.medcrypt.securesum.net.NetworkParty;
import org.medcrypt.securesum.net.NetworkSession;
import org.medcrypt.tls.PartyCredentials;

/**
 * Command line of a networked secure-sum party:
 *
 * <pre>
 * PartyMain keygen --name NAME --keystore FILE.p12 --cert FILE.pem --password-env VAR
 * PartyMain fingerprint --cert FILE.pem
 * PartyMain new-session --out FILE [--protocol ADDITIVE_SHARING] --width W --bound B
 *           [--hop-timeout-ms 30000] [--connect-timeout-ms 120000]
 *           --node0 NAME,HOST,PORT,CERT.pem --node1 ... --nodeK ...   (node0 = researcher, k &gt;= 3 labs)
 * PartyMain new-session --out FILE --study algorithm1 --window C [--feature PIXEL_INTENSITY]
 *           [--protocol ...] [--hop-timeout-ms ...] [--connect-timeout-ms ...] --node0 ... --nodeK ...
 * PartyMain [run] --session FILE --keystore FILE.p12 --password-env VAR --name NAME [--input v1,v2,...]
 * PartyMain [run] --session FILE --keystore FILE.p12 --password-env VAR --name NAME [--images DIR]
 * </pre>
 *
 * {@code run} of a plain sum prints {@code result: v1,v2,...}; of an Algorithm 1
 * session, a lab first computes the sums of its image folder ({@code --images},
 * see {@link LabImageFolder}), then the researcher prints
 * {@code result: n=... mean=... sigma=...} and each lab {@code result: mean=...};
 * exit code 0. Progress goes to standard error as {@code progress: ...} lines.
 * On an abort it prints an {@code ABORTED ...} line naming the party blamed and
 * the step and exits 1. The keystore password is read from the named
 * environment variable, never from the command line.
 */
public final class PartyMain {

	private PartyMain() {}

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		final int code;
		try {
			code = run(args, UnaryOperator.identity(), System.out, System.err);
		}
		catch (final InterruptedException e) {
			System.err.println("interrupted");
			System.exit(1);
			return;
		}
		System.out.flush();
		System.exit(code);
	}

	public static int run(final String[] args, final UnaryOperator<Transport> decorate, final PrintStream out,
		final PrintStream err) throws InterruptedException
	{
		if (args.length == 0) return usage(err);
		final String command = args[0].startsWith("--") ? "run" : args[0];
		final Map<String, String> options = new HashMap<>();
		for (int i = args[0].startsWith("--") ? 0 : 1; i < args.length; i += 2) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) return usage(err);
			if (options.put(args[i].substring(2), args[i + 1]) != null) return usage(err);
		}
		try {
			switch (command) {
				case "keygen": {
					final PartyCredentials creds = PartyCredentials.generate(need(options, "name"), password(options),
						SecureRandoms.forThisThread());
					creds.save(path(options, "keystore"), path(options, "cert"));
					out.println("fingerprint: " + creds.fingerprint());
					return 0;
				}
				case "new-session": {
					final java.util.List<NetworkSession.Node> nodes = new java.util.ArrayList<>();
					for (int n = 0; options.containsKey("node" + n); n++) {
						final String[] f = options.get("node" + n).split(",", -1);
						if (f.length != 4) throw new IllegalArgumentException("--node" + n +
							" must be NAME,HOST,PORT,CERT.pem");
						final int port;
						try {
							port = Integer.parseInt(f[2]);
						}
						catch (final NumberFormatException e) {
							throw new IllegalArgumentException("--node" + n + ": bad port " + f[2]);
						}
						nodes.add(new NetworkSession.Node(n, f[0], f[1], port, Fingerprints.of(
							PartyCredentialFiles.readCertificate(Paths.get(f[3])))));
					}
					for (final String key : options.keySet()) {
						if (key.matches("node[0-9]+") && Integer.parseInt(key.substring(4)) >= nodes.size()) {
							throw new IllegalArgumentException("--" + key + " given but not every lower --nodeN");
						}
					}
					if (nodes.size() < 4) throw new IllegalArgumentException(
						"need --node0 (the researcher) and --node1..--nodeK for k >= 3 labs");
					final Protocol protocol = Protocol.valueOf(options.getOrDefault("protocol", "ADDITIVE_SHARING"));
					final Duration hop = Duration.ofMillis(Long.parseLong(options.getOrDefault("hop-timeout-ms",
						"30000")));
					final Duration connect = Duration.ofMillis(Long.parseLong(options.getOrDefault(
						"connect-timeout-ms", "120000")));
					final NetworkSession session;
					if (options.containsKey("study")) {
						if (!options.get("study").equals("algorithm1")) throw new IllegalArgumentException(
							"--study: only algorithm1 is known");
						session = StudySession.create(protocol, Integer.parseInt(need(options, "window")),
							DeviationFeature.valueOf(options.getOrDefault("feature", "PIXEL_INTENSITY")), hop, connect,
							nodes, SecureRandoms.forThisThread()).network();
					}
					else {
						session = NetworkSession.create(protocol, Integer.parseInt(need(options, "width")), new BigInteger(
							need(options, "bound")), hop, connect, nodes, SecureRandoms.forThisThread());
					}
					session.write(path(options, "out"));
					out.println("session " + String.format("%016x", session.sum().id()) + " written, check value " +
						session.digest());
					return 0;
				}
				case "fingerprint":
					out.println("fingerprint: " + Fingerprints.of(PartyCredentialFiles.readCertificate(path(options,
						"cert"))));
					return 0;
				case "run": {
					final NetworkSession session = NetworkSession.read(path(options, "session"));
					final String name = need(options, "name");
					final NetworkSession.Node me = session.byName(name);
					if (me == null) throw new MedCryptException("the session file lists no party named '" + name + "'");
					final boolean lab = me.id() != Nodes.RESEARCHER;
					final StudySession study = session.extension().isEmpty() ? null : StudySession.of(session);
					if (study != null && lab != options.containsKey("images")) throw new IllegalArgumentException(
						lab ? "a lab of an Algorithm 1 session needs --images DIR" : "the researcher takes no --images");
					out.println("session " + String.format("%016x", session.sum().id()) + ", check value " + session
						.digest() + ", " + session.sum().protocol() + ", " + (study != null ? "Algorithm 1, window " +
							study.study().window() + ", " + study.study().feature() : session.sum().domain()));
					try {
						if (study == null) {
							final String input = options.get("input");
							final BigInteger[] result = NetworkParty.run(session, name, PartyCredentials.load(path(options,
								"keystore"), password(options)), input == null ? null : parse(input), err::println, decorate);
							final StringBuilder s = new StringBuilder();
							for (final BigInteger v : result) s.append(s.length() == 0 ? "" : ",").append(v);
							out.println("result: " + s);
							return 0;
						}
						runStudy(study, me, options, decorate, out, err);
						return 0;
					}
					catch (final SecureSumAbortedException e) {
						err.println(NetworkParty.explain(session, e));
						out.println("aborted: culprit=" + e.culprit() + " step=" + e.step());
						return 1;
					}
				}
				default:
					return usage(err);
			}
		}
		catch (final MedCryptException | IOException | GeneralSecurityException | IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			return 1;
		}
	}

	/** A lab sums its images before connecting (no timeout runs meanwhile); then both sums run. */
	private static void runStudy(final StudySession session, final NetworkSession.Node me,
		final Map<String, String> options, final UnaryOperator<Transport> decorate, final PrintStream out,
		final PrintStream err) throws MedCryptException, IOException, GeneralSecurityException, InterruptedException
	{
		final Progress progress = new Progress() {

			private String last;

			@Override
			public synchronized void report(final String step, final long done, final long total) {
				if (!step.equals(last)) err.println("progress: " + step);
				last = step;
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
		final PartyCredentials creds = PartyCredentials.load(path(options, "keystore"), password(options));
		final StudyParty.Outcome outcome = StudyParty.run(session, me.name(), creds, me.id() == Nodes.RESEARCHER
			? null : (window, feature, p) -> LabImageFolder.localSums(path(options, "images"), window, feature, p),
			progress, err::println, decorate);
		final GroundTruthStatistics stats = outcome.statistics();
		if (stats != null) {
			out.println("result: n=" + stats.groundTruthPixels() + " mean=" + stats.mean() + " sigma=" + stats
				.standardDeviation());
			out.println("exact: n=" + stats.groundTruthPixels() + " window_sum=" + stats.windowSum() +
				" squared_deviations=" + stats.encodedSquaredDeviations() + " mean=" + stats.globalMean());
		}
		else {
			out.println("result: mean=" + outcome.mean().toDouble() + " (" + outcome.mean() + ")");
		}
		out.println(String.format(java.util.Locale.ROOT,
			"timing: local %.3f s, connect %.3f s, protocol %.3f s; sent %d bytes in %d messages", outcome
				.localNanos() / 1e9, outcome.connectNanos() / 1e9, outcome.protocolNanos() / 1e9, outcome.bytesSent(),
			outcome.messagesSent()));
	}

	private static BigInteger[] parse(final String csv) {
		final String[] parts = csv.split(",");
		final BigInteger[] values = new BigInteger[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				values[i] = new BigInteger(parts[i].trim());
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("--input: '" + parts[i] + "' is not an integer");
			}
		}
		return values;
	}

	private static String need(final Map<String, String> options, final String key) {
		final String v = options.get(key);
		if (v == null) throw new IllegalArgumentException("missing --" + key);
		return v;
	}

	private static Path path(final Map<String, String> options, final String key) {
		return Paths.get(need(options, key));
	}

	private static char[] password(final Map<String, String> options) {
		return PartyCredentials.passwordFromEnvironment(need(options, "password-env"));
	}

	private static int usage(final PrintStream err) {
		err.println("usage:\n  PartyMain keygen --name NAME --keystore FILE.p12 --cert FILE.pem --password-env VAR\n" +
			"  PartyMain fingerprint --cert FILE.pem\n" +
			"  PartyMain new-session --out FILE [--protocol P] --width W --bound B [--hop-timeout-ms T]\n" +
			"      [--connect-timeout-ms T] --node0 NAME,HOST,PORT,CERT.pem --node1 ... (node0 = researcher)\n" +
			"  PartyMain new-session --out FILE --study algorithm1 --window C [--feature PIXEL_INTENSITY|WINDOW_MEAN]\n" +
			"      [--protocol P] [--hop-timeout-ms T] [--connect-timeout-ms T] --node0 ... --nodeK ...\n" +
			"  PartyMain [run] --session FILE --keystore FILE.p12 --password-env VAR --name NAME\n" +
			"      [--input v1,v2,...]   (a lab of a plain sum)   [--images DIR]   (a lab of Algorithm 1)");
		return 2;
	}
}
