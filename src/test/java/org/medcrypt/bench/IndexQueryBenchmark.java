package org.medcrypt.bench;

import ij.IJ;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;

import org.medcrypt.encimage.EncryptedHaar;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.QueryProtocol;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.index.IndexManifest;
import org.medcrypt.retrieval.index.IndexVersions;
import org.medcrypt.retrieval.index.SealedIndex;
import org.medcrypt.retrieval.index.StoreIndex;
import org.medcrypt.retrieval.net.Candidates;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.EntryTags;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.testing.Datasets;

/**
 * Issue 12's key-holder query and issue 15's queries at scale, the paper mode
 * as the baseline in the same run: a store of brain MRI slices (512x512,
 * 8-bit, each entry with its own image's signature), then top-5 queries end to
 * end through the retrieval protocol (in-process channel) in the paper mode
 * and the sealed index mode, and the part of a query that grows with the store
 * (what the key holder receives and computes for every stored image) at each
 * size asked, fitted as a + b·N and extrapolated to 100,000.
 *
 * <p>The stored images repeat {@value #DISTINCT} encrypted images (encrypting
 * 1,000 at 3072 bits would take the run an hour); every entry's signature is
 * its own image's. The only per-image work on the stored image is the d
 * previews, the same in both modes. Run by {@link BenchmarkMain} with
 * {@code -Dbench.args="index-query [sizes,comma-separated] [bits]"} (default
 * {@code 100,1000 3072}); writes {@code index-query.md}.
 */
final class IndexQueryBenchmark {

	static final String NAME = "index-query";
	private static final int DISTINCT = 4, QUERIES = 3, D = 5;

	private IndexQueryBenchmark() {}

	static void run(final Path out, final String[] args) throws Exception {
		final int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "100,1000").split(",")).mapToInt(
			Integer::parseInt).toArray();
		final int bits = args.length > 1 ? Integer.parseInt(args[1]) : PaillierKeyGenerator.DEFAULT_BITS;
		final String loadBefore = BenchmarkReport.loadAverage();
		final List<String> lines = Files.readAllLines(Datasets.file("brain-tumor-mri/labels.csv"),
			StandardCharsets.UTF_8);
		final int max = Arrays.stream(sizes).max().getAsInt();
		final List<Img<? extends IntegerType<?>>> all = new ArrayList<>();
		final List<String> names = new ArrayList<>(), labels = new ArrayList<>();
		for (final String line : lines.subList(1, Math.min(lines.size(), max + QUERIES + 1))) {
			final String[] f = line.split(",");
			all.add(ImagePlusImgs.wrap(IJ.openImage(Datasets.file("brain-tumor-mri/" + f[0]).toString())));
			names.add(f[0]);
			labels.add(f.length > 1 ? f[1] : "");
		}
		final int available = all.size() - QUERIES;
		final PaillierKeyPair keys = PaillierKeyGenerator.generate(bits, new SecureRandom());
		keys.privateKey().precompute();
		final SignatureParameters p = SignatureParameters.defaults(8);
		final EncryptedImage[] images = new EncryptedImage[DISTINCT];
		for (int i = 0; i < DISTINCT; i++) images[i] = PaillierImageCipher.encrypt(all.get(i), keys.privateKey(),
			Progress.NONE);
		final EntryTags tags = EntryTags.of(keys.privateKey());
		final StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "# Queries at scale: brain MRI slices " +
			"(512x512 8-bit), %d-bit key, %s\n\n%d cores, load average before: %s.\n\n| store | mode | top-%d query " +
			"end to end (median of %d) | key holder per stored image: time (1 core CPU) | bytes received that grow " +
			"with the store |\n|---:|---|---:|---:|---:|\n", bits, p, Runtime.getRuntime().availableProcessors(),
			loadBefore, D, QUERIES));
		final double[][] fit = new double[sizes.length][4];
		for (int s = 0; s < sizes.length; s++) {
			final int n = sizes[s];
			final Path work = Files.createTempDirectory("medcrypt-index-bench");
			final EncryptedStore store = EncryptedStore.create(work.resolve("store"), keys.publicKey(), p);
			for (int i = 0; i < n; i++) {
				final Img<? extends IntegerType<?>> img = all.get(i % available);
				final EncryptedSignature sig = EncryptedSignature.encrypt(WaveletSignature.of(img, p, 8), keys
					.privateKey(), SecureRandoms.forThisThread());
				final StoreEntry e = new StoreEntry(StoreEntry.newId(), names.get(i % available) + "#" + i, labels.get(i %
					available), 512, 512, 1, 8);
				store.add(e.id, e.name, e.label, images[i % DISTINCT], sig, tags.tag(e, sig.toBytes(keys.publicKey())));
			}
			final IndexVersions versions = new IndexVersions(work.resolve("home").resolve("index-versions.tsv"));
			final long t0 = System.nanoTime();
			final StoreIndex.Update u = StoreIndex.update(store, keys.privateKey(), versions, Progress.NONE);
			final double indexS = (System.nanoTime() - t0) / 1e9;
			final double[] paper = new double[QUERIES], index = new double[QUERIES];
			try (RetrievalClient client = RetrievalClient.local(store, keys.privateKey()).withVersions(versions)) {
				for (int q = 0; q < QUERIES; q++) {
					final EncryptedSignature query = client.signatureOf(all.get(all.size() - 1 - q));
					long t = System.nanoTime();
					final List<RetrievalClient.Match> a = client.query(query, D, RetrievalClient.Mode.PAPER, Progress.NONE);
					paper[q] = (System.nanoTime() - t) / 1e9;
					t = System.nanoTime();
					final List<RetrievalClient.Match> b = client.query(query, D, RetrievalClient.Mode.INDEX, Progress.NONE);
					index[q] = (System.nanoTime() - t) / 1e9;
					for (int r = 0; r < D; r++) {
						if (!a.get(r).entry.id.equals(b.get(r).entry.id)) throw new IllegalStateException("modes differ");
					}
				}
			}
			Arrays.sort(paper);
			Arrays.sort(index);
			// the part that grows with the store, on this thread (CPU time: the machine is shared)
			final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
			final List<StoreEntry> entries = store.list();
			final List<EncryptedSignature> stored = new ArrayList<>();
			for (final StoreEntry e : entries) stored.add(store.signature(e));
			final WaveletSignature query = WaveletSignature.of(all.get(all.size() - 1), p, 8);
			final int cpuRuns = n > 500 ? 1 : 3;
			long paperCpu = Long.MAX_VALUE, indexCpu = Long.MAX_VALUE;
			for (int run = 0; run < cpuRuns; run++) {
				long c = cpu.getCurrentThreadCpuTime();
				for (final EncryptedSignature e : stored) query.distance(e.decrypt(keys.privateKey()));
				paperCpu = Math.min(paperCpu, cpu.getCurrentThreadCpuTime() - c);
				c = cpu.getCurrentThreadCpuTime();
				final byte[] manifest = StoreIndex.latestManifest(store.folder());
				final IndexManifest m = IndexManifest.open("manifest", manifest, keys.privateKey());
				SealedIndex.rank(query, SealedIndex.scan("bench", m, sha -> StoreIndex.segment(store.folder(), sha), keys
					.privateKey()), D);
				indexCpu = Math.min(indexCpu, cpu.getCurrentThreadCpuTime() - c);
			}
			final long paperBytes = new Candidates(entries, stored).toBytes(keys.publicKey()).length;
			long indexBytes = StoreIndex.latestManifest(store.folder()).length;
			for (final String sha : IndexManifest.open("m", StoreIndex.latestManifest(store.folder()), keys.privateKey())
				.segments) indexBytes += StoreIndex.segment(store.folder(), sha).length;
			final long previewBytes = (long) EncryptedHaar.lowpass(images[0], keys.publicKey(), 0).ciphertexts.length *
				keys.publicKey().ciphertextBytes();
			md.append(String.format(Locale.ROOT, "| %,d | paper | %.2f s | %.2f ms | %,d |%n", n, paper[QUERIES / 2],
				paperCpu / 1e6 / n, paperBytes));
			md.append(String.format(Locale.ROOT, "| %,d | index | %.2f s | %.4f ms | %,d |%n", n, index[QUERIES / 2],
				indexCpu / 1e6 / n, indexBytes));
			System.out.printf(Locale.ROOT, "%d images: paper %.2f s, index %.2f s (store-index %.1f s: %s); previews " +
				"%,d bytes each%n", n, paper[QUERIES / 2], index[QUERIES / 2], indexS, u, previewBytes);
			fit[s] = new double[] { n, paperCpu / 1e9, indexCpu / 1e9, paperBytes, indexBytes };
		}
		if (sizes.length >= 2) {
			final double[] a = fit[0], b = fit[sizes.length - 1];
			md.append("\nExtrapolated linearly (a + b·N through the smallest and largest store) to 100,000 images, the ")
				.append("part that grows with the store:\n\n| mode | key holder (1 core) | bytes |\n|---|---:|---:|\n");
			for (int k = 0; k < 2; k++) {
				final double tb = (b[1 + k] - a[1 + k]) / (b[0] - a[0]), ta = a[1 + k] - tb * a[0];
				final double bb = (b[3 + k] - a[3 + k]) / (b[0] - a[0]), ba = a[3 + k] - bb * a[0];
				md.append(String.format(Locale.ROOT, "| %s | %.2f s | %,.0f MB |%n", k == 0 ? "paper" : "index", ta +
					tb * 100_000, (ba + bb * 100_000) / 1e6));
			}
		}
		md.append("\nEnd to end includes the query's own signature, the d previews (server: LL band on ciphertexts; ")
			.append("key holder: their decryption), the same in both modes. Stored images repeat ").append(DISTINCT)
			.append(" encrypted images; signatures are each entry's own.\n");
		Files.write(out.resolve("index-query.md"), md.toString().getBytes(StandardCharsets.UTF_8));
		System.out.println(md);
	}

	static boolean isRequested(final String[] args) {
		return args.length > 0 && args[0].equals(NAME);
	}

	static String[] rest(final String[] args) {
		return Arrays.copyOfRange(args, 1, args.length);
	}
}
