package org.medcrypt.cli;

import ij.ImagePlus;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CancellationException;

import org.medcrypt.encimage.CiphertextView;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.ij.LabelledImages;
import org.medcrypt.ij.PrecisionPlot;
import org.medcrypt.ij.ResultMontage;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.paillier.PaillierEncrypter;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.retrieval.RetrievalEvaluation;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.net.RetrievalServer;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.StoreEntry;

/**
 * {@code java -jar MedCrypt_-<version>-cli.jar <command> [options]}. Exit codes:
 * 0 done, 1 the work failed (the message says why), 2 the call was wrong.
 */
public final class MedCryptCli {

	static final String USAGE = String.join("\n", //
		"MedCrypt: search, transfer and pool medical images without exposing them.", //
		"", //
		"usage: java -jar MedCrypt_-<version>-cli.jar <command> [options]", //
		"", //
		"commands:", //
		"  keygen   --out DIR [--name medcrypt] [--bits 3072|2048]", //
		"           writes DIR/NAME.paillier.pub (share) and DIR/NAME.paillier.key (keep private)", //
		"  encrypt  --key KEY --in IMAGE --out FILE.mcimg [--view VIEW.png] [--levels 3] [--slot-bits 0]", //
		"           KEY is the recipient's .paillier.pub (or the owner's .paillier.key: faster);", //
		"           IMAGE is an 8/16-bit grayscale TIFF, PNG, JPEG or DICOM, stacks too", //
		"  decrypt  --key KEY.paillier.key --in FILE.mcimg --out IMAGE.tif", //
		"  demo     [--images test-images] [--out demo-output] [--bits 3072]", //
		"           the whole pipeline on a folder of images; writes figures and report.md", //
		"  store-server --store DIR --port N [--key PUB --delta 0 --levels 1] [--bind-all yes]", //
		"           --credentials SERVER.p12 --password-env VAR --allow FINGERPRINT[,FINGERPRINT...]", //
		"           serves an encrypted store (created with the physician's public key if DIR is new) over", //
		"           mutually authenticated TLS 1.3 to the key holders whose certificate fingerprints are allowed;", //
		"           prints its own fingerprint; listens on loopback only unless --bind-all yes; runs until stopped.", //
		"           --insecure-plain-tcp yes instead of the three TLS options: unauthenticated, tests/legacy only", //
		"  store-add   --store DIR|HOST:PORT --key KEY.paillier.key --in IMAGE|FILE.mcimg [--label L] [TLS]", //
		"           an image is encrypted here with its signature; a .mcimg gets its signature by the protocol", //
		"  store-list  --store DIR|HOST:PORT --key KEY.paillier.key [TLS]", //
		"  store-query --store DIR|HOST:PORT --key KEY.paillier.key --in IMAGE [--d 5] [--montage OUT.png] [TLS]", //
		"           TLS, for HOST:PORT: --credentials YOU.p12 --password-env VAR --server-fingerprint FINGERPRINT", //
		"  evaluate --images DIR [--deltas 4,16,64,256] [--d 5] [--encrypted yes] [--bits 2048] [--queries 10]", //
		"           [--out DIR]: mean precision at d over DIR/labels.csv (path,label), plaintext and", //
		"           encrypted side by side; writes precision.csv and precision.png to --out", //
		"  --help   this text", //
		"", //
		"Nothing is ever overwritten: choose new output names.");

	private MedCryptCli() {}

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		System.exit(run(args, System.out, System.err));
	}

	/** Runs one command; returns the exit code. */
	static int run(final String[] args, final PrintStream out, final PrintStream err) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
			out.println(USAGE);
			return args.length == 0 ? 2 : 0;
		}
		try {
			switch (args[0]) {
				case "keygen":
					keygen(new Arguments(args, 1, "out", "name", "bits"), out);
					return 0;
				case "encrypt":
					encrypt(new Arguments(args, 1, "key", "in", "out", "view", "levels", "slot-bits"), out);
					return 0;
				case "decrypt":
					decrypt(new Arguments(args, 1, "key", "in", "out"), out);
					return 0;
				case "store-server":
					storeServer(new Arguments(args, 1, "store", "port", "key", "bit-depth", "delta", "k", "levels", "bind-all",
						"credentials", "password-env", "allow", "insecure-plain-tcp"), out);
					return 0;
				case "store-add":
				case "store-list":
				case "store-query":
					storeClient(args[0], new Arguments(args, 1, "store", "key", "in", "label", "d", "montage", "credentials",
						"password-env", "server-fingerprint"), out);
					return 0;
				case "evaluate":
					evaluate(new Arguments(args, 1, "images", "deltas", "d", "encrypted", "bits", "queries", "out"), out);
					return 0;
				case "demo":
					final Arguments a = new Arguments(args, 1, "images", "out", "bits");
					new Demo(a.path0("images", "test-images"), a.path0("out", "demo-output"), a.integer("bits",
						PaillierKeyGenerator.DEFAULT_BITS), out).run();
					return 0;
				default:
					throw new Arguments.UsageException("unknown command '" + args[0] + "'");
			}
		}
		catch (final Arguments.UsageException e) {
			err.println("medcrypt: " + e.getMessage() + "\n\n" + USAGE);
			return 2;
		}
		catch (final MedCryptException e) {
			err.println("medcrypt: " + e.getMessage());
			return 1;
		}
		catch (final IllegalArgumentException e) {
			err.println("medcrypt: " + e.getMessage());
			return 1;
		}
		catch (final CancellationException e) {
			err.println("medcrypt: canceled");
			return 1;
		}
	}

	private static void keygen(final Arguments a, final PrintStream out) throws Arguments.UsageException,
		MedCryptException
	{
		final int bits = a.integer("bits", PaillierKeyGenerator.DEFAULT_BITS);
		final PaillierKeyPair pair = PaillierKeyGenerator.generate(bits, new SecureRandom());
		final Path[] files = PaillierKeyFiles.writePair(a.path("out"), a.get("name", "medcrypt"), pair);
		out.println("public key:  " + files[0] + "  (share it)");
		out.println("private key: " + files[1] + "  (keep it; owner-only permissions)");
		out.println("fingerprint: " + pair.publicKey().fingerprint());
	}

	private static void encrypt(final Arguments a, final PrintStream out) throws Arguments.UsageException,
		MedCryptException
	{
		final PaillierEncrypter key = PaillierKeyFiles.readEncrypter(a.path("key"));
		final ImagePlus imp = ImageFiles.open(a.path("in"));
		final int levels = a.integer("levels", PackingParameters.DEFAULT_LEVELS);
		final int slotBits = a.integer("slot-bits", 0);
		final PackingParameters packing = PackingParameters.of(levels, slotBits == 0 ? PackingParameters
			.minimumSlotBits(imp.getBitDepth(), levels) + 1 : slotBits, imp.getBitDepth());
		final long start = System.nanoTime();
		final EncryptedImage enc = PaillierImageCipher.encrypt(ImagePlusImgs.wrap(imp), key, packing, console(
			out));
		EncryptedImageFile.write(a.path("out"), enc);
		out.printf("%s -> %s: %d ciphertexts, %.2fx expansion, %.2f s%n", a.required("in"), a.required("out"), enc
			.ciphertexts().length, enc.expansion(), (System.nanoTime() - start) / 1e9);
		if (a.get("view", null) != null) {
			ImageFiles.savePng(ImagePlusImgs.toImagePlus("ciphertext", CiphertextView.render(enc)), a.path("view"));
		}
	}

	private static void decrypt(final Arguments a, final PrintStream out) throws Arguments.UsageException,
		MedCryptException
	{
		final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(a.path("key"));
		final EncryptedImage enc = EncryptedImageFile.read(a.path("in"), key.publicKey());
		final long start = System.nanoTime();
		final ImagePlus imp = ImagePlusImgs.toImagePlus(a.path("in").getFileName().toString(), PaillierImageCipher
			.decrypt(enc, key, console(out)));
		ImageFiles.saveTiff(imp, a.path("out"));
		out.printf("%s -> %s: %dx%dx%d, %d-bit, %.2f s%n", a.required("in"), a.required("out"), imp.getWidth(), imp
			.getHeight(), imp.getStackSize(), imp.getBitDepth(), (System.nanoTime() - start) / 1e9);
	}

	static final String NO_SERVER_CREDENTIALS = "store-server serves over mutually authenticated TLS 1.3 and needs " +
		"--credentials SERVER.p12 --password-env VAR --allow FINGERPRINT[,...]. Make the server's credentials with\n" +
		"  java -cp MedCrypt_-<version>-cli.jar org.medcrypt.securesum.net.PartyMain keygen --name store " +
		"--keystore server.p12 --cert server.pem --password-env VAR\n" +
		"(or Fiji's Generate Party Certificate); allow each physician by the fingerprint of their certificate\n" +
		"  java -cp MedCrypt_-<version>-cli.jar org.medcrypt.securesum.net.PartyMain fingerprint --cert physician.pem\n" +
		"Plain unauthenticated TCP (tests and legacy set-ups only): --insecure-plain-tcp yes";

	private static void storeServer(final Arguments a, final PrintStream out) throws Arguments.UsageException,
		MedCryptException
	{
		final boolean plain = a.flag("insecure-plain-tcp");
		final boolean tlsGiven = a.get("credentials", null) != null || a.get("allow", null) != null;
		if (plain && tlsGiven) throw new Arguments.UsageException(
			"--insecure-plain-tcp yes and the TLS options (--credentials, --allow) exclude each other");
		if (!plain && (a.get("credentials", null) == null || a.get("allow", null) == null)) {
			throw new MedCryptException(NO_SERVER_CREDENTIALS);
		}
		final PartyCredentials credentials = plain ? null : PartyCredentials.load(a.path("credentials"), password(a));
		final java.util.Set<String> allowed = new java.util.LinkedHashSet<>();
		if (!plain) for (final String f : a.required("allow").split(",")) allowed.add(Fingerprints.parseCertificate(f));
		final Path dir = a.path("store");
		final EncryptedStore store;
		if (java.nio.file.Files.exists(dir.resolve("store.properties"))) store = EncryptedStore.open(dir);
		else {
			final PaillierPublicKey key = PaillierKeyFiles.readPublic(a.path("key"));
			final int bitDepth = a.integer("bit-depth", 8);
			store = EncryptedStore.create(dir, key, SignatureParameters.resolve(bitDepth, a.integer("delta", 0), a
				.integer("k", 0), a.integer("levels", 1)));
		}
		final RetrievalServer server = new RetrievalServer(store, line -> out.println("[" + java.time.LocalTime.now()
			.withNano(0) + "] " + line));
		final java.net.ServerSocket socket = plain ? server.listenInsecurePlain(a.integer("port", 0), a.flag(
			"bind-all")) : server.listen(a.integer("port", 0), a.flag("bind-all"), credentials, allowed);
		out.println("MedCrypt store server: " + store.list().size() + " images in " + dir + " (key " + store.key()
			.shortFingerprint() + ", " + store.parameters() + ") on port " + socket.getLocalPort() + (plain
				? ", INSECURE plain TCP: unauthenticated, for tests and legacy set-ups only"
				: ", TLS 1.3; server certificate SHA-256 " + credentials.fingerprint() + " (give it to the key " +
					"holders); " + allowed.size() + " key holder certificate(s) allowed"));
		out.flush();
		while (!socket.isClosed()) {
			try {
				Thread.sleep(1000);
			}
			catch (final InterruptedException e) {
				return;
			}
		}
	}

	private static void storeClient(final String command, final Arguments a, final PrintStream out)
		throws Arguments.UsageException, MedCryptException
	{
		final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(a.path("key"));
		final Path credentials = a.get("credentials", null) == null ? null : a.path("credentials");
		final char[] password = credentials == null ? null : password(a);
		final String serverFingerprint = a.get("server-fingerprint", null);
		final long start = System.nanoTime();
		if (command.equals("store-add")) {
			final Path in = a.path("in");
			final boolean encrypted = in.toString().endsWith(EncryptedImageFile.SUFFIX);
			final ImagePlus imp = encrypted ? null : ImageFiles.open(in);
			final int bitDepth = encrypted ? EncryptedImageFile.read(in).bitDepth() : imp.getBitDepth();
			try (RetrievalClient client = RetrievalClient.open(a.required("store"), key, SignatureParameters.defaults(
				bitDepth), credentials, password, serverFingerprint))
			{
				final StoreEntry e = encrypted ? client.add(in.getFileName().toString(), a.get("label", ""),
					EncryptedImageFile.read(in, key.publicKey()), null, console(out)) : client.addImage(in.getFileName()
						.toString(), a.get("label", ""), ImagePlusImgs.wrap(imp), console(out));
				out.printf("added %s as %s (%s signature), %.2f s%n", e.name, e.id, encrypted ? "protocol" : "owner",
					(System.nanoTime() - start) / 1e9);
			}
			return;
		}
		try (RetrievalClient client = RetrievalClient.open(a.required("store"), key, null, credentials, password,
			serverFingerprint))
		{
			if (command.equals("store-list")) {
				for (final StoreEntry e : client.list()) out.println(e.id + "\t" + e.name + "\t" + e.label + "\t" +
					e.width + "x" + e.height);
				return;
			}
			final ImagePlus query = ImageFiles.open(a.path("in"));
			final java.util.List<RetrievalClient.Match> matches = client.query(client.signatureOf(ImagePlusImgs.wrap(
				query)), a.integer("d", 5), console(out));
			for (final RetrievalClient.Match m : matches) {
				out.println(m.rank + "\t" + m.entry.name + "\t" + m.entry.label + "\t" + m.entry.id);
			}
			out.printf("query answered in %.2f s%n", (System.nanoTime() - start) / 1e9);
			if (a.get("montage", null) != null && !matches.isEmpty()) {
				ImageFiles.savePng(ResultMontage.of("results", matches), a.path("montage"));
			}
		}
	}

	/** The keystore password, from the environment variable named by --password-env (never the command line). */
	private static char[] password(final Arguments a) throws Arguments.UsageException {
		return PartyCredentials.passwordFromEnvironment(a.required("password-env"));
	}

	private static void evaluate(final Arguments a, final PrintStream out) throws Arguments.UsageException,
		MedCryptException
	{
		final LabelledImages set = LabelledImages.read(a.path("images"), console(out));
		final int[] deltas = java.util.Arrays.stream(a.get("deltas", "4,16,64,256").split(",")).mapToInt(
			s -> Integer.parseInt(s.trim())).toArray();
		final int d = a.integer("d", 5);
		final PaillierKeyPair keys = a.flag("encrypted") ? PaillierKeyGenerator.generate(a.integer("bits", 2048),
			new SecureRandom()) : null;
		out.printf("%s: %d images, %d labels, %d-bit%s%n", a.required("images"), set.images.size(), set.labels
			.stream().distinct().count(), set.bitDepth(), keys == null ? "" : ", encrypted with a fresh " + keys
				.publicKey().bitLength() + "-bit key");
		final RetrievalEvaluation.Table table = RetrievalEvaluation.evaluate(set.images, set.labels, set.bitDepth(),
			deltas, d, keys, a.integer("queries", 10), console(out));
		final StringBuilder csv = new StringBuilder("delta,plaintext,encrypted\n");
		out.printf("%8s %10s %10s%n", "delta", "plaintext", "encrypted");
		for (int i = 0; i < deltas.length; i++) {
			out.printf("%8d %10.4f %10.4f%n", deltas[i], table.plaintext[i], table.encrypted[i]);
			csv.append(deltas[i]).append(',').append(table.plaintext[i]).append(',').append(table.encrypted[i]).append(
				'\n');
		}
		if (keys != null) {
			out.printf("encrypted path: %.1f s; full query protocol on %d queries: %d rankings identical to " +
				"plaintext; encrypted precision %s plaintext precision%n", table.encryptedSeconds, table.protocolQueries,
				table.identicalRankings, table.encryptedEqualsPlaintext() ? "EQUALS" : "DIFFERS FROM");
		}
		if (a.get("out", null) != null) {
			final Path dir = a.path("out");
			try {
				AtomicFiles.write(dir.resolve("precision.csv"), AtomicFiles.IfExists.FAIL, false, csv.toString()
					.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			}
			catch (final java.io.IOException e) {
				throw new MedCryptException("Could not write " + dir.resolve("precision.csv") + ": " + e.getMessage(), e);
			}
			ImageFiles.savePng(PrecisionPlot.of("Mean precision", table), dir.resolve("precision.png"));
			out.println("wrote " + dir.resolve("precision.csv") + " and precision.png");
		}
		if (keys != null && !table.encryptedEqualsPlaintext()) {
			throw new MedCryptException("The encrypted retrieval differs from the plaintext method; please report it.");
		}
	}

	/** Progress as a percentage on one console line. */
	static Progress console(final PrintStream out) {
		return new Progress() {
			private int lastPercent = -1;

			@Override
			public synchronized void report(final String step, final long done, final long total) {
				final int percent = (int) (100 * done / Math.max(1, total));
				if (percent / 10 != lastPercent / 10) {
					out.print("\r" + step + " " + percent + "%" + (done == total ? "\n" : ""));
					lastPercent = percent;
				}
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
	}
}
