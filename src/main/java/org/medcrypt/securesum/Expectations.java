package org.medcrypt.securesum;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages a state machine accepts next, each from one sender, of one type
 * and round, at a given hop count from the start (for its deadline). Anything
 * else is out of order.
 */
final class Expectations {

	/** One awaited message. */
	static final class Expected {

		final int from;
		final MessageType type;
		final int round;
		final int hops;

		Expected(final int from, final MessageType type, final int round, final int hops) {
			this.from = from;
			this.type = type;
			this.round = round;
			this.hops = hops;
		}

		String step() {
			return Message.of(type, 0, from, round).step();
		}
	}

	private final Map<String, Expected> awaited = new LinkedHashMap<>();

	void add(final int from, final MessageType type, final int round, final int hops) {
		awaited.put(key(from, type, round), new Expected(from, type, round, hops));
	}

	/** Removes and returns true if {@code message} was awaited; false if it is out of order. */
	boolean take(final Message message) {
		return awaited.remove(key(message.sender(), message.type(), message.round())) != null;
	}

	boolean isEmpty() {
		return awaited.isEmpty();
	}

	/** The awaited message with the earliest deadline. */
	Expected earliest() {
		Expected first = null;
		for (final Expected e : awaited.values()) {
			if (first == null || e.hops < first.hops) first = e;
		}
		return first;
	}

	int size() {
		return awaited.size();
	}

	/** Who is awaited for what, e.g. "lab 2: share, lab 3: share". */
	String describe(final java.util.function.IntFunction<String> names) {
		final StringBuilder s = new StringBuilder();
		for (final Expected e : awaited.values()) {
			s.append(s.length() == 0 ? "" : ", ").append(names.apply(e.from)).append(": ").append(e.step());
		}
		return s.toString();
	}

	/** True if a message from {@code node} is awaited. */
	boolean awaits(final int node) {
		for (final Expected e : awaited.values()) {
			if (e.from == node) return true;
		}
		return false;
	}

	/** The step awaited from {@code node}, for naming a fault in its message. */
	String stepFrom(final int node) {
		for (final Expected e : awaited.values()) {
			if (e.from == node) return e.step();
		}
		return "none awaited from " + Nodes.name(node);
	}

	private static String key(final int from, final MessageType type, final int round) {
		return from + "/" + type + "/" + round;
	}
}
