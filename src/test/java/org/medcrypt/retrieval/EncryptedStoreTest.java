package org.medcrypt.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.TestKeys;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.testing.Datasets;

/**
 * The encrypted store end to end in one process: images added by both signature
 * paths, queries ranked exactly as the plaintext method ranks, LL previews,
 * removal, reopening, and a crash between writing an entry and its index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptedStoreTest {

	static final int IMAGES = 18;
	private final PaillierKeyPair pair = TestKeys.real();
	final List<String> names = new ArrayList<>();
	final List<Img<? extends IntegerType<?>>> images = new ArrayList<>();
	final List<EncryptedImage> encrypted = new ArrayList<>();

	@BeforeAll
	void loadMedNist() throws Exception {
		// Three images of each of the six MedNIST classes.
		final List<String> lines = Files.readAllLines(Datasets.file("mednist/labels.csv"), StandardCharsets.UTF_8);
		final java.util.Map<String, Integer> perClass = new java.util.HashMap<>();
		for (final String line : lines.subList(1, lines.size())) {
			final String[] f = line.split(",");
			if (perClass.merge(f[1], 1, Integer::sum) > 3) continue;
			names.add(f[0]);
			final Img<? extends IntegerType<?>> img = RetrievalImages.load(Datasets.file("mednist/" + f[0]));
			images.add(img);
			encrypted.add(PaillierImageCipher.encrypt(img, pair.publicKey(), Progress.NONE));
		}
		assertEquals(IMAGES, names.size());
	}

	/** Adds every image, even ones through the key holder protocol, odd ones with the owner's signature. */
	List<StoreEntry> fill(final RetrievalClient client) throws MedCryptException {
		final List<StoreEntry> added = new ArrayList<>();
		for (int i = 0; i < IMAGES; i++) {
			final EncryptedSignature own = i % 2 == 0 ? null : EncryptedSignature.encrypt(WaveletSignature.of(images
				.get(i), client.parameters(), 8), pair.privateKey(), SecureRandoms.forThisThread());
			added.add(client.add(names.get(i), names.get(i).split("/")[0], encrypted.get(i), own, Progress.NONE));
		}
		return added;
	}

	/** Every query's top 5 equals the plaintext ranking; previews equal the 8x8 block means. */
	void checkQueries(final RetrievalClient client, final List<StoreEntry> entries) throws Exception {
		final SignatureParameters parameters = client.parameters();
		final List<WaveletSignature> plain = images.stream().map(img -> WaveletSignature.of(img, parameters, 8))
			.collect(Collectors.toList());
		for (int q = 0; q < IMAGES; q += 5) {
			final List<RetrievalClient.Match> matches = client.query(EncryptedSignature.encrypt(plain.get(q), pair
				.privateKey(), SecureRandoms.forThisThread()), 5, Progress.NONE);
			final int[] expected = Ranking.nearest(plain.get(q), plain, -1, 5);
			assertEquals(5, matches.size());
			assertEquals(entries.get(q).id, matches.get(0).entry.id, "an image is nearest to itself");
			for (int r = 0; r < 5; r++) {
				assertEquals(entries.get(expected[r]).id, matches.get(r).entry.id, "rank " + (r + 1) + " of query " + q);
				assertEquals(r + 1, matches.get(r).rank);
			}
			final RetrievalClient.Match top = matches.get(1);
			assertArrayEquals(blockMeans(images.get(expected[1]), 8), top.preview, "LL preview of " + top.entry);
		}
	}

	@Test
	void addQueryRemoveAndReopenInOneProcess(@TempDir final Path dir) throws Exception {
		final Path folder = dir.resolve("store");
		final EncryptedStore store = EncryptedStore.create(folder, pair.publicKey(), SignatureParameters.defaults(8));
		final List<StoreEntry> entries;
		try (RetrievalClient client = RetrievalClient.local(store, pair.privateKey())) {
			entries = fill(client);
			checkQueries(client, entries);
			final StoreEntry gone = client.remove(entries.get(3).id);
			assertEquals(names.get(3), gone.name);
			assertEquals(IMAGES - 1, client.list().size());
			assertTrue(client.list().stream().noneMatch(e -> e.id.equals(gone.id)));
			final EncryptedImage back = client.fetch(entries.get(4).id);
			assertEquals(encrypted.get(4).ciphertexts()[0], back.ciphertexts()[0]);
		}
		final EncryptedStore reopened = EncryptedStore.open(folder);
		assertEquals(IMAGES - 1, reopened.list().size());
		assertEquals(entries.get(0).name, reopened.list().get(0).name);
		assertEquals(0, reopened.collectGarbage(), "removal deleted the entry's files");
	}

	@Test
	void aCrashBeforeTheIndexIsWrittenLeavesTheStoreAsItWas(@TempDir final Path dir) throws Exception {
		final Path folder = dir.resolve("store");
		final EncryptedStore store = EncryptedStore.create(folder, pair.publicKey(), SignatureParameters.defaults(8));
		try (RetrievalClient client = RetrievalClient.local(store, pair.privateKey())) {
			client.add("one", "", encrypted.get(0), null, Progress.NONE);
		}
		// What a crash between the entry's files and the index leaves: files nobody names, stale temporaries.
		final Path orphan = folder.resolve("images").resolve("0123456789abcdef.mcimg");
		Files.copy(folder.resolve("images").resolve(store.list().get(0).id + ".mcimg"), orphan);
		final Path index = folder.resolve(".index.tsv.000000000000007b.part");
		final Path image = folder.resolve("images").resolve(".0123456789abcdef.mcimg.00000000000001c8.part");
		Files.write(index, "garbage".getBytes(StandardCharsets.UTF_8));
		Files.write(image, "garbage".getBytes(StandardCharsets.UTF_8));
		// not the store's: left alone
		final Path other = folder.resolve("images").resolve("notes.txt");
		Files.write(other, "mine".getBytes(StandardCharsets.UTF_8));
		final EncryptedStore reopened = EncryptedStore.open(folder);
		assertEquals(1, reopened.list().size());
		assertEquals(3, reopened.collectedOnOpen(), "opening collected the leftovers");
		assertTrue(Files.notExists(orphan) && Files.notExists(index) && Files.notExists(image));
		assertTrue(Files.exists(other));
		Files.write(index, "garbage".getBytes(StandardCharsets.UTF_8));
		assertEquals(1, reopened.collectGarbage(), "and so does the explicit clean-up");
		assertEquals(0, reopened.collectGarbage());
		try (RetrievalClient client = RetrievalClient.local(reopened, pair.privateKey())) {
			assertEquals(encrypted.get(0).ciphertexts()[0], client.fetch(store.list().get(0).id).ciphertexts()[0]);
		}
	}

	@Test
	void aStoreForAnotherKeyOrParametersRefusesClearly(@TempDir final Path dir) throws Exception {
		final EncryptedStore store = EncryptedStore.create(dir.resolve("s"), pair.publicKey(), SignatureParameters
			.defaults(8));
		// the store's server refuses the key; the key holder relays its reason (the retrieval wire carries text only)
		final PeerFailureException wrongKey = assertThrows(PeerFailureException.class, () -> RetrievalClient.local(
			store, TestKeys.small().privateKey()));
		assertTrue(wrongKey.getMessage().contains("Connect with the key the store was made for"), wrongKey
			.getMessage());
		try (RetrievalClient client = RetrievalClient.local(store, pair.privateKey())) {
			final EncryptedSignature coarse = EncryptedSignature.encrypt(WaveletSignature.of(images.get(0),
				SignatureParameters.of(8, 64, 1), 8), pair.privateKey(), SecureRandoms.forThisThread());
			final PeerFailureException e = assertThrows(PeerFailureException.class, () -> client.add("x", "",
				encrypted.get(0), coarse, Progress.NONE));
			assertTrue(e.getMessage().contains("this store uses"), e.getMessage());
		}
		assertThrows(OutputExistsException.class, () -> EncryptedStore.create(dir.resolve("s"), pair.publicKey(),
			SignatureParameters.defaults(8)), "a store is never created over another");
		assertEquals(0, EncryptedStore.open(dir.resolve("s")).list().size(), "the refused add changed nothing");
	}

	/** floor(mean) of each F x F block of the first plane, edge-padded: what the LL preview shows. */
	static int[] blockMeans(final Img<? extends IntegerType<?>> img, final int f) {
		final int w = (int) img.dimension(0), h = (int) img.dimension(1);
		final int[] px = new int[w * h];
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(img).cursor();
		for (int i = 0; i < px.length; i++) px[i] = c.next().getInteger();
		final int gw = (w + f - 1) / f, gh = (h + f - 1) / f;
		final int[] out = new int[gw * gh];
		for (int gy = 0; gy < gh; gy++) {
			for (int gx = 0; gx < gw; gx++) {
				long sum = 0;
				for (int y = 0; y < f; y++) {
					for (int x = 0; x < f; x++) sum += px[Math.min(gy * f + y, h - 1) * w + Math.min(gx * f + x, w - 1)];
				}
				out[gy * gw + gx] = (int) (sum / (f * f));
			}
		}
		return out;
	}
}
