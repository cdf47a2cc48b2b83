package org.medcrypt.securesum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Frames of the next announced sum wait for it; frames of unknown sessions reach the runner, which rejects them. */
class SessionMailboxTest {

	@Test
	void holdsBackTheNextSessionsFrames() throws Exception {
		final InMemoryNetwork network = new InMemoryNetwork(3);
		network.inject(2, 1, Message.of(MessageType.SHARE, 11, 2, 0, BigInteger.ONE).encode());
		network.inject(2, 1, Message.of(MessageType.SHARE, 99, 2, 0, BigInteger.TWO).encode());
		network.inject(2, 1, Message.of(MessageType.RESULT, 10, 0, 0, BigInteger.TEN).encode());
		final SessionMailbox mailbox = new SessionMailbox(network.endpoint(1), 10, 11);
		final Transport first = mailbox.session(10), second = mailbox.session(11);
		final Duration wait = Duration.ofMillis(50);
		assertEquals(99, Message.decode(first.receive(wait).bytes()).session(), "unknown sessions pass through");
		assertEquals(10, Message.decode(first.receive(wait).bytes()).session());
		assertNull(first.receive(wait));
		assertEquals(11, Message.decode(second.receive(wait).bytes()).session(), "held back until its sum runs");
		assertNull(second.receive(wait));
	}
}
