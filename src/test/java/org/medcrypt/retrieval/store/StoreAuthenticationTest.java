package org.medcrypt.retrieval.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.cli.MedCryptCli;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.Progress;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 10: a store written before entry tags (index version 2, committed as
 * written by the code at 2d9fef5) is still read, its untagged entries are
 * refused for ranking with a message naming the remedy, and after the key
 * holder's {@code store-authenticate} they rank as before. Another key
 * cannot tag it.
 */
class StoreAuthenticationTest {

	@Test
	void aVersionTwoStoreIsRefusedForRankingUntilTheKeyHolderAuthenticatesIt(@TempDir final Path dir)
		throws Exception
	{
		final Path folder = dir.resolve("old");
		final Path committed = Path.of(getClass().getResource("v2-store/store.properties").toURI()).getParent();
		try (Stream<Path> files = Files.walk(committed)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				Files.copy(f, folder.resolve(committed.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
			}
		}
		assertTrue(Files.readString(folder.resolve("index.tsv")).startsWith("# MedCrypt encrypted store index v2\n"));
		final PaillierKeyPair pair = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]);
		final List<StoreEntry> entries = EncryptedStore.open(folder).list();
		assertEquals(List.of("AbdomenCT", "Hand"), List.of(entries.get(0).label, entries.get(1).label));
		final var hand = ImagePlusImgs.wrap(ImageFiles.open(Datasets.file("mednist/Hand/000000.jpeg")));
		try (RetrievalClient client = RetrievalClient.local(EncryptedStore.open(folder), pair.privateKey())) {
			final RefusedByPolicyException e = assertThrows(RefusedByPolicyException.class, () -> client.query(client
				.signatureOf(hand), 2, Progress.NONE));
			assertTrue(e.getMessage().startsWith("Store entry " + entries.get(0).id + " (000000.jpeg) has no key " +
				"holder's tag") && e.getMessage().contains("medcrypt store-authenticate --store FOLDER --key KEY"), e
					.getMessage());
		}
		// another key pair cannot tag the store
		assertEquals(1, cli(new String[] { "store-authenticate", "--store", folder.toString(), "--key", TestKeyFiles
			.paillier(TestKeyFiles.PAILLIER[1])[1].toString() }).exit);
		final Run run = cli(new String[] { "store-authenticate", "--store", folder.toString(), "--key", TestKeyFiles
			.paillier(TestKeyFiles.PAILLIER[0])[1].toString() });
		assertEquals(0, run.exit, run.out);
		assertEquals("tagged 2 entries in " + folder + "; 2 entries", run.out.trim());
		final List<String> lines = Files.readAllLines(folder.resolve("index.tsv"));
		assertEquals("# MedCrypt encrypted store index v3", lines.get(0));
		for (final String line : lines.subList(1, 3)) {
			assertTrue(line.matches("[0-9a-f]{16}(\\t[^\\t]*){6}(\\t[0-9a-f]{64}){3}"), line);
		}
		try (RetrievalClient client = RetrievalClient.local(EncryptedStore.open(folder), pair.privateKey())) {
			final List<RetrievalClient.Match> matches = client.query(client.signatureOf(hand), 2, Progress.NONE);
			assertEquals(entries.get(1).id, matches.get(0).entry.id, "the Hand image is nearest to itself");
			assertEquals(entries.get(0).id, matches.get(1).entry.id);
		}
		assertEquals("tagged 0 entries in " + folder + "; 2 entries", cli(new String[] { "store-authenticate",
			"--store", folder.toString(), "--key", TestKeyFiles.paillier(TestKeyFiles.PAILLIER[0])[1].toString() }).out
				.trim());
	}

	private static final class Run {

		final int exit;
		final String out;

		Run(final int exit, final String out) {
			this.exit = exit;
			this.out = out;
		}
	}

	private static Run cli(final String[] args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final int exit = MedCryptCli.run(args, UnaryOperator.identity(), new PrintStream(out, true), new PrintStream(
			new ByteArrayOutputStream(), true));
		return new Run(exit, out.toString(StandardCharsets.UTF_8));
	}
}
