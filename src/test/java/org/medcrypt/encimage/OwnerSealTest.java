package org.medcrypt.encimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.medcrypt.image.ImageDescription;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.Progress;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.TestKeys;
import org.medcrypt.testing.Datasets;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 10, findings 4 and 6, mounted on a real image: a consistent change of an
 * owner-encrypted {@code .mcimg} (ciphertexts changed homomorphically or swapped,
 * the file re-hashed so its SHA-256 matches; the seal stripped) is an
 * {@link AuthenticationFailedException} at decryption, and nothing is returned;
 * an owner decrypting a file made with the public key alone is told so
 * ({@link PaillierImageCipher.Seal#NONE}); version-1 files still open.
 */
class OwnerSealTest {

	private final PaillierKeyPair pair = TestKeys.small();
	private final SecureRandom rnd = new SecureRandom();

	private static byte[] description(final String title) {
		return ImageDescription.builder(PixelPlanes.Kind.UINT16, 32, 32, 1, 1, 1).title(title).build().encode();
	}

	private static Img<? extends IntegerType<?>> mri() {
		return PaillierImageCipherTest.loadCrop(Datasets.file("medical-samples/png/mr_small_gray16_64x64.png"), 32,
			32);
	}

	/** What an attacker does with the file: rebuild it (a fresh, matching SHA-256) around changed parts. */
	private static EncryptedImage rehashed(final EncryptedImage e, final BigInteger[] cts, final byte[] seal)
		throws Exception
	{
		final EncryptedImage changed = new EncryptedImage(e.layout(), e.bitDepth(), e.slotBits(), e.modulusBits(), e
			.keyFingerprint(), cts, seal, e.rgb(), e.descriptionBlock(), e.formatVersion());
		return EncryptedImageFile.parse("attacked.mcimg", EncryptedImageFile.toBytes(changed));
	}

	private static EncryptedImage rehashedWith(final EncryptedImage e, final byte[] description) throws Exception {
		return EncryptedImageFile.parse("attacked.mcimg", EncryptedImageFile.toBytes(new EncryptedImage(e.layout(), e
			.bitDepth(), e.slotBits(), e.modulusBits(), e.keyFingerprint(), e.ciphertexts(), e.ownerSeal(), e.rgb(),
			description, e.formatVersion())));
	}

	private PaillierImageCipher.Decryption decrypt(final EncryptedImage e) throws Exception {
		return PaillierImageCipher.decryptFully(e, pair.privateKey(), Progress.NONE);
	}

	@Test
	void consistentChangesOfAnOwnersFileAreDetected() throws Exception {
		final Img<? extends IntegerType<?>> img = mri();
		final EncryptedImage owner = PaillierImageCipher.encrypt(img, pair.privateKey(), PackingParameters.of(1,
			PackingParameters.minimumSlotBits(16, 1) + 1, 16), false, description("patient A"),
			Progress.NONE);
		final PaillierImageCipher.Decryption honest = decrypt(owner);
		assertEquals(PaillierImageCipher.Seal.VERIFIED, honest.seal);
		PaillierImageCipherTest.assertSamePixels(img, honest.pixels);
		assertEquals("patient A", honest.description.title());

		// 1. a ciphertext changed homomorphically (+1 in its first slot: still valid pixels), file re-hashed
		final BigInteger[] plusOne = owner.ciphertexts().clone();
		plusOne[5] = pair.publicKey().addPlain(plusOne[5], BigInteger.ONE);
		final EncryptedImage changed = rehashed(owner, plusOne, owner.ownerSeal());
		assertTrue(assertThrows(AuthenticationFailedException.class, () -> decrypt(changed)).getMessage().contains(
			"MAC"));

		// 2. two ciphertexts swapped, file re-hashed
		final BigInteger[] swapped = owner.ciphertexts().clone();
		final BigInteger t = swapped[3];
		swapped[3] = swapped[7];
		swapped[7] = t;
		assertThrows(AuthenticationFailedException.class, () -> decrypt(rehashed(owner, swapped, owner
			.ownerSeal())));

		// 3. the seal stripped (the file now looks made with the public key), alone and with swapped ciphertexts
		final AuthenticationFailedException stripped = assertThrows(AuthenticationFailedException.class,
			() -> decrypt(rehashed(owner, owner.ciphertexts(), null)));
		assertTrue(stripped.getMessage().contains("seal was removed"), stripped.getMessage());
		assertThrows(AuthenticationFailedException.class, () -> decrypt(rehashed(owner, swapped, null)));

		// 4. the description block removed (the header's length field follows): the MAC covers both
		final EncryptedImage noDescription = rehashedWith(owner, null);
		assertThrows(AuthenticationFailedException.class, () -> decrypt(noDescription));

		// 5. the description block of another of the owner's files: its GCM (header as AAD) and the MAC refuse it
		final EncryptedImage other = PaillierImageCipher.encrypt(img, pair.privateKey(), PackingParameters.of(1,
			PackingParameters.minimumSlotBits(16, 1) + 2, 16), false, description("patient B"), Progress.NONE);
		final EncryptedImage moved = rehashedWith(owner, other.descriptionBlock());
		assertThrows(AuthenticationFailedException.class, () -> decrypt(moved));
	}

	@Test
	void anOwnerDecryptingAnUnsealedFileIsToldSo() throws Exception {
		final Img<? extends IntegerType<?>> img = mri();
		final PackingParameters packing = PackingParameters.of(1, PackingParameters.minimumSlotBits(16, 1) + 1, 16);
		final EncryptedImage anyone = PaillierImageCipher.encrypt(img, pair.publicKey(), packing, false, null,
			Progress.NONE);
		final PaillierImageCipher.Decryption d = decrypt(anyone);
		assertEquals(PaillierImageCipher.Seal.NONE, d.seal);
		assertNull(d.description);
		PaillierImageCipherTest.assertSamePixels(img, d.pixels);
		// what remains (documented): anyone with the public key can change such a file; it decrypts to other pixels
		final BigInteger[] plusOne = anyone.ciphertexts().clone();
		plusOne[5] = pair.publicKey().addPlain(plusOne[5], BigInteger.ONE);
		final PaillierImageCipher.Decryption changed = decrypt(rehashed(anyone, plusOne, null));
		assertEquals(PaillierImageCipher.Seal.NONE, changed.seal);
		assertNotEquals(firstDifference(d.pixels, changed.pixels), -1);
	}

	/** Version-1 files written by the previous MedCrypt (see src/test/resources/org/medcrypt/encimage/README.md). */
	@Test
	void versionOneFilesStillOpen() throws Exception {
		final Path dir = Paths.get(OwnerSealTest.class.getResource("/org/medcrypt/encimage/README.md").toURI())
			.getParent();
		final PaillierKeyPair testA = TestKeyFiles.paillierPair("test-a");
		final ImagePlus plain = IJ.openImage(dir.resolve("v1-plain.tif").toString());
		for (final String name : new String[] { "v1-owner.mcimg", "v1-public.mcimg" }) {
			final Path file = dir.resolve(name);
			final EncryptedImage v1 = EncryptedImageFile.read(file, testA.publicKey());
			assertEquals(1, v1.formatVersion());
			assertArrayEquals(Files.readAllBytes(file), EncryptedImageFile.toBytes(v1), "written back unchanged");
			final PaillierImageCipher.Decryption d = PaillierImageCipher.decryptFully(v1, testA.privateKey(),
				Progress.NONE);
			assertEquals(name.contains("owner") ? PaillierImageCipher.Seal.OWNER_VERSION_1
				: PaillierImageCipher.Seal.NONE, d.seal);
			final Cursor<? extends IntegerType<?>> c = Views.flatIterable(d.pixels).cursor();
			for (int i = 0; c.hasNext(); i++) assertEquals(plain.getProcessor().get(i), c.next().getInteger(), name);
		}
	}

	private static int firstDifference(final Img<? extends IntegerType<?>> a, final Img<? extends IntegerType<?>> b) {
		final Cursor<? extends IntegerType<?>> ca = Views.flatIterable(a).cursor(), cb = Views.flatIterable(b)
			.cursor();
		for (int i = 0; ca.hasNext(); i++) if (ca.next().getInteger() != cb.next().getInteger()) return i;
		return -1;
	}
}
