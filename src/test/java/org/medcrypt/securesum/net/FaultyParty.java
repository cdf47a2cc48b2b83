package org.medcrypt.securesum.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.medcrypt.securesum.Transport;

/**
 * {@code party run} of the command line ({@link org.medcrypt.cli.MedCryptCli}) with a fault at its n-th sent frame, for tests in separate
 * JVMs. System properties: {@code halt.after=n} dies abruptly (like
 * {@code kill -9}, exit code 137) right after sending it; {@code tamper.frame=n}
 * with {@code tamper.kind=session} sends it well-formed but under another
 * session id, with {@code tamper.kind=type} as a message of the wrong step
 * (a share turned into a partial sum), authenticated as usual.
 */
public final class FaultyParty {

	/** Offsets in a secure-sum message (see {@code Message}). */
	private static final int TYPE_OFFSET = 5, SESSION_OFFSET = 6;

	private FaultyParty() {}

	public static void main(final String[] args) throws InterruptedException {
		System.setProperty("java.awt.headless", "true");
		final int haltAfter = Integer.getInteger("halt.after", 0);
		final int tamperFrame = Integer.getInteger("tamper.frame", 0);
		final String kind = System.getProperty("tamper.kind", "session");
		final AtomicInteger sent = new AtomicInteger();
		System.exit(org.medcrypt.cli.MedCryptCli.run(args, t -> new Transport() {

			@Override
			public int self() {
				return t.self();
			}

			@Override
			public void send(final int to, final byte[] frame) throws IOException {
				final int n = sent.incrementAndGet();
				t.send(to, n == tamperFrame ? tamper(frame, kind) : frame);
				if (n == haltAfter) {
					System.out.flush();
					Runtime.getRuntime().halt(137);
				}
			}

			@Override
			public Frame receive(final Duration timeout) throws IOException, InterruptedException {
				return t.receive(timeout);
			}

			@Override
			public Failure failure() {
				return t.failure();
			}
		}, System.out, System.err));
	}

	static byte[] tamper(final byte[] frame, final String kind) {
		final byte[] bad = frame.clone();
		final ByteBuffer b = ByteBuffer.wrap(bad);
		if (kind.equals("type")) bad[TYPE_OFFSET] = 4;
		else b.putLong(SESSION_OFFSET, b.getLong(SESSION_OFFSET) ^ 0x5a5a5a5a00000000L);
		return bad;
	}
}
