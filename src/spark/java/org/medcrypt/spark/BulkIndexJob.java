package org.medcrypt.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.medcrypt.ij.RetrievalImages;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.Wire;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierEncrypter;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.index.IndexRecord;
import org.medcrypt.retrieval.index.IndexSegment;
import org.medcrypt.retrieval.index.SealedPreview;
import org.medcrypt.retrieval.index.StoreIndex;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.EntryContent;
import org.medcrypt.retrieval.store.EntryTags;
import org.medcrypt.retrieval.store.StagedEntries;
import org.medcrypt.retrieval.store.StoreEntry;

/**
 * Encrypts and indexes a list of images into an encrypted store on Spark.
 *
 * <p><b>Driver.</b> Lists the inputs (a text file of paths, one per line with
 * an optional tab and label, or a folder; any file system Hadoop reads),
 * opens or creates the store, and gives each input an id: the first 64 bits of
 * HMAC-SHA256 under the job's random key over the input's URI. Ids are thus
 * fixed per input within a job (a retried task, or the driver run again after
 * a killed job, finds the same ids) and say nothing about image content (a
 * plain hash of the image would tell the server which stored images are
 * equal). The job key lives in the job's staging folder
 * ({@code STORE/bulk/job-XXXX/job.key}, the job named by the store's key and
 * the list of inputs), so running the same list again resumes that job.
 *
 * <p><b>Tasks</b> (map only, no shuffle; the driver partitions the list
 * itself, a few images per task, instead of {@code binaryFiles}, which packs
 * small files into one partition) read each image, encrypt it and build its
 * signature through {@link RetrievalImages#encryptForStore} (what
 * {@code store-add} does), and stage the entry ({@link StagedEntries}:
 * content-addressed objects, then an entry file written once). They return
 * only the entry's index line and its byte count; no ciphertext reaches the
 * driver. An input that is not an image the store can hold is reported and
 * left out, not fatal to the job.
 *
 * <p><b>Commit.</b> The driver adds the returned entries to the store in one
 * index change ({@link EncryptedStore#commit}: hard links from the staged
 * objects, then the index, under the store's lock), then deletes the staged
 * objects. The entry files and the job key stay, so the same list run again
 * adds nothing.
 *
 * <p>The store is a folder that the driver and every executor reach as a
 * POSIX path (a local disk for {@code local[*]}, a shared mount on a
 * cluster), since {@code store-server} serves it from there; the inputs may be
 * anywhere Hadoop's FileSystem reads (file:, hdfs://, s3a://). Outputs are
 * written through {@link AtomicFiles}, never through Hadoop's checksummed
 * local file system, so no {@code .crc} files appear.
 */
public final class BulkIndexJob {

	/** The staging folder of all bulk jobs in a store. */
	public static final String STAGING = "bulk";
	/** In a job's staging folder: the index segments of task attempts, before the driver places them. */
	static final String SEGMENTS = "segments";
	private static final String JOB_KEY = "job.key";
	private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory
		.getThreadMXBean();

	/** One input as a task receives it. */
	static final class Input implements Serializable {

		private static final long serialVersionUID = 1L;
		final String uri, name, label, id;

		Input(final String uri, final String name, final String label, final String id) {
			this.uri = uri;
			this.name = name;
			this.label = label;
			this.id = id;
		}
	}

	/** What the job did. */
	public static final class Result {

		/** Entries added to the index now; entries of this list already there (a job run again). */
		public final int added, alreadyCommitted;
		/** Inputs left out, each with the reason. */
		public final List<String> refused;
		/** Bytes of the objects the tasks staged (encrypted images and signatures). */
		public final long bytesWritten;
		/** CPU seconds the tasks spent reading, encrypting and signing images (0 for entries staged before). */
		public final double cpuSeconds;
		/**
		 * Sealed index segments of the successful task attempts placed in the
		 * store's {@code index/segments}; segments of other attempts (failed,
		 * speculative, an earlier run) deleted unadopted.
		 */
		public final int segments, discardedSegments;
		public final int tasks;
		public final double seconds;
		public final List<StoreEntry> entries;

		Result(final int added, final int alreadyCommitted, final List<String> refused, final long bytesWritten,
			final double cpuSeconds, final int segments, final int discardedSegments, final int tasks,
			final double seconds, final List<StoreEntry> entries)
		{
			this.cpuSeconds = cpuSeconds;
			this.segments = segments;
			this.discardedSegments = discardedSegments;
			this.added = added;
			this.alreadyCommitted = alreadyCommitted;
			this.refused = refused;
			this.bytesWritten = bytesWritten;
			this.tasks = tasks;
			this.seconds = seconds;
			this.entries = entries;
		}
	}

	private BulkIndexJob() {}

	/**
	 * The Spark settings this job runs with unless the caller set them:
	 * executors handle plaintext images and the private key (owner's path), so
	 * RPC is authenticated ({@code spark.authenticate}; on YARN and in local
	 * mode Spark makes the secret, elsewhere it must be given, see
	 * docs/SCALE.md), RPC and block transfers are encrypted
	 * ({@code spark.network.crypto.enabled}) and so are shuffle and spill files
	 * on executors' disks ({@code spark.io.encryption.enabled}).
	 */
	public static SparkConf secure(final SparkConf conf) {
		conf.setIfMissing("spark.authenticate", "true");
		conf.setIfMissing("spark.network.crypto.enabled", "true");
		conf.setIfMissing("spark.io.encryption.enabled", "true");
		// the task closure carries the key file's text; nothing large is ever collected
		conf.setIfMissing("spark.ui.enabled", "false");
		return conf;
	}

	/**
	 * Runs the job: {@code images} (a list file or a folder, any Hadoop URI or
	 * local path) into the store folder {@code store} (created if new, with
	 * {@code method}'s signature and the bit depth of the first image), with
	 * {@code keyFile} (the key holder's public key, or the owner's private key:
	 * faster, sealed images, tagged entries), {@code perTask} images per task.
	 */
	public static Result run(final JavaSparkContext sc, final String images, final Path keyFile, final Path store,
		final SignatureParameters.Method method, final int perTask) throws MedCryptException
	{
		return run(sc, images, keyFile, store, method, perTask, null, null, true);
	}

	/**
	 * {@link #run}, for tests: failing the first attempt of the task holding
	 * {@code failOnce} right after staging that image (a task retried), or of
	 * the task holding {@code failAfterSegment} once it has written its index
	 * segment, and stopping before the commit ({@code commit} false: a driver
	 * killed after its tasks).
	 */
	static Result run(final JavaSparkContext sc, final String images, final Path keyFile, final Path store,
		final SignatureParameters.Method method, final int perTask, final String failOnce,
		final String failAfterSegment, final boolean commit) throws MedCryptException
	{
		final long start = System.nanoTime();
		if (perTask < 1) throw new MedCryptException("--images-per-task must be at least 1.");
		final String keyText = PaillierKeyFiles.readKeyText(keyFile);
		final PaillierEncrypter encrypter = PaillierKeyFiles.parseEncrypter(keyFile, keyText);
		final PaillierPublicKey key = encrypter.publicKey();
		final Configuration hadoop = sc.hadoopConfiguration();
		final List<String[]> listed = list(images, hadoop);
		if (listed.isEmpty()) throw new MedCryptException(images + " lists no image.");
		final EncryptedStore target;
		if (Files.isRegularFile(store.resolve("store.properties"))) {
			target = EncryptedStore.open(store);
			if (!target.key().fingerprint().equals(key.fingerprint())) {
				throw new org.medcrypt.io.WrongKeyException("The store " + store + " is for another key than " +
					keyFile + ".");
			}
		}
		else {
			final int bitDepth = withLocalCopy(listed.get(0)[0], hadoop, RetrievalImages::signatureBitDepth);
			target = EncryptedStore.openOrCreate(store, key, SignatureParameters.resolve(method, bitDepth, 0, 0, 1));
		}
		final SignatureParameters parameters = target.parameters();
		final Path staging = store.resolve(STAGING).resolve(jobName(key, listed));
		final byte[] jobKey = jobKey(staging);
		final List<Input> inputs = new ArrayList<>();
		for (final String[] in : listed) {
			inputs.add(new Input(in[0], fileName(in[0]), in[1], id(jobKey, in[0])));
		}
		final int tasks = (inputs.size() + perTask - 1) / perTask;
		final Task task = new Task(keyFile.toString(), keyText, staging.toAbsolutePath().toString(), parameters
			.method().ordinal(), parameters.bitDepth(), parameters.delta(), parameters.levels(), failOnce,
			failAfterSegment);
		final List<String> records = sc.parallelize(inputs, tasks).mapPartitions(task).collect();
		final Map<String, StoreEntry> staged = new LinkedHashMap<>();
		// the index segment of each successful task attempt (Spark returns one attempt's records per task)
		final Map<String, List<String>> segments = new LinkedHashMap<>();
		final List<String> refused = new ArrayList<>();
		long bytes = 0, cpuNanos = 0;
		for (final String r : records) {
			if (r.startsWith("segment\t")) {
				final String[] f = r.split("\t", 3);
				segments.put(f[1], java.util.Arrays.asList(f[2].split(",")));
				continue;
			}
			if (r.startsWith("refused\t")) {
				final String[] f = r.split("\t", 3);
				refused.add(f[1] + ": " + f[2]);
				continue;
			}
			final String[] f = r.split("\t", 4);
			final StoreEntry e = StagedEntries.parse(f[3], "a task's record");
			// a record per input: a task retried or run twice returns the one staged entry again
			if (staged.putIfAbsent(e.id, e) == null) {
				bytes += Long.parseLong(f[1]);
				cpuNanos += Long.parseLong(f[2]);
			}
		}
		final List<StoreEntry> entries = new ArrayList<>(staged.values());
		if (!commit) return new Result(0, 0, refused, bytes, cpuNanos / 1e9, 0, 0, tasks, (System.nanoTime() -
			start) / 1e9, entries);
		final int placed = placeSegments(target, staging.resolve(SEGMENTS), segments);
		placePreviews(target, staging);
		final List<StoreEntry> added = target.commit(staging, entries);
		StagedEntries.deleteObjects(staging);
		final int discarded = countFiles(staging.resolve(SEGMENTS)) - segments.size();
		StagedEntries.delete(staging.resolve(SEGMENTS));
		return new Result(added.size(), entries.size() - added.size(), refused, bytes, cpuNanos / 1e9, placed,
			discarded, tasks, (System.nanoTime() - start) / 1e9, entries);
	}

	/**
	 * Places the index segments the successful task attempts returned (hash
	 * and entry ids) into the store's {@code index/segments}, where the key
	 * holder's {@code store-index} adopts them ({@link StoreIndex#update}: each
	 * record checked against its entry). Segments staged by other attempts
	 * (failed, speculative) are never placed, so nothing but what the
	 * committed entries' tasks sealed is offered; a segment whose entries are
	 * all in the store already (the same list run again) is not placed again.
	 * Placed before the entries' commit: a driver killed between the two runs
	 * the job again and places them again (the key holder adopts each entry
	 * once; records of entries not in the store are ignored).
	 */
	private static int placeSegments(final EncryptedStore target, final Path staged,
		final Map<String, List<String>> segments) throws MedCryptException
	{
		final java.util.Set<String> committed = new java.util.HashSet<>();
		for (final StoreEntry e : target.list()) committed.add(e.id);
		int placed = 0;
		for (final Map.Entry<String, List<String>> s : segments.entrySet()) {
			if (committed.containsAll(s.getValue())) continue;
			final byte[] bytes = IndexSegment.read(staged.resolve(IndexSegment.fileName(s.getKey())));
			if (!IndexSegment.sha256(bytes).equals(s.getKey())) {
				throw new DamagedFileException("The staged index segment " + s.getKey() + " in " + staged + " was " +
					"altered. Delete " + staged.getParent() + " and run the job again.");
			}
			StoreIndex.putSegment(target.folder(), bytes);
			placed++;
		}
		return placed;
	}

	/**
	 * Copies the sealed previews the tasks staged into the store's
	 * {@code previews} (never replacing a file: each is named by its key), before
	 * the entries' commit; only the records that hold a preview's key make it
	 * one an index query opens.
	 */
	private static void placePreviews(final EncryptedStore target, final Path staging) throws MedCryptException {
		final Path dir = staging.resolve("previews");
		if (!Files.isDirectory(dir)) return;
		try (java.util.stream.Stream<Path> files = Files.list(dir)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				final String file = f.getFileName().toString();
				if (!file.endsWith(SealedPreview.SUFFIX)) continue;
				final String name = file.substring(0, file.length() - SealedPreview.SUFFIX.length());
				if (SealedPreview.isValidName(name)) SealedPreview.write(target.folder(), name, SealedPreview.read(
					staging, name));
			}
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not list " + dir + ": " + e.getMessage(), e);
		}
		StagedEntries.delete(dir);
	}

	/** Files in a folder (0 if it does not exist). */
	private static int countFiles(final Path folder) throws MedCryptException {
		if (!Files.isDirectory(folder)) return 0;
		try (java.util.stream.Stream<Path> files = Files.list(folder)) {
			return (int) files.count();
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not list " + folder + ": " + e.getMessage(), e);
		}
	}

	/** The work of one task: stage each of its inputs; returns one small record per input. */
	static final class Task implements FlatMapFunction<Iterator<Input>, String> {

		private static final long serialVersionUID = 1L;
		private final String keyName, keyText, staging, failOnce, failAfterSegment;
		private final int method, bitDepth, delta, levels;

		Task(final String keyName, final String keyText, final String staging, final int method, final int bitDepth,
			final int delta, final int levels, final String failOnce, final String failAfterSegment)
		{
			this.failAfterSegment = failAfterSegment;
			this.keyName = keyName;
			this.keyText = keyText;
			this.staging = staging;
			this.method = method;
			this.bitDepth = bitDepth;
			this.delta = delta;
			this.levels = levels;
			this.failOnce = failOnce;
		}

		@Override
		public Iterator<String> call(final Iterator<Input> inputs) throws Exception {
			System.setProperty("java.awt.headless", "true");
			final PaillierEncrypter key = PaillierKeyFiles.parseEncrypter(Paths.get(keyName), keyText);
			final EntryTags tags = key instanceof PaillierPrivateKey ? EntryTags.of((PaillierPrivateKey) key) : null;
			final SignatureParameters parameters = SignatureParameters.of(SignatureParameters.Method.values()[method],
				bitDepth, delta, levels);
			final Path folder = Paths.get(staging);
			final Configuration hadoop = new Configuration();
			final TaskContext context = TaskContext.get();
			// the encryption's parallel loops run on this task's cores (spark.task.cpus), not the whole machine:
			// Spark's parallelism is its tasks, and local[1] means one core
			final ForkJoinPool pool = new ForkJoinPool(context != null ? Math.max(1, context.cpus()) : Runtime
				.getRuntime().availableProcessors());
			try {
				return stageAll(inputs, key, tags, parameters, folder, hadoop, context, pool);
			}
			finally {
				pool.shutdown();
			}
		}

		private Iterator<String> stageAll(final Iterator<Input> inputs, final PaillierEncrypter key,
			final EntryTags tags, final SignatureParameters parameters, final Path folder, final Configuration hadoop,
			final TaskContext context, final ForkJoinPool pool) throws MedCryptException
		{
			final List<String> out = new ArrayList<>();
			final List<IndexRecord> records = new ArrayList<>();
			final java.security.SecureRandom rnd = SecureRandoms.forThisThread();
			boolean failAfter = false;
			while (inputs.hasNext()) {
				final Input in = inputs.next();
				StoreEntry entry = StagedEntries.staged(folder, in.id);
				final long[] cpu = { 0 };
				try {
					WaveletSignature signature;
					byte[] previewKey = null;
					if (entry != null) {
						// staged by an earlier attempt: its image hash as it will be committed, and the signature
						// again from the plaintext (a Haar transform, no Paillier) to seal into this attempt's segment
						try {
							signature = inPool(pool, () -> withLocalCopy(in.uri, hadoop, file -> RetrievalImages
								.signatureForStore(file, parameters)));
						}
						catch (final MedCryptException e) {
							// the input unreadable now: the entry is committed all the same, without a record (the
							// key holder's store-index seals it from its encrypted signature)
							signature = null;
						}
					}
					else {
						// CPU time of the pool's one thread per task slot: what the benchmark's model needs, whatever
						// else runs on the machine
						final EntryContent content = inPool(pool, () -> {
							final long from = CPU.getCurrentThreadCpuTime();
							try {
								return withLocalCopy(in.uri, hadoop, file -> RetrievalImages.encryptForStore(file, key,
									parameters, Progress.NONE));
							}
							finally {
								cpu[0] = CPU.getCurrentThreadCpuTime() - from;
							}
						});
						entry = StagedEntries.stage(folder, in.id, in.name, in.label, content, key.publicKey(),
							parameters, tags);
						signature = content.plaintextSignature;
						// the preview sealed under a fresh key that travels only in this attempt's sealed record; the
						// driver copies the staged previews into the store (an earlier attempt's entry: LL fallback)
						previewKey = SealedPreview.newKey(rnd);
						SealedPreview.write(folder, SealedPreview.name(entry.id, previewKey), SealedPreview.seal(content
							.preview, previewKey, entry.id, StagedEntries.imageSha256(entry), rnd));
					}
					// the entry staged (this attempt's or one that won a race: same pixels, same signature)
					if (signature != null) {
						records.add(new IndexRecord(entry, StagedEntries.imageSha256(entry), signature, previewKey));
					}
					failAfter |= failAfterSegment != null && fileName(failAfterSegment).equals(in.name);
					out.add("staged\t" + StagedEntries.objectBytes(folder, entry) + "\t" + cpu[0] + "\t" + StagedEntries
						.line(entry));
					if (failOnce != null && context != null && context.attemptNumber() == 0 && fileName(failOnce).equals(
						in.name)) {
						// the injected failure: this attempt dies with part of its outputs written, none returned
						throw new IllegalStateException("injected failure after " + in.name + " (first attempt)");
					}
				}
				catch (final MedCryptException e) {
					if (!(e instanceof org.medcrypt.io.UnsupportedImageException) && !(e instanceof org.medcrypt.io
						.DamagedFileException)) throw e;
					out.add("refused\t" + in.uri + "\t" + e.getMessage().replaceAll("[\t\r\n]", " "));
				}
			}
			if (!records.isEmpty()) {
				// one segment per attempt, sealed to the key holder from its public key; its hash and ids (no
				// signature) go to the driver, which places only the successful attempts' segments
				final String sha = IndexSegment.write(folder.resolve(SEGMENTS), records, parameters, key.publicKey(),
					SecureRandoms.forThisThread());
				final StringBuilder ids = new StringBuilder();
				for (final IndexRecord r : records) ids.append(ids.length() == 0 ? "" : ",").append(r.entry.id);
				out.add("segment\t" + sha + "\t" + ids);
				if (failAfter && context != null && context.attemptNumber() == 0) {
					throw new IllegalStateException("injected failure after the index segment (first attempt)");
				}
			}
			return out.iterator();
		}
	}

	/** Runs {@code work} in {@code pool}, so that its parallel streams use that pool's threads. */
	static <T> T inPool(final ForkJoinPool pool, final Callable<T> work) throws MedCryptException {
		try {
			return pool.submit(work).get();
		}
		catch (final ExecutionException e) {
			// ForkJoinTask wraps a checked exception in RuntimeExceptions: the user's error is the innermost one
			for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
				if (t instanceof MedCryptException) throw (MedCryptException) t;
			}
			if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
			throw new IllegalStateException(e.getCause());
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new MedCryptException("The task was interrupted.", e);
		}
	}

	/** What a caller does with an image file on this machine. */
	@FunctionalInterface
	interface OnFile<T> {
		T apply(Path file) throws MedCryptException;
	}

	/**
	 * Runs {@code action} on the input as a local file: a local path or
	 * {@code file:} URI directly, anything else copied through Hadoop's
	 * FileSystem into an owner-only temporary folder (keeping its name, by which
	 * ImageJ knows its format), deleted afterwards.
	 */
	static <T> T withLocalCopy(final String uri, final Configuration hadoop, final OnFile<T> action)
		throws MedCryptException
	{
		final URI u = URI.create(uri);
		if (u.getScheme() == null || u.getScheme().equals("file")) {
			return action.apply(u.getScheme() == null ? Paths.get(uri) : Paths.get(u));
		}
		Path dir = null;
		try {
			dir = Files.createTempDirectory("medcrypt-input", PosixFilePermissions.asFileAttribute(PosixFilePermissions
				.fromString("rwx------")));
			final Path file = dir.resolve(fileName(uri));
			final org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(u);
			try (InputStream in = p.getFileSystem(hadoop).open(p)) {
				Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			}
			return action.apply(file);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not read the image " + uri + ": " + e.getMessage(), e);
		}
		finally {
			if (dir != null) {
				try {
					StagedEntries.delete(dir);
				}
				catch (final MedCryptException e) {
					// a temporary folder of this task: the executor's clean-up removes it
				}
			}
		}
	}

	/**
	 * The inputs as [URI, label] pairs, distinct, in order: a folder's files
	 * (hidden files, Hadoop's {@code _SUCCESS} and {@code .crc} files left out)
	 * sorted by name, or a list file's lines ({@code PATH} or {@code PATH<tab>LABEL};
	 * blank lines and lines starting with # skipped; relative paths resolved
	 * against the list's folder).
	 */
	static List<String[]> list(final String images, final Configuration hadoop) throws MedCryptException {
		final String uri = URI.create(images.replace(" ", "%20")).getScheme() == null ? Paths.get(images)
			.toAbsolutePath().toUri().toString() : images;
		final org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(URI.create(uri));
		final Map<String, String[]> out = new LinkedHashMap<>();
		try {
			final FileSystem fs = path.getFileSystem(hadoop);
			final FileStatus status = fs.getFileStatus(path);
			if (status.isDirectory()) {
				final List<String> names = new ArrayList<>();
				for (final FileStatus f : fs.listStatus(path)) {
					final String n = f.getPath().getName();
					if (f.isFile() && !n.startsWith(".") && !n.startsWith("_") && !n.endsWith(".crc")) names.add(f
						.getPath().toUri().toString());
				}
				Collections.sort(names);
				for (final String n : names) out.putIfAbsent(n, new String[] { n, "" });
			}
			else {
				if (status.getLen() > BoundedFiles.SMALL_FILE * 64L) throw new MedCryptException(images + " is too " +
					"large for a list of images (" + status.getLen() + " bytes).");
				final String text;
				try (InputStream in = fs.open(path)) {
					text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				final URI base = path.getParent().toUri();
				for (final String raw : text.split("\r?\n")) {
					final String line = raw.trim();
					if (line.isEmpty() || line.startsWith("#")) continue;
					final String[] f = line.split("\t", 2);
					final String p = f[0].trim();
					final URI pu = URI.create(p.replace(" ", "%20"));
					final String resolved = pu.getScheme() != null ? p : p.startsWith("/") ? Paths.get(p).toUri()
						.toString() : base.resolve(base.getPath().endsWith("/") ? pu : URI.create(base.getPath() + "/")
							.resolve(pu)).toString();
					out.putIfAbsent(resolved, new String[] { resolved, f.length > 1 ? f[1].trim() : "" });
				}
			}
		}
		catch (final IOException | IllegalArgumentException e) {
			throw new MedCryptException("Could not list the images of " + images + ": " + e.getMessage(), e);
		}
		return new ArrayList<>(out.values());
	}

	/** The input's file name: the entry's name, as store-add names an entry by its file. */
	static String fileName(final String uri) {
		final String p = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
		final String n = p.substring(p.lastIndexOf('/') + 1);
		try {
			return java.net.URLDecoder.decode(n.replace("+", "%2B"), "UTF-8");
		}
		catch (final java.io.UnsupportedEncodingException | IllegalArgumentException e) {
			return n;
		}
	}

	/** A job is named by the store's key and its list of inputs: the same list run again is the same job. */
	static String jobName(final PaillierPublicKey key, final List<String[]> inputs) {
		final java.security.MessageDigest sha = Wire.sha256();
		sha.update(key.fingerprint().getBytes(StandardCharsets.UTF_8));
		for (final String[] in : inputs) {
			sha.update((byte) 0);
			sha.update(in[0].getBytes(StandardCharsets.UTF_8));
			sha.update((byte) 1);
			sha.update(in[1].getBytes(StandardCharsets.UTF_8));
		}
		return "job-" + Hex.of(sha.digest()).substring(0, 16);
	}

	/** The job's key: 32 random bytes, drawn once (owner-only file) and reused by a run that resumes the job. */
	static byte[] jobKey(final Path staging) throws MedCryptException {
		final Path file = staging.resolve(JOB_KEY);
		try {
			if (!Files.exists(file)) {
				final byte[] key = new byte[32];
				SecureRandoms.forThisThread().nextBytes(key);
				try {
					AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, true, Hex.of(key).getBytes(
						StandardCharsets.US_ASCII));
				}
				catch (final java.nio.file.FileAlreadyExistsException e) {
					// another driver of the same job drew it first: use theirs
				}
			}
			return Hex.parse(new String(BoundedFiles.read(file, 256, "job key"), StandardCharsets.US_ASCII).trim());
		}
		catch (final IOException | IllegalArgumentException e) {
			throw new MedCryptException("Could not read or write the job key " + file + ": " + e.getMessage(), e);
		}
	}

	/** An input's entry id: HMAC-SHA256 under the job key over its URI, first 64 bits. */
	static String id(final byte[] jobKey, final String uri) {
		try {
			final Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(jobKey, "HmacSHA256"));
			return Hex.of(java.util.Arrays.copyOf(mac.doFinal(uri.getBytes(StandardCharsets.UTF_8)), 8));
		}
		catch (final java.security.GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
		}
	}
}
