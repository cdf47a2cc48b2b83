package org.medcrypt.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.testing.Datasets;

/**
 * The default secure transfer: bit-exact on every test image (16-bit DICOM,
 * RGB JPEG, 8-bit and indexed PNG) and on a 16-bit stack with 3072-bit keys;
 * every kind of tampering or wrong key is refused with its own message.
 */
class SecureTransferTest {

	private static RSAPrivateCrtKey aPrivate, bPrivate, cPrivate;
	private static RSAPublicKey aPublic, bPublic, cPublic;
	private static final SecureRandom RANDOM = new SecureRandom();

	@BeforeAll
	static void keys() {
		final KeyPair a = RsaKeyFiles.generate(3072, RANDOM), b = RsaKeyFiles.generate(3072, RANDOM), c = RsaKeyFiles
			.generate(2048, RANDOM);
		aPrivate = (RSAPrivateCrtKey) a.getPrivate();
		aPublic = (RSAPublicKey) a.getPublic();
		bPrivate = (RSAPrivateCrtKey) b.getPrivate();
		bPublic = (RSAPublicKey) b.getPublic();
		cPrivate = (RSAPrivateCrtKey) c.getPrivate();
		cPublic = (RSAPublicKey) c.getPublic();
	}

	@TestFactory
	Stream<DynamicTest> roundTripIsBitExactOnEveryTestImage() {
		return TestImages.NAMES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
			final ImagePlus imp = TestImages.open(name);
			final int w = imp.getWidth(), h = imp.getHeight();
			final PixelPlanes original = TestImages.planes(imp);
			final byte[] before = TestImages.stream(original);
			final SecureTransfer.Sealed sealed = SecureTransfer.seal(original, new byte[] { 1, 2, 3 }, aPrivate,
				bPublic, RANDOM);
			assertArrayEquals(before, TestImages.stream(original), "the original was modified");
			assertEquals(original.kind(), sealed.planes.kind());
			assertEquals(original.toString(), sealed.planes.toString(), "same size and kind");
			assertEquals(w + "x" + h, sealed.planes.width() + "x" + sealed.planes.height());
			assertNotSame(original.array(0), sealed.planes.array(0), "the sealed planes are new arrays");
			final byte[] encrypted = TestImages.stream(sealed.planes);
			// ciphertext everywhere: about 255/256 of the bytes differ from the original
			assertTrue(differing(before, encrypted) > 0.98 * before.length, name);
			final SecureTransfer.Opened opened = SecureTransfer.open(sealed.planes, bPrivate, aPublic);
			assertArrayEquals(before, TestImages.stream(opened.planes), name + " is not bit-exact");
			assertArrayEquals(new byte[] { 1, 2, 3 }, opened.metadata);
			assertEquals(Fingerprints.of(aPublic), opened.sender);
			assertEquals(Fingerprints.of(bPublic), opened.recipient);
			assertEquals(2, opened.version);
			assertEquals(sealed.label.identifier, opened.identifier);
			System.out.printf("| %s | %s | %d envelope bits | %d samples touched | %d mispredicted |%n", name,
				PixelBytes.of(original), sealed.payloadBits, sealed.touchedSamples, sealed.errors);
		}));
	}

	@Test
	void sixteenBitStackRoundTrip() throws Exception {
		final ImagePlus ct = org.medcrypt.ij.ImageFiles.open(Datasets.samplePng("ct_head_HUplus1024_gray16_512x512.png"));
		final short[] a = (short[]) ct.getProcessor().getPixels();
		final short[] b = a.clone();
		for (int i = 0; i < b.length; i++)
			b[i] = a[b.length - 1 - i];
		final PixelPlanes stack = PixelPlanes.ofShorts(512, 512, a, b);
		final SecureTransfer.Sealed sealed = SecureTransfer.seal(stack, new byte[0], aPrivate, bPublic, RANDOM);
		final SecureTransfer.Opened opened = SecureTransfer.open(sealed.planes, bPrivate, aPublic);
		assertArrayEquals(a, opened.planes.shortPlane(0));
		assertArrayEquals(b, opened.planes.shortPlane(1));
		// two encryptions of the same image differ (fresh key and nonce)
		final SecureTransfer.Sealed again = SecureTransfer.seal(stack, new byte[0], aPrivate, bPublic, RANDOM);
		assertTrue(differing(TestImages.stream(sealed.planes), TestImages.stream(again.planes)) > 500000);
	}

	@Test
	void theGcmKeystreamIsTheJdkGcmCiphertextXorPlaintext() throws Exception {
		final byte[] k = new byte[32], nonce = new byte[12], plain = new byte[1000];
		RANDOM.nextBytes(k);
		RANDOM.nextBytes(nonce);
		RANDOM.nextBytes(plain);
		final SecretKey key = new SecretKeySpec(k, "AES");
		final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
		gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
		final byte[] c = gcm.doFinal(plain);
		for (final int offset : new int[] { 0, 1, 15, 16, 17, 500, 999 }) {
			final byte[] ks = SecureTransfer.keystream(key, nonce, offset, plain.length - offset);
			for (int i = offset; i < plain.length; i++)
				assertEquals(c[i], (byte) (plain[i] ^ ks[i - offset]), "offset " + offset + " byte " + i);
		}
	}

	/** The CT encrypted from A to B, then changed by {@code tamper}; B opening it must fail with {@code message}. */
	private static void refused(final Consumer<short[]> tamper, final String message) throws Exception {
		final ImagePlus imp = TestImages.open("CT_small.dcm");
		final SecureTransfer.Sealed sealed = SecureTransfer.seal(TestImages.planes(imp), new byte[0], aPrivate,
			bPublic, RANDOM);
		tamper.accept(sealed.planes.shortPlane(0));
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> SecureTransfer.open(sealed.planes,
			bPrivate, aPublic));
		assertTrue(e.getMessage().contains(message), e.getMessage());
	}

	@Test
	void aChangedPixelAnywhereIsDetected() throws Exception {
		// far from the envelope: one low bit of the last pixel; a pixel in the middle; the envelope's last sample
		refused(p -> p[128 * 128 - 1] ^= 1, "pixels were altered");
		refused(p -> p[64 * 128 + 64] ^= 0x0100, "pixels were altered");
		// a carrier's low bit (the pixel under the envelope): the rebuilt ciphertext differs
		refused(p -> p[3] ^= 1, "pixels were altered");
	}

	@Test
	void aChangedEnvelopeIsDetected() throws Exception {
		// MSB of sample 0 is the first magic bit
		refused(p -> p[0] ^= (short) 0x8000, "no MedCrypt secure-transfer envelope");
		// a bit of the tag (byte 160 -> sample 1280), of the wrapped key (byte 200), of the signature (byte 900
		// of about 950)
		refused(p -> p[8 * 160] ^= (short) 0x8000, "signature does not verify");
		refused(p -> p[8 * 200 + 3] ^= (short) 0x8000, "signature does not verify");
		refused(p -> p[8 * 900] ^= (short) 0x8000, "signature does not verify");
		// the signed header: a bit of the creation time (byte 115); SignedHeaderTest changes the others
		refused(p -> p[8 * 115 + 5] ^= (short) 0x8000, "signature does not verify");
	}

	@Test
	void wrongKeysAndChangedGeometryAreNamed() throws Exception {
		final ImagePlus imp = TestImages.open("CT_small.dcm");
		final PixelPlanes planes = TestImages.planes(imp);
		final SecureTransfer.Sealed sealed = SecureTransfer.seal(planes, new byte[0], aPrivate, bPublic, RANDOM);
		MedCryptException e = assertThrows(WrongKeyException.class, () -> SecureTransfer.open(sealed.planes,
			cPrivate, aPublic));
		assertTrue(e.getMessage().startsWith("Fingerprint mismatch: this image was sealed for the RSA key " +
			Fingerprints.of(bPublic) + ", not for yours (" + Fingerprints.of(cPublic) + ")"), e
				.getMessage());
		e = assertThrows(WrongKeyException.class, () -> SecureTransfer.open(sealed.planes, bPrivate, cPublic));
		assertTrue(e.getMessage().contains("was signed by the RSA key " + Fingerprints.of(aPublic)), e
			.getMessage());
		// cropped to 128x127: the same first samples, another geometry
		final PixelPlanes cropped = PixelPlanes.ofShorts(128, 127, Arrays.copyOf(sealed.planes.shortPlane(0), 128 *
			127));
		e = assertThrows(DamagedFileException.class, () -> SecureTransfer.open(cropped, bPrivate, aPublic));
		assertTrue(e.getMessage().contains("cropped, resized or converted"), e.getMessage());
		// a plain image was never encrypted
		e = assertThrows(DamagedFileException.class, () -> SecureTransfer.open(planes, bPrivate, aPublic));
		assertTrue(e.getMessage().contains("no MedCrypt secure-transfer envelope"), e.getMessage());
		// sending to oneself with one's own key pair as both is refused
		e = assertThrows(RefusedByPolicyException.class, () -> SecureTransfer.seal(planes, new byte[0], aPrivate, aPublic,
			RANDOM));
		assertTrue(e.getMessage().contains("same key pair"), e.getMessage());
	}

	@Test
	void anotherImageUnderTheSameEnvelopeIsDetected() throws Exception {
		// the attacker keeps the signed envelope (first samples) and pastes other encrypted pixels under it
		final ImagePlus ct = TestImages.open("CT_small.dcm");
		final SecureTransfer.Sealed one = SecureTransfer.seal(TestImages.planes(ct), new byte[0], aPrivate, bPublic,
			RANDOM);
		final SecureTransfer.Sealed two = SecureTransfer.seal(TestImages.planes(ct), new byte[0], aPrivate, bPublic,
			RANDOM);
		final short[] mixed = one.planes.shortPlane(0).clone();
		System.arraycopy(two.planes.shortPlane(0), 64 * 128, mixed, 64 * 128, 64 * 128);
		final AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, () -> SecureTransfer.open(PixelPlanes
			.ofShorts(128, 128, mixed), bPrivate, aPublic));
		assertTrue(e.getMessage().contains("pixels were altered"), e.getMessage());
		assertNotEquals(SecureTransfer.digest(one.planes), SecureTransfer.digest(two.planes));
	}

	@Test
	void tooSmallAnImageIsRefusedWithTheReason() {
		final PixelPlanes tiny = PixelPlanes.ofBytes(16, 16, new byte[16 * 16]);
		final UnsupportedImageException e = assertThrows(UnsupportedImageException.class, () -> SecureTransfer.seal(tiny, new byte[0],
			aPrivate, bPublic, RANDOM));
		assertTrue(e.getMessage().contains("too small"), e.getMessage());
	}

	private static int differing(final byte[] a, final byte[] b) {
		int n = 0;
		for (int i = 0; i < a.length; i++)
			if (a[i] != b[i]) n++;
		return n;
	}
}
