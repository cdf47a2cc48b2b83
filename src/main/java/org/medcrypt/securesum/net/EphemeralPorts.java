package org.medcrypt.securesum.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The operating system's ephemeral port range: the ports it hands out to
 * outgoing connections (and to servers that ask for any port). A session port
 * inside it may be taken by some outgoing connection at the moment the party
 * starts, and the party then cannot listen; MedCrypt warns about such ports
 * when a session is created ({@code party new-session}) and when a party
 * starts. On Linux the range is read from
 * {@value #LINUX_RANGE}; elsewhere the IANA range 49152-65535 (RFC 6335)
 * is assumed.
 */
public final class EphemeralPorts {

	/** Where Linux keeps its range: two numbers, the first and last port. */
	public static final String LINUX_RANGE = "/proc/sys/net/ipv4/ip_local_port_range";
	/** IANA's dynamic/private ports (RFC 6335), the default of most other systems. */
	public static final int IANA_FIRST = 49152, IANA_LAST = 65535;

	private final int first, last;
	private final String source;

	EphemeralPorts(final int first, final int last, final String source) {
		this.first = first;
		this.last = last;
		this.source = source;
	}

	/** This machine's range: Linux's if it can be read, IANA's otherwise. */
	public static EphemeralPorts ofThisMachine() {
		final Path linux = Paths.get(LINUX_RANGE);
		if (Files.isReadable(linux)) {
			try {
				final EphemeralPorts parsed = parse(new String(Files.readAllBytes(linux), StandardCharsets.US_ASCII),
					LINUX_RANGE);
				if (parsed != null) return parsed;
			}
			catch (final IOException e) {
				// fall back to IANA's range
			}
		}
		return new EphemeralPorts(IANA_FIRST, IANA_LAST, "IANA's range, RFC 6335");
	}

	/** The range in Linux's format ("32768\t60999"), or {@code null} if {@code text} is not one. */
	static EphemeralPorts parse(final String text, final String source) {
		final String[] f = text.trim().split("\\s+");
		if (f.length != 2 || !f[0].matches("[0-9]{1,5}") || !f[1].matches("[0-9]{1,5}")) return null;
		final int a = Integer.parseInt(f[0]), b = Integer.parseInt(f[1]);
		return a <= b && b <= 65535 ? new EphemeralPorts(a, b, source) : null;
	}

	public int first() {
		return first;
	}

	public int last() {
		return last;
	}

	public boolean contains(final int port) {
		return port >= first && port <= last;
	}

	/** A one-line warning if {@code node}'s port lies in this range; {@code null} otherwise. */
	public String warning(final NetworkSession.Node node) {
		if (!contains(node.port())) return null;
		return node.describe() + " listens on port " + node.port() + ", inside the ephemeral port range " + first +
			"-" + last + " (" + source + "): the operating system may give that port to an outgoing connection " +
			"and the party then cannot listen; choose a port " + (first > 1024 ? "from 1024 to " + (first - 1) : "outside it") +
			" in the session";
	}

	/** Warnings for every node of {@code session} whose port lies in this range. */
	public List<String> warnings(final NetworkSession session) {
		final List<String> all = new ArrayList<>();
		for (final NetworkSession.Node n : session.nodes()) {
			final String w = warning(n);
			if (w != null) all.add(w);
		}
		return all;
	}
}
