package org.medcrypt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.TestKeyFiles;
import org.medcrypt.tls.PartyCredentials;

/**
 * Issue 14, finding 5, through the command line: no command replaces a file,
 * and a command with several outputs writes all of them or none. Each test
 * names the finding it reproduces. A second output that fails after the first
 * is written is provoked by a second output whose folder is a regular file: the
 * claim cannot see it coming (the name is free), the write fails.
 */
class NoOverwriteTest {

	private static final char[] PASSWORD = "no-overwrite-test".toCharArray();
	private static final String SET_VARIABLE = CliRun.SET_VARIABLE;

	@TempDir
	Path dir;

	private final CliRun cli = new CliRun();

	private int run(final String... args) {
		return cli.run(args);
	}

	private String err() {
		return cli.err();
	}

	/** A regular file: any output "inside" it is free to claim and fails to write. */
	private Path notAFolder() throws Exception {
		return Files.write(dir.resolve("not-a-folder"), new byte[] { 1 });
	}

	/** Finding: {@code party new-session --out} replaced any existing file (it replaced a private key copy). */
	@Test
	void newSessionNeverReplacesAFile() throws Exception {
		final Path keyCopy = Files.copy(TestKeyFiles.rsa("rsa-a")[0], dir.resolve("session.txt"));
		final byte[] before = Files.readAllBytes(keyCopy);
		final List<String> args = new ArrayList<>(List.of("party", "new-session", "--width", "2", "--bound",
			"65536"));
		for (int n = 0; n < 4; n++) {
			final Path pem = dir.resolve("p" + n + ".pem");
			PartyCredentials.generate("p" + n, PASSWORD, new SecureRandom()).save(dir.resolve("p" + n + ".p12"), pem);
			args.add("--node" + n);
			args.add("p" + n + ",127.0.0.1," + (40000 + n) + "," + pem);
		}
		args.add("--out");
		args.add(keyCopy.toString());
		assertEquals(1, run(args.toArray(new String[0])));
		assertTrue(err().startsWith("error: " + keyCopy + " already exists"), err());
		assertArrayEquals(before, Files.readAllBytes(keyCopy), "the private key copy is intact");

		args.set(args.size() - 1, dir.resolve("new.session").toString());
		assertEquals(0, run(args.toArray(new String[0])), err());
		assertTrue(Files.readString(dir.resolve("new.session")).contains("node.3.fingerprint"));
	}

	/**
	 * Finding: {@code encrypt --view existing.png} wrote the {@code .mcimg}, then failed. (Both outputs are
	 * claimed before any work; a view that fails after the encrypted file is written takes it with it, as the
	 * stream cipher's key file and image do below: the same {@code Outputs} unit, without seconds of Paillier.)
	 */
	@Test
	void encryptWithATakenViewWritesNothing() throws Exception {
		final Path key = TestKeyFiles.paillier("test-a")[0], image = Paths.get("test-images", "MR_small.dcm");
		final Path enc = dir.resolve("mr.mcimg"), view = Files.write(dir.resolve("mr.png"), new byte[] { 7 });
		assertEquals(1, run("encrypt", "--key", key.toString(), "--in", image.toString(), "--out", enc.toString(),
			"--view", view.toString()));
		assertTrue(err().startsWith("error: " + view + " already exists"), err());
		assertTrue(Files.notExists(enc));
		assertArrayEquals(new byte[] { 7 }, Files.readAllBytes(view));

		// A dangling symbolic link is a taken name too (the old check followed it; the rename then replaced the link).
		final Path link = Files.createSymbolicLink(dir.resolve("link.png"), dir.resolve("elsewhere.png"));
		assertEquals(1, run("encrypt", "--key", key.toString(), "--in", image.toString(), "--out", enc.toString(),
			"--view", link.toString()));
		assertTrue(Files.notExists(enc));
		assertTrue(Files.isSymbolicLink(link) && Files.notExists(dir.resolve("elsewhere.png")));
	}

	/** Finding: {@code evaluate --out} wrote {@code precision.csv}, then failed on the plot. */
	@Test
	void evaluateWritesNoTableWhenThePlotCannotBeWritten() throws Exception {
		final Path eval = Files.createDirectory(dir.resolve("eval"));
		Files.write(eval.resolve("precision.png"), new byte[] { 7 });
		assertEquals(1, run("evaluate", "--images", Datasets.file("mednist/labels.csv").getParent().toString(),
			"--deltas", "16,64", "--out", eval.toString()));
		assertTrue(err().contains("precision.png already exists"), err());
		assertTrue(Files.notExists(eval.resolve("precision.csv")));
		assertArrayEquals(new byte[] { 7 }, Files.readAllBytes(eval.resolve("precision.png")));
	}

	/** Finding: {@code party keygen} with an existing {@code --cert} left a new {@code .p12} behind. */
	@Test
	void partyKeygenWritesTheKeystoreAndCertificateOrNeither() throws Exception {
		final Path ks = dir.resolve("lab.p12"), cert = Files.write(dir.resolve("lab.pem"), new byte[] { 7 });
		assertEquals(1, run("party", "keygen", "--name", "lab", "--keystore", ks.toString(), "--cert", cert
			.toString(), "--password-env", SET_VARIABLE));
		assertTrue(err().contains(cert + " already exists"), err());
		assertTrue(Files.notExists(ks), "no keystore without its certificate");

		// The certificate fails after the keystore is written (the writer Fiji's command calls too).
		final PartyCredentials creds = PartyCredentials.generate("lab", PASSWORD, new SecureRandom());
		assertThrows(java.io.IOException.class, () -> creds.save(ks, notAFolder().resolve("lab.pem")));
		assertTrue(Files.notExists(ks), "the keystore goes again");
	}

	/** A pair of key files is all or nothing, and checked before the key is generated. */
	@Test
	void keyPairsAreWrittenWholeOrNotAtAll() throws Exception {
		final Path pub = Files.write(dir.resolve("k.paillier.pub"), new byte[] { 7 });
		assertEquals(1, run("keygen", "--out", dir.toString(), "--name", "k", "--bits", "2048"));
		assertTrue(err().contains(pub + " already exists"), err());
		assertTrue(Files.notExists(dir.resolve("k.paillier.key")));

		final Path rsaPublic = Files.write(dir.resolve("a.pub.pem"), new byte[] { 7 });
		assertEquals(1, run("transfer", "keygen", "--private-key", dir.resolve("a.key.pem").toString(),
			"--public-key", rsaPublic.toString(), "--bits", "2048"));
		assertTrue(Files.notExists(dir.resolve("a.key.pem")));

		// The public key fails after the private key is written: the private key goes again.
		assertEquals(1, run("transfer", "keygen", "--private-key", dir.resolve("b.key.pem").toString(),
			"--public-key", notAFolder().resolve("b.pub.pem").toString(), "--bits", "2048"));
		assertTrue(err().startsWith("error: Could not write"), err());
		assertTrue(Files.notExists(dir.resolve("b.key.pem")), "no private key without its public key");
	}

	/** A new stream-cipher key file and the image it encrypted are one unit; so are a montage and its stack. */
	@Test
	void streamEncryptAndLeakageWriteAllTheirOutputsOrNone() throws Exception {
		final Path image = Paths.get("test-images", "microaneurysms.png"), key = dir.resolve("new.mcstream.key");
		assertEquals(1, run("stream", "encrypt", "--in", image.toString(), "--new-key-file", key.toString(), "--out",
			notAFolder().resolve("enc.tif").toString()));
		assertTrue(Files.notExists(key), "no key file for an image that was not written");

		final Path montage = dir.resolve("leakage.png");
		assertEquals(1, run("leakage", "--in", image.toString(), "--out", montage.toString(), "--encrypted",
			dir.resolve("not-a-folder").resolve("stack.tif").toString()));
		assertTrue(Files.notExists(montage), "no montage without its stack");
		assertEquals(List.of("not-a-folder"), names());
	}

	/** Two demos started in the same second each get a folder of their own. */
	@Test
	void eachDemoRunWritesIntoAFolderNewToIt() throws Exception {
		final Path first = Demo.newFolder(dir, "20261205-120000"), second = Demo.newFolder(dir, "20261205-120000");
		assertEquals(dir.resolve("20261205-120000"), first);
		assertEquals(dir.resolve("20261205-120000-2"), second);
	}

	private List<String> names() throws Exception {
		try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
		}
	}
}
