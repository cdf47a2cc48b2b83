package org.medcrypt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No output ever replaces a file: the create-new move (hard link, and the
 * fallback for file systems without hard links) under a race of two writers,
 * several outputs as one unit, and the collection of temporary files that a
 * killed writer leaves behind. The two-process race and a real kill -9 are in
 * {@link AtomicFilesProcessTest}.
 */
class AtomicFilesTest {

	/** Rounds of the race: the issue counted 122 double successes in 300 races of the old check-then-rename. */
	private static final int ROUNDS = 300;
	/** Each writer's content: large enough that two interleaved writes would show. */
	private static final int SIZE = 64 * 1024;

	@TempDir
	Path dir;

	@Test
	void anExistingFileIsRefusedAndKept() throws Exception {
		for (final boolean hardLink : new boolean[] { true, false }) {
			final Path file = dir.resolve("original-" + hardLink + ".key");
			Files.write(file, bytes("the only copy"));
			assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.write(file, AtomicFiles.IfExists.FAIL,
				true, out -> out.write(bytes("a replacement")), hardLink));
			assertEquals("the only copy", Files.readString(file));
		}
		assertEquals(List.of("original-false.key", "original-true.key"), names(dir), "no temporary file left");
	}

	@Test
	void aDanglingSymbolicLinkCountsAsTaken() throws Exception {
		final Path link = Files.createSymbolicLink(dir.resolve("view.png"), dir.resolve("nowhere.png"));
		assertTrue(AtomicFiles.taken(link));
		for (final boolean hardLink : new boolean[] { true, false }) {
			assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.write(link, AtomicFiles.IfExists.FAIL,
				false, out -> out.write(1), hardLink));
		}
		assertTrue(Files.isSymbolicLink(link));
		assertTrue(Files.notExists(dir.resolve("nowhere.png")), "nothing written through the link");
	}

	@Test
	void permissionsAndContentOfANewFile() throws Exception {
		for (final boolean hardLink : new boolean[] { true, false }) {
			final Path secret = dir.resolve("secret-" + hardLink), shared = dir.resolve("shared-" + hardLink);
			AtomicFiles.write(secret, AtomicFiles.IfExists.FAIL, true, out -> out.write(bytes("s")), hardLink);
			AtomicFiles.write(shared, AtomicFiles.IfExists.FAIL, false, out -> out.write(bytes("p")), hardLink);
			assertEquals("s", Files.readString(secret));
			assertEquals("p", Files.readString(shared));
			if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
				assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files
					.getPosixFilePermissions(secret)));
				assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files
					.getPosixFilePermissions(shared)));
			}
		}
	}

	@Test
	void replaceIsOnlyForWhatIsMeantToBeReplaced() throws Exception {
		final Path index = dir.resolve("index.tsv");
		AtomicFiles.write(index, AtomicFiles.IfExists.REPLACE, false, bytes("v1"));
		AtomicFiles.write(index, AtomicFiles.IfExists.REPLACE, false, bytes("v2"));
		assertEquals("v2", Files.readString(index));
	}

	/** Two threads write the same name at the same moment, 300 times, by hard link. */
	@Test
	void twoWritersOfOneNameByHardLinkExactlyOneWins() throws Exception {
		race(true);
	}

	/** The same race through the fallback for file systems without hard links. */
	@Test
	void twoWritersOfOneNameWithoutHardLinksExactlyOneWins() throws Exception {
		race(false);
	}

	private void race(final boolean hardLink) throws Exception {
		final CyclicBarrier start = new CyclicBarrier(2);
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				final Path target = dir.resolve("race-" + round + ".tif");
				final List<Future<Boolean>> writers = Arrays.asList(pool.submit(writer(target, 'A', start, hardLink)),
					pool.submit(writer(target, 'B', start, hardLink)));
				final boolean a = writers.get(0).get(), b = writers.get(1).get();
				assertTrue(a ^ b, "round " + round + ": exactly one writer wins (A " + a + ", B " + b + ")");
				assertArrayEquals(content(a ? 'A' : 'B'), Files.readAllBytes(target), "round " + round +
					": the winner's content, whole");
			}
		}
		finally {
			pool.shutdownNow();
		}
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".part")).count(),
				"no temporary file left");
		}
	}

	/** Writes {@code target} as one party of a round; true if it won, false if refused as the loser must be. */
	private static Callable<Boolean> writer(final Path target, final char who, final CyclicBarrier start,
		final boolean hardLink)
	{
		return () -> {
			final byte[] content = content(who);
			start.await();
			try {
				AtomicFiles.write(target, AtomicFiles.IfExists.FAIL, false, out -> out.write(content), hardLink);
				return true;
			}
			catch (final FileAlreadyExistsException e) {
				final MedCryptException told = AtomicFiles.failure(target, e);
				assertTrue(told instanceof OutputExistsException, told.toString());
				assertTrue(told.getMessage().startsWith(target.toAbsolutePath() + " already exists"), told
					.getMessage());
				return false;
			}
		};
	}

	static byte[] content(final char who) {
		final byte[] b = new byte[SIZE];
		Arrays.fill(b, (byte) who);
		return b;
	}

	@Test
	void severalOutputsAreClaimedBeforeAnyIsWritten() throws Exception {
		final Path csv = dir.resolve("precision.csv"), png = dir.resolve("precision.png");
		Files.write(png, bytes("an earlier plot"));
		final FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.Outputs
			.of(csv, png));
		assertEquals(png.toString(), e.getFile());
		assertTrue(Files.notExists(csv));
		assertEquals("an earlier plot", Files.readString(png));
		assertThrows(IllegalArgumentException.class, () -> AtomicFiles.Outputs.of(csv, dir.resolve("x/../precision" +
			".csv")), "one name for two outputs");
	}

	/**
	 * The second output's name is taken after the claim (by a writer in another process, say): the first
	 * output, written by this unit, is removed; the other writer's file is kept.
	 */
	@Test
	void aFailedSecondOutputTakesTheFirstWithItButNeverAnotherWritersFile() throws Exception {
		final Path key = dir.resolve("k.paillier.key"), pub = dir.resolve("k.paillier.pub");
		try (AtomicFiles.Outputs outputs = AtomicFiles.Outputs.of(key, pub)) {
			outputs.write(key, true, bytes("private"));
			Files.write(pub, bytes("someone else's"));
			assertThrows(FileAlreadyExistsException.class, () -> outputs.write(pub, false, bytes("public")));
		}
		assertTrue(Files.notExists(key), "the half of the pair this call wrote is gone");
		assertEquals("someone else's", Files.readString(pub));

		// A file this unit wrote but that someone replaced meanwhile is not this unit's to remove.
		final Path a = dir.resolve("a.tif"), b = dir.resolve("b.tif");
		try (AtomicFiles.Outputs outputs = AtomicFiles.Outputs.of(a, b)) {
			outputs.write(a, false, bytes("mine"));
			Files.delete(a);
			Files.write(a, bytes("theirs, and longer"));
		}
		assertEquals("theirs, and longer", Files.readString(a));

		// Committed: both stay.
		final Path c = dir.resolve("c.tif"), d = dir.resolve("d.tif");
		try (AtomicFiles.Outputs outputs = AtomicFiles.Outputs.of(c, null, d)) {
			outputs.write(c, false, bytes("c"));
			Files.write(d, bytes("d"));
			outputs.written(d);
			outputs.commit();
		}
		assertEquals("c", Files.readString(c));
		assertEquals("d", Files.readString(d));
		assertThrows(IllegalArgumentException.class, () -> AtomicFiles.Outputs.of(c.resolveSibling("e")).written(
			dir.resolve("f")), "only claimed outputs");
	}

	@Test
	void staleTemporaryFilesAreCollectedAndFreshOnesKept() throws Exception {
		final Path stale = Files.write(dir.resolve(".scan.tif.0123456789abcdef.part"), new byte[1000]);
		final Path fresh = Files.write(dir.resolve(".scan.tif.fedcba9876543210.part"), new byte[1000]);
		final Path legacy = Files.write(dir.resolve(".scan.mcimg8123456789012345678.part"), new byte[1000]);
		final Path users = Files.write(dir.resolve(".notes.part"), new byte[10]);
		final Path folder = Files.createDirectory(dir.resolve(".folder.0123456789abcdef.part"));
		final FileTime twoHoursAgo = FileTime.fromMillis(System.currentTimeMillis() - Duration.ofHours(2).toMillis());
		for (final Path p : new Path[] { stale, legacy, users, folder }) Files.setLastModifiedTime(p, twoHoursAgo);

		assertEquals(2, AtomicFiles.collectStale(dir, AtomicFiles.STALE_AFTER));
		assertEquals(List.of(".folder.0123456789abcdef.part", ".notes.part", ".scan.tif.fedcba9876543210.part"),
			names(dir), "a live writer's file, a user's file and a folder stay");
		assertEquals(0, AtomicFiles.collectStale(dir.resolve("no-such-folder"), AtomicFiles.STALE_AFTER));
	}

	/** A kill -9 leftover goes on the next write into its folder: nothing else has to remember it. */
	@Test
	void theNextWriteIntoAFolderCollectsItsLeftovers() throws Exception {
		final Path leftover = Files.write(dir.resolve(".ct.mcimg.00000000deadbeef.part"), new byte[4096]);
		final Path live = Files.write(dir.resolve(".mr.mcimg.00000000cafebabe.part"), new byte[4096]);
		Files.setLastModifiedTime(leftover, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofHours(2)
			.toMillis()));
		AtomicFiles.write(dir.resolve("next.mcimg"), AtomicFiles.IfExists.FAIL, false, bytes("next"));
		assertTrue(Files.notExists(leftover));
		assertTrue(Files.exists(live));
	}

	@Test
	void temporaryNamesAreRecognisable() {
		assertTrue(AtomicFiles.isTemporary(".a.tif.0123456789abcdef.part"));
		assertTrue(AtomicFiles.isTemporary(".a.tif1234567890.part"), "the name earlier versions used");
		assertFalse(AtomicFiles.isTemporary("a.tif.0123456789abcdef.part"), "not hidden: not ours");
		assertFalse(AtomicFiles.isTemporary(".a.tif.0123456789ABCDEF.part"));
		assertFalse(AtomicFiles.isTemporary(".download.part"));
		assertFalse(AtomicFiles.isTemporary(".a.tif.0123456789abcdef.part.tif"));
	}

	private static byte[] bytes(final String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	static List<String> names(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}
}
