package org.medcrypt.retrieval.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.DeviatingPartyException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.RetrievalEvaluation;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.net.RetrievalServer;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.TestKeyFiles;
import org.medcrypt.tls.PartyCredentials;

/**
 * The sealed index query end to end on real images (MedNIST, two of each of
 * six classes): the same ranking as the paper mode and as the plaintext
 * method; the index kept up to date by the key holder's adds and removes;
 * segments sealed by someone with the public key only adopted; every server
 * deviation on the store folder refused (rollback, dropped index, dropped or
 * swapped segment, forged manifest); over TLS as in memory.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class IndexQueryTest {

	private static final String[] CLASSES = { "AbdomenCT", "BreastMRI", "CXR", "ChestCT", "Hand", "HeadCT" };
	private static final SignatureParameters P = SignatureParameters.spatial(SignatureParameters.Method.SPATIAL2, 8);

	private PaillierKeyPair pair;
	private final List<Img<? extends IntegerType<?>>> images = new ArrayList<>();
	private IndexVersions versions;
	private Path dir;

	/** The store every test starts from (filled once; each test works on its own copy). */
	private Path template;

	@BeforeAll
	void fill(@TempDir final Path tmp) throws Exception {
		pair = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]);
		for (final String c : CLASSES) {
			try (java.util.stream.Stream<Path> files = Files.list(Datasets.root().resolve("mednist").resolve(c))) {
				for (final Path f : (Iterable<Path>) files.sorted().limit(2)::iterator) {
					images.add(ImagePlusImgs.wrap(ImageFiles.open(f)));
				}
			}
		}
		template = tmp.resolve("store");
		try (RetrievalClient client = RetrievalClient.local(EncryptedStore.openOrCreate(template, pair.publicKey(), P),
			pair.privateKey()))
		{
			for (int i = 0; i < images.size(); i++) client.addImage("image-" + i, CLASSES[i / 2], images.get(i),
				Progress.NONE);
		}
	}

	@BeforeEach
	void copy(@TempDir final Path tmp) throws Exception {
		dir = tmp.resolve("store");
		try (java.util.stream.Stream<Path> files = Files.walk(template)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				final Path to = dir.resolve(template.relativize(f).toString());
				if (Files.isDirectory(f)) Files.createDirectories(to);
				else Files.copy(f, to);
			}
		}
		versions = new IndexVersions(tmp.resolve("home").resolve(IndexVersions.FILE));
	}

	private RetrievalClient client() throws Exception {
		return RetrievalClient.local(EncryptedStore.open(dir), pair.privateKey()).withVersions(versions);
	}

	private static List<String> names(final List<RetrievalClient.Match> matches) {
		final List<String> out = new ArrayList<>();
		for (final RetrievalClient.Match m : matches) out.add(m.entry.name);
		return out;
	}

	@Test
	void indexModeRanksAsThePaperModeAndAsPlaintext() throws Exception {
		final StoreIndex.Update u = StoreIndex.update(EncryptedStore.open(dir), pair.privateKey(), versions,
			Progress.NONE);
		assertEquals(12, u.entries);
		assertEquals(12, u.sealed);
		final List<WaveletSignature> plain = new ArrayList<>();
		for (final Img<? extends IntegerType<?>> img : images) plain.add(WaveletSignature.of(img, P, 8));
		try (RetrievalClient client = client()) {
			for (final int q : new int[] { 0, 5, 10 }) {
				final EncryptedSignature query = client.signatureOf(images.get(q));
				final List<RetrievalClient.Match> index = client.query(query, 5, RetrievalClient.Mode.INDEX,
					Progress.NONE);
				assertEquals(RetrievalClient.Mode.INDEX, client.lastMode());
				final List<RetrievalClient.Match> paper = client.query(query, 5, RetrievalClient.Mode.PAPER,
					Progress.NONE);
				assertEquals(names(paper), names(index));
				// plaintext: the query itself included (the store holds it), as the store ranks
				final List<WaveletSignature> all = new ArrayList<>(plain);
				all.add(plain.get(q));
				final List<String> expected = new ArrayList<>();
				for (final int i : RetrievalEvaluation.nearest(all, all.size() - 1, 5)) expected.add("image-" + i);
				assertEquals(expected, names(index));
				assertEquals("image-" + q, index.get(0).entry.name);
				for (int r = 0; r < 5; r++) assertArrayEquals(paper.get(r).preview, index.get(r).preview);
				assertEquals(RetrievalClient.Mode.INDEX, queryAuto(client, query));
			}
		}
	}

	private static RetrievalClient.Mode queryAuto(final RetrievalClient client, final EncryptedSignature query)
		throws Exception
	{
		client.query(query, 5, Progress.NONE);
		return client.lastMode();
	}

	@Test
	void withoutAnIndexAutoIsThePaperModeAndIndexIsRefused() throws Exception {
		try (RetrievalClient client = client()) {
			final EncryptedSignature query = client.signatureOf(images.get(0));
			assertEquals(RetrievalClient.Mode.PAPER, queryAuto(client, query));
			assertThrows(RefusedByPolicyException.class, () -> client.query(query, 5, RetrievalClient.Mode.INDEX,
				Progress.NONE));
		}
	}

	@Test
	void addsAndRemovesKeepTheIndexUpToDate() throws Exception {
		StoreIndex.update(EncryptedStore.open(dir), pair.privateKey(), versions, Progress.NONE);
		final StoreEntry added, removed;
		try (RetrievalClient client = client()) {
			added = client.addImage("again", "Hand", images.get(8), Progress.NONE);
		}
		try (RetrievalClient client = client()) {
			removed = client.remove(client.list().get(0).id);
		}
		try (RetrievalClient client = client()) {
			final List<RetrievalClient.Match> top = client.query(client.signatureOf(images.get(8)), 2,
				RetrievalClient.Mode.INDEX, Progress.NONE);
			assertEquals(Set.of("again", "image-8"), Set.of(top.get(0).entry.name, top.get(1).entry.name));
			final List<RetrievalClient.Match> all = client.query(client.signatureOf(images.get(0)), 100,
				RetrievalClient.Mode.INDEX, Progress.NONE);
			assertEquals(12, all.size());
			for (final RetrievalClient.Match m : all) assertTrue(!m.entry.id.equals(removed.id));
			// the fetched image is the one the index binds
			client.fetch(added.id);
			// "again" has a preview sealed from the owner's plaintext (EntryContent): the paper mode's LL pixels
			final List<RetrievalClient.Match> paper = client.query(client.signatureOf(images.get(8)), 2,
				RetrievalClient.Mode.PAPER, Progress.NONE);
			assertEquals(names(paper), names(top));
			for (int r = 0; r < 2; r++) {
				assertEquals(paper.get(r).previewWidth, top.get(r).previewWidth);
				assertArrayEquals(paper.get(r).preview, top.get(r).preview);
			}
			assertTrue(previewKey(dir, added.id) != null);
		}
		assertEquals(3, versions.at(StoreIndex.location(dir)).counter);
		// store-index compacts the one-record segment into one
		final StoreIndex.Update u = StoreIndex.update(EncryptedStore.open(dir), pair.privateKey(), versions,
			Progress.NONE);
		assertEquals(4, u.counter);
		assertEquals(12, u.entries);
	}

	@Test
	void segmentsSealedWithThePublicKeyAreAdoptedIfTheyMatchTheStore() throws Exception {
		final EncryptedStore store = EncryptedStore.open(dir);
		final List<StoreEntry> entries = store.list();
		final List<IndexRecord> records = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			final StoreEntry e = entries.get(i);
			final WaveletSignature s = store.signature(e).decrypt(pair.privateKey());
			// the last record claims another entry's image: refused, that entry sealed from its signature instead
			records.add(new IndexRecord(e, store.imageSha256(i == entries.size() - 1 ? entries.get(0) : e), s));
		}
		// as the Spark job does: public key only
		final String written = IndexSegment.write(StoreIndex.segments(dir), records, P, pair.publicKey(),
			SecureRandoms.forThisThread());
		// a segment whose entry is not committed yet (a Spark job writes its segments first), and a preview a
		// discarded attempt left for an entry of the store
		final String pending = IndexSegment.write(StoreIndex.segments(dir), List.of(new IndexRecord(new StoreEntry(
			"00000000000000aa", "later", "", 16, 16, 1, 8), "ab".repeat(32), records.get(0).signature)), P, pair
				.publicKey(), SecureRandoms.forThisThread());
		final Path stale = SealedPreview.file(dir, SealedPreview.name(entries.get(3).id, SealedPreview.newKey(
			SecureRandoms.forThisThread())));
		Files.createDirectories(stale.getParent());
		Files.write(stale, new byte[] { 1, 2, 3 });
		// and a segment no key holder sealed (a hostile public-key writer's): refused, then deleted
		final Path junk = StoreIndex.segments(dir).resolve(IndexSegment.fileName("cd".repeat(32)));
		Files.write(junk, "not a segment".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		final StoreIndex.Update u = StoreIndex.update(store, pair.privateKey(), versions, Progress.NONE);
		assertEquals(11, u.adopted);
		assertEquals(2, u.rejected);
		assertEquals(1, u.sealed);
		assertTrue(!Files.exists(junk));
		// gone: the junk segment, the processed segment, the stale preview, and the 12 previews sealed when the entries were added
		// (the store had no index then, so no record holds their keys); the pending segment stays, and the one
		// preview left is image-11's, sealed by this update (the adopted records carry no preview key)
		assertEquals(15, u.removed);
		try (java.util.stream.Stream<Path> previews = Files.list(dir.resolve("previews"))) {
			assertEquals(1, previews.count());
		}
		assertTrue(!Files.exists(StoreIndex.segments(dir).resolve(IndexSegment.fileName(written))));
		assertTrue(!Files.exists(stale));
		assertTrue(Files.exists(StoreIndex.segments(dir).resolve(IndexSegment.fileName(pending))));
		try (RetrievalClient client = client()) {
			final EncryptedSignature query = client.signatureOf(images.get(11));
			final List<RetrievalClient.Match> index = client.query(query, 3, RetrievalClient.Mode.INDEX,
				Progress.NONE);
			assertEquals("image-11", index.get(0).entry.name);
			// adopted records without a preview key (image-11's sealed here has one): the LL fallback, same pixels
			assertTrue(previewKey(dir, index.get(1).entry.id) == null);
			assertTrue(previewKey(dir, "image-11", index) != null);
			final List<RetrievalClient.Match> paper = client.query(query, 3, RetrievalClient.Mode.PAPER, Progress.NONE);
			for (int r = 0; r < 3; r++) assertArrayEquals(paper.get(r).preview, index.get(r).preview);
		}
	}

	@Test
	void aServerThatRollsBackDropsSwapsOrForgesTheIndexIsRefused() throws Exception {
		StoreIndex.update(EncryptedStore.open(dir), pair.privateKey(), versions, Progress.NONE);
		try (RetrievalClient client = client()) {
			client.remove(client.list().get(0).id);
		}
		final Path manifests = StoreIndex.manifests(dir), segments = StoreIndex.segments(dir);
		final Path v2 = manifests.resolve(String.format("manifest-%019d", 2) + IndexManifest.SUFFIX);
		final byte[] v2bytes = Files.readAllBytes(v2);
		// rollback: the server serves version 1 again (the removed entry is back)
		Files.move(v2, dir.resolve("hidden"));
		assertRefused();
		Files.move(dir.resolve("hidden"), v2);
		// forged manifest: a higher version made with another key holder's key
		final IndexManifest genuine = IndexManifest.open("m", v2bytes, pair.privateKey());
		final PaillierKeyPair other = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[1]);
		final Path forged = manifests.resolve(String.format("manifest-%019d", 9) + IndexManifest.SUFFIX);
		Files.write(forged, IndexManifest.first(other.privateKey(), P, genuine.segments, genuine.entries).toBytes(other
			.privateKey()));
		assertRefused();
		Files.delete(forged);
		// a swapped segment: the same records sealed again (anyone with the public key can) under the listed name
		final Path listed = segments.resolve(IndexSegment.fileName(genuine.segments.get(0)));
		final byte[] original = Files.readAllBytes(listed);
		Files.write(listed, IndexSegment.seal(IndexSegment.open("segment", original, pair.privateKey()), P, pair
			.publicKey(), SecureRandoms.forThisThread()));
		assertRefused();
		// a dropped segment
		Files.delete(listed);
		assertRefused();
		Files.write(listed, original);
		// the whole index dropped: this key holder has seen one here
		final Path moved = dir.resolve("moved");
		Files.move(StoreIndex.manifests(dir), moved);
		assertRefused();
		Files.move(moved, StoreIndex.manifests(dir));
		try (RetrievalClient client = client()) {
			assertEquals(11, client.query(client.signatureOf(images.get(0)), 100, RetrievalClient.Mode.AUTO,
				Progress.NONE).size());
		}
	}

	@Test
	void aMissingSwappedOrAlteredSealedPreviewIsTheServersDeviation() throws Exception {
		StoreIndex.update(EncryptedStore.open(dir), pair.privateKey(), versions, Progress.NONE);
		final List<StoreEntry> entries = EncryptedStore.open(dir).list();
		final Path a = SealedPreview.file(dir, SealedPreview.name(entries.get(0).id, previewKey(dir, entries.get(0)
			.id))), b = SealedPreview.file(dir, SealedPreview.name(entries.get(1).id, previewKey(dir, entries.get(1)
				.id)));
		final byte[] original = Files.readAllBytes(a);
		// swapped: another entry's genuine preview under this entry's name
		Files.write(a, Files.readAllBytes(b));
		assertRefusedNaming("swapped or altered");
		// altered: one byte of the pixels
		final byte[] altered = original.clone();
		altered[altered.length - 20] ^= 1;
		Files.write(a, altered);
		assertRefusedNaming("swapped or altered");
		// resealed by someone without the key (a fresh key under the listed name)
		Files.write(a, SealedPreview.seal(SealedPreview.open(original, previewKey(dir, entries.get(0).id), entries
			.get(0).id, EncryptedStore.open(dir).imageSha256(entries.get(0))), SealedPreview.newKey(SecureRandoms
				.forThisThread()), entries.get(0).id, EncryptedStore.open(dir).imageSha256(entries.get(0)),
			SecureRandoms.forThisThread()));
		assertRefusedNaming("swapped or altered");
		Files.delete(a);
		assertRefusedNaming("missing");
		Files.write(a, original);
		try (RetrievalClient client = client()) {
			assertEquals("image-0", client.query(client.signatureOf(images.get(0)), 5, RetrievalClient.Mode.INDEX,
				Progress.NONE).get(0).entry.name);
		}
	}

	private void assertRefusedNaming(final String what) throws Exception {
		try (RetrievalClient client = client()) {
			final EncryptedSignature query = client.signatureOf(images.get(0));
			final DeviatingPartyException e = assertThrows(DeviatingPartyException.class, () -> client.query(query, 5,
				RetrievalClient.Mode.INDEX, Progress.NONE));
			assertTrue(e.getMessage().contains("store server") && e.getMessage().contains(what), e.getMessage());
		}
	}

	/** The preview key the store's current sealed index holds for entry {@code id} (null: none). */
	private byte[] previewKey(final Path store, final String id) throws Exception {
		final IndexManifest m = IndexManifest.open("m", StoreIndex.latestManifest(store), pair.privateKey());
		for (final String sha : m.segments) {
			for (final IndexRecord r : IndexSegment.open("s", StoreIndex.segment(store, sha), pair.privateKey())) {
				if (r.entry.id.equals(id) && m.entries.containsKey(id)) return r.previewKey;
			}
		}
		return null;
	}

	private byte[] previewKey(final Path store, final String name, final List<RetrievalClient.Match> matches)
		throws Exception
	{
		for (final RetrievalClient.Match m : matches) if (m.entry.name.equals(name)) return previewKey(store, m.entry.id);
		return null;
	}

	private void assertRefused() throws Exception {
		try (RetrievalClient client = client()) {
			final EncryptedSignature query = client.signatureOf(images.get(0));
			assertThrows(DeviatingPartyException.class, () -> client.query(query, 5, RetrievalClient.Mode.AUTO,
				Progress.NONE));
		}
	}

	@Test
	void overTls() throws Exception {
		StoreIndex.update(EncryptedStore.open(dir), pair.privateKey(), versions, Progress.NONE);
		final PartyCredentials serverId = PartyCredentials.generate("store-server", "pw".toCharArray(), SecureRandoms
			.forThisThread()), physician = PartyCredentials.generate("physician", "pw".toCharArray(), SecureRandoms
				.forThisThread());
		try (java.net.ServerSocket server = new RetrievalServer(EncryptedStore.open(dir), line -> {}).listen(0, false,
			serverId, Set.of(physician.fingerprint()));
			RetrievalClient client = RetrievalClient.connect("localhost", server.getLocalPort(), pair.privateKey(),
				physician, serverId.fingerprint()).withVersions(versions))
		{
			final List<RetrievalClient.Match> top = client.query(client.signatureOf(images.get(3)), 3,
				RetrievalClient.Mode.INDEX, Progress.NONE);
			assertEquals("image-3", top.get(0).entry.name);
			assertEquals(Arrays.asList(RetrievalClient.Mode.INDEX), Arrays.asList(client.lastMode()));
		}
	}
}
