package org.medcrypt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same guarantees across processes, as users meet them: two JVMs writing the
 * same 300 names, and a writer killed with SIGKILL in the middle of a write,
 * whose temporary file survives while it lives and is collected after.
 */
class AtomicFilesProcessTest {

	private static final int ROUNDS = 300;

	@TempDir
	Path dir;

	@Test
	void twoProcessesWritingTheSameNamesNeverBothWin() throws Exception {
		final Path go = dir.resolve("go");
		final Process child = spawn("race", dir.toString(), go.toString(), Integer.toString(ROUNDS), "B");
		try (BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
			StandardCharsets.US_ASCII)))
		{
			assertEquals("ready", childOut.readLine(), "the other process started");
			Files.createFile(go);
			final Set<Integer> mine = race(dir, ROUNDS, 'A');
			final Set<Integer> theirs = new HashSet<>();
			for (String line; (line = childOut.readLine()) != null;) {
				if (line.startsWith("won ")) theirs.add(Integer.parseInt(line.substring(4)));
			}
			assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the other process finished");
			assertEquals(0, child.exitValue());
			for (int r = 0; r < ROUNDS; r++) {
				assertTrue(mine.contains(r) ^ theirs.contains(r), "round " + r + ": exactly one process wins");
				assertArrayEquals(AtomicFilesTest.content(mine.contains(r) ? 'A' : 'B'), Files.readAllBytes(name(
					dir, r)), "round " + r + ": the winner's content, whole");
			}
		}
		finally {
			child.destroyForcibly();
		}
	}

	@Test
	void aWriterKilledMidWriteLeavesATemporaryFileThatIsCollectedOnceStale() throws Exception {
		final Path target = dir.resolve("big.mcimg");
		final Process child = spawn("hang", target.toString());
		final Path part;
		try (BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
			StandardCharsets.US_ASCII)))
		{
			assertEquals("writing", childOut.readLine(), "the other process is in the middle of its write");
			final List<Path> parts = temporaryFiles(dir);
			assertEquals(1, parts.size(), parts.toString());
			part = parts.get(0);
			// A live writer's temporary file is fresh: collecting the folder now must leave it.
			assertEquals(0, AtomicFiles.collectStale(dir, AtomicFiles.STALE_AFTER));
			assertTrue(Files.exists(part));
		}
		finally {
			child.destroyForcibly(); // SIGKILL on POSIX: no finally block runs in the child
		}
		assertTrue(child.waitFor(60, TimeUnit.SECONDS));
		assertTrue(Files.notExists(target), "nothing under the final name");
		assertTrue(Files.size(part) >= 1 << 20, "the killed writer's megabyte is left behind");

		// An hour later, the next write into the folder collects it.
		Files.setLastModifiedTime(part, FileTime.fromMillis(System.currentTimeMillis() - AtomicFiles.STALE_AFTER
			.plus(Duration.ofMinutes(1)).toMillis()));
		AtomicFiles.write(dir.resolve("next.mcimg"), AtomicFiles.IfExists.FAIL, false, new byte[] { 1 });
		assertEquals(List.of(), temporaryFiles(dir));
	}

	private static List<Path> temporaryFiles(final Path dir) throws IOException {
		final List<Path> parts = new ArrayList<>();
		for (final String n : AtomicFilesTest.names(dir)) if (AtomicFiles.isTemporary(n)) parts.add(dir.resolve(n));
		return parts;
	}

	private static Path name(final Path dir, final int round) {
		return dir.resolve("race-" + round + ".tif");
	}

	/** Writes every round's name with this writer's content; returns the rounds it won. */
	static Set<Integer> race(final Path dir, final int rounds, final char who) throws IOException {
		final byte[] content = AtomicFilesTest.content(who);
		final Set<Integer> won = new HashSet<>();
		for (int r = 0; r < rounds; r++) {
			try {
				AtomicFiles.write(name(dir, r), AtomicFiles.IfExists.FAIL, false, content);
				won.add(r);
			}
			catch (final FileAlreadyExistsException e) {
				// the other process won this round
			}
		}
		return won;
	}

	private static Process spawn(final String... args) throws IOException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx64m");
		cmd.add("-XX:TieredStopAtLevel=1");
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(Child.class.getName());
		cmd.addAll(List.of(args));
		return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	/** The other process: {@code race DIR GO ROUNDS WHO} or {@code hang TARGET}. */
	public static final class Child {

		public static void main(final String[] args) throws Exception {
			if (args[0].equals("race")) {
				final Path go = Path.of(args[2]);
				System.out.println("ready");
				System.out.flush();
				while (Files.notExists(go)) Thread.onSpinWait();
				for (final int r : race(Path.of(args[1]), Integer.parseInt(args[3]), args[4].charAt(0))) {
					System.out.println("won " + r);
				}
			}
			else {
				AtomicFiles.write(Path.of(args[1]), AtomicFiles.IfExists.FAIL, false, out -> {
					out.write(new byte[1 << 20]);
					out.flush();
					System.out.println("writing");
					System.out.flush();
					System.in.read(); // until killed
				});
			}
		}
	}
}
