package org.medcrypt.bench;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.GroundTruthStatistics;
import org.medcrypt.groundtruth.StudyParty;
import org.medcrypt.groundtruth.StudySession;
import org.medcrypt.ij.LabImageFolder;
import org.medcrypt.io.Progress;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.net.NetworkSession;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.testing.LabFolders;

/**
 * Algorithm 1 end to end on one machine: the researcher and 5 labs, each on its
 * own thread with its own {@link org.medcrypt.securesum.net.TlsTransport} over
 * loopback TLS 1.3, the 120 brain MRI slices of the shared datasets (512×512
 * 8-bit JPEG, threshold masks beside them) dealt 24 per lab. Each run starts
 * every party at once and ends when the last has its result; it measures each
 * lab's local work (decoding its images and summing windows, done before it
 * connects), the researcher's two secure sums once everyone is connected, and
 * the bytes each party sent. Not a JMH benchmark (one run is one study); run by
 * {@link BenchmarkMain} with {@code -Dbench.args="collaboration [runs]"}, writes
 * {@code collaboration.md}. Target: at most 5 s end to end.
 */
final class CollaborationBenchmark {

	static final String NAME = "collaboration";
	private static final int LABS = 5, IMAGES = 120, WINDOW = 5;
	private static final double TARGET_S = 5;
	private static final char[] PASSWORD = "benchmark".toCharArray();
	/** TLS 1.3 adds to each record a 5-byte header, the inner content type and a 16-byte AEAD tag. */
	private static final int TLS_RECORD_OVERHEAD = 22;

	/** One party's figures of one run. */
	private static final class Party {

		double localS, connectS, protocolS;
		long bytes, messages;
	}

	private CollaborationBenchmark() {}

	static void run(final Path out, final String[] args) throws Exception {
		final int runs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
		final Path work = Files.createTempDirectory("medcrypt-collab-bench");
		final List<Path> folders = LabFolders.deal(work.resolve("images"), LABS, LabFolders.brainMri(IMAGES));
		final List<PartyCredentials> creds = new ArrayList<>();
		for (int i = 0; i <= LABS; i++) creds.add(PartyCredentials.generate(name(i), PASSWORD, new SecureRandom()));
		final GroundTruthStatistics pooled = GroundTruthStatistics.pooled(LabFolders.pooled(folders), WINDOW,
			DeviationFeature.PIXEL_INTENSITY);
		final StringBuilder md = new StringBuilder();
		md.append("# Algorithm 1 across 5 labs over loopback TLS\n\n").append(String.format(Locale.ROOT,
			"%d brain MRI slices (512x512 8-bit JPEG, threshold masks), %d per lab, window %d, PIXEL_INTENSITY; " +
				"%d cores, load average before: %s. Researcher and labs on threads of one JVM, each with its own TLS " +
				"1.3 transport on 127.0.0.1. Pooled plaintext: %s.\n\n", IMAGES, IMAGES / LABS, WINDOW, Runtime
					.getRuntime().availableProcessors(), BenchmarkReport.loadAverage(), pooled));
		md.append("Seconds; local = the slowest lab's decoding and window sums (before it connects); protocol = the " +
			"researcher's two secure sums once all are connected; set-up = the rest (TLS handshakes, waiting). " +
			"Run 1 is a cold JVM.\n\n");
		md.append("| protocol | run | end to end | local (slowest lab) | protocol | set-up | bytes sent per party " +
			"(researcher; labs) | messages per party |\n|---|---:|---:|---:|---:|---:|---|---|\n");
		final List<Double> warmEndToEnd = new ArrayList<>();
		for (final Protocol protocol : new Protocol[] { Protocol.ADDITIVE_SHARING, Protocol.PERMUTED_RINGS,
			Protocol.RING })
		{
			for (int run = 1; run <= runs; run++) {
				final long start = System.nanoTime();
				final List<Party> parties = runOnce(protocol, creds, folders, pooled);
				final double endToEnd = (System.nanoTime() - start) / 1e9;
				if (protocol == Protocol.ADDITIVE_SHARING && run > 1) warmEndToEnd.add(endToEnd);
				double local = 0;
				for (final Party p : parties) local = Math.max(local, p.localS);
				final Party r = parties.get(0);
				final StringBuilder bytes = new StringBuilder(), messages = new StringBuilder();
				for (final Party p : parties) {
					bytes.append(bytes.length() == 0 ? "" : p == parties.get(1) ? "; " : ", ").append(p.bytes);
					messages.append(messages.length() == 0 ? "" : p == parties.get(1) ? "; " : ", ").append(p.messages);
				}
				final String row = String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.3f | %.2f | %s | %s |\n",
					protocol, run, endToEnd, local, r.protocolS, endToEnd - local - r.protocolS, bytes, messages);
				md.append(row);
				System.out.print(row);
			}
		}
		warmEndToEnd.sort(null);
		final double median = warmEndToEnd.get(warmEndToEnd.size() / 2);
		md.append(String.format(Locale.ROOT, "\nTarget <= %.0f s end to end (additive sharing, median of warm runs): " +
			"%.2f s, %s. Bytes are messages as written to TLS (frame header, message, padding to the session's " +
			"largest message); on the wire each adds about %d bytes of TLS record, and each connection's handshake " +
			"(not counted) a few kB.\n", TARGET_S, median, median <= TARGET_S ? "met" : "NOT met",
			TLS_RECORD_OVERHEAD));
		final Path file = out.resolve("collaboration.md");
		Files.write(file, md.toString().getBytes(StandardCharsets.UTF_8));
		System.out.println();
		System.out.println(md);
		System.out.println("Wrote " + file);
	}

	private static String name(final int node) {
		return node == 0 ? "researcher" : "lab-" + node;
	}

	/** One study with a new session on new ports; checks the researcher's result against the pooled plaintext. */
	private static List<Party> runOnce(final Protocol protocol, final List<PartyCredentials> creds,
		final List<Path> folders, final GroundTruthStatistics pooled) throws Exception
	{
		final List<NetworkSession.Node> nodes = new ArrayList<>();
		for (int i = 0; i <= LABS; i++) {
			try (ServerSocket s = new ServerSocket(0)) {
				nodes.add(new NetworkSession.Node(i, name(i), "127.0.0.1", s.getLocalPort(), creds.get(i).fingerprint()));
			}
		}
		final StudySession session = StudySession.create(protocol, WINDOW, DeviationFeature.PIXEL_INTENSITY, 1,
			Duration.ofSeconds(30), Duration.ofSeconds(60), nodes, new SecureRandom());
		final ExecutorService pool = Executors.newFixedThreadPool(LABS + 1);
		final CountDownLatch go = new CountDownLatch(1);
		try {
			final List<Future<Party>> futures = new ArrayList<>();
			for (int node = 0; node <= LABS; node++) {
				final int id = node;
				futures.add(pool.submit(() -> {
					go.await();
					final Party p = new Party();
					final StudyParty.Outcome o = StudyParty.run(session, name(id), creds.get(id), id == 0 ? null
						: (window, feature, progress) -> LabImageFolder.localSums(folders.get(id - 1), window, feature,
							progress), Progress.NONE, line -> {});
					p.localS = o.localNanos() / 1e9;
					if (id == 0 && (!o.statistics().encodedSquaredDeviations().equals(pooled.encodedSquaredDeviations()) ||
						!o.statistics().windowSum().equals(pooled.windowSum())))
					{
						throw new AssertionError("the secure result differs from the pooled plaintext: " + o.statistics());
					}
					p.connectS = o.connectNanos() / 1e9;
					p.protocolS = o.protocolNanos() / 1e9;
					p.bytes = o.bytesSent();
					p.messages = o.messagesSent();
					return p;
				}));
			}
			go.countDown();
			final List<Party> parties = new ArrayList<>();
			for (final Future<Party> f : futures) parties.add(f.get(120, TimeUnit.SECONDS));
			return parties;
		}
		finally {
			pool.shutdownNow();
		}
	}

	static boolean isRequested(final String[] args) {
		return args.length > 0 && args[0].equals(NAME);
	}

	static String[] rest(final String[] args) {
		return Arrays.copyOfRange(args, 1, args.length);
	}
}
