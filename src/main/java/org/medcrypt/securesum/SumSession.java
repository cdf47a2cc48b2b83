package org.medcrypt.securesum;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * Everything the researcher and the labs must agree on before one secure sum:
 * a random session id, the protocol, the value range, the ring orders (ring
 * protocols), and the per-hop timeout. The researcher creates it; every party
 * runs with an identical copy.
 * <p>
 * Timeouts: a message that is {@code h} hops after the start of the run (e.g.
 * the pass into the third lab of a ring is 2 hops) must arrive within
 * {@code h·hopTimeout} of the party's start. Parties nearest a silent party
 * therefore time out first and their ABORT, naming it, reaches the others
 * before their own, later deadlines.
 * </p>
 */
public final class SumSession {

	private final long id;
	private final Protocol protocol;
	private final SumDomain domain;
	private final RingSchedule schedule;
	private final Duration hopTimeout;

	public SumSession(final long id, final Protocol protocol, final SumDomain domain, final RingSchedule schedule,
		final Duration hopTimeout)
	{
		if (protocol != Protocol.ADDITIVE_SHARING) {
			if (schedule == null) throw new IllegalArgumentException(protocol + " needs a ring schedule");
			if (schedule.labs() != domain.labs()) throw new IllegalArgumentException("ring schedule is for " +
				schedule.labs() + " labs, the domain for " + domain.labs());
			if (protocol == Protocol.RING && schedule.rings() != 1) throw new IllegalArgumentException(
				"the ring protocol uses exactly one ring");
		}
		if (hopTimeout.isNegative() || hopTimeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
		this.id = id;
		this.protocol = protocol;
		this.domain = domain;
		this.schedule = protocol == Protocol.ADDITIVE_SHARING ? null : schedule;
		this.hopTimeout = hopTimeout;
	}

	/**
	 * A new session with a random id and, for ring protocols, random ring orders:
	 * one ring for {@link Protocol#RING}, {@link RingSchedule#maxRings} for
	 * {@link Protocol#PERMUTED_RINGS}.
	 */
	public static SumSession create(final Protocol protocol, final SumDomain domain, final Duration hopTimeout,
		final SecureRandom random)
	{
		final int rings = protocol == Protocol.PERMUTED_RINGS ? RingSchedule.maxRings(domain.labs()) : 1;
		final RingSchedule schedule = protocol == Protocol.ADDITIVE_SHARING ? null : RingSchedule.random(domain
			.labs(), rings, random);
		return new SumSession(random.nextLong(), protocol, domain, schedule, hopTimeout);
	}

	public long id() {
		return id;
	}

	public Protocol protocol() {
		return protocol;
	}

	public SumDomain domain() {
		return domain;
	}

	public int labs() {
		return domain.labs();
	}

	/** The ring orders; {@code null} for additive sharing. */
	public RingSchedule schedule() {
		return schedule;
	}

	public Duration hopTimeout() {
		return hopTimeout;
	}

	/** The same agreement under a new id, e.g. for the next sum of a multi-sum computation. */
	public SumSession withDomain(final long newId, final SumDomain newDomain) {
		return new SumSession(newId, protocol, newDomain, schedule, hopTimeout);
	}
}
