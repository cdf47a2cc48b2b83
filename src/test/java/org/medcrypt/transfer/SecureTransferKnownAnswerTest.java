package org.medcrypt.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.ImagePlus;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.Hex;
import org.medcrypt.testing.Deterministic;

/**
 * Pins the bytes of the format: with fixed keys, a fixed random stream and a
 * fixed label, sealing each test image gives the same encrypted, marked
 * pixels as the release that defined the format (SHA-256 of the pixel stream,
 * and the envelope size), and opening gives the original back. Envelope
 * version 2: values recorded on branch transfer (issue 10); version 1's were
 * recorded on main at 94ccc59, and a version-1 file written by main is opened
 * by {@code SignedHeaderTest}.
 */
class SecureTransferKnownAnswerTest {

	/** Image, SHA-256 of its pixel stream, envelope bits, SHA-256 of the sealed pixel stream. */
	private static final List<String[]> EXPECTED = Arrays.asList(
		new String[] { "CT_small.dcm", "3b7863890a7d765007581b58858cf250dfe92855495ee274a25f0fba9d3d9987",
			"5616", "e087978d40fd14fe44de697fb726a65559464d52b54b335143259ae527afa810" },
		new String[] { "MR_small.dcm", "7c3caa7b00d7705f1558242f29d9d1f4fc886652857ebb1e849b6eb1efc212f6",
			"5616", "b2cf4cdb7cb779ddaf8d69de97bc157145fa5bb403e9f89789079a7e0495ec63" },
		new String[] { "retina.jpg", "3670e389d0dae9f755cc1bb7e4da4c3d2cdf10eba2dc3060836d8d4b8024d860",
			"5600", "1d03b4e2424906eff22e2250eff961442a0f644836c44270552f96e64cddf274" },
		new String[] { "microaneurysms.png", "78db349f8ec2c55042ac896f290f733590d2cf12b63e1a965200ae164a4eae09",
			"5600", "16de77cd85907fce7f33fca22fe558357c3019e699bda2fa43b3f6c029408993" },
		new String[] { "FatMRISlice.png", "342f1000dafb10d7ca756bf001437f419bc436de21fc89d0d93df95bbd69fae5",
			"5600", "28222e0a2ede2e4e057049cdb9faf6564d2bc3bdd0f5feb748a1658a5d173af1" });

	/** The creation time every known answer states: 2026-12-05T00:00:00Z. */
	private static final long CREATED = 1764892800000L;

	@TestFactory
	Stream<DynamicTest> sealedPixelsAreThoseOfTheFormatsRelease() {
		final KeyPair a = Deterministic.rsaKeyPair(2048, 1), b = Deterministic.rsaKeyPair(2048, 2);
		return EXPECTED.stream().map(row -> DynamicTest.dynamicTest(row[0], () -> {
			final ImagePlus imp = TestImages.open(row[0]);
			final PixelPlanes planes = TestImages.planes(imp);
			final SecureRandom random = Deterministic.random(3);
			final SecureTransfer.Sealed sealed = SecureTransfer.seal(planes, new SecureTransfer.Label("kat-" + row[0]
				.replace(".", "-"), CREATED, 1, 1, 1, random), new byte[] { 7, 8, 9 }, (RSAPrivateCrtKey) a
					.getPrivate(), (RSAPublicKey) b.getPublic(), random);
			final String sealedHash = Hex.of(MessageDigest.getInstance("SHA-256").digest(TestImages.stream(
				sealed.planes)));
			assertEquals(row[1], SecureTransfer.digest(planes), "plaintext stream");
			assertEquals(row[2], Long.toString(sealed.payloadBits), "envelope bits");
			assertEquals(row[3], sealedHash, "sealed stream");
			final SecureTransfer.Opened opened = SecureTransfer.open(sealed.planes, (RSAPrivateCrtKey) b.getPrivate(),
				(RSAPublicKey) a.getPublic());
			assertEquals(row[1], SecureTransfer.digest(opened.planes));
			assertArrayEquals(new byte[] { 7, 8, 9 }, opened.metadata);
		}));
	}
}
