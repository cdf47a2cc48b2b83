package org.medcrypt.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.testing.Deterministic;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Issue 10, finding 3, attacked on the core: the version-2 envelope's signed
 * header binds the identifier, the time, the recipient's full fingerprint and
 * the C/Z/T arrangement, so a swapped image shows another identifier and time,
 * a replayed one is found in the register, an image for another recipient is
 * refused naming both fingerprints, and a changed arrangement fails; RSA keys
 * of 1024 and 800 bits are refused; version-1 images still open.
 */
class SignedHeaderTest {

	private static final SecureRandom RANDOM = new SecureRandom();
	/** 1 January 2027, 00:00 UTC. */
	private static final long JAN_2027 = 1798761600000L;
	private static RSAPrivateCrtKey aPrivate, bPrivate, cPrivate;
	private static RSAPublicKey aPublic, bPublic, cPublic;

	@TempDir
	Path dir;

	@BeforeAll
	static void keys() throws MedCryptException {
		aPrivate = RsaKeyFiles.readPrivate(TestKeyFiles.rsa("rsa-a")[0]);
		aPublic = RsaKeyFiles.readPublic(TestKeyFiles.rsa("rsa-a")[1]);
		bPrivate = RsaKeyFiles.readPrivate(TestKeyFiles.rsa("rsa-b")[0]);
		bPublic = RsaKeyFiles.readPublic(TestKeyFiles.rsa("rsa-b")[1]);
		cPrivate = RsaKeyFiles.readPrivate(TestKeyFiles.rsa("rsa-c")[0]);
		cPublic = RsaKeyFiles.readPublic(TestKeyFiles.rsa("rsa-c")[1]);
	}

	private static PixelPlanes ct() throws Exception {
		return TestImages.planes(TestImages.open("CT_small.dcm"));
	}

	private static SecureTransfer.Sealed seal(final PixelPlanes planes, final String id, final long created,
		final int c, final int z, final int t) throws MedCryptException
	{
		return SecureTransfer.seal(planes, new SecureTransfer.Label(id, created, c, z, t, RANDOM), new byte[0],
			aPrivate, bPublic, RANDOM);
	}

	@Test
	void aSwappedImageShowsItsOwnIdentifierAndTimeAndTheRegisterKnowsAReplay() throws Exception {
		// A seals two CT images for B; an attacker on the path delivers the second (older) one instead of the
		// first. Both are validly signed: what shows the swap is what the sender signed.
		final SecureTransfer.Sealed first = seal(ct(), "study7-ct-001", JAN_2027 + 3_600_000, 1, 1, 1);
		final SecureTransfer.Sealed second = seal(ct(), "study7-ct-002", JAN_2027, 1, 1, 1);
		final SecureTransfer.Opened delivered = SecureTransfer.open(second.planes, bPrivate, aPublic);
		assertEquals("study7-ct-002", delivered.identifier);
		assertEquals("2027-01-01T00:00:00Z", delivered.createdText());
		assertEquals(Fingerprints.of(bPublic), delivered.recipient);
		assertEquals(64, delivered.recipient.length());
		// The register: opened once, then the same image again (a replay) is recognised; refused on request.
		final OpenedRegister register = new OpenedRegister(dir.resolve("medcrypt").resolve("transfer-opened.tsv"));
		assertNull(register.record(SecureTransfer.open(first.planes, bPrivate, aPublic), false));
		assertNull(register.record(delivered, false));
		final SecureTransfer.Opened replay = SecureTransfer.open(second.planes, bPrivate, aPublic);
		final OpenedRegister.Entry earlier = register.record(replay, false);
		assertEquals("study7-ct-002", earlier.identifier);
		assertEquals(Fingerprints.of(aPublic), earlier.sender);
		final OpenedRegister.ReplayException e = assertThrows(OpenedRegister.ReplayException.class, () -> register
			.record(replay, true));
		assertTrue(e.getMessage().startsWith("Already opened: an image with identifier study7-ct-002 from this " +
			"sender was opened on " + earlier.openedText()), e.getMessage());
		assertEquals(3, register.read().size(), "a refused replay is not recorded");
		// The same identifier from another sender is another image.
		assertNull(register.record(Fingerprints.of(cPublic), "study7-ct-002", JAN_2027, JAN_2027, true));
	}

	@Test
	void theRegisterIsBoundedAndRefusesADamagedFile() throws Exception {
		final OpenedRegister register = new OpenedRegister(dir.resolve("r.tsv"));
		final String sender = Fingerprints.of(aPublic);
		final StringBuilder text = new StringBuilder("# test\n");
		for (int i = 0; i < OpenedRegister.MAX_ENTRIES; i++)
			text.append(i).append('\t').append(sender).append('\t').append("id-").append(i).append('\t').append(i)
				.append('\n');
		Files.write(register.file(), text.toString().getBytes("US-ASCII"));
		assertEquals("id-0", register.record(sender, "id-0", 1, 2, false).identifier);
		final List<OpenedRegister.Entry> kept = register.read();
		assertEquals(OpenedRegister.MAX_ENTRIES, kept.size());
		assertEquals("id-1", kept.get(0).identifier, "the oldest entry went");
		Files.write(register.file(), "0\tnot-hex\tid\t0\n".getBytes("US-ASCII"));
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> register.record(sender, "x", 1,
			2, false));
		assertTrue(e.getMessage().contains(register.file() + " is damaged"), e.getMessage());
	}

	@Test
	void anImageSealedForAnotherRecipientIsRefusedNamingBothFingerprints() throws Exception {
		final SecureTransfer.Sealed sealed = seal(ct(), null, JAN_2027, 1, 1, 1);
		final WrongKeyException e = assertThrows(WrongKeyException.class, () -> SecureTransfer.open(sealed.planes,
			cPrivate, aPublic));
		assertEquals("Fingerprint mismatch: this image was sealed for the RSA key " + Fingerprints.of(
			bPublic) + ", not for yours (" + Fingerprints.of(cPublic) + "): it is not addressed to you. " +
			"Choose the matching private key, or ask the sender to seal it for your public key.", e.getMessage());
	}

	/** Twelve 128x128 16-bit planes from the CT (each a shifted copy), as a 2x3x2 hyperstack would give them. */
	private static PixelPlanes hyperstack() throws Exception {
		final short[] ct = ct().shortPlane(0);
		final short[][] planes = new short[12][];
		for (int i = 0; i < 12; i++) {
			planes[i] = new short[ct.length];
			for (int j = 0; j < ct.length; j++)
				planes[i][j] = ct[(j + 977 * i) % ct.length];
		}
		return PixelPlanes.ofShorts(128, 128, planes);
	}

	@Test
	void theArrangementIsSignedAndAChangeIsDetected() throws Exception {
		final SecureTransfer.Sealed sealed = seal(hyperstack(), "hs-1", JAN_2027, 2, 3, 2);
		final SecureTransfer.Opened opened = SecureTransfer.open(sealed.planes, bPrivate, aPublic);
		assertEquals(Arrays.asList(2, 3, 2), Arrays.asList(opened.channels, opened.slices, opened.frames));
		// C = 2 -> 3 and Z = 3 -> 2 (header bytes 19 and 23, lowest bits; samples 8·19+7 and 8·23+7 carry them in
		// their MSB): still 12 planes, so only the signature can tell.
		final short[] p0 = sealed.planes.shortPlane(0).clone();
		p0[8 * 19 + 7] ^= (short) 0x8000;
		p0[8 * 23 + 7] ^= (short) 0x8000;
		final short[][] swapped = new short[12][];
		swapped[0] = p0;
		for (int i = 1; i < 12; i++)
			swapped[i] = sealed.planes.shortPlane(i);
		final AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, () -> SecureTransfer
			.open(PixelPlanes.ofShorts(128, 128, swapped), bPrivate, aPublic));
		assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
		// C alone changed: 3x3x2 is not the 12 planes
		final short[] p1 = sealed.planes.shortPlane(0).clone();
		p1[8 * 19 + 7] ^= (short) 0x8000;
		swapped[0] = p1;
		final DamagedFileException d = assertThrows(DamagedFileException.class, () -> SecureTransfer.open(PixelPlanes
			.ofShorts(128, 128, swapped), bPrivate, aPublic));
		assertTrue(d.getMessage().contains("encrypted as 128x128x3x3x2 (CxZxT)"), d.getMessage());
	}

	@Test
	void aChangedIdentifierIsDetected() throws Exception {
		// "study7-ct-001": byte 120 is 's' (0x73); its lowest bit (sample 8·120+7) makes it 'r', still valid.
		final SecureTransfer.Sealed sealed = seal(ct(), "study7-ct-001", JAN_2027, 1, 1, 1);
		sealed.planes.shortPlane(0)[8 * 120 + 7] ^= (short) 0x8000;
		final AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, () -> SecureTransfer
			.open(sealed.planes, bPrivate, aPublic));
		assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
	}

	@Test
	void rsaKeysBelow2048BitsAreRefused() throws Exception {
		final PixelPlanes ct = ct();
		for (final int bits : new int[] { 1024, 800 }) {
			final KeyPair weak = Deterministic.rsaKeyPair(bits, bits);
			final RSAPrivateCrtKey weakPrivate = (RSAPrivateCrtKey) weak.getPrivate();
			final RSAPublicKey weakPublic = (RSAPublicKey) weak.getPublic();
			RefusedByPolicyException e = assertThrows(RefusedByPolicyException.class, () -> SecureTransfer.seal(ct,
				new byte[0], weakPrivate, bPublic, RANDOM));
			assertTrue(e.getMessage().startsWith("Your (the sender's) private key is a " + bits + "-bit RSA key: " +
				"MedCrypt takes RSA keys of at least 2048 bits"), e.getMessage());
			e = assertThrows(RefusedByPolicyException.class, () -> SecureTransfer.seal(ct, new byte[0], aPrivate,
				weakPublic, RANDOM));
			assertTrue(e.getMessage().startsWith("The recipient's public key is a " + bits + "-bit"), e.getMessage());
			final SecureTransfer.Sealed sealed = SecureTransfer.seal(ct, new byte[0], aPrivate, bPublic, RANDOM);
			e = assertThrows(RefusedByPolicyException.class, () -> SecureTransfer.open(sealed.planes, weakPrivate,
				aPublic));
			assertTrue(e.getMessage().startsWith("Your (the recipient's) private key is a " + bits + "-bit"), e
				.getMessage());
			e = assertThrows(RefusedByPolicyException.class, () -> SecureTransfer.open(sealed.planes, bPrivate,
				weakPublic));
			assertTrue(e.getMessage().startsWith("The sender's public key is a " + bits + "-bit"), e.getMessage());
			// key generation: refused unless for the study
			e = assertThrows(RefusedByPolicyException.class, () -> RsaKeyFiles.checkBits(bits, false));
			assertTrue(e.getMessage().contains(bits < 1024 ? "not " + bits : "too weak for real data"), e.getMessage());
		}
		RsaKeyFiles.checkBits(1024, true);
		assertThrows(RefusedByPolicyException.class, () -> RsaKeyFiles.checkBits(800, true));
		assertThrows(IllegalArgumentException.class, () -> RsaKeyFiles.generate(1024, RANDOM));
	}

	@Test
	void aVersion1ImageWrittenByMainStillOpens() throws Exception {
		final ImagePlus carrier = org.medcrypt.ij.ImageFiles.open(java.nio.file.Paths.get("src", "test", "resources",
			"org", "medcrypt", "transfer", "v1-CT_small.sealed.tif"));
		final SecureTransfer.Opened opened = SecureTransfer.open(TestImages.planes(carrier), bPrivate, aPublic);
		assertEquals(1, opened.version);
		assertEquals("", opened.identifier);
		assertEquals(-1, opened.created);
		assertEquals(Fingerprints.of(aPublic), opened.sender);
		assertEquals(SecureTransfer.digest(ct()), SecureTransfer.digest(opened.planes));
		assertEquals("3b7863890a7d765007581b58858cf250dfe92855495ee274a25f0fba9d3d9987", SecureTransfer.digest(
			opened.planes));
		// sealed for rsa-b, whose 16-digit fingerprint version 1 carried: rsa-c is refused by it
		final WrongKeyException e = assertThrows(WrongKeyException.class, () -> SecureTransfer.open(TestImages.planes(
			carrier), cPrivate, aPublic));
		assertTrue(e.getMessage().contains(Fingerprints.of(bPublic).substring(0, 16) + ", not for yours (" +
			Fingerprints.of(cPublic).substring(0, 16) + ")"), e.getMessage());
	}
}
