package org.medcrypt.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import org.junit.jupiter.api.Test;
import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Progress;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.paillier.TestKeys;
import org.medcrypt.testing.Datasets;

/**
 * The encrypted signature equals the plaintext one, whether the server builds it
 * with the key holder (the protocol replacing eq. 4) or the owner computes it
 * while encrypting; forged requests are refused.
 */
class SignatureProtocolTest {

	private final PaillierKeyPair pair = TestKeys.small();

	@Test
	void protocolAndFastPathGiveThePlaintextSignatureOnAnUltrasound() throws Exception {
		check("medical-samples/png/us_pelvis_aloka_gray8_396x400_crop.png", SignatureParameters.defaults(8));
	}

	@Test
	void threeLevelsOnA16BitMr() throws Exception {
		check("medical-samples/png/mr_small_gray16_64x64.png", SignatureParameters.of(16, 8192, 3));
	}

	private void check(final String file, final SignatureParameters parameters) throws Exception {
		final Img<? extends IntegerType<?>> img = RetrievalImages.load(Datasets.file(file));
		final EncryptedImage enc = PaillierImageCipher.encrypt(img, pair.publicKey(), Progress.NONE);
		final WaveletSignature plain = WaveletSignature.of(img, parameters, enc.layout().factor());

		final SignatureProtocol.BandRequest request = SignatureProtocol.request(enc, pair.publicKey(), parameters);
		// The request travels as bytes and is read back on the key holder's side.
		final SignatureProtocol.BandRequest received = SignatureProtocol.BandRequest.fromBytes("request", request
			.toBytes(pair.publicKey()), pair.publicKey());
		final EncryptedSignature viaProtocol = SignatureProtocol.answer(received, pair.privateKey(), Progress.NONE);
		final EncryptedSignature fastPath = EncryptedSignature.encrypt(plain, pair.privateKey(), SecureRandoms
			.forThisThread());

		assertArrayEquals(plain.counts(), viaProtocol.decrypt(pair.privateKey()).counts());
		assertArrayEquals(plain.counts(), fastPath.decrypt(pair.privateKey()).counts());
		assertEquals(0, plain.distance(viaProtocol.decrypt(pair.privateKey())).compareTo(Distance.of(0, 1, 1)));
		assertTrue(plain.counts().length == parameters.length());
		final EncryptedSignature stored = EncryptedSignature.fromBytes("sig", viaProtocol.toBytes(pair.publicKey()),
			pair.publicKey());
		assertArrayEquals(plain.counts(), stored.decrypt(pair.privateKey()).counts());
	}

	@Test
	void aRequestThatIsNotAnImagesBandsIsRefused() throws Exception {
		final Img<? extends IntegerType<?>> img = RetrievalImages.load(Datasets.file(
			"medical-samples/png/mr_small_gray16_64x64.png"));
		final EncryptedImage enc = PaillierImageCipher.encrypt(img, pair.publicKey(), Progress.NONE);
		final SignatureParameters parameters = SignatureParameters.defaults(16);
		final SignatureProtocol.BandRequest request = SignatureProtocol.request(enc, pair.publicKey(), parameters);
		// A server probing the key holder with a chosen value (2^22 added to slot 0) instead of coefficients:
		request.bands[1][0] = pair.publicKey().addPlain(request.bands[1][0], BigInteger.ONE.shiftLeft(22));
		assertThrows(PeerFailureException.class, () -> SignatureProtocol.answer(request, pair.privateKey(),
			Progress.NONE));
		// A server hiding coefficients (fewer used slots) is caught by the counts.
		final SignatureProtocol.BandRequest short_ = SignatureProtocol.request(enc, pair.publicKey(), parameters);
		short_.used[0][0]--;
		assertThrows(PeerFailureException.class, () -> SignatureProtocol.answer(short_, pair.privateKey(),
			Progress.NONE));
	}

	@Test
	void aSignatureFileForAnotherKeyOrAlteredIsRefused() throws Exception {
		final Img<? extends IntegerType<?>> img = RetrievalImages.load(Datasets.file(
			"medical-samples/png/mr_small_gray16_64x64.png"));
		final WaveletSignature plain = WaveletSignature.of(img, SignatureParameters.defaults(16), 8);
		final byte[] bytes = EncryptedSignature.encrypt(plain, pair.publicKey(), SecureRandoms.forThisThread())
			.toBytes(pair.publicKey());
		assertThrows(WrongKeyException.class, () -> EncryptedSignature.fromBytes("sig", bytes, TestKeys.real()
			.publicKey()));
		bytes[100] ^= 1;
		assertThrows(DamagedFileException.class, () -> EncryptedSignature.fromBytes("sig", bytes, pair.publicKey()));
	}
}
