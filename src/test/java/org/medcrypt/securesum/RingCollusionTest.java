package org.medcrypt.securesum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/**
 * The ring's known weakness (section 4): the two neighbours of a lab, pooling
 * what one sent it and the other received from it, recover its input exactly.
 * The same pair learns nothing of it under additive sharing.
 */
class RingCollusionTest {

	private static final int LABS = 5;

	@Test
	void twoNeighboursRecoverTheLabBetweenThem() throws Exception {
		final SumSession session = SumSession.create(Protocol.RING, SumDomain.of(LABS, 1, 1L << 40), Duration
			.ofSeconds(5), new SecureRandom());
		final int[] ring = session.schedule().ring(0);
		final int before = ring[1], victim = ring[2], after = ring[3];
		final Map<String, byte[]> seen = new ConcurrentHashMap<>();
		final InMemoryNetwork network = new InMemoryNetwork(LABS, (from, to, frame) -> {
			seen.put(from + ">" + to, frame.clone());
			return frame;
		});
		final BigInteger[][] inputs = inputs();
		final List<Parties.Outcome> outcomes = Parties.sum(network, session, inputs);
		assertNull(outcomes.get(0).aborted);

		// What "before" sent the victim and what "after" received from it: their own views, nothing else.
		final BigInteger sentToVictim = Message.decode(seen.get(before + ">" + victim)).values()[0];
		final BigInteger receivedFromVictim = Message.decode(seen.get(victim + ">" + after)).values()[0];
		final BigInteger recovered = receivedFromVictim.subtract(sentToVictim).mod(session.domain().modulus());
		assertEquals(inputs[victim - 1][0], recovered, "colluding neighbours recover the victim's input");
	}

	@Test
	void theSamePairLearnsNothingUnderAdditiveSharing() throws Exception {
		final SumSession session = SumSession.create(Protocol.ADDITIVE_SHARING, SumDomain.of(LABS, 1, 1L << 40),
			Duration.ofSeconds(5), new SecureRandom());
		final int victim = 3, a = 2, b = 4;
		final Map<String, byte[]> seen = new ConcurrentHashMap<>();
		final InMemoryNetwork network = new InMemoryNetwork(LABS, (from, to, frame) -> {
			seen.put(from + ">" + to, frame.clone());
			return frame;
		});
		final BigInteger[][] inputs = inputs();
		Parties.sum(network, session, inputs);
		// Two of the victim's five shares: uniform and independent of its input, missing three shares.
		final BigInteger twoShares = Message.decode(seen.get(victim + ">" + a)).values()[0].add(Message.decode(seen
			.get(victim + ">" + b)).values()[0]).mod(session.domain().modulus());
		assertNotEquals(inputs[victim - 1][0], twoShares);
	}

	private static BigInteger[][] inputs() {
		final BigInteger[][] inputs = new BigInteger[LABS][];
		for (int lab = 1; lab <= LABS; lab++) inputs[lab - 1] = new BigInteger[] { BigInteger.valueOf(123456789L *
			lab) };
		return inputs;
	}
}
