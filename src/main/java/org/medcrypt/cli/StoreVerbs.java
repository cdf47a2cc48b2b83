package org.medcrypt.cli;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.PrecisionPlot;
import org.medcrypt.ij.ResultMontage;
import org.medcrypt.ij.RetrievalImages;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.Luma;
import org.medcrypt.retrieval.RetrievalEvaluation;
import org.medcrypt.retrieval.SignatureComparison;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.net.RetrievalServer;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.tls.PartyCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The encrypted store (server, add, list, remove, query) and the evaluation (Fiji: Retrieval menu). */
final class StoreVerbs {

	private StoreVerbs() {}

	static final String NO_SERVER_CREDENTIALS = "store-server serves over mutually authenticated TLS 1.3 and needs " +
		"--credentials SERVER.p12 --password-env VAR --allow FINGERPRINT[,...]. Make the server's credentials with\n" +
		"  java -jar MedCrypt_-<version>-cli.jar party keygen --name store --keystore server.p12 --cert server.pem " +
		"--password-env VAR\n" +
		"(or Fiji's Generate Party Certificate); allow each physician by the fingerprint of their certificate\n" +
		"  java -jar MedCrypt_-<version>-cli.jar party fingerprint --cert physician.pem\n" +
		"Plain unauthenticated TCP (tests and legacy set-ups only): --insecure-plain-tcp yes";

	@Command(name = "store-server", sortOptions = false, description = { "Serves an encrypted store (created " +
		"with the physician's public key if DIR is new) over mutually authenticated TLS 1.3 to the key holders " +
		"whose certificate fingerprints are allowed; prints its own fingerprint; runs until stopped." })
	static final class Server extends Verb {

		@Option(names = "--store", required = true, paramLabel = "DIR", description = "the store folder")
		Path dir;

		@Option(names = "--port", paramLabel = "N", description = "TCP port (default 0: any free one, printed)")
		int port;

		@Option(names = "--key", paramLabel = "PUB", description = "new store only: the physician's .paillier.pub")
		Path key;

		@Option(names = "--bit-depth", paramLabel = "B", description = "new store only: 8 or 16 (default: " +
			"${DEFAULT-VALUE})")
		int bitDepth = 8;

		@Option(names = "--signature", paramLabel = "paper|spatial|spatial2", description = "new store only: the " +
			"signature (default: ${DEFAULT-VALUE}; docs/RETRIEVAL.md)")
		String signature = "spatial2";

		@Option(names = "--delta", paramLabel = "D", description = "new store only: interval width (0: from --k)")
		int delta;

		@Option(names = "--k", paramLabel = "K", description = "new store only: intervals per level-1 band")
		int k;

		@Option(names = "--levels", paramLabel = "L", description = "new store only: Haar levels of the " +
			"signature (default: ${DEFAULT-VALUE})")
		int levels = 1;

		@Option(names = "--bind-all", arity = "1", paramLabel = "yes|no",
			converter = MedCryptCli.YesNo.class, description = "listen on every interface (default: loopback only)")
		boolean bindAll;

		@Option(names = "--credentials", paramLabel = "SERVER.p12", description = "the server's keystore")
		Path credentials;

		@Option(names = "--password-env", paramLabel = "VAR", description = "environment variable with the " +
			"keystore password (default: ask at the terminal)")
		String passwordEnv;

		@Option(names = "--allow", split = ",", paramLabel = "FINGERPRINT", description = "SHA-256 fingerprints of " +
			"the key holders' certificates, comma-separated")
		List<String> allow;

		@Option(names = "--insecure-plain-tcp", arity = "1", paramLabel = "yes|no",
			converter = MedCryptCli.YesNo.class, description = "instead of the TLS options: unauthenticated, " +
				"for tests and legacy set-ups only")
		boolean plain;

		@Option(names = "--handshake-timeout", paramLabel = "S", description = "seconds a new connection has to " +
			"complete the TLS handshake and say HELLO (default: ${DEFAULT-VALUE})")
		int handshakeSeconds = RetrievalServer.Limits.DEFAULTS.handshakeMillis / 1000;

		@Option(names = "--frame-timeout", paramLabel = "S", description = "seconds a message, once begun, may " +
			"pause (default: ${DEFAULT-VALUE})")
		int frameSeconds = RetrievalServer.Limits.DEFAULTS.frameMillis / 1000;

		@Option(names = "--key-holder-timeout", paramLabel = "S", description = "seconds the server waits for an " +
			"authenticated key holder's next message while it computes (default: ${DEFAULT-VALUE})")
		int keyHolderSeconds = RetrievalServer.Limits.DEFAULTS.keyHolderMillis / 1000;

		@Option(names = "--max-connections", paramLabel = "N", description = "open connections in all (default: " +
			"${DEFAULT-VALUE})")
		int maxConnections = RetrievalServer.Limits.DEFAULTS.maxConnections;

		@Option(names = "--max-per-address", paramLabel = "N", description = "open connections from one address " +
			"(default: ${DEFAULT-VALUE})")
		int maxPerAddress = RetrievalServer.Limits.DEFAULTS.maxPerAddress;

		@Override
		protected int execute() throws Exception {
			final boolean tlsGiven = credentials != null || allow != null;
			if (plain && tlsGiven) throw new CommandLine.ParameterException(spec.commandLine(),
				"--insecure-plain-tcp yes and the TLS options (--credentials, --allow) exclude each other");
			if (!plain && (credentials == null || allow == null)) throw new MedCryptException(NO_SERVER_CREDENTIALS);
			final PartyCredentials creds = plain ? null : PartyCredentials.load(credentials, secret(passwordEnv,
				"--password-env", "keystore password", false));
			final Set<String> allowed = new LinkedHashSet<>();
			if (!plain) for (final String f : allow) allowed.add(Fingerprints.parseCertificate(f));
			final EncryptedStore store;
			if (Files.exists(dir.resolve("store.properties"))) store = EncryptedStore.open(dir);
			else {
				if (key == null) throw new CommandLine.ParameterException(spec.commandLine(), "--key PUB is " +
					"required to create the store " + dir);
				store = EncryptedStore.create(dir, PaillierKeyFiles.readPublic(key), SignatureParameters.resolve(
					SignatureParameters.Method.named(signature), bitDepth, delta, k, levels));
			}
			final RetrievalServer.Limits limits;
			try {
				limits = new RetrievalServer.Limits(Math.multiplyExact(handshakeSeconds, 1000), Math.multiplyExact(
					frameSeconds, 1000), Math.multiplyExact(keyHolderSeconds, 1000), maxConnections, maxPerAddress,
					RetrievalServer.Limits.DEFAULTS.handshakeThreads);
			}
			catch (final IllegalArgumentException | ArithmeticException e) {
				throw new CommandLine.ParameterException(spec.commandLine(), "the timeouts and caps must be positive " +
					"(and timeouts under 24 days): " + e.getMessage());
			}
			final RetrievalServer server = new RetrievalServer(store, line -> out().println("[" + LocalTime.now()
				.withNano(0) + "] " + line), limits);
			final ServerSocket socket = plain ? server.listenInsecurePlain(port, bindAll) : server.listen(port, bindAll,
				creds, allowed);
			if (store.collectedOnOpen() > 0) out().println("deleted " + store.collectedOnOpen() + " leftover file(s) " +
				"of interrupted writers in " + dir);
			out().println("MedCrypt store server: " + store.list().size() + " images in " + dir + " (key " + store.key()
				.fingerprint() + ", " + store.parameters() + ") on port " + socket.getLocalPort() + (plain
					? ", INSECURE plain TCP: unauthenticated, for tests and legacy set-ups only"
					: ", TLS 1.3; server certificate SHA-256 " + creds.fingerprint() + " (give it to the key " +
						"holders); " + allowed.size() + " key holder certificate(s) allowed") + "; " + limits);
			out().flush();
			while (!socket.isClosed()) {
				try {
					Thread.sleep(1000);
				}
				catch (final InterruptedException e) {
					return 0;
				}
			}
			return 0;
		}
	}

	/** The store a key holder works with, and the TLS options for a store server. */
	static final class StoreOptions {

		@Option(names = "--store", required = true, paramLabel = "DIR|HOST:PORT", description = "a store folder, " +
			"or a store server")
		String store;

		@Option(names = "--key", required = true, paramLabel = "KEY.paillier.key", description = "the physician's " +
			"private key")
		Path key;

		@Option(names = "--credentials", paramLabel = "YOU.p12", description = "HOST:PORT only: your keystore")
		Path credentials;

		@Option(names = "--password-env", paramLabel = "VAR", description = "HOST:PORT only: environment variable " +
			"with the keystore password (default: ask at the terminal)")
		String passwordEnv;

		@Option(names = "--server-fingerprint", paramLabel = "FINGERPRINT", description = "HOST:PORT only: the " +
			"server's certificate SHA-256, as it prints when it starts")
		String serverFingerprint;

		/** Opens the store as {@link RetrievalClient#open}; {@code forNewStore} for a folder created on first use. */
		RetrievalClient open(final Verb verb, final PaillierPrivateKey privateKey,
			final SignatureParameters forNewStore) throws MedCryptException
		{
			return RetrievalClient.open(store, privateKey, forNewStore, credentials, credentials == null ? null : verb
				.secret(passwordEnv, "--password-env", "keystore password", false), serverFingerprint);
		}
	}

	/** A store folder and its key holder's private key (verbs that only the key holder runs, on the folder). */
	static final class KeyHolderFolder {

		@Option(names = "--store", required = true, paramLabel = "DIR", description = "the store folder")
		Path dir;

		@Option(names = "--key", required = true, paramLabel = "KEY.paillier.key", description = "the physician's " +
			"private key (the store's key pair)")
		Path key;

		/** The store, after checking that {@code privateKey} (read from {@link #key}) is its key pair's. */
		EncryptedStore open(final PaillierPrivateKey privateKey) throws MedCryptException {
			final EncryptedStore store = EncryptedStore.open(dir);
			store.requireKeyHolder(privateKey, key);
			return store;
		}
	}

	@Command(name = "store-add", sortOptions = false, description = { "Adds an image to a store: an image file " +
		"is encrypted here with its signature; a .mcimg gets its signature through the key-holder protocol." })
	static final class Add extends Verb {

		@Mixin
		StoreOptions store;

		@Option(names = "--in", required = true, paramLabel = "IMAGE|FILE.mcimg", description = "what to add")
		Path in;

		@Option(names = "--label", paramLabel = "L", description = "the diagnosis (optional)")
		String label = "";

		@Option(names = "--signature", paramLabel = "paper|spatial|spatial2", description = "a store folder created by " +
			"this add only: its signature (default: ${DEFAULT-VALUE}; an existing store keeps its own)")
		String signature = "spatial2";

		@Override
		protected int execute() throws MedCryptException {
			final SignatureParameters.Method method = SignatureParameters.Method.named(signature);
			final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(store.key);
			final long start = System.nanoTime();
			final boolean encrypted = in.toString().endsWith(EncryptedImageFile.SUFFIX);
			final ImagePlus imp = encrypted ? null : ImageFiles.open(in);
			final int bitDepth = encrypted ? Luma.signatureBitDepth(EncryptedImageFile.read(in)) : RetrievalImages
				.signatureBitDepth(imp);
			final String name = in.getFileName().toString();
			try (RetrievalClient client = store.open(this, key, SignatureParameters.resolve(method, bitDepth, 0, 0,
				1))) {
				final StoreEntry e = encrypted ? client.add(name, label, EncryptedImageFile.read(in, key.publicKey()), null,
					progress()) : RetrievalImages.addToStore(client, name, label, imp, progress());
				out().printf("added %s as %s (%s %s signature), %.2f s%n", e.name, e.id, encrypted ? "protocol" : "owner",
					client.parameters().method().label(), (System.nanoTime() - start) / 1e9);
			}
			return 0;
		}
	}

	@Command(name = "store-list", sortOptions = false, description = "Lists a store: id, name, label, size.")
	static final class ListEntries extends Verb {

		@Mixin
		StoreOptions store;

		@Override
		protected int execute() throws MedCryptException {
			try (RetrievalClient client = store.open(this, PaillierKeyFiles.readPrivate(store.key), null)) {
				for (final StoreEntry e : client.list()) out().println(e.id + "\t" + e.name + "\t" + e.label + "\t" +
					e.width + "x" + e.height);
			}
			return 0;
		}
	}

	@Command(name = "store-remove", sortOptions = false, description = "Removes an image from a store by its id " +
		"(as store-list prints it).")
	static final class Remove extends Verb {

		@Mixin
		StoreOptions store;

		@Option(names = "--id", required = true, paramLabel = "ID", description = "the entry's id")
		String id;

		@Override
		protected int execute() throws MedCryptException {
			try (RetrievalClient client = store.open(this, PaillierKeyFiles.readPrivate(store.key), null)) {
				final StoreEntry e = client.remove(id);
				out().println("removed " + e.id + "\t" + e.name + "\t" + e.label);
			}
			return 0;
		}
	}

	@Command(name = "store-gc", sortOptions = false, description = { "Deletes what interrupted writers left in " +
		"a store folder: entry files its index does not name and hidden .part temporaries. Safe while others use " +
		"the store (it waits for their changes); opening a store does the same." })
	static final class CollectGarbage extends Verb {

		@Option(names = "--store", required = true, paramLabel = "DIR", description = "the store folder")
		Path dir;

		@Override
		protected int execute() throws MedCryptException {
			final EncryptedStore store = EncryptedStore.open(dir);
			final int collected = store.collectedOnOpen() + store.collectGarbage();
			out().println("deleted " + collected + " leftover file" + (collected == 1 ? "" : "s") + " in " + dir + "; " +
				store.list().size() + " entries");
			return 0;
		}
	}

	@Command(name = "store-authenticate", sortOptions = false, description = { "Tags the entries of a store " +
		"folder made before entry tags (store index version 3) with the key holder's key, so that queries rank " +
		"them. It trusts the entries' files as they are now: run it only on a folder nobody else could change." })
	static final class Authenticate extends Verb {

		@Mixin
		KeyHolderFolder folder;

		@Override
		protected int execute() throws MedCryptException {
			final PaillierPrivateKey privateKey = PaillierKeyFiles.readPrivate(folder.key);
			final EncryptedStore store = folder.open(privateKey);
			final int tagged = store.authenticate(org.medcrypt.retrieval.store.EntryTags.of(privateKey));
			out().println("tagged " + tagged + " entr" + (tagged == 1 ? "y" : "ies") + " in " + folder.dir + "; " +
				store.list().size() + " entries");
			return 0;
		}
	}

	@Command(name = "store-index", sortOptions = false, description = { "Makes or updates the key holder's sealed " +
		"signature index of a store folder (index/): adopts segments written with the public key (e.g. by the " +
		"Spark job) after checking each record against its store entry, seals the entries no segment holds from " +
		"their encrypted signatures, drops removed ones, compacts, and signs the next manifest version; then " +
		"deletes the segments it read through and previews no live record opens. Queries then scan the index " +
		"locally (store-query --mode index)." })
	static final class Index extends Verb {

		@Mixin
		KeyHolderFolder folder;

		@Override
		protected int execute() throws MedCryptException {
			final PaillierPrivateKey privateKey = PaillierKeyFiles.readPrivate(folder.key);
			final EncryptedStore store = folder.open(privateKey);
			out().println(org.medcrypt.retrieval.index.StoreIndex.update(store, privateKey,
				org.medcrypt.retrieval.index.IndexVersions.inUserFolder(), progress()));
			return 0;
		}
	}

	@Command(name = "store-query", sortOptions = false, description = { "The d stored images most similar to an " +
		"image: the query stays here. Mode index (the default where the store has a sealed index): the key " +
		"holder fetches its sealed index, scans it locally and asks only for the d images' previews. Mode paper: " +
		"the server sends the stored encrypted signatures, which the key holder authenticates, decrypts and " +
		"ranks. The server never learns the query or distances." })
	static final class Query extends Verb {

		@Mixin
		StoreOptions store;

		@Option(names = "--in", required = true, paramLabel = "IMAGE", description = "the query image")
		Path in;

		@Option(names = "--d", paramLabel = "D", description = "images to return (default: ${DEFAULT-VALUE})")
		int d = 5;

		@Option(names = "--montage", paramLabel = "OUT.png", description = "also write the previews decrypted " +
			"from the encrypted LL bands")
		Path montage;

		@Option(names = "--mode", paramLabel = "index|paper|auto", description = "auto (default): the sealed index " +
			"where the store has one (same ranking, about 1,000x less key-holder work), else paper")
		String mode = "auto";

		@Override
		protected int execute() throws MedCryptException {
			checkNew(montage);
			final RetrievalClient.Mode queryMode;
			try {
				queryMode = RetrievalClient.Mode.named(mode);
			}
			catch (final IllegalArgumentException e) {
				throw new MedCryptException("--mode: " + e.getMessage() + ".");
			}
			final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(store.key);
			final long start = System.nanoTime();
			try (RetrievalClient client = store.open(this, key, null)) {
				final ImagePlus query = ImageFiles.open(in);
				final List<RetrievalClient.Match> matches = client.query(client.signatureOf(RetrievalImages.signaturePixels(query)),
					d, queryMode, progress());
				for (final RetrievalClient.Match m : matches) {
					out().println(m.rank + "\t" + m.entry.name + "\t" + m.entry.label + "\t" + m.entry.id);
				}
				out().printf("query answered in %.2f s (%s signature, %s mode)%n", (System.nanoTime() - start) / 1e9,
					client.parameters().method().label(), client.lastMode().name().toLowerCase(java.util.Locale.ROOT));
				if (montage != null && !matches.isEmpty()) ImageFiles.savePng(ResultMontage.of("results", matches),
					montage);
			}
			return 0;
		}
	}

	@Command(name = "evaluate", sortOptions = false, description = { "Mean precision at d over DIR/labels.csv " +
		"(path,label) for several interval widths, plaintext and (--encrypted yes) encrypted side by side " +
		"(paper 1, figure 2); then the Paper, Spatial and Spatial2 signatures side by side (precision at d = 1..10 and per " +
		"class); writes precision.csv, precision.png, signatures.csv, signatures-per-class.csv and signatures.png " +
		"to --out." })
	static final class Evaluate extends Verb {

		@Option(names = "--images", required = true, paramLabel = "DIR", description = "folder with labels.csv")
		Path images;

		@Option(names = "--deltas", paramLabel = "D,D,...", description = "interval widths (default: " +
			"${DEFAULT-VALUE})")
		String deltas = "4,16,64,256";

		@Option(names = "--d", paramLabel = "D", description = "images returned per query (default: ${DEFAULT-VALUE})")
		int d = 5;

		@Option(names = "--encrypted", arity = "1", paramLabel = "yes|no",
			converter = MedCryptCli.YesNo.class, description = "also run the encrypted method (slow: every image " +
				"is encrypted)")
		boolean encrypted;

		@Option(names = "--bits", paramLabel = "BITS", description = "key size of the encrypted run (default: " +
			"${DEFAULT-VALUE})")
		int bits = 2048;

		@Option(names = "--queries", paramLabel = "N", description = "queries checked through the full protocol " +
			"(default: ${DEFAULT-VALUE})")
		int queries = 10;

		@Option(names = "--signatures", arity = "1", paramLabel = "yes|no",
			converter = MedCryptCli.YesNo.class, description = "also compare the Paper, Spatial and Spatial2 signatures " +
				"(default: yes)")
		boolean signatures = true;

		@Option(names = "--out", paramLabel = "DIR", description = "where precision.csv and precision.png go")
		Path dir;

		@Override
		protected int execute() throws MedCryptException {
			final Path csvFile = dir == null ? null : dir.resolve("precision.csv");
			final Path plotFile = dir == null ? null : dir.resolve("precision.png");
			final Path[] compared = dir == null || !signatures ? new Path[0] : new Path[] { dir.resolve(
				"signatures.csv"), dir.resolve("signatures-per-class.csv"), dir.resolve("signatures.png") };
			final RetrievalImages.Evaluation e;
			final Path[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of(csvFile, plotFile), java.util
				.Arrays.stream(compared)).toArray(Path[]::new);
			try (AtomicFiles.Outputs outputs = outputs(all)) {
				e = evaluate(outputs, csvFile, plotFile);
				if (signatures) compare(e, outputs, compared);
				outputs.commit();
			}
			// After the outputs are kept: they are the evidence to report if the two methods differ.
			e.check();
			return 0;
		}

		/** The signature comparison: printed, and its three outputs written into {@code outputs} if --out is given. */
		private void compare(final RetrievalImages.Evaluation e, final AtomicFiles.Outputs outputs,
			final Path[] files) throws MedCryptException
		{
			final SignatureComparison.Result c = RetrievalImages.compare(e, Math.min(d, SignatureComparison.MAX_D),
				queries, progress());
			final StringBuilder head = new StringBuilder("d"), csv = new StringBuilder();
			for (final SignatureComparison.Row r : c.rows) {
				final String m = r.parameters.method().label().toLowerCase(Locale.ROOT);
				head.append(',').append(m);
				if (encrypted) head.append(',').append(m).append("-encrypted");
			}
			out().println("signatures side by side, mean precision at d: " + head.toString().replace(',', ' '));
			csv.append(head).append('\n');
			for (int i = 0; i < SignatureComparison.MAX_D; i++) {
				final StringBuilder line = new StringBuilder(Integer.toString(i + 1));
				for (final SignatureComparison.Row r : c.rows) {
					line.append(String.format(Locale.ROOT, ",%.4f", r.plaintext[i]));
					if (encrypted) line.append(String.format(Locale.ROOT, ",%.4f", r.encrypted[i]));
				}
				out().println(line.toString().replace(',', ' '));
				csv.append(line).append('\n');
			}
			final StringBuilder perClass = new StringBuilder("class,images");
			for (final SignatureComparison.Row r : c.rows) perClass.append(',').append(r.parameters.method().label()
				.toLowerCase(Locale.ROOT));
			out().println("per class, mean precision at d = " + c.d + ": " + perClass.toString().replace(',', ' '));
			perClass.append('\n');
			for (int k = 0; k < c.classes.size(); k++) {
				final StringBuilder line = new StringBuilder(c.classes.get(k) + "," + c.classSizes[k]);
				for (final SignatureComparison.Row r : c.rows) line.append(String.format(Locale.ROOT, ",%.4f", r
					.perClass[k]));
				out().println(line.toString().replace(',', ' '));
				perClass.append(line).append('\n');
			}
			if (files.length == 0) return;
			try {
				outputs.write(files[0], false, csv.toString().getBytes(StandardCharsets.UTF_8));
				outputs.write(files[1], false, perClass.toString().getBytes(StandardCharsets.UTF_8));
			}
			catch (final java.io.IOException x) {
				throw AtomicFiles.failure(dir, x);
			}
			ImageFiles.savePng(PrecisionPlot.of("Precision by signature", c), files[2]);
			outputs.written(files[2]);
			out().println("wrote signatures.csv, signatures-per-class.csv and signatures.png");
		}

		/** The evaluation, its table, and both outputs (if --out is given) written into {@code outputs}. */
		private RetrievalImages.Evaluation evaluate(final AtomicFiles.Outputs outputs, final Path csvFile,
			final Path plotFile) throws MedCryptException
		{
			final RetrievalImages.Evaluation e = RetrievalImages.evaluate(images, deltas, d, encrypted, bits, queries,
				progress());
			final RetrievalEvaluation.Table table = e.table;
			out().printf("%s: %d images, %d labels, %d-bit%s%n", images, e.set.images.size(), e.set.labels.stream()
				.distinct().count(), e.set.bitDepth(), e.encrypted() ? ", encrypted with a fresh " + e.keyBits +
					"-bit key" : "");
			// Only the columns that ran: the encrypted one is absent (not NaN) when it was not asked for.
			final StringBuilder csv = new StringBuilder(e.encrypted() ? "delta,plaintext,encrypted\n"
				: "delta,plaintext\n");
			out().println(e.encrypted() ? String.format("%8s %10s %10s", "delta", "plaintext", "encrypted") : String
				.format("%8s %10s", "delta", "plaintext"));
			for (int i = 0; i < table.deltas.length; i++) {
				out().println(String.format(Locale.ROOT, "%8d %10.4f", table.deltas[i], table.plaintext[i]) + (e
					.encrypted() ? String.format(Locale.ROOT, " %10.4f", table.encrypted[i]) : ""));
				csv.append(table.deltas[i]).append(',').append(table.plaintext[i]);
				if (e.encrypted()) csv.append(',').append(table.encrypted[i]);
				csv.append('\n');
			}
			if (e.encrypted()) {
				out().printf("encrypted path: %.1f s; full query protocol on %d queries: %d rankings identical to " +
					"plaintext; encrypted precision %s plaintext precision%n", table.encryptedSeconds, table
						.protocolQueries, table.identicalRankings, table.encryptedEqualsPlaintext() ? "EQUALS"
							: "DIFFERS FROM");
			}
			if (dir != null) {
				try {
					outputs.write(csvFile, false, csv.toString().getBytes(StandardCharsets.UTF_8));
				}
				catch (final java.io.IOException x) {
					throw AtomicFiles.failure(csvFile, x);
				}
				ImageFiles.savePng(PrecisionPlot.of("Mean precision", table), plotFile);
				outputs.written(plotFile);
				out().println("wrote " + csvFile + " and precision.png");
			}
			return e;
		}
	}
}
