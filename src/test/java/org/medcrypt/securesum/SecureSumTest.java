package org.medcrypt.securesum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every protocol, k = 3 and 5, gives exactly the plain sum to the researcher and the labs. */
public class SecureSumTest {

	/** Protocol × k = 3, 5 (the project has no junit-jupiter-params). */
	public interface Case {
		void run(Protocol protocol, int labs) throws Exception;
	}

	public static Stream<DynamicTest> protocolsAndLabs(final Case test) {
		return Stream.of(Protocol.values()).flatMap(protocol -> Stream.of(3, 5).map(labs -> DynamicTest.dynamicTest(
			protocol + ", " + labs + " labs", () -> test.run(protocol, labs))));
	}

	@TestFactory
	Stream<DynamicTest> everyoneGetsTheExactSum() {
		return protocolsAndLabs(this::exactSum);
	}

	@TestFactory
	Stream<DynamicTest> anInputOutOfRangeAbortsEveryone() {
		return protocolsAndLabs(this::inputOutOfRange);
	}

	private void exactSum(final Protocol protocol, final int labs) {
		final Random rnd = new Random(31L * labs + protocol.ordinal());
		final BigInteger bound = BigInteger.ONE.shiftLeft(130);
		final BigInteger[][] inputs = new BigInteger[labs][4];
		for (final BigInteger[] input : inputs) {
			for (int i = 0; i < input.length; i++) input[i] = new BigInteger(130, rnd);
			input[3] = bound.subtract(BigInteger.ONE); // the extreme that must not wrap
		}
		final SumSession session = SumSession.create(protocol, new SumDomain(labs, 4, bound), Duration.ofSeconds(5),
			new SecureRandom());
		final List<Parties.Outcome> outcomes = Parties.sum(new InMemoryNetwork(labs), session, inputs);
		final BigInteger[] expected = Parties.plainSum(inputs);
		for (final Parties.Outcome outcome : outcomes) {
			assertNull(outcome.aborted, () -> outcome.aborted.getMessage());
			assertArrayEquals(expected, outcome.result);
		}
	}

	@Test
	void longInputs() throws Exception {
		final SumSession session = SumSession.create(Protocol.ADDITIVE_SHARING, SumDomain.of(3, 2, 1000), Duration
			.ofSeconds(5), new SecureRandom());
		final InMemoryNetwork network = new InMemoryNetwork(3);
		final List<Parties.Outcome> outcomes = Parties.run(network, List.of(t -> SecureSum.asResearcher(t, session),
			t -> SecureSum.asLab(t, session, 1, 999), t -> SecureSum.asLab(t, session, 2, 999), t -> SecureSum.asLab(t,
				session, 3, 999)));
		assertArrayEquals(new BigInteger[] { BigInteger.valueOf(6), BigInteger.valueOf(2997) }, outcomes.get(0).result);
	}

	@Test
	void modulusExceedsLabsTimesBound() {
		final SumDomain domain = SumDomain.of(5, 1, 1L << 20);
		assertTrue(domain.modulus().compareTo(BigInteger.valueOf(5L << 20)) > 0);
		assertEquals(0, domain.modulus().bitCount() - 1, "M is a power of two");
		assertThrows(IllegalArgumentException.class, () -> SumDomain.of(2, 1, 10), "two labs: the sum reveals inputs");
	}

	private void inputOutOfRange(final Protocol protocol, final int labs) {
		final BigInteger[][] inputs = new BigInteger[labs][];
		for (int lab = 0; lab < labs; lab++) inputs[lab] = new BigInteger[] { BigInteger.valueOf(lab) };
		inputs[1] = new BigInteger[] { BigInteger.valueOf(100) }; // lab 2, bound 100
		final SumSession session = SumSession.create(protocol, SumDomain.of(labs, 1, 100), Duration.ofSeconds(5),
			new SecureRandom());
		for (final Parties.Outcome outcome : Parties.sum(new InMemoryNetwork(labs), session, inputs)) {
			assertNull(outcome.result);
			assertNotNull(outcome.aborted);
			assertEquals(2, outcome.aborted.culprit());
			assertEquals("input", outcome.aborted.step());
			assertTrue(outcome.aborted.getMessage().contains("lab 2"), outcome.aborted.getMessage());
		}
	}
}
