package org.medcrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.security.SecureRandom;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.ij.ImageDescriptions;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.io.Hex;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.testing.Deterministic;
import org.medcrypt.testing.TestKeyFiles;
import org.medcrypt.transfer.OpenedRegister;

/**
 * Issues 10 and 11 through {@code transfer seal/open/keygen}: the CLI shows what
 * the sender signed (identifier, time, recipient fingerprint, C/Z/T), refuses a
 * swapped image and (on request) a replay and warns about one otherwise; RSA
 * keys of 1024 and 800 bits are refused; the sealed file shows no title; the CT
 * comes back calibrated (904 HU) with its header, de-identified on request. The
 * register is the tests' own ({@code -Dmedcrypt.home} from the POM).
 */
class TransferCliTest {

	@TempDir
	Path dir;

	private final CliRun cli = new CliRun();
	private static final Path CT = Paths.get("test-images", "CT_small.dcm").toAbsolutePath();

	private int run(final String... args) {
		return cli.run(args);
	}

	/** An identifier no earlier run of the tests used (the register outlives a run). */
	private static String freshId(final String prefix) {
		final byte[] b = new byte[6];
		new SecureRandom().nextBytes(b);
		return prefix + "-" + Hex.of(b);
	}

	private int seal(final String id, final Path out, final String... more) {
		final String[] base = { "transfer", "seal", "--in", CT.toString(), "--sender-key", TestKeyFiles.rsa("rsa-a")[0]
			.toString(), "--recipient-key", TestKeyFiles.rsa("rsa-b")[1].toString(), "--out", out.toString(), "--id",
			id };
		final String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
		System.arraycopy(more, 0, args, base.length, more.length);
		return run(args);
	}

	private int open(final Path in, final Path out, final String... more) {
		final String[] base = { "transfer", "open", "--in", in.toString(), "--recipient-key", TestKeyFiles.rsa(
			"rsa-b")[0].toString(), "--sender-key", TestKeyFiles.rsa("rsa-a")[1].toString(), "--out", out.toString() };
		final String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
		System.arraycopy(more, 0, args, base.length, more.length);
		return run(args);
	}

	@Test
	void openShowsTheSignedHeaderAndCatchesSwapsAndReplays() throws Exception {
		final String id1 = freshId("ct-one"), id2 = freshId("ct-two");
		final Path one = dir.resolve("one.tif"), two = dir.resolve("two.tif");
		assertEquals(0, seal(id1, one), cli.err());
		assertTrue(cli.out().contains("identifier: " + id1), cli.out());
		assertEquals(0, seal(id2, two), cli.err());
		// neutral titles: the sealed file carries neither the title nor the header
		final String bytes = new String(Files.readAllBytes(one), StandardCharsets.ISO_8859_1);
		assertFalse(bytes.contains("CT_small") || bytes.contains("CompressedSamples") || bytes.contains("0010,0010"));
		// the swap: "two" delivered where "one" was announced
		assertEquals(1, open(two, dir.resolve("x.tif"), "--expect-id", id1));
		assertTrue(cli.err().contains("This image is identifier " + id2) && cli.err().contains("not the expected " +
			id1 + ": it was swapped"), cli.err());
		assertFalse(Files.exists(dir.resolve("x.tif")));
		// opened: what the sender signed is shown
		assertEquals(0, open(one, dir.resolve("one-opened.tif"), "--expect-id", id1), cli.err());
		final String shown = cli.out();
		assertTrue(shown.contains("title: CT_small.dcm"), shown);
		assertTrue(shown.contains("identifier: " + id1), shown);
		assertTrue(shown.matches("(?s).*created: 20[0-9]{2}-[0-9]{2}-[0-9]{2}T.*"), shown);
		assertTrue(shown.contains("recipient: " + Fingerprints.of(RsaKeyFiles
			.readPublic(TestKeyFiles.rsa("rsa-b")[1]))), shown);
		assertTrue(shown.contains("C/Z/T: 1/1/1"), shown);
		assertFalse(shown.contains("WARNING"), shown);
		final ImagePlus back = ImageFiles.open(dir.resolve("one-opened.tif"));
		assertEquals(904.0, back.getProcessor().getPixelValue(64, 64), "HU after the CLI round trip");
		assertEquals(ImageDescriptions.of(ImageFiles.open(CT)).info(), back.getInfoProperty());
		// a replay: warned by default, refused with --refuse-replay
		assertEquals(0, open(one, dir.resolve("again.tif")), cli.err());
		assertTrue(cli.out().contains("WARNING: already opened on "), cli.out());
		assertEquals(1, open(one, dir.resolve("refused.tif"), "--refuse-replay"));
		assertTrue(cli.err().startsWith("error: Already opened: an image with identifier " + id1), cli.err());
		assertFalse(Files.exists(dir.resolve("refused.tif")));
		assertTrue(Files.isRegularFile(OpenedRegister.inUserFolder().file()), "the register is in -Dmedcrypt.home");
	}

	@Test
	void deidentifyOnRequest() throws Exception {
		final Path sealed = dir.resolve("anon.tif"), opened = dir.resolve("anon-opened.tif");
		final String id = freshId("anon");
		assertEquals(0, seal(id, sealed, "--deidentify"), cli.err());
		assertTrue(cli.out().contains("DICOM header: de-identified"), cli.out());
		assertEquals(0, open(sealed, opened), cli.err());
		assertTrue(cli.out().contains("title: " + id), cli.out());
		final ImagePlus back = ImageFiles.open(opened);
		assertFalse(back.getInfoProperty().contains("CompressedSamples"));
		assertTrue(back.getInfoProperty().contains("Patient Identity Removed: YES"));
		assertEquals(904.0, back.getProcessor().getPixelValue(64, 64));
	}

	@Test
	void rsaKeysBelow2048BitsAreRefusedOutsideTheStudy() throws Exception {
		// keygen: refused, unless for the study-only commands
		assertEquals(1, run("transfer", "keygen", "--private-key", dir.resolve("w.key.pem").toString(),
			"--public-key", dir.resolve("w.pub.pem").toString(), "--bits", "1024"));
		assertTrue(cli.err().contains("A 1024-bit RSA key is too weak for real data"), cli.err());
		assertFalse(Files.exists(dir.resolve("w.key.pem")));
		assertEquals(0, run("transfer", "keygen", "--private-key", dir.resolve("w.key.pem").toString(),
			"--public-key", dir.resolve("w.pub.pem").toString(), "--bits", "1024", "--study-only"), cli.err());
		assertTrue(cli.out().contains("STUDY ONLY"), cli.out());
		// an 800-bit key pair made elsewhere (OpenSSL would)
		final KeyPair k800 = Deterministic.rsaKeyPair(800, 800);
		RsaKeyFiles.write(k800, dir.resolve("k800.key.pem"), dir.resolve("k800.pub.pem"));
		for (final String weak : new String[] { "w", "k800" }) {
			final String bits = weak.equals("w") ? "1024" : "800";
			assertEquals(1, run("transfer", "seal", "--in", CT.toString(), "--sender-key", dir.resolve(weak +
				".key.pem").toString(), "--recipient-key", TestKeyFiles.rsa("rsa-b")[1].toString(), "--out", dir
					.resolve(weak + ".tif").toString()));
			assertTrue(cli.err().contains("is a " + bits + "-bit RSA key: MedCrypt takes RSA keys of at least 2048 " +
				"bits"), cli.err());
			assertEquals(1, run("transfer", "seal", "--in", CT.toString(), "--sender-key", TestKeyFiles.rsa("rsa-a")[0]
				.toString(), "--recipient-key", dir.resolve(weak + ".pub.pem").toString(), "--out", dir.resolve(weak +
					".tif").toString()));
			assertTrue(cli.err().contains("is a " + bits + "-bit RSA key"), cli.err());
			assertFalse(Files.exists(dir.resolve(weak + ".tif")));
		}
	}
}
