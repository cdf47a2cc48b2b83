package org.medcrypt.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * changed byte. Decryption by AES-CTR and GCM re-encryption
 * ({@link SecureTransfer#decryptInChunks}) gives the plaintext of the JDK's
 * GCM {@code doFinal} and accepts and refuses exactly what it does.
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
		final byte[] image = TestImages.stream(TestImages.planes(imp));
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

	private static final int C = SecureTransfer.GCM_CHUNK;

	/** Random material for the decryption tests: key, nonce, associated data as open passes it (header, wrapped key). */
	private final Random rnd = new Random(11);
	private final byte[] k = random(rnd, 32), nonce = random(rnd, 12), header = random(rnd, 80), wrapped = random(rnd,
		384);
	private final SecretKey key = new SecretKeySpec(k, "AES");

	@Test
	void chunkedDecryptionEqualsDoFinal() throws Exception {
		for (final byte[] plain : plaintexts(rnd)) {
			final byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, nonce, header, wrapped).doFinal(plain);
			final byte[] copy = sealed.clone();
			final byte[] expected = cipher(Cipher.DECRYPT_MODE, key, nonce, header, wrapped).doFinal(sealed);
			assertArrayEquals(plain, expected);
			final byte[] got = SecureTransfer.decryptInChunks(key, nonce, sealed, sealed.length, header, wrapped);
			assertArrayEquals(expected, got, "length " + plain.length);
			assertArrayEquals(copy, sealed, "input untouched");
			// The length argument is honoured (open passes its buffer's full length, but not necessarily).
			final byte[] longer = Arrays.copyOf(sealed, sealed.length + 5);
			assertArrayEquals(expected, SecureTransfer.decryptInChunks(key, nonce, longer, sealed.length, header,
				wrapped));
		}
	}

	/**
	 * For each change (none, a flipped ciphertext byte at several offsets around
	 * the chunk boundaries, a flipped tag byte, changed associated data, another
	 * key or nonce, truncations, an appended byte) the chunked decryption accepts
	 * if and only if the JDK's {@code doFinal} does, with the same plaintext.
	 */
	@Test
	void chunkedDecryptionRefusesExactlyWhatDoFinalRefuses() throws Exception {
		final byte[] otherKey = k.clone(), otherNonce = nonce.clone(), otherHeader = header.clone();
		otherKey[31] ^= 1;
		otherNonce[0] ^= (byte) 0x80;
		otherHeader[20] ^= 4;
		int accepted = 0, refused = 0;
		for (final byte[] plain : plaintexts(rnd)) {
			final int n = plain.length;
			final byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, nonce, header, wrapped).doFinal(plain);
			final Map<String, Case> cases = new LinkedHashMap<>();
			cases.put("intact", new Case(sealed, k, nonce, header, wrapped));
			for (final int at : new int[] { 0, 1, n / 2, C - 1, C, C + 1, n - 1 }) {
				if (at < 0 || at >= n) continue;
				cases.put("ciphertext byte " + at, new Case(flip(sealed, at, 1), k, nonce, header, wrapped));
			}
			cases.put("tag byte 0", new Case(flip(sealed, n, 0x80), k, nonce, header, wrapped));
			cases.put("tag byte 15", new Case(flip(sealed, n + 15, 1), k, nonce, header, wrapped));
			cases.put("header (AAD)", new Case(sealed, k, nonce, otherHeader, wrapped));
			cases.put("wrapped key (AAD)", new Case(sealed, k, nonce, header, flip(wrapped, 100, 2)));
			cases.put("AAD swapped", new Case(sealed, k, nonce, wrapped, header));
			cases.put("wrong key", new Case(sealed, otherKey, nonce, header, wrapped));
			cases.put("wrong nonce", new Case(sealed, k, otherNonce, header, wrapped));
			cases.put("last byte cut", new Case(Arrays.copyOf(sealed, sealed.length - 1), k, nonce, header, wrapped));
			cases.put("tag only", new Case(Arrays.copyOfRange(sealed, n, n + 16), k, nonce, header, wrapped));
			cases.put("15 bytes", new Case(Arrays.copyOf(sealed, 15), k, nonce, header, wrapped));
			cases.put("empty", new Case(new byte[0], k, nonce, header, wrapped));
			cases.put("byte appended", new Case(Arrays.copyOf(sealed, sealed.length + 1), k, nonce, header, wrapped));
			if (n > C) {
				cases.put("first chunk cut", new Case(Arrays.copyOfRange(sealed, C, sealed.length), k, nonce, header,
					wrapped));
			}
			for (final Map.Entry<String, Case> e : cases.entrySet()) {
				final Case c = e.getValue();
				final String what = e.getKey() + ", length " + n;
				byte[] expected;
				try {
					expected = cipher(Cipher.DECRYPT_MODE, c.key, c.nonce, c.aad).doFinal(c.in);
				}
				catch (final AEADBadTagException | java.security.ProviderException refusedByJdk) {
					// JDK 17 refuses input shorter than the tag with a ProviderException (a wrapped
					// ShortBufferException) rather than AEADBadTagException; a refusal all the same.
					expected = null;
				}
				byte[] got;
				try {
					got = SecureTransfer.decryptInChunks(c.key, c.nonce, c.in, c.in.length, c.aad);
				}
				catch (final AEADBadTagException refusedByUs) {
					got = null;
				}
				assertEquals(expected == null, got == null, what + ": doFinal " + (expected == null ? "refuses" :
					"accepts") + ", the chunked decryption " + (got == null ? "refuses" : "accepts"));
				if (expected != null) assertArrayEquals(expected, got, what);
				if (e.getKey().equals("intact") || e.getKey().equals("tag only") && n == 0) assertTrue(got != null, what);
				else assertFalse(got != null, what);
				if (got == null) refused++;
				else accepted++;
			}
		}
		assertTrue(accepted >= 10 && refused >= 100, accepted + " accepted, " + refused + " refused");
	}

	/**
	 * Random lengths 0, 1, 15, 16, 17, around one and three chunks, 8 MiB, and
	 * the pixel streams of two real 16-bit images (a 512x512 CT slice, 32 chunks;
	 * the 1024x1024 shoulder MR, 2 MiB).
	 */
	private static List<byte[]> plaintexts(final Random rnd) throws Exception {
		final List<byte[]> list = new ArrayList<>();
		for (final int length : new int[] { 0, 1, 15, 16, 17, C - 1, C, C + 1, 3 * C + 17, 8 << 20 })
			list.add(random(rnd, length));
		final ij.ImagePlus imp = TestImages.open("CT_small.dcm");
		list.add(TestImages.stream(TestImages.planes(imp)));
		final ij.ImagePlus mr = org.medcrypt.ij.ImageFiles.open(org.medcrypt.testing.Datasets.samplePng(
			"mr_shoulder_gray16_1024x1024.png"));
		list.add(TestImages.stream(TestImages.planes(mr)));
		return list;
	}

	private static byte[] random(final Random rnd, final int length) {
		final byte[] b = new byte[length];
		rnd.nextBytes(b);
		return b;
	}

	private static byte[] flip(final byte[] a, final int at, final int bit) {
		final byte[] b = a.clone();
		b[at] ^= bit;
		return b;
	}

	private static final class Case {

		final byte[] in;
		final SecretKey key;
		final byte[] nonce;
		final byte[][] aad;

		Case(final byte[] in, final byte[] key, final byte[] nonce, final byte[]... aad) {
			this.in = in;
			this.key = new SecretKeySpec(key, "AES");
			this.nonce = nonce;
			this.aad = aad;
		}
	}

	private static Cipher cipher(final int mode, final SecretKey key, final byte[] nonce, final byte[]... aad)
		throws Exception
	{
		final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
		gcm.init(mode, key, new GCMParameterSpec(128, nonce));
		for (final byte[] a : aad)
			gcm.updateAAD(a);
		return gcm;
	}
}
