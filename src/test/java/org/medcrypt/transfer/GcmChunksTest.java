package org.medcrypt.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/**
 * Encrypting in fixed-size GCM {@code update} calls (for speed, see
 * {@link SecureTransfer#GCM_CHUNK}) gives the very bytes and tag of one
 * {@code doFinal}, on lengths around the chunk size and on a real image's
 * pixel stream; the JDK's one-shot decryption accepts them and refuses a
 * changed byte.
 */
class GcmChunksTest {

	@Test
	void chunkedEncryptionEqualsOneCall() throws Exception {
		final Random rnd = new Random(7);
		final byte[] k = new byte[32], nonce = new byte[12], aad = new byte[80];
		rnd.nextBytes(k);
		rnd.nextBytes(nonce);
		rnd.nextBytes(aad);
		final SecretKey key = new SecretKeySpec(k, "AES");
		final int c = SecureTransfer.GCM_CHUNK;
		final ij.ImagePlus imp = TestImages.open("MR_small.dcm");
		final byte[] image = TestImages.stream(TestImages.planes(imp), imp.getWidth(), imp.getHeight());
		for (final int length : new int[] { 0, 1, 15, 16, c - 1, c, c + 1, 3 * c + 17, image.length }) {
			final byte[] plain = length == image.length ? image : new byte[length];
			if (plain != image) rnd.nextBytes(plain);
			final byte[] oneCall = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plain);
			final byte[] chunked = Arrays.copyOf(plain, length + 16);
			SecureTransfer.encryptInChunks(cipher(Cipher.ENCRYPT_MODE, key, nonce, aad), chunked, length);
			assertArrayEquals(oneCall, chunked, "length " + length);
			assertArrayEquals(plain, cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(chunked), "length " + length);
			chunked[length / 2] ^= 1;
			assertThrows(AEADBadTagException.class, () -> cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(
				chunked), "length " + length);
		}
	}

	private static Cipher cipher(final int mode, final SecretKey key, final byte[] nonce, final byte[] aad)
		throws Exception
	{
		final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
		gcm.init(mode, key, new GCMParameterSpec(128, nonce));
		gcm.updateAAD(aad);
		return gcm;
	}
}
