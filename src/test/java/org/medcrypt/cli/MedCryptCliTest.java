package org.medcrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PartyCredentialFiles;
import org.medcrypt.tls.PartyCredentials;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The command line as a user meets it: exit codes, messages, help for every
 * subcommand, passwords from the environment, round trips through the verbs.
 */
class MedCryptCliTest {

	@TempDir
	Path dir;

	private final CliRun cli = new CliRun();

	private int run(final String... args) {
		return cli.run(args);
	}

	private String err() {
		return cli.err();
	}

	private String out() {
		return cli.out();
	}

	private static final String SET_VARIABLE = CliRun.SET_VARIABLE;

	@Test
	void helpAndUsageErrors() {
		assertEquals(0, run("--help"));
		assertTrue(out().contains("keygen"));
		assertEquals(2, run());
		assertEquals(2, run("frobnicate"));
		assertTrue(err().contains("unknown command 'frobnicate'"), err());
		assertEquals(2, run("keygen", "--bits"));
		assertTrue(err().contains("--bits needs a value"), err());
		assertEquals(2, run("keygen", "--out", dir.toString(), "--bits", "many"));
		assertTrue(err().contains("whole number"), err());
		assertEquals(1, run("keygen", "--out", dir.toString(), "--bits", "1024"));
		assertTrue(err().contains("too weak"), err());

		// A wrong call: one line saying why, then the usage of that command; exit code 2.
		assertEquals(2, run("keygen"));
		assertTrue(err().startsWith("medcrypt: Missing required option: '--out=DIR'"), err());
		assertTrue(err().contains("Usage: medcrypt keygen"), err());
		assertEquals(2, run("keygen", "--out", dir.toString(), "--colour", "blue"));
		assertTrue(err().contains("unknown option --colour"), err());
		assertEquals(2, run("transfer"));
		assertTrue(err().contains("a subcommand is required"), err());
		assertEquals(2, run("party", "frobnicate"));
		assertTrue(err().contains("unknown command 'frobnicate'"), err());
		assertEquals(2, run("store-server", "--store", dir.toString(), "--bind-all", "maybe"));
		assertTrue(err().contains("takes yes or no, not 'maybe'"), err());

		// Failed work: exactly one line "error: ...", never a stack trace; exit code 1.
		assertEquals(1, run("decrypt", "--key", dir.resolve("none.paillier.key").toString(), "--in", dir.resolve(
			"none.mcimg").toString(), "--out", dir.resolve("none.tif").toString()));
		assertTrue(err().startsWith("error: "), err());
		assertEquals(1, err().trim().split("\n").length, err());

		// The top-level help documents every command and the exit codes.
		assertEquals(0, run("--help"));
		for (final String command : new String[] { "keygen", "encrypt", "decrypt", "haar", "signature",
			"store-server", "store-add", "store-list", "store-remove", "store-gc", "store-authenticate", "store-index",
			"store-query",
			"evaluate", "transfer", "stream",
			"watermark", "leakage", "party", "demo" })
		{
			assertTrue(out().contains("\n  " + command + " "), command + " in\n" + out());
		}
		assertTrue(out().contains("exit codes:") && out().contains("0   done") && out().contains(
			"1   the work failed") && out().contains("2   the call was wrong"), out());
	}

	@Test
	void everySubcommandHasHelpThatListsItsOptions() {
		final List<List<String>> leaves = new ArrayList<>();
		collect(MedCryptCli.commandLine(), new ArrayList<>(), leaves);
		assertTrue(leaves.size() >= 24, leaves.toString());
		for (final List<String> path : leaves) {
			final List<String> args = new ArrayList<>(path);
			args.add("--help");
			assertEquals(0, run(args.toArray(new String[0])), String.join(" ", path));
			final CommandLine command = find(path);
			for (final OptionSpec o : command.getCommandSpec().options()) {
				if (o.hidden()) continue;
				assertTrue(out().contains(o.longestName()), String.join(" ", path) + " --help lacks " + o.longestName() +
					":\n" + out());
			}
			assertTrue(out().contains("Usage: medcrypt " + String.join(" ", path)), out());
		}
	}

	private static void collect(final CommandLine c, final List<String> path, final List<List<String>> leaves) {
		if (c.getSubcommands().isEmpty()) leaves.add(path);
		for (final java.util.Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
			final List<String> p = new ArrayList<>(path);
			p.add(e.getKey());
			collect(e.getValue(), p, leaves);
		}
	}

	private static CommandLine find(final List<String> path) {
		CommandLine c = MedCryptCli.commandLine();
		for (final String name : path) c = c.getSubcommands().get(name);
		return c;
	}

	@Test
	void passwordsComeFromAnEnvironmentVariableOrTheTerminalNeverFromAnOption() throws Exception {
		final Path ks = dir.resolve("lab.p12"), pem = dir.resolve("lab.pem");
		assertEquals(0, run("party", "keygen", "--name", "lab", "--keystore", ks.toString(), "--cert", pem.toString(),
			"--password-env", SET_VARIABLE), err());
		assertEquals(Fingerprints.of(PartyCredentialFiles.readCertificate(pem)), PartyCredentials.load(ks, System
			.getenv(SET_VARIABLE).toCharArray()).fingerprint());
		assertTrue(out().contains("fingerprint: " + Fingerprints.of(PartyCredentialFiles.readCertificate(pem))));

		assertEquals(1, run("party", "keygen", "--name", "lab2", "--keystore", dir.resolve("lab2.p12").toString(),
			"--cert", dir.resolve("lab2.pem").toString(), "--password-env", "MEDCRYPT_TEST_SURELY_UNSET_VARIABLE"));
		assertTrue(err().contains("MEDCRYPT_TEST_SURELY_UNSET_VARIABLE") && err().contains("is not set"), err());
		// No variable and no terminal to ask (tests have none): a wrong call, nothing written.
		assertEquals(2, run("party", "keygen", "--name", "lab2", "--keystore", dir.resolve("lab2.p12").toString(),
			"--cert", dir.resolve("lab2.pem").toString()));
		assertTrue(err().contains("--password-env") && err().contains("no terminal"), err());
		assertTrue(Files.notExists(dir.resolve("lab2.p12")));
		// There is no option that takes the password itself.
		assertEquals(2, run("party", "keygen", "--name", "lab2", "--keystore", dir.resolve("lab2.p12").toString(),
			"--cert", dir.resolve("lab2.pem").toString(), "--password", "secret"));
	}

	@Test
	void transferSealAndOpenAreBitExactAndRefuseTheWrongKey() throws Exception {
		for (final String who : new String[] { "a", "b" }) {
			assertEquals(0, run("transfer", "keygen", "--private-key", dir.resolve(who + ".key.pem").toString(),
				"--public-key", dir.resolve(who + ".pub.pem").toString(), "--bits", "2048"), err());
		}
		final Path original = Paths.get("test-images", "MR_small.dcm"), sealed = dir.resolve("sealed.tif"), opened = dir
			.resolve("opened.tif");
		assertEquals(0, run("transfer", "seal", "--in", original.toString(), "--sender-key", dir.resolve("a.key.pem")
			.toString(), "--recipient-key", dir.resolve("b.pub.pem").toString(), "--out", sealed.toString()), err());
		assertTrue(out().contains("sha256: "), out());
		final String digest = out().substring(out().indexOf("sha256: ")).trim();
		assertFalse(samePixels(original, sealed), "the sealed image hides the pixels");
		// The wrong key (the sender's own) is refused and nothing is written.
		assertEquals(1, run("transfer", "open", "--in", sealed.toString(), "--recipient-key", dir.resolve("a.key.pem")
			.toString(), "--sender-key", dir.resolve("a.pub.pem").toString(), "--out", opened.toString()));
		assertTrue(err().startsWith("error: "), err());
		assertTrue(Files.notExists(opened));
		assertEquals(0, run("transfer", "open", "--in", sealed.toString(), "--recipient-key", dir.resolve("b.key.pem")
			.toString(), "--sender-key", dir.resolve("a.pub.pem").toString(), "--out", opened.toString()), err());
		assertTrue(out().contains(digest), out());
		assertTrue(samePixels(original, opened), "opened pixels differ from the original");
	}

	@Test
	void streamCipherRoundTripWithAKeyFileAndAPassphrase() throws Exception {
		final Path original = Paths.get("test-images", "microaneurysms.png"), key = dir.resolve("k.mcstream.key");
		final Path enc = dir.resolve("enc.tif"), dec = dir.resolve("dec.tif");
		assertEquals(0, run("stream", "encrypt", "--in", original.toString(), "--out", enc.toString(),
			"--new-key-file", key.toString()), err());
		assertFalse(samePixels(original, enc));
		assertEquals(0, run("stream", "decrypt", "--in", enc.toString(), "--out", dec.toString(), "--key-file", key
			.toString()), err());
		assertTrue(out().contains("checked") && !out().contains("not checked"), out());
		assertTrue(samePixels(original, dec), "stream decrypt is not bit-exact");

		final Path penc = dir.resolve("penc.tif"), pdec = dir.resolve("pdec.tif");
		assertEquals(0, run("stream", "encrypt", "--in", original.toString(), "--out", penc.toString(),
			"--passphrase-env", SET_VARIABLE), err());
		assertTrue(out().contains("salt: pbkdf2-sha256:"), out());
		assertEquals(0, run("stream", "decrypt", "--in", penc.toString(), "--out", pdec.toString(),
			"--passphrase-env", SET_VARIABLE), err());
		assertTrue(samePixels(original, pdec), "passphrase round trip is not bit-exact");
		// The key file of the first image is not the key of the second: named, nothing written.
		assertEquals(1, run("stream", "decrypt", "--in", penc.toString(), "--out", dir.resolve("x.tif").toString(),
			"--key-file", key.toString()));
		assertTrue(err().contains("was encrypted with key"), err());
		// Exactly one key source.
		assertEquals(2, run("stream", "decrypt", "--in", penc.toString(), "--out", dir.resolve("x.tif").toString(),
			"--key-file", key.toString(), "--passphrase-env", SET_VARIABLE));
	}

	@Test
	void partyKeysFingerprintAndNewSession() throws Exception {
		final List<String> args = new ArrayList<>(Arrays.asList("party", "new-session", "--out", dir.resolve(
			"study.session").toString(), "--study", "algorithm1", "--window", "3", "--min-images", "7"));
		final List<String> fingerprints = new ArrayList<>();
		for (int n = 0; n < 4; n++) {
			final String name = n == 0 ? "researcher" : "lab-" + n;
			final Path pem = dir.resolve(name + ".pem");
			assertEquals(0, run("party", "keygen", "--name", name, "--keystore", dir.resolve(name + ".p12").toString(),
				"--cert", pem.toString(), "--password-env", SET_VARIABLE), err());
			final String made = out().trim();
			assertEquals(0, run("party", "fingerprint", "--cert", pem.toString()), err());
			assertEquals(made, out().trim());
			fingerprints.add(made.substring("fingerprint: ".length()));
			args.add("--node" + n);
			args.add(name + ",127.0.0.1," + (47000 + n) + "," + pem);
		}
		assertEquals(0, run(args.toArray(new String[0])), err());
		final org.medcrypt.groundtruth.StudySession session = org.medcrypt.groundtruth.StudySession.read(dir.resolve(
			"study.session"));
		assertTrue(out().contains(session.network().checkValue()), out());
		assertEquals(3, session.study().window());
		assertEquals(7, session.study().minImagesPerLab());
		for (int n = 0; n < 4; n++) assertEquals(fingerprints.get(n), session.network().node(n).fingerprint());
	}

	@Test
	void evaluatePrintsOnlyTheColumnsThatRan() throws Exception {
		final Path eval = dir.resolve("eval");
		// a labelled folder of every fifth MedNIST image (60 images, 10 per class), as a user would make one
		final Path images = dir.resolve("mednist-sample");
		Files.createDirectories(images);
		final List<String> labels = Files.readAllLines(org.medcrypt.testing.Datasets.file("mednist/labels.csv"),
			StandardCharsets.UTF_8);
		final List<String> sample = new ArrayList<>();
		sample.add(labels.get(0));
		for (int i = 1; i < labels.size(); i += 5) {
			sample.add(labels.get(i));
			final String name = labels.get(i).split(",")[0];
			final Path target = images.resolve(name);
			Files.createDirectories(target.getParent());
			Files.copy(org.medcrypt.testing.Datasets.file("mednist/" + name), target);
		}
		Files.write(images.resolve("labels.csv"), sample, StandardCharsets.UTF_8);
		assertEquals(0, run("evaluate", "--images", images.toString(), "--deltas", "16,64", "--out", eval.toString()),
			err());
		assertFalse(out().contains("NaN") || out().contains("encrypted"), out());
		final List<String> csv = Files.readAllLines(eval.resolve("precision.csv"), StandardCharsets.UTF_8);
		assertEquals("delta,plaintext", csv.get(0));
		assertEquals(3, csv.size(), csv.toString());
		for (final String line : csv) assertFalse(line.contains("NaN"), line);
		assertTrue(Files.size(eval.resolve("precision.png")) > 0);
		// The Paper, Spatial and Spatial2 signatures side by side: precision at d = 1..10 and per class (6 MedNIST classes).
		final List<String> bySignature = Files.readAllLines(eval.resolve("signatures.csv"), StandardCharsets.UTF_8);
		assertEquals("d,paper,spatial,spatial2", bySignature.get(0));
		assertEquals(11, bySignature.size(), bySignature.toString());
		final List<String> perClass = Files.readAllLines(eval.resolve("signatures-per-class.csv"),
			StandardCharsets.UTF_8);
		assertEquals("class,images,paper,spatial,spatial2", perClass.get(0));
		assertEquals(7, perClass.size(), perClass.toString());
		assertTrue(perClass.get(1).startsWith("AbdomenCT,10,"), perClass.get(1));
		assertTrue(Files.size(eval.resolve("signatures.png")) > 0);
		// Not a terminal here: no progress at all, only the results.
		assertFalse(err().contains("%"), err());
	}

	@Test
	void aSpatialStoreIsCreatedByStoreAddAndQueried() throws Exception {
		final Path store = dir.resolve("spatial-store"), key = org.medcrypt.testing.TestKeyFiles.paillier("test-a")[1];
		final List<String> lines = Files.readAllLines(org.medcrypt.testing.Datasets.file("mednist/labels.csv"),
			StandardCharsets.UTF_8);
		final List<String> images = new ArrayList<>();
		for (int i = 1; i < lines.size(); i += 60) images.add(org.medcrypt.testing.Datasets.file("mednist/" + lines
			.get(i).split(",")[0]).toString());
		for (final String image : images) {
			assertEquals(0, run("store-add", "--store", store.toString(), "--key", key.toString(), "--in", image,
				"--signature", "spatial"), err());
			assertTrue(out().contains("owner Spatial signature"), out());
		}
		assertTrue(Files.readAllLines(store.resolve("store.properties"), StandardCharsets.ISO_8859_1).contains(
			"signature=Spatial"));
		// each image finds itself first (distance 0) through the encrypted query
		final String query = images.get(2);
		assertEquals(0, run("store-query", "--store", store.toString(), "--key", key.toString(), "--in", query, "--d",
			"2"), err());
		assertTrue(out().startsWith("1\t" + Paths.get(query).getFileName()), out());
		assertTrue(out().contains("(Spatial signature, paper mode)"), out());
		final String paper = out().substring(0, out().indexOf("query answered"));
		// another key holder's key: refused by name, nothing indexed or tagged
		final Path otherKey = org.medcrypt.testing.TestKeyFiles.paillier("test-b")[1];
		for (final String verb : new String[] { "store-index", "store-authenticate" }) {
			assertEquals(1, run(verb, "--store", store.toString(), "--key", otherKey.toString()), verb);
			assertTrue(err().contains("Give the store's private key") && err().contains(otherKey.toString()), err());
			assertEquals(1, err().trim().split("\n").length, err());
		}
		assertFalse(Files.exists(store.resolve("index")), "an index written for the wrong key");
		// issue 15: the key holder's sealed index, then the same query scanned locally (auto picks the index)
		assertEquals(0, run("store-index", "--store", store.toString(), "--key", key.toString()), err());
		assertTrue(out().contains("sealed index version 1: " + images.size() + " entries"), out());
		assertEquals(0, run("store-query", "--store", store.toString(), "--key", key.toString(), "--in", query, "--d",
			"2"), err());
		assertTrue(out().contains("(Spatial signature, index mode)"), out());
		assertEquals(paper, out().substring(0, out().indexOf("query answered")));
		assertEquals(1, run("store-query", "--store", store.toString(), "--key", key.toString(), "--in", query,
			"--mode", "fast"));
		assertTrue(err().contains("index, paper or auto"), err());
		assertEquals(1, run("store-add", "--store", dir.resolve("other").toString(), "--key", key.toString(), "--in",
			query, "--signature", "wavelets"));
		assertTrue(err().contains("Paper, Spatial or Spatial2"), err());
	}

	/**
	 * Spatial2 is the default signature of a new store; a store created with
	 * Paper keeps Paper when images are added later without --signature.
	 */
	@Test
	void newStoresDefaultToSpatial2AndPaperStoresKeepPaper() throws Exception {
		final Path key = org.medcrypt.testing.TestKeyFiles.paillier("test-a")[1];
		final List<String> lines = Files.readAllLines(org.medcrypt.testing.Datasets.file("mednist/labels.csv"),
			StandardCharsets.UTF_8);
		final String first = org.medcrypt.testing.Datasets.file("mednist/" + lines.get(1).split(",")[0]).toString();
		final String second = org.medcrypt.testing.Datasets.file("mednist/" + lines.get(2).split(",")[0]).toString();
		final Path fresh = dir.resolve("default-store"), paper = dir.resolve("paper-store");
		assertEquals(0, run("store-add", "--store", fresh.toString(), "--key", key.toString(), "--in", first), err());
		assertTrue(Files.readAllLines(fresh.resolve("store.properties"), StandardCharsets.ISO_8859_1).contains(
			"signature=Spatial2"));
		assertEquals(0, run("store-add", "--store", paper.toString(), "--key", key.toString(), "--in", first,
			"--signature", "paper"), err());
		assertEquals(0, run("store-add", "--store", paper.toString(), "--key", key.toString(), "--in", second), err());
		assertFalse(Files.readAllLines(paper.resolve("store.properties"), StandardCharsets.ISO_8859_1).stream()
			.anyMatch(l -> l.startsWith("signature=")));
		assertEquals(0, run("store-query", "--store", paper.toString(), "--key", key.toString(), "--in", second, "--d",
			"1"), err());
		assertTrue(out().startsWith("1\t"), out());
		assertFalse(out().contains("Spatial"), out());
	}

	/** Issue 11: signature and store-add on RGB files, indexed by their luma (docs/RETRIEVAL.md). */
	@Test
	void rgbFilesAreSignedAndStoredByTheirLuma() throws Exception {
		final Path[] keys = org.medcrypt.testing.TestKeyFiles.paillier("test-a");
		final ImagePlus retina = IJ.openImage(Paths.get("test-images", "retina.jpg").toString());
		final Path[] crops = new Path[3];
		final int[][] at = { { 640, 600 }, { 200, 700 }, { 1000, 1000 } };
		for (int i = 0; i < crops.length; i++) {
			final ij.process.ImageProcessor ip = retina.getProcessor().duplicate();
			ip.setRoi(at[i][0], at[i][1], 40, 40);
			crops[i] = dir.resolve("rgb" + i + ".png");
			assertTrue(new ij.io.FileSaver(new ImagePlus("rgb" + i, ip.crop())).saveAsPng(crops[i].toString()));
			assertEquals(ImagePlus.COLOR_RGB, IJ.openImage(crops[i].toString()).getType());
		}
		final Path wide = dir.resolve("rgb2.mcimg"), narrow = dir.resolve("narrow.mcimg");
		assertEquals(0, run("encrypt", "--key", keys[1].toString(), "--in", crops[2].toString(), "--out", wide
			.toString(), "--slot-bits", "24"), err());
		assertEquals(0, run("encrypt", "--key", keys[1].toString(), "--in", crops[2].toString(), "--out", narrow
			.toString()), err());
		// signature: the owner's from the RGB file and the protocol's from the wide .mcimg are the same 16-bit one
		assertEquals(0, run("signature", "--key", keys[1].toString(), "--in", crops[2].toString(), "--out", dir.resolve(
			"owner.mcsig").toString()), err());
		assertEquals(0, run("signature", "--key", keys[1].toString(), "--in", wide.toString(), "--out", dir.resolve(
			"protocol.mcsig").toString()), err());
		final org.medcrypt.paillier.PaillierPrivateKey key = org.medcrypt.keys.PaillierKeyFiles.readPrivate(keys[1]);
		final org.medcrypt.retrieval.WaveletSignature owner = org.medcrypt.retrieval.EncryptedSignature.fromBytes("o",
			Files.readAllBytes(dir.resolve("owner.mcsig")), key.publicKey()).decrypt(key);
		final org.medcrypt.retrieval.WaveletSignature protocol = org.medcrypt.retrieval.EncryptedSignature.fromBytes(
			"p", Files.readAllBytes(dir.resolve("protocol.mcsig")), key.publicKey()).decrypt(key);
		assertEquals(16, owner.parameters().bitDepth());
		assertTrue(Arrays.equals(owner.counts(), protocol.counts()));
		// the default (16-bit) slots: refused, naming the owner's path
		assertEquals(1, run("signature", "--key", keys[1].toString(), "--in", narrow.toString(), "--out", dir.resolve(
			"n.mcsig").toString()));
		assertTrue(err().contains("--slot-bits 24") && err().contains("Open image"), err());
		// store-add: two RGB files by the owner, the wide .mcimg by the protocol; each query finds its own first
		final Path store = dir.resolve("rgb-store");
		for (final Path in : new Path[] { crops[0], crops[1], wide }) {
			assertEquals(0, run("store-add", "--store", store.toString(), "--key", keys[1].toString(), "--in", in
				.toString()), err());
		}
		assertTrue(Files.readAllLines(store.resolve("store.properties"), StandardCharsets.ISO_8859_1).contains(
			"bitDepth=16"));
		final String[] names = { "rgb0.png", "rgb1.png", "rgb2.mcimg" };
		for (int i = 0; i < crops.length; i++) {
			assertEquals(0, run("store-query", "--store", store.toString(), "--key", keys[1].toString(), "--in",
				crops[i].toString(), "--d", "1"), err());
			assertTrue(out().startsWith("1\t" + names[i]), out());
		}
	}

	private static boolean samePixels(final Path a, final Path b) {
		ij.Prefs.ignoreRescaleSlope = true;
		final ImagePlus x = IJ.openImage(a.toString()), y = IJ.openImage(b.toString());
		if (x.getStackSize() != y.getStackSize() || x.getBitDepth() != y.getBitDepth()) return false;
		for (int z = 1; z <= x.getStackSize(); z++) {
			final Object p = x.getStack().getPixels(z), q = y.getStack().getPixels(z);
			if (p instanceof byte[] ? !Arrays.equals((byte[]) p, (byte[]) q) : p instanceof short[] ? !Arrays.equals(
				(short[]) p, (short[]) q) : !Arrays.equals((int[]) p, (int[]) q)) return false;
		}
		return true;
	}

	@Test
	void roundTripOfARealDicomAndClearFailures() throws Exception {
		assertEquals(0, run("keygen", "--out", dir.toString(), "--name", "a", "--bits", "2048"), err());
		assertEquals(0, run("keygen", "--out", dir.toString(), "--name", "b", "--bits", "2048"), err());
		final Path dicom = Paths.get("test-images", "CT_small.dcm");
		final Path enc = dir.resolve("ct.mcimg"), view = dir.resolve("ct.png"), tif = dir.resolve("ct.tif");
		assertEquals(0, run("encrypt", "--key", dir.resolve("a.paillier.pub").toString(), "--in", dicom.toString(),
			"--out", enc.toString(), "--view", view.toString()), err());
		assertTrue(Files.size(view) > 0);

		// Existing outputs are never overwritten.
		final byte[] before = Files.readAllBytes(enc);
		assertEquals(1, run("encrypt", "--key", dir.resolve("a.paillier.pub").toString(), "--in", dicom
			.toString(), "--out", enc.toString()));
		assertTrue(err().contains("already exists"), err());
		assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(enc)));

		// The wrong private key is named, not used.
		assertEquals(1, run("decrypt", "--key", dir.resolve("b.paillier.key").toString(), "--in", enc.toString(),
			"--out", tif.toString()));
		assertTrue(err().contains("was encrypted for key"), err());
		assertTrue(Files.notExists(tif));

		assertEquals(0, run("decrypt", "--key", dir.resolve("a.paillier.key").toString(), "--in", enc.toString(),
			"--out", tif.toString()), err());
		ij.Prefs.ignoreRescaleSlope = true;
		final ImagePlus original = IJ.openImage(dicom.toString()), decrypted = IJ.openImage(tif.toString());
		assertEquals(16, decrypted.getBitDepth());
		final short[] a = (short[]) original.getProcessor().getPixels(), b = (short[]) decrypted.getProcessor()
			.getPixels();
		assertTrue(java.util.Arrays.equals(a, b), "decrypted DICOM pixels differ from the original");

		// An image that is neither 8/16-bit nor RGB (RGB is encrypted as three channels: PaillierImagesDescriptionTest)
		// gets a message that says how to convert it.
		final Path floats = dir.resolve("float.tif");
		org.medcrypt.ij.ImageFiles.saveTiff(new ImagePlus("float", new ij.process.FloatProcessor(8, 8)), floats);
		assertEquals(1, run("encrypt", "--key", dir.resolve("a.paillier.pub").toString(), "--in", floats.toString(),
			"--out", dir.resolve("float.mcimg").toString()));
		assertTrue(err().contains("8-bit or 16-bit"), err());
	}
}
