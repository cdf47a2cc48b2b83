package org.medcrypt.securesum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The version-1 wire format: exact layout, round trips, and rejection of anything else. */
class MessageTest {

	@Test
	void layoutIsAsDocumented() throws Exception {
		final byte[] frame = Message.of(MessageType.RING_PASS, 0x0102030405060708L, 3, 1, BigInteger.valueOf(0x1234),
			BigInteger.ZERO).encode();
		final byte[] expected = { 'M', 'C', 'S', 'S', 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 3, 0, 0, 0, 1, -1, -1,
			-1, -1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0x12, 0x34, 0, 0, 0, 1, 0 };
		assertArrayEquals(expected, frame);
		final Message back = Message.decode(frame);
		assertEquals(MessageType.RING_PASS, back.type());
		assertEquals(0x0102030405060708L, back.session());
		assertEquals(3, back.sender());
		assertEquals(1, back.round());
		assertArrayEquals(new BigInteger[] { BigInteger.valueOf(0x1234), BigInteger.ZERO }, back.values());
		assertEquals("ring pass (ring 2)", back.step());
	}

	@Test
	void abortCarriesCulpritStepAndReason() throws Exception {
		final Message abort = Message.decode(Message.abort(7, 1, 4, "share", "sent nothing within 1.0 s").encode());
		assertEquals(MessageType.ABORT, abort.type());
		assertEquals(4, abort.culprit());
		assertEquals("share", abort.abortedStep());
		assertEquals("sent nothing within 1.0 s", abort.abortReason());
	}

	@Test
	void largeValuesRoundTrip() throws Exception {
		final BigInteger big = BigInteger.ONE.shiftLeft(4000).subtract(BigInteger.ONE);
		assertArrayEquals(new BigInteger[] { big }, Message.decode(Message.of(MessageType.SHARE, 1, 1, 0, big)
			.encode()).values());
	}

	@Test
	void rejectsAnythingElse() {
		final byte[] good = Message.of(MessageType.SHARE, 9, 2, 0, BigInteger.TEN).encode();
		assertMalformed(Arrays.copyOf(good, good.length - 1), "truncated");
		assertMalformed(Arrays.copyOf(good, good.length + 1), "trailing");
		final byte[] version = good.clone();
		version[4] = 2;
		assertMalformed(version, "version 2");
		final byte[] type = good.clone();
		type[5] = 42;
		assertMalformed(type, "unknown message type");
		final byte[] culprit = good.clone();
		culprit[25] = 5;
		assertMalformed(culprit, "inconsistent");
		assertMalformed(new byte[0], "truncated");
		assertThrows(IllegalArgumentException.class, () -> Message.of(MessageType.SHARE, 1, 1, 0, BigInteger.ONE
			.negate()).encode());
	}

	private static void assertMalformed(final byte[] frame, final String reason) {
		final MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> Message.decode(frame));
		assertTrue(e.getMessage().contains(reason), e.getMessage());
	}
}
