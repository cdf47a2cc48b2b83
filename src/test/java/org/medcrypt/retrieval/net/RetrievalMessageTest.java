package org.medcrypt.retrieval.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.retrieval.net.RetrievalMessage.Type;
import org.medcrypt.testing.Allocations;

/** Length fields inside a retrieval message never allocate beyond the bytes the message holds. */
class RetrievalMessageTest {

	/** The header of a message of {@code type} with {@code fields} fields. */
	private static ByteBuffer header(final int length, final Type type, final int fields) {
		return ByteBuffer.allocate(length).put(new byte[] { 'M', 'C', 'R', 'P' }).putShort((short) RetrievalMessage.VERSION)
			.put((byte) type.ordinal()).putShort((short) fields);
	}

	@Test
	void aTwentyByteMessageAnnouncingA256MiBFieldIsRefusedWithoutAllocatingIt() {
		// Issue 14: a single field inside a 20-byte message made the server allocate 256 MiB.
		final byte[] message = header(20, Type.ADD, 1).put((byte) 'B').putInt(RetrievalMessage.MAX_BYTES).array();
		assertEquals(20, message.length);
		final long allocated = Allocations.of(() -> RetrievalMessage.parse(message));
		assertTrue(allocated < 1 << 20, allocated + " bytes allocated");
		final PeerFailureException e = assertThrows(PeerFailureException.class, () -> RetrievalMessage.parse(message));
		assertTrue(e.getMessage().startsWith("A retrieval message is truncated or damaged"), e.getMessage());
	}

	@Test
	void aFieldCountBeyondTheMessageIsRefusedBeforeAllocating() {
		final byte[] message = header(9, Type.LIST, 0xffff).array();
		final PeerFailureException e = assertThrows(PeerFailureException.class, () -> RetrievalMessage.parse(message));
		assertTrue(e.getMessage().contains("65535 fields need at least 327675 bytes; only 0 remain"), e.getMessage());
	}

	/** Protocol 3 (the sealed index, issue 15): a version 2 peer is refused at its first message, naming both. */
	@Test
	void aVersionTwoPeerIsRefusedCleanly() {
		final byte[] message = ByteBuffer.allocate(9).put(new byte[] { 'M', 'C', 'R', 'P' }).putShort((short) 2).put(
			(byte) Type.HELLO.ordinal()).putShort((short) 0).array();
		final PeerFailureException e = assertThrows(PeerFailureException.class, () -> RetrievalMessage.parse(message));
		assertTrue(e.getMessage().contains("version 2; this MedCrypt speaks version 3"), e.getMessage());
	}

	@Test
	void aTextFieldLongerThanTheMessageIsRefused() {
		final byte[] message = header(20, Type.HELLO, 1).put((byte) 'S').putInt(60_000).array();
		assertThrows(PeerFailureException.class, () -> RetrievalMessage.parse(message));
	}

	@Test
	void wellFormedMessagesStillRoundTrip() throws Exception {
		final byte[] big = new byte[200_000];
		big[199_999] = 9;
		final RetrievalMessage m = RetrievalMessage.parse(RetrievalMessage.of(Type.ADD, "name", "", big, new byte[0], 7)
			.toBytes());
		assertEquals(5, m.size());
		assertEquals("name", m.text(0));
		assertArrayEquals(big, m.bytes(2));
		assertEquals(0, m.bytes(3).length);
		assertEquals(7, m.number(4));
	}
}
