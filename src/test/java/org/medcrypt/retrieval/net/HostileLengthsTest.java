package org.medcrypt.retrieval.net;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;

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
	void aCandidatesMessageAnnouncingAMillionEntriesInAFewBytesIsRefusedWithoutAllocating() throws Exception {
		final PaillierPublicKey key = TestKeyFiles.paillierPair(TestKeyFiles.PAILLIER[0]).publicKey();
		final byte[] empty = new Candidates(Collections.emptyList(), Collections.emptyList()).toBytes(key);
		Candidates.fromBytes("empty candidates", empty, key);
		final byte[] hostile = lastIntBeforeDigest(empty, 1 << 20);
		final long allocated = Allocations.of(() -> Candidates.fromBytes("hostile", hostile, key));
		assertTrue(allocated < 1 << 20, allocated + " bytes allocated for " + hostile.length + " bytes");
		final DamagedFileException e = assertThrows(DamagedFileException.class, () -> Candidates.fromBytes(
			"The server's candidates", hostile, key));
		assertTrue(e.getMessage().contains("1048576 entries need at least"), e.getMessage());
	}
}
