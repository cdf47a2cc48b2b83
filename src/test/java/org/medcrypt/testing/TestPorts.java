package org.medcrypt.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

import org.medcrypt.securesum.net.EphemeralPorts;

/**
 * Listening ports for tests whose parties are told their ports in advance (a
 * session file). A port the system handed out ({@code new ServerSocket(0)})
 * lies in the ephemeral range, where the next outgoing connection of any
 * process may take it before the party binds it again ("Address already in
 * use", seen on a clean-clone CI run); the same reason MedCrypt warns about such
 * ports ({@link EphemeralPorts}). So: a random port below that range that is
 * free now.
 */
public final class TestPorts {

	private static final int LOWEST = 10000;

	private TestPorts() {}

	/** A free port of 127.0.0.1 outside this machine's ephemeral range. */
	public static int free() throws IOException {
		final int below = EphemeralPorts.ofThisMachine().first();
		if (below - LOWEST < 1000) return ephemeral();
		for (int attempt = 0; attempt < 200; attempt++) {
			final int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST);
			try (ServerSocket s = new ServerSocket()) {
				s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
				return port;
			}
			catch (final IOException taken) {
				// in use: try another
			}
		}
		throw new IOException("no free port between " + LOWEST + " and " + below);
	}

	/** A free port the system hands out, inside the ephemeral range (for tests of the warning about it). */
	public static int ephemeral() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}
}
