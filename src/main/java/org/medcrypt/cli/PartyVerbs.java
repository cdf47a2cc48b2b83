package org.medcrypt.cli;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.GroundTruthStatistics;
import org.medcrypt.groundtruth.StudyParty;
import org.medcrypt.groundtruth.SessionFiles;
import org.medcrypt.groundtruth.StudyParameters;
import org.medcrypt.groundtruth.StudySession;
import org.medcrypt.ij.LabImageFolder;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PartyCredentialFiles;
import org.medcrypt.securesum.Nodes;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.net.NetworkParty;
import org.medcrypt.securesum.net.NetworkSession;
import org.medcrypt.tls.PartyCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * A secure-collaboration party (Fiji: Collaboration menu): its TLS credentials,
 * certificate fingerprints, the researcher's session file, and one party of a
 * plain secure sum or of Algorithm 1 (Vaidya and Tulpule) across machines.
 */
final class PartyVerbs {

	private PartyVerbs() {}

	/** How many {@code --nodeN} options {@code new-session} takes: the researcher and up to 63 labs. */
	static final int MAX_NODES = 64;

	@Command(name = "party", description = { "A party of a secure sum or of Algorithm 1 across labs over pinned " +
		"mutual TLS 1.3." }, subcommands = { Keygen.class, Fingerprint.class, NewSession.class, Run.class })
	static final class Party extends TransferVerbs.Group {}

	@Command(name = "keygen", sortOptions = false, description = { "A party's EC P-256 key and self-signed " +
		"certificate: the .p12 keystore (owner-only, password-protected) stays here, the .pem certificate goes " +
		"to the researcher (or the store server's operator); prints its SHA-256 fingerprint." })
	static final class Keygen extends Verb {

		@Option(names = "--name", required = true, paramLabel = "NAME", description = "1-64 of A-Z a-z 0-9 . _ -")
		String name;

		@Option(names = "--keystore", required = true, paramLabel = "FILE.p12", description = "keep it here")
		Path keystore;

		@Option(names = "--cert", required = true, paramLabel = "FILE.pem", description = "send it")
		Path cert;

		@Option(names = "--password-env", paramLabel = "VAR", description = "environment variable with the " +
			"keystore password (default: ask twice at the terminal)")
		String passwordEnv;

		@Override
		protected int execute() throws Exception {
			checkNew(keystore); // both new, before the password is asked for
			checkNew(cert);
			final PartyCredentials creds = PartyCredentials.generate(name, secret(passwordEnv, "--password-env",
				"keystore password", true), SecureRandoms.forThisThread());
			try {
				creds.save(keystore, cert);
			}
			catch (final java.io.IOException e) {
				throw AtomicFiles.failure(keystore, e);
			}
			out().println("fingerprint: " + creds.fingerprint());
			return 0;
		}
	}

	@Command(name = "fingerprint", sortOptions = false, description = "The SHA-256 fingerprint of a party's " +
		"certificate, to check out of band.")
	static final class Fingerprint extends Verb {

		@Option(names = "--cert", required = true, paramLabel = "FILE.pem", description = "the certificate")
		Path cert;

		@Override
		protected int execute() throws Exception {
			out().println("fingerprint: " + Fingerprints.of(PartyCredentialFiles.readCertificate(cert)));
			return 0;
		}
	}

	@Command(name = "new-session", sortOptions = false, description = { "The researcher's session file: every " +
		"party's name, address and certificate fingerprint, the protocol and, for a plain sum, the vector " +
		"width and bound (or --study algorithm1 and its window). --node0 is the researcher; --node1 .. --nodeK " +
		"the k >= 3 labs." })
	static final class NewSession extends Verb {

		@Option(names = "--out", required = true, paramLabel = "FILE", description = "the session file")
		Path file;

		@Option(names = "--protocol", paramLabel = "P", description = "ADDITIVE_SHARING (default), PERMUTED_RINGS " +
			"or RING")
		Protocol protocol = Protocol.ADDITIVE_SHARING;

		@Option(names = "--study", paramLabel = "algorithm1", description = "an Algorithm 1 study instead of a " +
			"plain sum")
		String study;

		@Option(names = "--window", paramLabel = "C", description = "Algorithm 1: the window size")
		Integer window;

		@Option(names = "--feature", paramLabel = "F", description = "Algorithm 1: PIXEL_INTENSITY (default) or " +
			"WINDOW_MEAN")
		DeviationFeature feature = DeviationFeature.PIXEL_INTENSITY;

		@Option(names = "--min-images", paramLabel = "M", description = "Algorithm 1: disclosure control, a lab " +
			"with fewer images (with ground truth) refuses to take part; default: ${DEFAULT-VALUE}")
		int minImages = StudyParameters.DEFAULT_MIN_IMAGES_PER_LAB;

		@Option(names = "--width", paramLabel = "W", description = "plain sum: values per party")
		Integer width;

		@Option(names = "--bound", paramLabel = "B", description = "plain sum: bound on each summed value")
		BigInteger bound;

		@Option(names = "--hop-timeout-ms", paramLabel = "T", description = "default: ${DEFAULT-VALUE}")
		long hopMillis = 10000;

		@Option(names = "--connect-timeout-ms", paramLabel = "T", description = "default: ${DEFAULT-VALUE}")
		long connectMillis = 120000;

		/** {@code --node0} .. {@code --node63}: picocli has no option family, so they are added one by one. */
		static void addNodeOptions(final CommandLine newSession) {
			for (int n = 0; n < MAX_NODES; n++) {
				newSession.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("--node" + n).type(
					String.class).paramLabel("NAME,HOST,PORT,CERT.pem").hidden(n > 1).description(n == 0
						? "the researcher" : "a lab; then --node2 .. --nodeK").build());
			}
		}

		@Override
		protected int execute() throws Exception {
			checkNew(file);
			final List<NetworkSession.Node> nodes = new ArrayList<>();
			int given = 0;
			for (int n = 0; n < MAX_NODES; n++) {
				final String value = spec.findOption("--node" + n).getValue();
				if (value == null) continue;
				if (n != given) throw usage("--node" + n + " given but not every lower --nodeN");
				given++;
				final String[] f = value.split(",", -1);
				if (f.length != 4) throw usage("--node" + n + " must be NAME,HOST,PORT,CERT.pem");
				final int port;
				try {
					port = Integer.parseInt(f[2]);
				}
				catch (final NumberFormatException e) {
					throw usage("--node" + n + ": bad port " + f[2]);
				}
				nodes.add(SessionFiles.node(n, f[0], f[1], port, Path.of(f[3])));
			}
			if (nodes.size() < 4) throw usage("need --node0 (the researcher) and --node1..--nodeK for k >= 3 labs");
			final Duration hop = Duration.ofMillis(hopMillis), connect = Duration.ofMillis(connectMillis);
			final SessionFiles.Created created;
			if (study != null) {
				if (!study.equals("algorithm1")) throw usage("--study: only algorithm1 is known");
				if (window == null) throw usage("--study algorithm1 needs --window C");
				if (minImages < 1) throw usage("--min-images must be at least 1");
				created = SessionFiles.writeStudy(file, protocol, window, feature, minImages, hop, connect, nodes);
			}
			else {
				if (width == null || bound == null) throw usage("a plain sum needs --width W and --bound B " +
					"(or --study algorithm1 --window C)");
				created = SessionFiles.writeSum(file, protocol, width, bound, hop, connect, nodes);
			}
			for (final String w : created.warnings) err().println("warning: " + w);
			out().println("session " + created.id() + " written, check value " + created.session.checkValue());
			return 0;
		}

		private CommandLine.ParameterException usage(final String message) {
			return new CommandLine.ParameterException(spec.commandLine(), message);
		}
	}

	@Command(name = "run", sortOptions = false, description = { "Runs one party of a session. A plain sum prints " +
		"'result: v1,v2,...'. In an Algorithm 1 study a lab first sums its image folder (each image with " +
		"NAME.mask.png/.tif or NAME.roi beside it), then the researcher prints 'result: n=... mean=... " +
		"sigma=...' and each lab 'result: mean=...'. Steps go to standard error as 'progress: ...' lines. On an " +
		"abort: 'aborted: culprit=... step=...' and exit code 1." })
	static final class Run extends Verb {

		@Option(names = "--session", required = true, paramLabel = "FILE", description = "the researcher's " +
			"session file")
		Path sessionFile;

		@Option(names = "--name", required = true, paramLabel = "NAME", description = "this party, as the session " +
			"lists it")
		String name;

		@Option(names = "--keystore", required = true, paramLabel = "FILE.p12", description = "this party's keystore")
		Path keystore;

		@Option(names = "--password-env", paramLabel = "VAR", description = "environment variable with the " +
			"keystore password (default: ask at the terminal)")
		String passwordEnv;

		@Option(names = "--input", split = ",", paramLabel = "V", description = "a lab of a plain sum: its values")
		List<BigInteger> input;

		@Option(names = "--images", paramLabel = "DIR", description = "a lab of Algorithm 1: its image folder")
		Path images;

		@Override
		protected int execute() throws Exception {
			final NetworkSession session = NetworkSession.read(sessionFile);
			final NetworkSession.Node me = session.byName(name);
			if (me == null) throw new MedCryptException("the session file lists no party named '" + name + "'");
			final boolean lab = me.id() != Nodes.RESEARCHER;
			final StudySession study = session.extension().isEmpty() ? null : StudySession.of(session);
			if (study != null && lab != (images != null)) throw new CommandLine.ParameterException(spec.commandLine(),
				lab ? "a lab of an Algorithm 1 session needs --images DIR" : "the researcher takes no --images");
			// The check value of the session as run: an Algorithm 1 file is read into its canonical form.
			final NetworkSession run = study != null ? study.network() : session;
			out().println("session " + String.format("%016x", session.sum().id()) + ", check value " + run
				.checkValue() + ", " + session.sum().protocol() + ", " + (study != null ? "Algorithm 1, window " + study
					.study().window() + ", " + study.study().feature() + ", at least " + study.study()
						.minImagesPerLab() + " images per lab" : session.sum().domain()));
			final PartyCredentials creds = PartyCredentials.load(keystore, secret(passwordEnv, "--password-env",
				"keystore password", false));
			try {
				if (study == null) {
					final BigInteger[] result = NetworkParty.run(session, name, creds, input == null ? null : input
						.toArray(new BigInteger[0]), err()::println, cli().decorate);
					final StringBuilder s = new StringBuilder();
					for (final BigInteger v : result) s.append(s.length() == 0 ? "" : ",").append(v);
					out().println("result: " + s);
				}
				else runStudy(study, me, creds);
				return 0;
			}
			catch (final SecureSumAbortedException e) {
				err().println(NetworkParty.explain(session, e));
				out().println("aborted: culprit=" + e.culprit() + " step=" + e.step());
				return 1;
			}
		}

		/** A lab sums its images before connecting (no timeout runs meanwhile); then both sums run. */
		private void runStudy(final StudySession session, final NetworkSession.Node me, final PartyCredentials creds)
			throws Exception
		{
			// Plain lines, one per step (not the terminal's in-place line): they are a log the operator keeps.
			final Progress progress = new Progress() {

				private String last;

				@Override
				public synchronized void report(final String step, final long done, final long total) {
					if (!step.equals(last)) err().println("progress: " + step);
					last = step;
				}

				@Override
				public boolean isCanceled() {
					return false;
				}
			};
			final StudyParty.Outcome outcome = StudyParty.run(session, me.name(), creds, me.id() == Nodes.RESEARCHER
				? null : (w, feature, p) -> LabImageFolder.localSums(images, w, feature, p), progress, err()::println,
				cli().decorate);
			final GroundTruthStatistics stats = outcome.statistics();
			if (stats != null) {
				out().println("result: n=" + stats.groundTruthPixels() + " mean=" + stats.mean() + " sigma=" + stats
					.standardDeviation());
				out().println("exact: n=" + stats.groundTruthPixels() + " window_sum=" + stats.windowSum() +
					" squared_deviations=" + stats.encodedSquaredDeviations() + " feature_sum=" + stats.featureSum() +
					" published_mean=" + stats.globalMean());
			}
			else {
				out().println("result: mean=" + outcome.mean().toDouble() + " (" + outcome.mean() + ")");
			}
			out().println(String.format(Locale.ROOT,
				"timing: local %.3f s, connect %.3f s, protocol %.3f s; sent %d bytes in %d messages", outcome
					.localNanos() / 1e9, outcome.connectNanos() / 1e9, outcome.protocolNanos() / 1e9, outcome
						.bytesSent(), outcome.messagesSent()));
		}
	}
}
