package org.medcrypt.retrieval;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.testing.Allocations;
import org.medcrypt.testing.TestKeyFiles;

/**
 * Counts inside the retrieval protocol's sealed messages are checked against
 * the bytes that remain before anything is allocated for them: a peer that
 * computes a valid checksum over a short body cannot make the reader reserve
 * what the count announces.
 */
class HostileLengthsTest {

	/** {@code bytes} with the 4 bytes before the digest replaced by {@code value}, and sealed again. */
	private static byte[] lastIntBeforeDigest(final byte[] bytes, final int value) {
		final byte[] out = bytes.clone();
		final int end = out.length - 32;
		ByteBuffer.wrap(out).putInt(end - 4, value);
		System.arraycopy(Wire.sha256().digest(Arrays.copyOf(out, end)), 0, out, end, 32);
		return out;
	}

	@Test
	void aDifferencesMessageAnnouncingAMillionImagesInAFewBytesIsRefusedWithoutAllocating() throws Exception {
		final PaillierPublicKey key = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]).publicKey();
		final byte[] empty = new QueryProtocol.Differences(SignatureParameters.defaults(8), key.fingerprint(), 1,
			new long[0], new BigInteger[0][][]).toBytes(key);
		QueryProtocol.Differences.fromBytes("empty differences", empty, key);
		final byte[] hostile = lastIntBeforeDigest(empty, 1 << 20);
		final long allocated = Allocations.of(() -> QueryProtocol.Differences.fromBytes("hostile", hostile, key));
		assertTrue(allocated < 1 << 20, allocated + " bytes allocated for " + hostile.length + " bytes");
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> QueryProtocol.Differences
			.fromBytes("The server's differences", hostile, key));
		assertTrue(e.getMessage().contains("1048576 stored images need at least"), e.getMessage());
	}
}
