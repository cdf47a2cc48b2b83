package org.medcrypt.securesum;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Drives one {@link Role} over a {@link Transport}: decodes and checks every
 * frame (layout, authenticated sender, session, order, values in [0, M)),
 * enforces the deadlines, and on any fault sends ABORT, naming the party and
 * the step, to every other node before giving up. A role only returns a result
 * once its protocol completed, so a failed run publishes nothing. A node the
 * transport knows has failed ({@link Transport#failure()}: crashed, never
 * connected, runs twice or another session) is blamed at once, after any
 * ABORT already received, rather than the party that waits next in line for
 * it after a hop timeout. While it
 * waits it tells its {@link PartyMonitor} whom it waits for, and checks about
 * every {@value #POLL_MS} ms whether its user cancelled: then it aborts
 * everywhere, naming itself, and throws {@link CancellationException}.
 */
final class PartyRunner {

	private static final long POLL_MS = 200;

	private final Transport transport;
	private final SumSession session;
	private final Role role;
	private final int self;
	private final PartyMonitor monitor;
	private long received;
	/** Frames taken from the transport ahead of their turn (looking for an ABORT), received first. */
	private final java.util.ArrayDeque<Transport.Frame> early = new java.util.ArrayDeque<>();
	/** An ABORT found while a send failed: it names the culprit better than the send can. */
	private Message abortReceived;

	PartyRunner(final Transport transport, final SumSession session, final Role role, final PartyMonitor monitor) {
		this.transport = transport;
		this.session = session;
		this.role = role;
		this.self = transport.self();
		this.monitor = monitor;
	}

	BigInteger[] run() throws SecureSumAbortedException, InterruptedException {
		final long start = System.nanoTime();
		final Role.Outbox out = this::send;
		try {
			final Message abort = abortAlreadyReceived();
			if (abort != null) throw aborted(abort);
			checkPeers();
			role.start(out);
			while (!role.isDone()) {
				final Message message = next(start);
				if (message.type() == MessageType.ABORT) throw aborted(message);
				role.accept(message, out);
			}
			return role.result();
		}
		catch (final ProtocolFault fault) {
			if (abortReceived != null) throw aborted(abortReceived);
			broadcastAbort(fault);
			throw new SecureSumAbortedException(fault.culprit, fault.step, fault.reason, self);
		}
		catch (final InterruptedException | CancellationException e) {
			broadcastAbort(new ProtocolFault(self, role.expected().isEmpty() ? "start" : role.expected().earliest().step(),
				"was cancelled by its user"));
			throw e;
		}
	}

	/** The next valid, expected message or ABORT; a fault otherwise. */
	private Message next(final long start) throws ProtocolFault, InterruptedException {
		final Expectations.Expected earliest = role.expected().earliest();
		final long deadline = start + session.hopTimeout().toNanos() * earliest.hops;
		monitor.report("waiting for " + role.expected().describe(monitor::name), received, received + role
			.expected().size());
		Transport.Frame frame = null;
		try {
			for (long left = deadline - System.nanoTime(); frame == null && left > 0; left = deadline - System
				.nanoTime())
			{
				if (monitor.isCanceled()) throw new CancellationException("Canceled by the user.");
				frame = !early.isEmpty() ? early.poll() : transport.receive(Duration.ofNanos(Math.min(left,
					TimeUnit.MILLISECONDS.toNanos(POLL_MS))));
				if (frame == null) checkPeers();
			}
		}
		catch (final IOException e) {
			throw new ProtocolFault(earliest.from, earliest.step(), "could not be heard from: " + e.getMessage());
		}
		if (frame == null) {
			throw new ProtocolFault(earliest.from, earliest.step(), "sent nothing within " + seconds(session.hopTimeout()
				.toNanos() * earliest.hops));
		}
		final int from = frame.from();
		final Message message;
		try {
			message = Message.decode(frame.bytes());
		}
		catch (final MalformedMessageException e) {
			throw new ProtocolFault(from, role.expected().stepFrom(from), "sent a malformed message: " + e.getMessage());
		}
		if (message.sender() != from) {
			throw new ProtocolFault(from, message.step(), "sent a message claiming to come from " + Nodes.name(message
				.sender()));
		}
		if (message.session() != session.id()) {
			throw new ProtocolFault(from, message.step(), "sent a message for another session (" + Long.toHexString(
				message.session()) + ")");
		}
		if (message.type() == MessageType.ABORT) return message;
		if (!role.expected().take(message)) {
			throw new ProtocolFault(from, message.step(), "sent an unexpected " + message.step() +
				" message (duplicate, out of order, or not its role)");
		}
		if (message.type() != MessageType.RESULT && !session.domain().isResidue(message.values())) {
			throw new ProtocolFault(from, message.step(), "sent values that are not " + session.domain().width() +
				" residues modulo M");
		}
		received++;
		return message;
	}

	/**
	 * A node the transport knows has failed (crashed, never connected, runs
	 * twice or another session) is blamed at once, not the party that waits
	 * next in line for it after a hop timeout: the run cannot finish without
	 * every node, whatever this role awaits right now.
	 */
	private void checkPeers() throws ProtocolFault {
		final Transport.Failure failure = transport.failure();
		if (failure == null) return;
		final Expectations expected = role.expected();
		final String step = expected.isEmpty() ? "start" : expected.awaits(failure.node()) ? expected.stepFrom(
			failure.node()) : expected.earliest().step();
		throw new ProtocolFault(failure.node(), step, failure.reason());
	}

	private void send(final int to, final Message message) throws ProtocolFault {
		try {
			transport.send(to, message.encode());
		}
		catch (final IOException e) {
			// A node that left may have said why first: another party's fault, reported in its ABORT.
			abortReceived = abortAlreadyReceived();
			throw new ProtocolFault(to, message.step(), "could not be reached: " + e.getMessage());
		}
	}

	private static SecureSumAbortedException aborted(final Message abort) {
		return new SecureSumAbortedException(abort.culprit(), abort.abortedStep(), abort.abortReason(), abort.sender());
	}

	/**
	 * Takes every frame the transport already holds (kept to be received in
	 * order) and returns the first valid ABORT among them, or {@code null}:
	 * before starting, and when a node cannot be reached, an ABORT that
	 * arrived says who failed (a node leaves only after sending its ABORT).
	 */
	private Message abortAlreadyReceived() {
		try {
			for (Transport.Frame f = transport.receive(Duration.ZERO); f != null; f = transport.receive(Duration.ZERO)) {
				early.add(f);
			}
		}
		catch (final IOException e) {
			// nothing more to take
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		for (final Transport.Frame f : early) {
			try {
				final Message m = Message.decode(f.bytes());
				if (m.type() == MessageType.ABORT && m.sender() == f.from() && m.session() == session.id()) return m;
			}
			catch (final MalformedMessageException e) {
				// judged in its turn
			}
		}
		return null;
	}

	/** Best effort: a node that cannot be reached will time out instead. */
	private void broadcastAbort(final ProtocolFault fault) {
		final byte[] abort = Message.abort(session.id(), self, fault.culprit, fault.step, fault.reason).encode();
		for (int node = 0; node <= session.labs(); node++) {
			if (node == self) continue;
			try {
				transport.send(node, abort);
			}
			catch (final IOException e) {
				// Nothing more to do: that node will time out and abort on its own.
			}
		}
	}

	private static String seconds(final long nanos) {
		return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
	}
}
