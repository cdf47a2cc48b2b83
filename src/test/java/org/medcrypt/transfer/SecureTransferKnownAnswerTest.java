package org.medcrypt.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.ImagePlus;

import java.security.KeyPair;
import java.security.MessageDigest;
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
 * Pins the bytes of the format: with fixed keys and a fixed random stream,
 * sealing each test image gives the same encrypted, marked pixels as the
 * release that defined the format (SHA-256 of the pixel stream, and the
 * envelope size), and opening gives the original back. Values recorded on
 * main at 94ccc59, before the planes became typed.
 */
class SecureTransferKnownAnswerTest {

	/** Image, SHA-256 of its pixel stream, envelope bits, SHA-256 of the sealed pixel stream. */
	private static final List<String[]> EXPECTED = Arrays.asList(
		new String[] { "CT_small.dcm", "3b7863890a7d765007581b58858cf250dfe92855495ee274a25f0fba9d3d9987",
			"4784", "c13162c6fd2c792cda9735d59bd473da0c074fa83c0dffc81db161405cdd8b8b" },
		new String[] { "MR_small.dcm", "7c3caa7b00d7705f1558242f29d9d1f4fc886652857ebb1e849b6eb1efc212f6",
			"4784", "ac99b9bc4dd56a6d4f7f26ab37333b926a181d261ddad9f680a72d4f334e3aa9" },
		new String[] { "retina.jpg", "3670e389d0dae9f755cc1bb7e4da4c3d2cdf10eba2dc3060836d8d4b8024d860",
			"4768", "8adfd8277e5d80fcd93f7ae92543bd32221e240a9d32bbdb95b00f2823571210" },
		new String[] { "microaneurysms.png", "78db349f8ec2c55042ac896f290f733590d2cf12b63e1a965200ae164a4eae09",
			"4768", "5ce6e24f419f891f660216da57c4d4fe466dbd68c1ec59267ced81ca4e82fea2" },
		new String[] { "FatMRISlice.png", "342f1000dafb10d7ca756bf001437f419bc436de21fc89d0d93df95bbd69fae5",
			"4768", "558771a4f2dd5c4895b947325dc8abc2d3b3aab19170aad6bab1e4f90c370107" });

	@TestFactory
	Stream<DynamicTest> sealedPixelsAreThoseOfTheFormatsRelease() {
		final KeyPair a = Deterministic.rsaKeyPair(2048, 1), b = Deterministic.rsaKeyPair(2048, 2);
		return EXPECTED.stream().map(row -> DynamicTest.dynamicTest(row[0], () -> {
			final ImagePlus imp = TestImages.open(row[0]);
			final PixelPlanes planes = TestImages.planes(imp);
			final SecureTransfer.Sealed sealed = SecureTransfer.seal(planes, new byte[] { 7, 8, 9 },
				(RSAPrivateCrtKey) a.getPrivate(), (RSAPublicKey) b.getPublic(), Deterministic.random(3));
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
