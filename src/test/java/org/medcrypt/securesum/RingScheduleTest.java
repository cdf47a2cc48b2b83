package org.medcrypt.securesum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Ring orders in which no lab has the same neighbour twice, for k = 3..40. */
class RingScheduleTest {

	@Test
	void maxRingsIsHalfOfTheOtherLabs() {
		assertEquals(1, RingSchedule.maxRings(3));
		assertEquals(1, RingSchedule.maxRings(4));
		assertEquals(2, RingSchedule.maxRings(5));
		assertEquals(2, RingSchedule.maxRings(6));
		assertEquals(3, RingSchedule.maxRings(7));
	}

	@Test
	void everyLabHasDistinctNeighboursInEveryRing() {
		final SecureRandom random = new SecureRandom();
		for (int k = 3; k <= 40; k++) {
			final RingSchedule schedule = RingSchedule.random(k, RingSchedule.maxRings(k), random);
			for (int lab = 1; lab <= k; lab++) {
				final Set<Integer> neighbours = new HashSet<>();
				for (int r = 0; r < schedule.rings(); r++) {
					neighbours.add(schedule.predecessor(r, lab));
					neighbours.add(schedule.successor(r, lab));
				}
				assertEquals(2 * schedule.rings(), neighbours.size(), "k = " + k + ", " + schedule);
				assertTrue(!neighbours.contains(lab));
			}
			final Set<Integer> masters = new HashSet<>();
			for (int r = 0; r < schedule.rings(); r++) masters.add(schedule.ring(r)[0]);
			assertEquals(schedule.rings(), masters.size(), "every ring has its own master: k = " + k + ", " + schedule);
		}
	}

	@Test
	void rejectsRingsThatShareNeighbours() {
		assertThrows(IllegalArgumentException.class, () -> RingSchedule.of(new int[] { 1, 2, 3, 4, 5 }, new int[] {
			1, 3, 5, 2, 4 }, new int[] { 1, 2, 4, 5, 3 }));
		assertThrows(IllegalArgumentException.class, () -> RingSchedule.of(new int[] { 1, 2, 2 }));
		assertThrows(IllegalArgumentException.class, () -> RingSchedule.random(5, 3, SecureRandom.getInstanceStrong()));
		// the same edges, but one master for both rings: it would learn the whole sum
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RingSchedule.of(
			new int[] { 1, 2, 3, 4, 5 }, new int[] { 1, 3, 5, 2, 4 }));
		assertTrue(e.getMessage().contains("master of two rings"), e.getMessage());
		RingSchedule.of(new int[] { 1, 2, 3, 4, 5 }, new int[] { 3, 5, 2, 4, 1 });
	}

	@Test
	void ringOrdersAreRandomised() {
		final Set<String> orders = new HashSet<>();
		final SecureRandom random = new SecureRandom();
		for (int i = 0; i < 20; i++) orders.add(RingSchedule.random(7, 3, random).toString());
		assertTrue(orders.size() > 1);
	}
}
