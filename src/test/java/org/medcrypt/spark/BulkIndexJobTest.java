package org.medcrypt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.io.FileSaver;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.ij.RetrievalImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.RetrievalEvaluation;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.index.IndexManifest;
import org.medcrypt.retrieval.index.IndexRecord;
import org.medcrypt.retrieval.index.IndexSegment;
import org.medcrypt.retrieval.index.IndexVersions;
import org.medcrypt.retrieval.index.StoreIndex;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.EntryContent;
import org.medcrypt.retrieval.store.EntryTags;
import org.medcrypt.retrieval.store.StagedEntries;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.TestKeyFiles;

/**
 * The Spark bulk indexing job on real images ({@code local[2]}, retries
 * allowed), against the single-machine path ({@code store-add}'s). One Spark
 * context for the class: starting Spark costs more than the jobs.
 */
class BulkIndexJobTest {

	private static JavaSparkContext sc;
	private static final AtomicInteger FAILED_TASKS = new AtomicInteger();
	private static PaillierPrivateKey owner;
	private static Path[] keys;
	@TempDir
	static Path dir;
	/** The real images: MedNIST 64x64 of four classes, a brain MRI crop, a retina detail (test-images). */
	private static List<Path> images;

	@BeforeAll
	static void start() throws Exception {
		keys = TestKeyFiles.paillier("test-a");
		owner = PaillierKeyFiles.readPrivate(keys[1]);
		images = new ArrayList<>();
		for (final String f : new String[] { "mednist/Hand/000000.jpeg", "mednist/CXR/000200.jpeg",
			"mednist/BreastMRI/000179.jpeg", "mednist/AbdomenCT/000400.jpeg" }) images.add(Datasets.file(f));
		final ImagePlus mri = ImageFiles.open(Datasets.file("brain-tumor-mri/glioma/1846.jpg"));
		mri.setRoi(224, 224, 64, 64);
		final Path crop = dir.resolve("glioma-1846-crop.png");
		assertTrue(new FileSaver(mri.crop()).saveAsPng(crop.toString()));
		images.add(crop);
		images.add(Paths.get("test-images", "microaneurysms.png").toAbsolutePath());
		final SparkConf conf = BulkIndexJob.secure(new SparkConf().setMaster("local[2,2]").setAppName(
			"BulkIndexJobTest").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
		sc = new JavaSparkContext(conf);
		sc.sc().addSparkListener(new SparkListener() {

			@Override
			public void onTaskEnd(final SparkListenerTaskEnd end) {
				if (!end.taskInfo().successful() && end.reason().toString().contains("injected failure")) FAILED_TASKS
					.incrementAndGet();
			}
		});
	}

	@AfterAll
	static void stop() {
		if (sc != null) sc.stop();
	}

	/** A list file: one path per line, a label after a tab. */
	private static Path list(final String name, final List<Path> files, final String... extra) throws IOException {
		final StringBuilder text = new StringBuilder("# images to index\n");
		for (final Path f : files) text.append(f).append('\t').append(f.getParent().getFileName()).append('\n');
		for (final String e : extra) text.append(e).append('\n');
		return Files.write(dir.resolve(name), text.toString().getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void ownerJobWritesTheSingleMachineStore() throws Exception {
		final Path junk = Files.write(dir.resolve("notes.txt"), "not an image".getBytes(StandardCharsets.UTF_8));
		final Path store = dir.resolve("spark-store");
		final BulkIndexJob.Result r = BulkIndexJob.run(sc, list("owner.txt", images, junk.toString()).toString(),
			keys[1], store, SignatureParameters.Method.SPATIAL2, 2);
		assertEquals(images.size(), r.added);
		assertEquals(1, r.refused.size(), r.refused.toString());
		assertTrue(r.refused.get(0).contains("notes.txt"), r.refused.get(0));
		assertEquals(4, r.tasks);
		// the single-machine path: store-add's, one image after the other
		final Path single = dir.resolve("single-store");
		final EncryptedStore reference = EncryptedStore.create(single, owner.publicKey(), SignatureParameters.resolve(
			SignatureParameters.Method.SPATIAL2, 8, 0, 0, 1));
		try (RetrievalClient client = RetrievalClient.local(reference, owner)) {
			for (final Path f : images) RetrievalImages.addToStore(client, f.getFileName().toString(), f.getParent()
				.getFileName().toString(), ImageFiles.open(f), Progress.NONE);
		}
		final EncryptedStore spark = EncryptedStore.open(store);
		assertEquals(reference.parameters(), spark.parameters());
		final Map<String, StoreEntry> byName = new HashMap<>();
		for (final StoreEntry e : reference.list()) byName.put(e.name, e);
		assertEquals(images.size(), spark.list().size());
		for (final StoreEntry e : spark.list()) {
			final StoreEntry ref = byName.remove(e.name);
			assertNotNull(ref, e.name);
			assertEquals(ref.label, e.label);
			assertEquals(ref.width + "x" + ref.height + "x" + ref.planes + "@" + ref.bitDepth, e.width + "x" + e.height +
				"x" + e.planes + "@" + e.bitDepth);
			assertNotNull(e.tag(), "the owner's job tags its entries");
			assertArrayEquals(reference.signature(ref).decrypt(owner).counts(), spark.signature(e).decrypt(owner)
				.counts(), e.name);
			final Path original = images.stream().filter(p -> p.getFileName().toString().equals(e.name)).findFirst()
				.get();
			assertSamePixels(ImagePlusImgs.wrap(ImageFiles.open(original)), PaillierImageCipher.decrypt(spark.image(e),
				owner, Progress.NONE));
		}
		assertTrue(byName.isEmpty());
		// the key holder queries the job's store as any other: tags checked, the image itself ranked first
		try (RetrievalClient client = RetrievalClient.local(spark, owner)) {
			final List<RetrievalClient.Match> m = client.query(client.signatureOf(ImagePlusImgs.wrap(ImageFiles.open(
				images.get(0)))), 1, Progress.NONE);
			assertEquals(images.get(0).getFileName().toString(), m.get(0).entry.name);
		}
		assertNoCrcAndNoStagedObjects(store);
		// the tasks' sealed index segments, one per task: store-index adopts every record, seals none anew
		assertEquals(4, r.segments);
		assertEquals(0, r.discardedSegments);
		final IndexVersions versions = versions("owner");
		final StoreIndex.Update u = StoreIndex.update(spark, owner, versions, Progress.NONE);
		assertEquals(images.size() + " " + images.size() + " 0 0", u.entries + " " + u.adopted + " " + u.sealed + " " +
			u.rejected);
		// index mode ranks the whole store as the paper mode and as plaintext signatures do
		final List<WaveletSignature> plain = new ArrayList<>();
		for (final Path f : images) plain.add(RetrievalImages.signatureForStore(f, spark.parameters()));
		try (RetrievalClient client = RetrievalClient.local(spark, owner).withVersions(versions)) {
			for (final int q : new int[] { 0, 4 }) {
				final EncryptedSignature query = client.signatureOf(ImagePlusImgs.wrap(ImageFiles.open(images.get(q))));
				final List<String> index = names(client.query(query, images.size(), RetrievalClient.Mode.INDEX,
					Progress.NONE));
				assertEquals(RetrievalClient.Mode.INDEX, client.lastMode());
				assertEquals(names(client.query(query, images.size(), RetrievalClient.Mode.PAPER, Progress.NONE)), index);
				final List<WaveletSignature> all = new ArrayList<>(plain);
				all.add(plain.get(q));
				final List<String> expected = new ArrayList<>();
				for (final int i : RetrievalEvaluation.nearest(all, all.size() - 1, images.size())) expected.add(images
					.get(i).getFileName().toString());
				assertEquals(expected, index);
				assertEquals(images.get(q).getFileName().toString(), index.get(0));
				client.query(query, 1, RetrievalClient.Mode.AUTO, Progress.NONE);
				assertEquals(RetrievalClient.Mode.INDEX, client.lastMode());
			}
			// the tasks sealed each entry's preview from the plaintext: the paper mode's LL pixels, opened with no
			// Paillier decryption (a preview the index query could not open would be refused as the server's)
			final EncryptedSignature query = client.signatureOf(ImagePlusImgs.wrap(ImageFiles.open(images.get(2))));
			final List<RetrievalClient.Match> index = client.query(query, 3, RetrievalClient.Mode.INDEX,
				Progress.NONE), paper = client.query(query, 3, RetrievalClient.Mode.PAPER, Progress.NONE);
			for (int i = 0; i < 3; i++) {
				assertEquals(paper.get(i).previewWidth, index.get(i).previewWidth);
				org.junit.jupiter.api.Assertions.assertArrayEquals(paper.get(i).preview, index.get(i).preview);
			}
		}
		try (java.util.stream.Stream<Path> previews = java.nio.file.Files.list(store.resolve("previews"))) {
			assertEquals(images.size(), previews.count());
		}
	}

	@Test
	void publicKeyJobNeedsTheKeyHolderToTagItsEntries() throws Exception {
		final Path store = dir.resolve("public-store");
		final BulkIndexJob.Result r = BulkIndexJob.run(sc, list("public.txt", images.subList(0, 2)).toString(),
			keys[0], store, SignatureParameters.Method.PAPER, 1);
		assertEquals(2, r.added);
		final EncryptedStore spark = EncryptedStore.open(store);
		for (final StoreEntry e : spark.list()) {
			assertNull(e.tag(), "a public-key writer cannot tag");
			final Path original = images.stream().filter(p -> p.getFileName().toString().equals(e.name)).findFirst()
				.get();
			assertSamePixels(ImagePlusImgs.wrap(ImageFiles.open(original)), PaillierImageCipher.decrypt(spark.image(e),
				owner, Progress.NONE));
		}
		// store-index by the key holder adopts the segments the job sealed with the public key; index queries work
		final IndexVersions versions = versions("public");
		final StoreIndex.Update u = StoreIndex.update(spark, owner, versions, Progress.NONE);
		assertEquals("2 0 0", u.adopted + " " + u.sealed + " " + u.rejected);
		try (RetrievalClient client = RetrievalClient.local(spark, owner).withVersions(versions)) {
			assertEquals(images.get(1).getFileName().toString(), client.query(client.signatureOf(ImagePlusImgs.wrap(
				ImageFiles.open(images.get(1)))), 1, RetrievalClient.Mode.INDEX, Progress.NONE).get(0).entry.name);
		}
		// store-authenticate by the key holder, then its paper-mode queries rank them
		assertEquals(2, spark.authenticate(EntryTags.of(owner)));
		try (RetrievalClient client = RetrievalClient.local(spark, owner)) {
			assertEquals(images.get(1).getFileName().toString(), client.query(client.signatureOf(ImagePlusImgs.wrap(
				ImageFiles.open(images.get(1)))), 1, Progress.NONE).get(0).entry.name);
		}
		assertNoCrcAndNoStagedObjects(store);
	}

	@Test
	void aTaskThatFailsMidWayIsRetriedWithoutDuplicates() throws Exception {
		final Path store = dir.resolve("retried-store");
		final List<Path> some = images.subList(0, 3);
		final int failedBefore = FAILED_TASKS.get();
		// two images per task ([1], [2, 3]): the first attempt of the second task stages image 2, then dies; the
		// first attempt of the first task stages image 1 and writes its index segment, then dies
		final BulkIndexJob.Result r = BulkIndexJob.run(sc, list("retried.txt", some).toString(), keys[1], store,
			SignatureParameters.Method.PAPER, 2, some.get(1).toString(), some.get(0).toString(), true);
		sc.sc().listenerBus().waitUntilEmpty();
		assertEquals(2, FAILED_TASKS.get() - failedBefore, "two attempts failed and were retried");
		assertEquals(some.size(), r.added);
		final List<StoreEntry> entries = EncryptedStore.open(store).list();
		assertEquals(some.size(), entries.size());
		assertEquals(some.size(), entries.stream().map(e -> e.name).distinct().count());
		// exactly one encrypted image and one signature per entry: the retry reused image 1, wrote no second copy
		assertEquals(ids(entries), stems(store.resolve("images")));
		assertEquals(ids(entries), stems(store.resolve("signatures")));
		assertNoCrcAndNoStagedObjects(store);
		// the retries' segments only (the retried first task recomputed image 1's signature, sealed with the
		// staged entry's image hash); the failed attempt's segment was deleted, never placed
		assertEquals(2, r.segments);
		assertEquals(1, r.discardedSegments);
		assertEquals(2, StoreIndex.segmentFiles(store).size());
		try (Stream<Path> staged = Files.walk(store.resolve(BulkIndexJob.STAGING))) {
			assertEquals(0, staged.filter(f -> f.getFileName().toString().endsWith(IndexSegment.SUFFIX)).count());
		}
		final IndexVersions versions = versions("retried");
		final StoreIndex.Update u = StoreIndex.update(EncryptedStore.open(store), owner, versions, Progress.NONE);
		assertEquals("3 3 0 0", u.entries + " " + u.adopted + " " + u.sealed + " " + u.rejected);
		// the adopted index: each id exactly once, bound to the hash of the committed .mcimg file
		final IndexManifest m = IndexManifest.open("manifest", StoreIndex.latestManifest(store), owner);
		final Map<String, String> committed = new HashMap<>();
		for (final StoreEntry e : entries) committed.put(e.id, sha256(store.resolve("images").resolve(e.id +
			".mcimg")));
		assertEquals(committed, m.entries);
		final List<String> indexed = new ArrayList<>();
		for (final String sha : m.segments) {
			for (final IndexRecord rec : IndexSegment.open(sha, StoreIndex.segment(store, sha), owner)) {
				indexed.add(rec.entry.id);
				assertEquals(committed.get(rec.entry.id), rec.imageSha256);
			}
		}
		assertEquals(3, indexed.size());
		assertEquals(committed.keySet(), new HashSet<>(indexed));
	}

	private static IndexVersions versions(final String name) {
		return new IndexVersions(dir.resolve("home-" + name).resolve("index-versions.tsv"));
	}

	private static List<String> names(final List<RetrievalClient.Match> matches) {
		return matches.stream().map(m -> m.entry.name).collect(Collectors.toList());
	}

	private static String sha256(final Path file) throws IOException {
		return org.medcrypt.io.Hex.of(org.medcrypt.io.Wire.sha256().digest(Files.readAllBytes(file)));
	}

	@Test
	void aDriverKilledBeforeItsCommitIsRunAgainWithoutDuplicates() throws Exception {
		final Path store = dir.resolve("resumed-store");
		final Path list = list("resumed.txt", images.subList(2, 5));
		// the driver dies after the tasks staged everything, before it commits
		final BulkIndexJob.Result killed = BulkIndexJob.run(sc, list.toString(), keys[1], store,
			SignatureParameters.Method.PAPER, 1, null, null, false);
		assertEquals(0, killed.added);
		assertEquals(0, EncryptedStore.open(store).list().size());
		final BulkIndexJob.Result resumed = BulkIndexJob.run(sc, list.toString(), keys[1], store,
			SignatureParameters.Method.PAPER, 1);
		assertEquals(3, resumed.added);
		assertEquals(0, resumed.bytesWritten > 0 ? 0 : 1, "the staged objects are committed");
		// the same ids and the same files: the run again encrypted nothing anew
		final Map<String, String> staged = new HashMap<>(), committed = new HashMap<>();
		for (final StoreEntry e : killed.entries) staged.put(e.id, StagedEntries.line(e));
		for (final StoreEntry e : EncryptedStore.open(store).list()) committed.put(e.id, StagedEntries.line(e));
		assertEquals(staged, committed);
		// and a third run of the same list adds nothing
		final BulkIndexJob.Result again = BulkIndexJob.run(sc, list.toString(), keys[1], store,
			SignatureParameters.Method.PAPER, 1);
		assertEquals(0, again.added);
		assertEquals(3, again.alreadyCommitted);
		assertEquals(3, EncryptedStore.open(store).list().size());
		assertNoCrcAndNoStagedObjects(store);
	}

	/** The spark-index command line in process (the class's Spark context), on one image: store, segment, advice. */
	@Test
	void sparkIndexCommandLine() throws Exception {
		final Path store = dir.resolve("cli-store");
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err =
			new java.io.ByteArrayOutputStream();
		final String[] args = { "spark-index", "--images", list("cli.txt", images.subList(3, 4)).toString(), "--key",
			keys[0].toString(), "--store", store.toString(), "--signature", "paper" };
		assertEquals(0, SparkIndexCli.run(args, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true),
			sc), err.toString());
		final String text = out.toString(StandardCharsets.UTF_8.name());
		assertTrue(text.contains("added 1 images to " + store + " (0 already there, 0 left out) in 1 tasks"), text);
		assertTrue(text.contains("1 sealed index segments"), text);
		assertTrue(text.contains("store-index --store " + store), text);
		assertEquals(1, EncryptedStore.open(store).list().size());
		assertEquals(1, StoreIndex.segmentFiles(store).size());
		// an error the user can act on: one line, exit code 1, the shared context still running
		err.reset();
		final String[] bad = java.util.Arrays.copyOf(args, args.length + 2);
		bad[args.length] = "--images-per-task";
		bad[args.length + 1] = "0";
		assertEquals(1, SparkIndexCli.run(bad, new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true),
			new java.io.PrintStream(err, true), sc));
		assertEquals("medcrypt-spark: --images-per-task must be at least 1.", err.toString().trim());
		assertFalse(sc.sc().isStopped());
	}

	/** Two attempts at one id (a speculative copy): the first entry file wins, the other returns it. */
	@Test
	void twoAttemptsAtOneIdStageOneEntry() throws MedCryptException {
		final Path staging = dir.resolve("race");
		final SignatureParameters p = SignatureParameters.resolve(SignatureParameters.Method.PAPER, 8, 0, 0, 1);
		final EntryContent a = RetrievalImages.encryptForStore(images.get(0), owner, p, Progress.NONE);
		final EntryContent b = RetrievalImages.encryptForStore(images.get(0), owner, p, Progress.NONE);
		final StoreEntry first = StagedEntries.stage(staging, "0123456789abcdef", "x", "", a, owner.publicKey(), p,
			null);
		final StoreEntry second = StagedEntries.stage(staging, "0123456789abcdef", "x", "", b, owner.publicKey(), p,
			null);
		assertEquals(StagedEntries.line(first), StagedEntries.line(second));
		assertEquals(StagedEntries.line(first), StagedEntries.line(StagedEntries.staged(staging, "0123456789abcdef")));
	}

	private static Set<String> ids(final List<StoreEntry> entries) {
		return entries.stream().map(e -> e.id).collect(Collectors.toSet());
	}

	private static Set<String> stems(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(f -> f.getFileName().toString().replaceAll("\\..*", "")).collect(Collectors.toSet());
		}
	}

	private static void assertNoCrcAndNoStagedObjects(final Path store) throws IOException {
		final Set<String> crc = new HashSet<>();
		try (Stream<Path> s = Files.walk(store)) {
			s.forEach(f -> {
				if (f.getFileName().toString().endsWith(".crc")) crc.add(f.toString());
				assertFalse(f.toString().contains("/objects/"), "staged objects left: " + f);
			});
		}
		assertTrue(crc.isEmpty(), crc.toString());
	}

	private static void assertSamePixels(final RandomAccessibleInterval<? extends IntegerType<?>> expected,
		final RandomAccessibleInterval<? extends IntegerType<?>> actual)
	{
		assertEquals(expected.numDimensions() > 2 ? expected.dimension(2) : 1, actual.numDimensions() > 2 ? actual
			.dimension(2) : 1);
		final Cursor<? extends IntegerType<?>> a = Views.flatIterable(expected).cursor(), b = Views.flatIterable(actual)
			.cursor();
		while (a.hasNext()) assertEquals(a.next().getIntegerLong(), b.next().getIntegerLong());
		assertFalse(b.hasNext());
	}
}
