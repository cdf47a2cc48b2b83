package org.medcrypt.securesum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fault injection: lab 2 falls silent, has a frame corrupted, or sends a
 * message out of order. Every party must abort, blame lab 2 at a named step,
 * and none may return a result.
 */
class SecureSumFaultTest {

	private static final int CULPRIT = 2;
	private static final Duration HOP = Duration.ofMillis(400);

	@TestFactory
	Stream<DynamicTest> aSilentLabIsNamedByEveryone() {
		return SecureSumTest.protocolsAndLabs((protocol, labs) -> {
			final InMemoryNetwork network = new InMemoryNetwork(labs, (from, to, frame) -> from == CULPRIT ? null
				: frame);
			assertEveryoneAborts(Parties.sum(network, session(protocol, labs), inputs(labs)), "sent nothing");
		});
	}

	@TestFactory
	Stream<DynamicTest> aTruncatedMessageIsNamedByEveryone() {
		return SecureSumTest.protocolsAndLabs((protocol, labs) -> assertEveryoneAborts(Parties.sum(corruptingFirstFrame(
			labs, frame -> Arrays.copyOf(frame, frame.length - 3)), session(protocol, labs), inputs(labs)),
			"malformed message: truncated"));
	}

	@TestFactory
	Stream<DynamicTest> aMessageWithBadMagicIsNamedByEveryone() {
		return SecureSumTest.protocolsAndLabs((protocol, labs) -> assertEveryoneAborts(Parties.sum(corruptingFirstFrame(
			labs, frame -> {
				frame[0] = 'X';
				return frame;
			}), session(protocol, labs), inputs(labs)), "bad magic"));
	}

	/** Corrupts the first frame lab 2 sends; a corrupted value that stays below M is the semi-honest model's blind spot. */
	private static InMemoryNetwork corruptingFirstFrame(final int labs, final UnaryOperator<byte[]> corrupt) {
		final AtomicBoolean done = new AtomicBoolean();
		return new InMemoryNetwork(labs, (from, to, frame) -> from == CULPRIT && done.compareAndSet(false, true)
			? corrupt.apply(frame) : frame);
	}

	@TestFactory
	Stream<DynamicTest> anOutOfOrderMessageIsNamedByEveryone() {
		return SecureSumTest.protocolsAndLabs((protocol, labs) -> {
			final SumSession session = session(protocol, labs);
			final InMemoryNetwork network = new InMemoryNetwork(labs);
			// Only the researcher may send RESULT; lab 2 sends one to lab 1 before anything else arrives.
			network.inject(CULPRIT, 1, Message.of(MessageType.RESULT, session.id(), CULPRIT, 0, BigInteger.ONE)
				.encode());
			assertEveryoneAborts(Parties.sum(network, session, inputs(labs)), "unexpected result");
		});
	}

	@TestFactory
	Stream<DynamicTest> aMessageOfAnotherSessionIsNamedByEveryone() {
		return SecureSumTest.protocolsAndLabs((protocol, labs) -> {
			final SumSession session = session(protocol, labs);
			final InMemoryNetwork network = new InMemoryNetwork(labs);
			network.inject(CULPRIT, 1, Message.of(MessageType.SHARE, session.id() + 1, CULPRIT, 0, BigInteger.ONE)
				.encode());
			assertEveryoneAborts(Parties.sum(network, session, inputs(labs)), "another session");
		});
	}

	private static void assertEveryoneAborts(final List<Parties.Outcome> outcomes, final String reason) {
		for (int node = 0; node < outcomes.size(); node++) {
			final Parties.Outcome outcome = outcomes.get(node);
			assertNull(outcome.result, Nodes.name(node) + " must not get a result");
			assertNotNull(outcome.aborted, Nodes.name(node) + " must abort");
			final String message = outcome.aborted.getMessage();
			assertEquals(CULPRIT, outcome.aborted.culprit(), message);
			assertTrue(message.contains("lab " + CULPRIT + " "), message);
			assertTrue(message.contains("step '" + outcome.aborted.step() + "'") && !outcome.aborted.step().isEmpty(),
				message);
			assertTrue(message.contains(reason), message);
		}
	}

	private static SumSession session(final Protocol protocol, final int labs) {
		return SumSession.create(protocol, SumDomain.of(labs, 2, 1L << 32), HOP, new SecureRandom());
	}

	private static BigInteger[][] inputs(final int labs) {
		final Function<Integer, BigInteger[]> input = lab -> new BigInteger[] { BigInteger.valueOf(lab * 1000L),
			BigInteger.valueOf(lab) };
		final BigInteger[][] inputs = new BigInteger[labs][];
		for (int lab = 1; lab <= labs; lab++) inputs[lab - 1] = input.apply(lab);
		return inputs;
	}
}
