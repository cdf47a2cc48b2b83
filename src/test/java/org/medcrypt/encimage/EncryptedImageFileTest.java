package org.medcrypt.encimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.TestKeys;
import org.medcrypt.testing.Datasets;

class EncryptedImageFileTest {

	@TempDir
	Path dir;

	static Img<? extends IntegerType<?>> image;
	static EncryptedImage encrypted;
	static PaillierKeyPair pair;

	@BeforeAll
	static void encrypt() throws Exception {
		pair = TestKeys.small();
		image = PaillierImageCipherTest.load(Datasets.file("medical-samples/png/mr_small_gray16_64x64.png"));
		encrypted = PaillierImageCipher.encrypt(image, pair.privateKey(), Progress.NONE);
	}

	@Test
	void roundTripThroughAFile() throws Exception {
		final Path file = dir.resolve("mr" + EncryptedImageFile.SUFFIX);
		EncryptedImageFile.write(file, encrypted);
		final EncryptedImage back = EncryptedImageFile.read(file, pair.publicKey());
		assertArrayEquals(encrypted.ciphertexts(), back.ciphertexts());
		assertEquals(encrypted.keyFingerprint(), back.keyFingerprint());
		assertArrayEquals(encrypted.ownerSeal(), back.ownerSeal());
		PaillierImageCipherTest.assertSamePixels(image, PaillierImageCipher.decrypt(back, pair.privateKey(),
			Progress.NONE));
		// never overwrites, and the existing file is left intact
		final byte[] before = Files.readAllBytes(file);
		assertThrows(OutputExistsException.class, () -> EncryptedImageFile.write(file, encrypted));
		assertArrayEquals(before, Files.readAllBytes(file));
		try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			assertEquals(1, s.count(), "no temporary file left behind");
		}
	}

	@Test
	void foreignTruncatedAndWrongKeyFiles() throws Exception {
		final Path file = dir.resolve("mr.mcimg");
		EncryptedImageFile.write(file, encrypted);
		final byte[] bytes = Files.readAllBytes(file);

		final Path png = Datasets.file("medical-samples/png/mr_small_gray16_64x64.png");
		assertThrows(DamagedFileException.class, () -> EncryptedImageFile.read(png));

		final Path cut = dir.resolve("cut.mcimg");
		Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1000));
		assertThrows(DamagedFileException.class, () -> EncryptedImageFile.read(cut));

		assertThrows(WrongKeyException.class, () -> EncryptedImageFile.read(file, TestKeys.real().publicKey()));
	}

	/** Flips random bits anywhere in the file: the reader must report every change, never crash or accept it. */
	@Test
	void mutationFuzz() throws Exception {
		final Path file = dir.resolve("mr.mcimg");
		EncryptedImageFile.write(file, encrypted);
		final byte[] bytes = Files.readAllBytes(file);
		final Random rnd = new Random(42);
		for (int trial = 0; trial < 400; trial++) {
			final byte[] mutated = bytes.clone();
			// half the trials hit the header, where parsing is most fragile
			final int pos = trial % 2 == 0 ? rnd.nextInt(EncryptedImageFile.HEADER_BYTES) : rnd.nextInt(
				mutated.length);
			mutated[pos] ^= (byte) (1 << rnd.nextInt(8));
			try {
				EncryptedImageFile.parse("mutated", mutated);
				fail("a flipped bit at byte " + pos + " was not detected");
			}
			catch (final DamagedFileException expected) {
				assertTrue(expected.getMessage().startsWith("mutated"), expected.getMessage());
			}
			catch (final RuntimeException e) {
				fail("byte " + pos + ": the reader crashed with " + e, e);
			}
		}
		// Random garbage and every truncation length of the header.
		for (int len = 0; len < EncryptedImageFile.HEADER_BYTES + 40; len++) {
			final int l = len;
			assertThrows(DamagedFileException.class, () -> EncryptedImageFile.parse("t", Arrays.copyOf(bytes, l)));
		}
		final byte[] garbage = new byte[5000];
		rnd.nextBytes(garbage);
		assertThrows(DamagedFileException.class, () -> EncryptedImageFile.parse("g", garbage));
	}

	/**
	 * Issue 14: {@code decrypt} of a 3 GB file read it whole before checking its
	 * magic (OutOfMemoryError). Sparse 3 GB files cost nothing on disk; under the
	 * test JVM's 3 GB heap, reading one whole would fail, so a clean refusal
	 * proves the reader decided from the first bytes and the file's size.
	 */
	@Test
	void hugeFilesAreRefusedFromTheirHeaderBeforeAnyAllocation() throws Exception {
		final long threeGb = 3L << 30;
		final Path foreign = dir.resolve("foreign.mcimg");
		try (RandomAccessFile f = new RandomAccessFile(foreign.toFile(), "rw")) {
			f.setLength(threeGb);
		}
		DamagedFileException e = assertThrows(DamagedFileException.class, () -> EncryptedImageFile.read(foreign));
		assertTrue(e.getMessage().startsWith(foreign + " is not a MedCrypt encrypted image"), e.getMessage());

		// A valid header followed by 3 GB: the size it announces disagrees with the file's.
		final Path padded = dir.resolve("padded.mcimg");
		EncryptedImageFile.write(padded, encrypted);
		try (RandomAccessFile f = new RandomAccessFile(padded.toFile(), "rw")) {
			f.setLength(threeGb);
		}
		e = assertThrows(DamagedFileException.class, () -> EncryptedImageFile.read(padded, pair.publicKey()));
		assertTrue(e.getMessage().startsWith(padded + " is too long: " + threeGb + " bytes where its header " +
			"announces"), e.getMessage());
	}

	/** The file reader streams what {@link EncryptedImageFile#parse} checks in memory: same verdicts. */
	@Test
	void theStreamingReaderCatchesEveryChangeToo() throws Exception {
		final Path file = dir.resolve("mr.mcimg");
		EncryptedImageFile.write(file, encrypted);
		final byte[] bytes = Files.readAllBytes(file);
		final Random rnd = new Random(7);
		for (int trial = 0; trial < 60; trial++) {
			final byte[] mutated = bytes.clone();
			final int pos = trial % 2 == 0 ? rnd.nextInt(EncryptedImageFile.HEADER_BYTES) : rnd.nextInt(
				mutated.length);
			mutated[pos] ^= (byte) (1 << rnd.nextInt(8));
			final Path m = dir.resolve("m" + trial + ".mcimg");
			Files.write(m, mutated);
			final DamagedFileException e = assertThrows(DamagedFileException.class, () -> EncryptedImageFile.read(m),
				"a flipped bit at byte " + pos);
			assertTrue(e.getMessage().startsWith(m.toString()), e.getMessage());
		}
		final Path cut = dir.resolve("cut.mcimg");
		Files.write(cut, Arrays.copyOf(bytes, EncryptedImageFile.HEADER_BYTES + 10));
		assertTrue(assertThrows(DamagedFileException.class, () -> EncryptedImageFile.read(cut)).getMessage()
			.contains("truncated"));
	}
}
