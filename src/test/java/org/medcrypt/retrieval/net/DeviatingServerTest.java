package org.medcrypt.retrieval.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

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
import org.medcrypt.io.DeviatingPartyException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.SignatureProtocol;
import org.medcrypt.retrieval.net.RetrievalMessage.Type;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 10, finding 1: a store server that deviates from the protocol. Each
 * test puts the honest server behind a proxy that rewrites what it sends, as a
 * malicious server would, and checks that the key holder stops with a
 * {@link DeviatingPartyException} naming the server, sends nothing at all
 * after the forged message (no RANKING, no SIGNATURE: the session just ends, so
 * the server learns nothing, not even whether a guess was right) and returns
 * nothing.
 *
 * <p>The attack of the review (crafted differences E(M - t) with n_q = 1 and
 * α = 2^39) cannot be phrased any more: the server sends no n_q and no α (the
 * key holder takes both from its own query and the entry's authenticated size).
 * What remains for it is to put E(M - t) where a stored signature's ciphertext
 * belongs, to shift counts or entries, or to replay one entry for another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviatingServerTest {

	private static final String[] IMAGES = { "AbdomenCT/000000.jpeg", "Hand/000000.jpeg", "ChestCT/000000.jpeg" };

	private PaillierKeyPair pair;
	private final List<Img<? extends IntegerType<?>>> images = new ArrayList<>();
	private final List<EncryptedImage> encrypted = new ArrayList<>();
	private EncryptedStore store;
	private List<StoreEntry> entries;

	@BeforeAll
	void encrypt(@TempDir final Path dir) throws Exception {
		pair = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]);
		for (final String name : IMAGES) {
			final Img<? extends IntegerType<?>> img = ImagePlusImgs.wrap(ImageFiles.open(Datasets.file("mednist/" +
				name)));
			images.add(img);
			encrypted.add(PaillierImageCipher.encrypt(img, pair.privateKey(), Progress.NONE));
		}
		fill(dir);
	}

	/** A store of the three images, the first through the key holder's protocol, the others with the owner's signature. */
	private void fill(final Path dir) throws Exception {
		store = EncryptedStore.create(dir.resolve("store"), pair.publicKey(), SignatureParameters.defaults(8));
		try (RetrievalClient client = RetrievalClient.local(store, pair.privateKey())) {
			for (int i = 0; i < IMAGES.length; i++) {
				client.add(IMAGES[i], IMAGES[i].split("/")[0], encrypted.get(i), i == 0 ? null : client.signatureOf(
					images.get(i)), Progress.NONE);
			}
			entries = client.list();
			// the honest server: every image is nearest to itself
			for (int i = 0; i < IMAGES.length; i++) {
				assertEquals(entries.get(i).id, client.query(client.signatureOf(images.get(i)), 1, Progress.NONE).get(0)
					.entry.id);
			}
		}
	}

	/** What a deviating server does to a message it sends; null keeps it. */
	@FunctionalInterface
	interface Rewrite {
		RetrievalMessage apply(RetrievalMessage m) throws Exception;
	}

	/** The honest server's end of the channel, rewriting what it sends and recording what it receives. */
	static final class Deviating implements MessageChannel {

		final MessageChannel inner;
		final Rewrite rewrite;
		final List<Type> received = Collections.synchronizedList(new ArrayList<>());

		Deviating(final MessageChannel inner, final Rewrite rewrite) {
			this.inner = inner;
			this.rewrite = rewrite;
		}

		@Override
		public void send(final RetrievalMessage message) throws MedCryptException {
			try {
				final RetrievalMessage changed = rewrite.apply(message);
				inner.send(changed == null ? message : changed);
			}
			catch (final MedCryptException e) {
				throw e;
			}
			catch (final Exception e) {
				throw new IllegalStateException(e);
			}
		}

		@Override
		public RetrievalMessage receive() throws MedCryptException {
			final RetrievalMessage m = inner.receive();
			received.add(m.type());
			return m;
		}

		@Override
		public String peer() {
			return inner.peer();
		}

		@Override
		public void close() {
			inner.close();
		}

		/** What the key holder sent after the first message of {@code type}. */
		List<Type> after(final Type type) {
			synchronized (received) {
				final int i = received.indexOf(type);
				return i < 0 ? Collections.emptyList() : new ArrayList<>(received.subList(i + 1, received.size()));
			}
		}
	}

	/** Runs {@code session} against the honest server behind {@code rewrite}; returns the server's end. */
	private Deviating run(final Rewrite rewrite, final Session session) throws Exception {
		final InMemoryChannel[] ends = InMemoryChannel.pair(60_000);
		final Deviating server = new Deviating(ends[1], rewrite);
		final Thread thread = new Thread(() -> new RetrievalServer(store, line -> {}).serve(server));
		thread.start();
		try (RetrievalClient client = RetrievalClient.over(ends[0], pair.privateKey())) {
			session.run(client);
		}
		thread.join(30_000);
		assertFalse(thread.isAlive());
		return server;
	}

	@FunctionalInterface
	interface Session {
		void run(RetrievalClient client) throws Exception;
	}

	/** The CANDIDATES message with entry m's signature replaced by {@code signature} (sealed bytes). */
	private RetrievalMessage withSignature(final RetrievalMessage m, final int entry, final byte[] signature)
		throws MedCryptException
	{
		final PaillierPublicKey key = pair.publicKey();
		final Candidates c = Candidates.fromBytes("test", m.bytes(0), key);
		final List<EncryptedSignature> signatures = new ArrayList<>(c.signatures);
		signatures.set(entry, EncryptedSignature.fromBytes("forged", signature, key));
		return RetrievalMessage.of(Type.CANDIDATES, new Candidates(c.entries, signatures).toBytes(key));
	}

	/** Sealed bytes with {@code value} written at {@code offset} and the SHA-256 recomputed, as a forger would. */
	private static byte[] resealed(final byte[] sealed, final int offset, final byte[] value) {
		final byte[] out = sealed.clone();
		System.arraycopy(value, 0, out, offset, value.length);
		final int end = out.length - 32;
		System.arraycopy(Wire.sha256().digest(Arrays.copyOf(out, end)), 0, out, end, 32);
		return out;
	}

	/** In a .mcsig: magic (8), version (2), key fingerprint (32), bit depth (1), Δ (4), levels (1), n (8), bands (1). */
	private static final int COEFFICIENTS_OFFSET = 8 + 2 + 32 + 1 + 4 + 1, FIRST_CIPHERTEXT = COEFFICIENTS_OFFSET + 8 +
		1 + 4;

	private void assertNamesTheServer(final DeviatingPartyException e) {
		assertTrue(e.getMessage().startsWith("The store server deviates from the protocol"), e.getMessage());
	}

	@Test
	void thePixelExtractionAttackFailsAndCannotTellARightGuessFromAWrongOne() throws Exception {
		final PaillierPublicKey key = pair.publicKey();
		// the server's target: the first ciphertext of the stored Hand image (pixels (0,0), (8,0), (16,0), ...)
		final BigInteger m = store.image(entries.get(1)).ciphertexts()[0];
		final BigInteger right = pair.privateKey().decrypt(m);
		final List<String> messages = new ArrayList<>();
		for (final BigInteger t : new BigInteger[] { right, right.add(BigInteger.ONE), BigInteger.valueOf(77) }) {
			final BigInteger forged = key.subtract(m, key.encrypt(t, SecureRandoms.forThisThread()));
			final Deviating server = run(msg -> {
				if (msg.type() != Type.CANDIDATES) return null;
				final byte[] own = Candidates.fromBytes("test", msg.bytes(0), key).signatures.get(1).toBytes(key);
				return withSignature(msg, 1, resealed(own, FIRST_CIPHERTEXT, org.medcrypt.io.FixedWidth.bytes(forged,
					key.ciphertextBytes())));
			}, client -> {
				final List<RetrievalClient.Match>[] result = new List[1];
				final DeviatingPartyException e = assertThrows(DeviatingPartyException.class, () -> result[0] = client
					.query(client.signatureOf(images.get(1)), 1, Progress.NONE));
				assertNamesTheServer(e);
				assertTrue(e.getMessage().contains(entries.get(1).id), e.getMessage());
				assertEquals(null, result[0], "no ranking returned");
				messages.add(e.getMessage());
			});
			assertEquals(List.of(), server.after(Type.QUERY), "the server got no RANKING, nothing at all");
		}
		assertEquals(1, new java.util.HashSet<>(messages).size(), "a right guess and wrong ones look the same");
	}

	@Test
	void countShiftingAndReplayedEntriesFail() throws Exception {
		final PaillierPublicKey key = pair.publicKey();
		final List<Rewrite> forgeries = new ArrayList<>();
		// n_s of a stored signature shifted (the scale of every difference would change)
		forgeries.add(msg -> {
			final byte[] own = Candidates.fromBytes("test", msg.bytes(0), key).signatures.get(0).toBytes(key);
			final long n = ByteBuffer.wrap(own, COEFFICIENTS_OFFSET, 8).getLong();
			return withSignature(msg, 0, resealed(own, COEFFICIENTS_OFFSET, ByteBuffer.allocate(8).putLong(n * 4)
				.array()));
		});
		// the signatures shifted by one entry, each entry keeping its own tag
		forgeries.add(msg -> {
			final Candidates c = Candidates.fromBytes("test", msg.bytes(0), key);
			final List<EncryptedSignature> shifted = new ArrayList<>(c.signatures);
			Collections.rotate(shifted, 1);
			return RetrievalMessage.of(Type.CANDIDATES, new Candidates(c.entries, shifted).toBytes(key));
		});
		// entry 0 replayed, tag and signature, under entry 2's id and size
		forgeries.add(msg -> {
			final Candidates c = Candidates.fromBytes("test", msg.bytes(0), key);
			final List<StoreEntry> listed = new ArrayList<>(c.entries);
			final StoreEntry a = listed.get(0), b = listed.get(2);
			listed.set(2, new StoreEntry(b.id, b.name, b.label, b.width, b.height, b.planes, b.bitDepth, a.tag()));
			final List<EncryptedSignature> signatures = new ArrayList<>(c.signatures);
			signatures.set(2, signatures.get(0));
			return RetrievalMessage.of(Type.CANDIDATES, new Candidates(listed, signatures).toBytes(key));
		});
		// a forged tag (the server cannot compute one)
		forgeries.add(msg -> {
			final Candidates c = Candidates.fromBytes("test", msg.bytes(0), key);
			final List<StoreEntry> listed = new ArrayList<>(c.entries);
			final StoreEntry a = listed.get(1);
			final byte[] tag = a.tag();
			tag[0] ^= 1;
			listed.set(1, new StoreEntry(a.id, a.name, a.label, a.width, a.height, a.planes, a.bitDepth, tag));
			return RetrievalMessage.of(Type.CANDIDATES, new Candidates(listed, c.signatures).toBytes(key));
		});
		for (final Rewrite forgery : forgeries) {
			final Deviating server = run(msg -> msg.type() == Type.CANDIDATES ? forgery.apply(msg) : null, client -> {
				final DeviatingPartyException e = assertThrows(DeviatingPartyException.class, () -> client.query(client
					.signatureOf(images.get(0)), 3, Progress.NONE));
				assertNamesTheServer(e);
			});
			assertEquals(List.of(), server.after(Type.QUERY));
		}
	}

	@Test
	void bandsAfterTheOwnersSignatureOrForAnotherImageAreNeverAnswered() throws Exception {
		final PaillierPublicKey key = pair.publicKey();
		final SignatureParameters p = store.parameters();
		// the probe: interval tests on the stored ChestCT image, or on E(M - t) in its first coefficient
		final byte[] other = SignatureProtocol.request(store.image(entries.get(2)), key, p).toBytes(key);
		final int before = store.list().size();
		for (final boolean owner : new boolean[] { true, false }) {
			final Deviating server = run(msg -> {
				if (msg.type() == Type.BANDS || (owner && msg.type() == Type.ADDED)) {
					return RetrievalMessage.of(Type.BANDS, other);
				}
				return null;
			}, client -> {
				final DeviatingPartyException e = assertThrows(DeviatingPartyException.class, () -> client.add("probe",
					"", encrypted.get(1), owner ? client.signatureOf(images.get(1)) : null, Progress.NONE));
				assertNamesTheServer(e);
				assertTrue(e.getMessage().contains(owner ? "although this key holder sent the owner's signature"
					: "are not the bands of the image this key holder sent"), e.getMessage());
			});
			assertFalse(server.received.contains(Type.SIGNATURE), "no interval test answered");
		}
		assertEquals(before + 1, store.list().size(), "the owner's add itself went through; the probe's did not");
	}

	@Test
	void aResultOtherThanTheRankedOneOrABadPreviewLayoutIsATypedErrorNeverACrash() throws Exception {
		final int[][] changes = { { 7, 1 << 16 }, { 7, 1 }, { 8, 56 }, { 6, 6 }, { 3, 1 << 20 } };
		for (final int[] change : changes) {
			run(msg -> {
				if (msg.type() != Type.RESULTS) return null;
				final Object[] fields = fields(msg);
				fields[change[0]] = (long) change[1];
				return RetrievalMessage.of(Type.RESULTS, fields);
			}, client -> {
				final MedCryptException e = assertThrows(MedCryptException.class, () -> client.query(client
					.signatureOf(images.get(2)), 1, Progress.NONE));
				assertTrue(e instanceof PeerFailureException || e instanceof DeviatingPartyException, e.toString());
			});
		}
		// another entry's result in place of the ranked one
		run(msg -> {
			if (msg.type() != Type.RESULTS) return null;
			final Object[] fields = fields(msg);
			fields[0] = entries.get(0).id;
			return RetrievalMessage.of(Type.RESULTS, fields);
		}, client -> assertNamesTheServer(assertThrows(DeviatingPartyException.class, () -> client.query(client
			.signatureOf(images.get(2)), 1, Progress.NONE))));
	}

	/** A RESULTS message's fields: per image 3 texts, 7 numbers, the preview bytes. */
	private static Object[] fields(final RetrievalMessage m) throws MedCryptException {
		final Object[] f = new Object[m.size()];
		for (int i = 0; i < f.length; i++) {
			final int k = i % 11;
			f[i] = k < 3 ? m.text(i) : k < 10 ? (Object) m.number(i) : m.bytes(i);
		}
		return f;
	}
}
