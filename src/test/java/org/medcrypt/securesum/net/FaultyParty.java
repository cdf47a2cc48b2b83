package org.medcrypt.securesum.net;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.medcrypt.securesum.Transport;

/**
 * {@link PartyMain} that dies abruptly (like {@code kill -9}) after its n-th
 * sent frame, n = system property {@code halt.after}: a party crashing
 * mid-protocol, for {@link TlsTransportTest}.
 */
public final class HaltingParty {

	private HaltingParty() {}

	public static void main(final String[] args) throws InterruptedException {
		final int haltAfter = Integer.getInteger("halt.after", 1);
		final AtomicInteger sent = new AtomicInteger();
		System.exit(PartyMain.run(args, t -> new Transport() {

			@Override
			public int self() {
				return t.self();
			}

			@Override
			public void send(final int to, final byte[] frame) throws IOException {
				t.send(to, frame);
				if (sent.incrementAndGet() >= haltAfter) {
					System.out.flush();
					Runtime.getRuntime().halt(137);
				}
			}

			@Override
			public Frame receive(final Duration timeout) throws IOException, InterruptedException {
				return t.receive(timeout);
			}
		}, System.out, System.err));
	}
}
