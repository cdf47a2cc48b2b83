package org.medcrypt.securesum.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.Transport;

/**
 * Blame lands on the party that failed, quickly: a researcher that dies after
 * connecting to two labs or never connects, a second instance of a node, and a
 * lab running another session file are named by every party, not the lab
 * that happens to wait next in line; a party's death is seen at once, not after
 * a hop or connect timeout. Parties run as threads over TLS on 127.0.0.1; a
 * "party" that connects and dies, or a second instance, is a raw TLS client
 * holding that node's certificate and speaking the transport's hello.
 */
class PartyFailureTest {

	/** Timeouts far longer than the detection these tests demand, so that only the fix can pass them. */
	private static final Duration LONG_CONNECT = Duration.ofSeconds(40), LONG_HOP = Duration.ofSeconds(20);

	/** What one party's thread ended with: its abort (or null if it finished), when, and what it logged. */
	private static final class End {

		final SecureSumAbortedException abort;
		final long nanos;
		final List<String> log;

		End(final SecureSumAbortedException abort, final long nanos, final List<String> log) {
			this.abort = abort;
			this.nanos = nanos;
			this.log = log;
		}
	}

	private static BigInteger[] input(final int lab) {
		return new BigInteger[] { BigInteger.valueOf(lab), BigInteger.valueOf(2 * lab) };
	}

	/** Starts node {@code node} of {@code session} on {@code pool}. */
	private static Future<End> start(final ExecutorService pool, final LoopbackParties parties,
		final NetworkSession session, final int node)
	{
		return start(pool, parties, session, node, UnaryOperator.identity());
	}

	/** As above; {@code decorate} is applied once the node's connections are set up (tests hook in there). */
	private static Future<End> start(final ExecutorService pool, final LoopbackParties parties,
		final NetworkSession session, final int node, final UnaryOperator<Transport> decorate)
	{
		return pool.submit(() -> {
			final List<String> log = Collections.synchronizedList(new ArrayList<>());
			try {
				NetworkParty.run(session, parties.name(node), parties.creds.get(node), node == 0 ? null : input(node),
					log::add, decorate);
				return new End(null, System.nanoTime(), log);
			}
			catch (final SecureSumAbortedException e) {
				return new End(e, System.nanoTime(), log);
			}
		});
	}

	private static End end(final Future<End> f) throws Exception {
		try {
			return f.get(60, TimeUnit.SECONDS);
		}
		catch (final ExecutionException e) {
			throw new AssertionError(e.getCause());
		}
	}

	/** Asserts {@code end} is an abort blaming {@code culprit} with a reason containing {@code reason}. */
	private static void assertBlames(final End end, final int culprit, final String reason, final String who) {
		assertTrue(end.abort != null, who + " must abort");
		assertEquals(culprit, end.abort.culprit(), who + ": " + end.abort.getMessage());
		assertTrue(end.abort.getMessage().contains(reason), who + ": " + end.abort.getMessage());
	}

	/**
	 * A raw client with node {@code node}'s certificate connected to lab
	 * {@code lab}, its hello confirmed: that node, as far as the lab can tell.
	 */
	private static SSLSocket connectAs(final LoopbackParties parties, final NetworkSession session, final int node,
		final int lab) throws Exception
	{
		final SSLSocket s = TlsTransportTest.rawClient(parties.creds.get(node), session.node(lab).port());
		TlsTransportTest.hello(s, session, node);
		return s;
	}

	@Test
	void theResearcherDyingAfterConnectingToTwoLabsIsNamedByEveryLabAtOnce() throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		final NetworkSession session = parties.sum(Protocol.ADDITIVE_SHARING, LONG_CONNECT, LONG_HOP);
		final ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			final List<Future<End>> labs = new ArrayList<>();
			// Labs 1 and 2 finish set-up once the researcher and every lab are connected to them.
			final java.util.concurrent.CountDownLatch meshed = new java.util.concurrent.CountDownLatch(2);
			for (int lab = 1; lab <= 3; lab++) labs.add(start(pool, parties, session, lab, lab == 3 ? UnaryOperator
				.identity() : t -> {
					meshed.countDown();
					return t;
				}));
			// The researcher connects to labs 1 and 2, never to lab 3, and dies (its connections end without
			// the transport's goodbye, as when its process is killed).
			final SSLSocket toLab1 = connectAs(parties, session, 0, 1), toLab2 = connectAs(parties, session, 0, 2);
			assertTrue(meshed.await(30, TimeUnit.SECONDS), "labs 1 and 2 did not finish set-up");
			final long death = System.nanoTime();
			toLab1.close();
			toLab2.close();
			for (int lab = 1; lab <= 3; lab++) {
				final End end = end(labs.get(lab - 1));
				// Lab 3, still waiting for the researcher's connection, used to be blamed by labs 1 and 2.
				assertBlames(end, 0, "the researcher", "lab " + lab);
				assertTrue(end.nanos - death < TimeUnit.SECONDS.toNanos(10), "lab " + lab + " took " + (end.nanos -
					death) / 1e9 + " s after the researcher died (hop " + LONG_HOP + ", connect " + LONG_CONNECT + ")");
			}
			// Labs 1 and 2 saw the connection end and told lab 3.
			assertTrue(end(labs.get(0)).abort.getMessage().contains("without saying goodbye"), end(labs.get(0)).abort
				.getMessage());
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aResearcherThatNeverConnectsIsNamedNotALab() throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		final NetworkSession session = parties.sum(Protocol.RING, Duration.ofSeconds(2), LONG_HOP);
		final ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			final List<Future<End>> labs = new ArrayList<>();
			for (int lab = 1; lab <= 3; lab++) labs.add(start(pool, parties, session, lab));
			for (int lab = 1; lab <= 3; lab++) assertBlames(end(labs.get(lab - 1)), 0, "did not connect", "lab " + lab);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * A second instance of node {@code twin} has connected to lab 3 before the real one starts: every party,
	 * the real instance included, names that node as running twice.
	 */
	private static void assertSecondInstanceIsNamed(final int twin) throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		final NetworkSession session = parties.sum(Protocol.ADDITIVE_SHARING, LONG_CONNECT, LONG_HOP);
		final ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			final Future<End> lab3 = start(pool, parties, session, 3);
			try (SSLSocket other = connectAs(parties, session, twin, 3)) {
				final List<Future<End>> rest = new ArrayList<>();
				for (int node = 0; node <= 2; node++) rest.add(start(pool, parties, session, node));
				final long begin = System.nanoTime();
				for (int node = 0; node <= 3; node++) {
					final End end = end(node == 3 ? lab3 : rest.get(node));
					assertBlames(end, twin, "runs twice", "node " + node);
					assertTrue(end.nanos - begin < TimeUnit.SECONDS.toNanos(10), "node " + node + " took " + (end.nanos -
						begin) / 1e9 + " s");
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aSecondResearcherInstanceIsNamedByEveryone() throws Exception {
		assertSecondInstanceIsNamed(0);
	}

	@Test
	void aSecondInstanceOfALabIsNamedByEveryone() throws Exception {
		assertSecondInstanceIsNamed(1);
	}

	@Test
	void aLabRunningAnotherSessionFileIsNamedByEveryone() throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		final NetworkSession session = parties.sum(Protocol.ADDITIVE_SHARING, LONG_CONNECT, LONG_HOP);
		// Lab 2 edited its bound (a larger M), the id and everything else unchanged.
		final NetworkSession edited = NetworkSession.parse(session.format().replace("bound = 1000", "bound = 100000"));
		final ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			final List<Future<End>> ends = new ArrayList<>();
			for (int node = 0; node <= 3; node++) ends.add(start(pool, parties, node == 2 ? edited : session, node));
			for (int node = 0; node <= 3; node++) {
				final End end = end(ends.get(node));
				assertBlames(end, 2, "runs another session file (check value " + edited.checkValue(), "node " + node);
				assertTrue(end.abort.getMessage().contains("3 of 4 parties run " + session.checkValue()), end.abort
					.getMessage());
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aPartyWarnsWhenItsPortLiesInTheEphemeralRange() throws Exception {
		final LoopbackParties parties = new LoopbackParties(3);
		// lab 1 listens inside the ephemeral range (warned), the others outside it (not warned)
		final NetworkSession.Node lab1 = parties.nodes.get(1);
		parties.nodes.set(1, new NetworkSession.Node(1, lab1.name(), lab1.host(), org.medcrypt.testing.TestPorts
			.ephemeral(), lab1.fingerprint()));
		final EphemeralPorts range = EphemeralPorts.ofThisMachine();
		final NetworkSession session = parties.sum(Protocol.ADDITIVE_SHARING, LONG_CONNECT, LONG_HOP);
		final ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			final List<Future<End>> ends = new ArrayList<>();
			for (int node = 0; node <= 3; node++) ends.add(start(pool, parties, session, node));
			for (int node = 0; node <= 3; node++) {
				final End end = end(ends.get(node));
				assertEquals(null, end.abort, "node " + node);
				final int port = session.node(node).port();
				final boolean warned = String.join("\n", end.log).contains("warning: " + session.node(node).describe() +
					" listens on port " + port + ", inside the ephemeral port range " + range.first() + "-" + range
						.last());
				assertEquals(range.contains(port), warned, "node " + node + " on port " + port + ": " + end.log);
			}
		}
		finally {
			pool.shutdownNow();
		}
		final EphemeralPorts linux = EphemeralPorts.parse("32768\t60999\n", EphemeralPorts.LINUX_RANGE);
		assertTrue(linux.contains(32768) && linux.contains(60999) && !linux.contains(32767) && !linux.contains(61000));
		assertEquals(null, EphemeralPorts.parse("garbage", "x"));
	}
}
