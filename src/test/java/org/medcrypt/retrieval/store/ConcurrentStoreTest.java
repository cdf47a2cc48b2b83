package org.medcrypt.retrieval.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 14, finding 1: writers that add to one folder store at the same time,
 * as two processes and as threads of one JVM with their own store objects.
 * Every add that returned is in the index afterwards, and every entry's files
 * are the ones it was added with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentStoreTest {

	/** Entries per writer: enough for the writers' index rewrites to interleave many times. */
	static final int PER_WRITER = 20;
	private PaillierKeyPair pair;
	private EncryptedImage image;
	private EncryptedSignature signature;

	@BeforeAll
	void encryptOneImage() throws Exception {
		pair = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]);
		final Path file = Path.of("test-images", "microaneurysms.png");
		image = PaillierImageCipher.encrypt(ImagePlusImgs.wrap(ImageFiles.open(file)), pair.privateKey(),
			Progress.NONE);
		signature = EncryptedSignature.encrypt(WaveletSignature.of(ImagePlusImgs.wrap(ImageFiles.open(file)),
			SignatureParameters.defaults(8), 8), pair.privateKey(), SecureRandoms.forThisThread());
	}

	@Test
	void twoProcessesAddingAtOnceLoseNothing(@TempDir final Path dir) throws Exception {
		final Path folder = dir.resolve("store");
		EncryptedStore.create(folder, pair.publicKey(), SignatureParameters.defaults(8));
		final Path imageFile = dir.resolve("image.mcimg"), signatureFile = dir.resolve("image.mcsig");
		EncryptedImageFile.write(imageFile, image);
		Files.write(signatureFile, signature.toBytes(pair.publicKey()));
		final String[] names = { "first", "second" };
		final Process[] writers = new Process[names.length];
		final BufferedReader[] outputs = new BufferedReader[names.length];
		for (int w = 0; w < names.length; w++) {
			writers[w] = spawn(dir, names[w], folder.toString(), imageFile.toString(), signatureFile.toString(),
				Integer.toString(PER_WRITER), names[w]);
			outputs[w] = new BufferedReader(new InputStreamReader(writers[w].getInputStream(), StandardCharsets.UTF_8));
		}
		// Both JVMs have opened the store; start them together.
		for (int w = 0; w < names.length; w++) {
			assertEquals("ready", outputs[w].readLine(), "writer " + names[w] + " did not start: " + errors(dir,
				names[w]));
		}
		for (final Process p : writers) {
			final OutputStream go = p.getOutputStream();
			go.write('\n');
			go.flush();
		}
		final Set<String> reported = new HashSet<>();
		for (int w = 0; w < names.length; w++) {
			for (String line = outputs[w].readLine(); line != null; line = outputs[w].readLine()) {
				if (line.startsWith("added ")) reported.add(line.substring(6).trim());
			}
			if (!writers[w].waitFor(60, TimeUnit.SECONDS)) {
				writers[w].destroyForcibly();
				fail("writer " + names[w] + " did not finish");
			}
			assertEquals(0, writers[w].exitValue(), errors(dir, names[w]));
			assertEquals("", errors(dir, names[w]), "writer " + names[w] + " complained");
		}
		assertEquals(2 * PER_WRITER, reported.size(), "each writer reported its adds");
		checkComplete(folder, reported);
	}

	@Test
	void threadsWithTheirOwnStoreObjectsLoseNothing(@TempDir final Path dir) throws Exception {
		final Path folder = dir.resolve("store");
		final EncryptedStore created = EncryptedStore.create(folder, pair.publicKey(), SignatureParameters.defaults(8));
		final int writers = 3;
		final CyclicBarrier start = new CyclicBarrier(writers);
		final ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			final List<Future<List<String>>> results = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				final int writer = w;
				results.add(pool.submit(() -> {
					// the last writer shares the creating object (as a store server's sessions do)
					final EncryptedStore store = writer == writers - 1 ? created : EncryptedStore.open(folder);
					start.await();
					final List<String> ids = new ArrayList<>();
					for (int i = 0; i < PER_WRITER; i++) ids.add(store.add("t" + writer + "-" + i, "", image, signature).id);
					return ids;
				}));
			}
			// Meanwhile stores are opened and cleaned up again and again: no writer's files in flight are taken.
			int collected = 0, cleanUps = 0;
			while (results.stream().anyMatch(f -> !f.isDone())) {
				collected += EncryptedStore.open(folder).collectedOnOpen() + created.collectGarbage();
				cleanUps++;
			}
			final Set<String> reported = new HashSet<>();
			for (final Future<List<String>> f : results) reported.addAll(f.get(60, TimeUnit.SECONDS));
			assertEquals(writers * PER_WRITER, reported.size());
			assertTrue(cleanUps > 0);
			assertEquals(0, collected, "files of writers at work were taken as leftovers in " + cleanUps +
				" clean-ups");
			checkComplete(folder, reported);
			assertEquals(writers * PER_WRITER, created.list().size(), "a store object sees the others' adds");
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void writersStartingOnANewFolderShareOneStore(@TempDir final Path dir) throws Exception {
		final Path folder = dir.resolve("new");
		final int writers = 4;
		final CyclicBarrier start = new CyclicBarrier(writers);
		final ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			final List<Future<String>> results = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				final int writer = w;
				results.add(pool.submit(() -> {
					start.await();
					return EncryptedStore.openOrCreate(folder, pair.publicKey(), SignatureParameters.defaults(8)).add(
						"w" + writer, "", image, signature).id;
				}));
			}
			final Set<String> reported = new HashSet<>();
			for (final Future<String> f : results) reported.add(f.get(60, TimeUnit.SECONDS));
			checkComplete(folder, reported);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** The reopened store lists exactly {@code ids}, each entry's files readable and bound to it, nothing left over. */
	private void checkComplete(final Path folder, final Set<String> ids) throws Exception {
		final EncryptedStore reopened = EncryptedStore.open(folder);
		final Set<String> listed = reopened.list().stream().map(e -> e.id).collect(Collectors.toSet());
		final Set<String> lost = new HashSet<>(ids);
		lost.removeAll(listed);
		assertTrue(lost.isEmpty(), lost.size() + " of " + ids.size() + " added entries are not in the index");
		assertEquals(ids, listed);
		for (final StoreEntry e : reopened.list()) {
			assertEquals(signature.ciphertextCount(), reopened.signature(e).ciphertextCount());
			assertEquals(image.ciphertexts()[0], reopened.image(e).ciphertexts()[0]);
		}
		assertEquals(0, reopened.collectGarbage(), "no writer left files behind");
	}

	private static Process spawn(final Path dir, final String name, final String... args) throws IOException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx256m");
		cmd.add("-XX:TieredStopAtLevel=1");
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(StoreWriterMain.class.getName());
		cmd.addAll(List.of(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.redirectError(dir.resolve(name + ".err").toFile());
		return pb.start();
	}

	private static String errors(final Path dir, final String name) throws IOException {
		return new String(Files.readAllBytes(dir.resolve(name + ".err")), StandardCharsets.UTF_8);
	}
}
