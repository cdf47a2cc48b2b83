package org.medcrypt.retrieval.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 14, finding 6: what the store's index may name and what its files
 * must be. Ids that are paths and ids listed twice are refused as damage
 * naming the line; an entry's files swapped with another's are named, never
 * ranked; an index written by the previous version is read and upgraded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreIntegrityTest {

	/** Two MedNIST images of different classes, as the committed version 1 store holds them. */
	static final String[] IMAGES = { "AbdomenCT/000000.jpeg", "Hand/000000.jpeg" };
	private PaillierKeyPair pair;
	private final List<Img<? extends IntegerType<?>>> images = new ArrayList<>();
	private final List<EncryptedImage> encrypted = new ArrayList<>();
	private final List<EncryptedSignature> signatures = new ArrayList<>();

	@BeforeAll
	void encrypt() throws Exception {
		pair = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]);
		for (final String name : IMAGES) {
			final Img<? extends IntegerType<?>> img = ImagePlusImgs.wrap(ImageFiles.open(Datasets.file("mednist/" +
				name)));
			images.add(img);
			encrypted.add(PaillierImageCipher.encrypt(img, pair.privateKey(), Progress.NONE));
			signatures.add(signature(img));
		}
	}

	private EncryptedSignature signature(final Img<? extends IntegerType<?>> img) throws MedCryptException {
		return EncryptedSignature.encrypt(WaveletSignature.of(img, SignatureParameters.defaults(8), 8), pair
			.privateKey(), SecureRandoms.forThisThread());
	}

	/** Both images, each under an id and tag of the key holder's, as a key holder adds them. */
	private EncryptedStore storeOfBoth(final Path folder) throws MedCryptException {
		final EncryptedStore store = EncryptedStore.create(folder, pair.publicKey(), SignatureParameters.defaults(8));
		final EntryTags tags = EntryTags.of(pair.privateKey());
		for (int i = 0; i < IMAGES.length; i++) {
			final EncryptedImage image = encrypted.get(i);
			final StoreEntry entry = new StoreEntry(StoreEntry.newId(), IMAGES[i], IMAGES[i].split("/")[0], image
				.layout().width(), image.layout().height(), image.layout().planes(), image.bitDepth());
			store.add(entry.id, entry.name, entry.label, image, signatures.get(i), tags.tag(entry, signatures.get(i)
				.toBytes(pair.publicKey())));
		}
		return store;
	}

	@Test
	void anIdThatIsAPathIsRefusedNamingTheLine(@TempDir final Path dir) throws Exception {
		final Path folder = dir.resolve("a").resolve("b").resolve("store");
		final EncryptedStore store = storeOfBoth(folder);
		final String good = store.list().get(0).id, evil = "../../../keys/phys";
		// what the id would reach if it were used in a path
		final Path outside = folder.resolve("signatures").resolve(evil + EncryptedSignature.SUFFIX).normalize();
		Files.createDirectories(outside.getParent());
		Files.write(outside, "a physician's file".getBytes(StandardCharsets.UTF_8));
		final Path index = folder.resolve("index.tsv");
		final String original = Files.readString(index);
		Files.writeString(index, original.replace(good, evil));
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> EncryptedStore.open(folder));
		assertTrue(e.getMessage().startsWith(index + " line 2 is damaged: its id '" + evil + "' is not one a store " +
			"makes"), e.getMessage());
		assertThrows(DamagedFileException.class, store::list, "a store object already open refuses it too");
		Files.writeString(index, original);
		// an id that is a path, asked for by a key holder, reaches no file
		assertThrows(MedCryptException.class, () -> store.remove(evil));
		try (RetrievalClient client = RetrievalClient.local(store, pair.privateKey())) {
			final PeerFailureException refused = assertThrows(PeerFailureException.class, () -> client.fetch(evil));
			assertTrue(refused.getMessage().contains("no entry with that id"), refused.getMessage());
		}
		assertTrue(Files.exists(outside));
		assertEquals(2, EncryptedStore.open(folder).list().size());
	}

	@Test
	void anIdListedTwiceIsRefusedNamingBothLines(@TempDir final Path dir) throws Exception {
		final Path folder = dir.resolve("store");
		storeOfBoth(folder);
		final Path index = folder.resolve("index.tsv");
		final List<String> lines = Files.readAllLines(index);
		lines.add(lines.get(1));
		Files.write(index, lines);
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> EncryptedStore.open(folder));
		assertEquals(index + " line 4 is damaged: entry " + lines.get(1).split("\t")[0] + " is listed again (first " +
			"on line 2). The index was altered; restore it from a backup.", e.getMessage());
	}

	@Test
	void aSwappedSignatureIsNamedNotRanked(@TempDir final Path dir) throws Exception {
		final Path folder = dir.resolve("store");
		final List<StoreEntry> entries = storeOfBoth(folder).list();
		swap(folder.resolve("signatures"), entries, EncryptedSignature.SUFFIX);
		final EncryptedStore reopened = EncryptedStore.open(folder);
		final DamagedFileException direct = assertThrows(DamagedFileException.class, () -> reopened.signature(
			reopened.list().get(0)));
		assertTrue(direct.getMessage().contains("is not the signature entry " + entries.get(0).id + " (" + IMAGES[0] +
			") was added with"), direct.getMessage());
		// a query through the server: refused naming the entry, no ranking at all
		try (RetrievalClient client = RetrievalClient.local(reopened, pair.privateKey())) {
			final PeerFailureException e = assertThrows(PeerFailureException.class, () -> client.query(signature(
				images.get(1)), 2, Progress.NONE));
			assertTrue(e.getMessage().contains("swapped with another entry's"), e.getMessage());
		}
		swap(folder.resolve("signatures"), entries, EncryptedSignature.SUFFIX);
		swap(folder.resolve("images"), entries, ".mcimg");
		final DamagedFileException image = assertThrows(DamagedFileException.class, () -> reopened.image(entries.get(
			1)));
		assertTrue(image.getMessage().contains("is not the encrypted image entry " + entries.get(1).id), image
			.getMessage());
		swap(folder.resolve("images"), entries, ".mcimg");
		try (RetrievalClient client = RetrievalClient.local(EncryptedStore.open(folder), pair.privateKey())) {
			assertEquals(entries.get(1).id, client.query(signature(images.get(1)), 2, Progress.NONE).get(0).entry.id);
		}
	}

	/**
	 * Issue 10: a version 1 store is still read, but its entries carry no key
	 * holder's tag, so a query refuses to rank them (naming store-authenticate)
	 * until the key holder has tagged them.
	 */
	@Test
	void anIndexOfVersionOneIsReadAndBoundAtTheFirstChange(@TempDir final Path dir) throws Exception {
		final Path folder = dir.resolve("old");
		final Path committed = Path.of(getClass().getResource("v1-store/store.properties").toURI()).getParent();
		try (Stream<Path> files = Files.walk(committed)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				Files.copy(f, folder.resolve(committed.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
			}
		}
		assertTrue(Files.readString(folder.resolve("index.tsv")).startsWith("# MedCrypt encrypted store index v1\n"));
		final EncryptedStore store = EncryptedStore.open(folder);
		final List<StoreEntry> old = store.list();
		assertEquals(List.of("AbdomenCT", "Hand"), List.of(old.get(0).label, old.get(1).label));
		try (RetrievalClient client = RetrievalClient.local(store, pair.privateKey())) {
			final RefusedByPolicyException refused = assertThrows(RefusedByPolicyException.class, () -> client.query(
				signature(images.get(1)), 2, Progress.NONE));
			assertTrue(refused.getMessage().contains("has no key holder's tag") && refused.getMessage().contains(
				"store-authenticate"), refused.getMessage());
		}
		try (RetrievalClient client = RetrievalClient.local(store, pair.privateKey())) {
			client.add("third", "Hand", encrypted.get(1), signatures.get(1), Progress.NONE);
		}
		final List<String> lines = Files.readAllLines(folder.resolve("index.tsv"));
		assertEquals("# MedCrypt encrypted store index v3", lines.get(0));
		assertEquals(4, lines.size());
		for (final String line : lines.subList(1, 3)) {
			assertTrue(line.matches("[0-9a-f]{16}(\t[^\t]*){6}\t[0-9a-f]{64}\t[0-9a-f]{64}\t-"), line);
		}
		assertTrue(lines.get(3).matches("[0-9a-f]{16}(\t[^\t]*){6}(\t[0-9a-f]{64}){3}"), lines.get(3));
		assertEquals(2, EncryptedStore.open(folder).authenticate(EntryTags.of(pair.privateKey())));
		try (RetrievalClient client = RetrievalClient.local(EncryptedStore.open(folder), pair.privateKey())) {
			assertEquals(old.get(1).id, client.query(signature(images.get(1)), 2, Progress.NONE).get(0).entry.id);
		}
		// the old entries are bound now
		swap(folder.resolve("signatures"), old, EncryptedSignature.SUFFIX);
		final EncryptedStore again = EncryptedStore.open(folder);
		assertThrows(DamagedFileException.class, () -> again.signature(again.entry(old.get(1).id)));
	}

	@Test
	void storeGcDeletesWhatAKilledWriterLeft(@TempDir final Path dir) throws Exception {
		final Path folder = dir.resolve("store");
		final EncryptedStore store = storeOfBoth(folder);
		final String id = store.list().get(0).id;
		// what kill -9 leaves: a hidden temporary of each kind, entry files never indexed
		final List<Path> leftovers = List.of(folder.resolve(".index.tsv.00000000000004d2.part"), folder.resolve(
			"images").resolve("." + id + ".mcimg.000000000000162e.part"), folder.resolve("signatures").resolve(
				".0123456789abcdef.mcsig.0000000000000009.part"),
			folder.resolve("images").resolve("0123456789abcdef.mcimg"), folder.resolve("signatures").resolve(
				"0123456789abcdef.mcsig"));
		for (final Path f : leftovers) Files.write(f, new byte[1000]);
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		assertEquals(0, org.medcrypt.cli.MedCryptCli.run(new String[] { "store-gc", "--store", folder.toString() },
			java.util.function.UnaryOperator.identity(),
			new java.io.PrintStream(out, true), System.err));
		assertEquals("deleted 5 leftover files in " + folder + "; 2 entries", out.toString(StandardCharsets.UTF_8)
			.trim());
		for (final Path f : leftovers) assertTrue(Files.notExists(f), f.toString());
		assertEquals(2, store.list().size());
		assertEquals(signatures.get(0).ciphertextCount(), store.signature(store.list().get(0)).ciphertextCount());
	}

	/** Exchanges the files of the first two entries. */
	private static void swap(final Path folder, final List<StoreEntry> entries, final String suffix)
		throws Exception
	{
		final Path a = folder.resolve(entries.get(0).id + suffix), b = folder.resolve(entries.get(1).id + suffix);
		final Path t = folder.resolve("swap.tmp");
		Files.move(a, t);
		Files.move(b, a);
		Files.move(t, b);
	}
}
