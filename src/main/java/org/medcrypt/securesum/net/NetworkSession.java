package org.medcrypt.securesum.net;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.medcrypt.io.BoundedFiles;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.securesum.Nodes;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.RingSchedule;
import org.medcrypt.securesum.SumDomain;
import org.medcrypt.securesum.SumSession;

/**
 * A session file: everything the parties of one networked secure sum agree on,
 * format version {@value #FORMAT}. UTF-8 text, one {@code key = value} per
 * line; blank lines and lines starting with {@code #} are ignored; every key
 * below must appear exactly once (ring keys only for ring protocols) and no
 * other key may appear:
 *
 * <pre>
 * medcrypt.session.format = 1
 * session.id          = 16 hex digits (the researcher's random 64-bit id)
 * protocol            = ADDITIVE_SHARING | PERMUTED_RINGS | RING
 * width               = number of values per input vector (1..65536)
 * bound               = exclusive upper bound B of every input value (decimal)
 * hop.timeout.ms      = per-hop timeout in milliseconds
 * connect.timeout.ms  = how long connection set-up may take, in milliseconds
 * APP.KEY             = keys of the application run over the sums, e.g. algorithm1.window (see
 *                       {@link #extension()}): any key whose first dotted part is not one of the above
 * ring.1 ... ring.s   = ring protocols only: labs of each ring in passing order, comma-separated
 * node.N.name         = N = 0 (the researcher), 1..k (the labs): unique name, [A-Za-z0-9._-]{1,64}
 * node.N.host         = host name or address the node listens on
 * node.N.port         = TCP port the node listens on (1..65535)
 * node.N.fingerprint  = SHA-256 of the node's DER certificate, 64 hex digits, unique
 * </pre>
 *
 * The node numbers are the protocol's: 0 is the researcher, 1..k the labs
 * (k ≥ 3). Every party must run with a byte-identical copy; {@link #digest()}
 * gives its full SHA-256 check value to compare out of band ({@link #checkValue()}). Without extension keys
 * the session is one secure sum of the given width and bound; with them it is
 * the session of an application built on the sums, which reads and checks them
 * itself (Algorithm 1: {@code org.medcrypt.groundtruth.StudySession}). The
 * engine keeps them in order and writes them back after
 * {@code connect.timeout.ms}, so the file and its digest stay the same.
 */
public final class NetworkSession {

	public static final int FORMAT = 1;

	/** One party as listed in the session file. */
	public static final class Node {

		private final int id;
		private final String name;
		private final String host;
		private final int port;
		private final String fingerprint;

		public Node(final int id, final String name, final String host, final int port, final String fingerprint) {
			if (!name.matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException("node " + id +
				": name must be 1-64 of [A-Za-z0-9._-]; got '" + name + "'");
			if (host.isEmpty() || !host.matches("[A-Za-z0-9.:\\[\\]_-]+")) throw new IllegalArgumentException("node " +
				id + ": bad host '" + host + "'");
			if (port < 1 || port > 65535) throw new IllegalArgumentException("node " + id + ": bad port " + port);
			if (!fingerprint.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("node " + id +
				": fingerprint must be 64 lower-case hex digits (SHA-256 of the DER certificate)");
			this.id = id;
			this.name = name;
			this.host = host;
			this.port = port;
			this.fingerprint = fingerprint;
		}

		public int id() {
			return id;
		}

		public String name() {
			return name;
		}

		public String host() {
			return host;
		}

		public int port() {
			return port;
		}

		public String fingerprint() {
			return fingerprint;
		}

		/** E.g. "lab 2 (hospital-b)". */
		public String describe() {
			return Nodes.name(id) + " (" + name + ")";
		}
	}

	/** First dotted parts of the engine's own keys: any other dotted key is an extension key. */
	private static final Set<String> ENGINE_NAMESPACES = new HashSet<>(java.util.Arrays.asList("medcrypt", "session",
		"hop", "connect", "ring", "node"));

	private final SumSession sum;
	private final Duration connectTimeout;
	private final List<Node> nodes;
	private final Map<String, String> extension;

	/** A session of one secure sum. */
	public NetworkSession(final SumSession sum, final Duration connectTimeout, final List<Node> nodes) {
		this(sum, connectTimeout, nodes, Collections.emptyMap());
	}

	/**
	 * A session whose sums serve an application that keeps its own settings in
	 * {@code extension} (keys of the form {@code app.name}, written in this order).
	 */
	public NetworkSession(final SumSession sum, final Duration connectTimeout, final List<Node> nodes,
		final Map<String, String> extension)
	{
		if (nodes.size() != sum.labs() + 1) throw new IllegalArgumentException("the session lists " + nodes.size() +
			" nodes; a sum over " + sum.labs() + " labs needs " + (sum.labs() + 1));
		final Set<String> names = new HashSet<>(), prints = new HashSet<>();
		for (int i = 0; i < nodes.size(); i++) {
			final Node n = nodes.get(i);
			if (n.id() != i) throw new IllegalArgumentException("nodes must be numbered 0.." + sum.labs() + " in order");
			if (!names.add(n.name())) throw new IllegalArgumentException("two nodes are named " + n.name());
			if (!prints.add(n.fingerprint())) throw new IllegalArgumentException(n.describe() +
				" has the same certificate fingerprint as another node; every party needs its own certificate");
		}
		if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException(
			"connect timeout must be positive");
		for (final String key : extension.keySet()) {
			if (!isExtensionKey(key)) throw new IllegalArgumentException("'" + key + "' is not an extension key");
		}
		this.sum = sum;
		this.connectTimeout = connectTimeout;
		this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
		this.extension = Collections.unmodifiableMap(new LinkedHashMap<>(extension));
	}

	/** A new session with a random id (and ring orders) over the given nodes. */
	public static NetworkSession create(final Protocol protocol, final int width, final BigInteger bound,
		final Duration hopTimeout, final Duration connectTimeout, final List<Node> nodes, final SecureRandom random)
	{
		final SumSession sum = SumSession.create(protocol, new SumDomain(nodes.size() - 1, width, bound), hopTimeout,
			random);
		return new NetworkSession(sum, connectTimeout, nodes);
	}

	/** The (first) secure sum of the session. */
	public SumSession sum() {
		return sum;
	}

	/** The application's settings, in file order; empty for one plain secure sum. */
	public Map<String, String> extension() {
		return extension;
	}

	/** True for a key of an application built on the sums, {@code app.name} with {@code app} not the engine's. */
	public static boolean isExtensionKey(final String key) {
		final int dot = key.indexOf('.');
		return dot > 0 && dot < key.length() - 1 && key.matches("[a-z0-9]+(\\.[a-z0-9]+)+") && !ENGINE_NAMESPACES
			.contains(key.substring(0, dot));
	}

	public Duration connectTimeout() {
		return connectTimeout;
	}

	public List<Node> nodes() {
		return nodes;
	}

	public Node node(final int id) {
		return nodes.get(id);
	}

	/** The node named {@code name}, or {@code null}. */
	public Node byName(final String name) {
		for (final Node n : nodes) {
			if (n.name().equals(name)) return n;
		}
		return null;
	}

	/** The node whose certificate has this fingerprint, or {@code null}. */
	public Node byFingerprint(final String fingerprint) {
		for (final Node n : nodes) {
			if (n.fingerprint().equals(fingerprint)) return n;
		}
		return null;
	}

	/** The text of the session file. */
	public String format() {
		final StringBuilder s = new StringBuilder();
		s.append("# MedCrypt secure-sum network session; see docs/COLLABORATION-NETWORK.md\n");
		s.append("medcrypt.session.format = ").append(FORMAT).append('\n');
		s.append("session.id = ").append(String.format(Locale.ROOT, "%016x", sum.id())).append('\n');
		s.append("protocol = ").append(sum.protocol().name()).append('\n');
		s.append("width = ").append(sum.domain().width()).append('\n');
		s.append("bound = ").append(sum.domain().bound()).append('\n');
		s.append("hop.timeout.ms = ").append(sum.hopTimeout().toMillis()).append('\n');
		s.append("connect.timeout.ms = ").append(connectTimeout.toMillis()).append('\n');
		for (final Map.Entry<String, String> e : extension.entrySet()) {
			s.append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
		}
		if (sum.schedule() != null) {
			for (int r = 0; r < sum.schedule().rings(); r++) {
				final StringBuilder ring = new StringBuilder();
				for (final int lab : sum.schedule().ring(r)) ring.append(ring.length() == 0 ? "" : ",").append(lab);
				s.append("ring.").append(r + 1).append(" = ").append(ring).append('\n');
			}
		}
		for (final Node n : nodes) {
			final String p = "node." + n.id() + ".";
			s.append(p).append("name = ").append(n.name()).append('\n');
			s.append(p).append("host = ").append(n.host()).append('\n');
			s.append(p).append("port = ").append(n.port()).append('\n');
			s.append(p).append("fingerprint = ").append(n.fingerprint()).append('\n');
		}
		return s.toString();
	}

	/**
	 * Writes the session file (shareable; it holds no secret) under a new name:
	 * {@link java.nio.file.FileAlreadyExistsException} if the name is taken (a new session is a new file).
	 */
	public void write(final Path file) throws IOException {
		AtomicFiles.write(file, AtomicFiles.IfExists.FAIL, false, format().getBytes(StandardCharsets.UTF_8));
	}

	public static NetworkSession read(final Path file) throws MedCryptException {
		try {
			return parse(new String(BoundedFiles.readAllBytes(file, BoundedFiles.SMALL_FILE),
				StandardCharsets.UTF_8));
		}
		catch (final java.nio.file.NoSuchFileException e) {
			throw new MedCryptException("session file " + file + " does not exist", e);
		}
		catch (final IOException e) {
			throw new MedCryptException("cannot read session file " + file + ": " + e.getMessage(), e);
		}
		catch (final IllegalArgumentException e) {
			throw new DamagedFileException("session file " + file + " is invalid: " + e.getMessage(), e);
		}
	}

	/** Parses the text of a session file; {@link IllegalArgumentException} naming the problem otherwise. */
	public static NetworkSession parse(final String text) {
		final Map<String, String> entries = new LinkedHashMap<>();
		int lineNumber = 0;
		for (final String raw : text.split("\r?\n", -1)) {
			lineNumber++;
			final String line = raw.trim();
			if (line.isEmpty() || line.startsWith("#")) continue;
			final int eq = line.indexOf('=');
			if (eq < 0) throw new IllegalArgumentException("line " + lineNumber + ": expected key = value");
			final String key = line.substring(0, eq).trim(), value = line.substring(eq + 1).trim();
			if (entries.put(key, value) != null) throw new IllegalArgumentException("line " + lineNumber + ": key " +
				key + " appears twice");
		}
		final Map<String, String> left = new LinkedHashMap<>(entries);
		final String format = take(left, "medcrypt.session.format");
		if (!format.equals(String.valueOf(FORMAT))) throw new IllegalArgumentException("session format " + format +
			"; this MedCrypt reads format " + FORMAT);
		final String idHex = take(left, "session.id");
		if (!idHex.matches("[0-9a-fA-F]{16}")) throw new IllegalArgumentException("session.id must be 16 hex digits");
		final long id = Long.parseUnsignedLong(idHex, 16);
		final Protocol protocol;
		try {
			protocol = Protocol.valueOf(take(left, "protocol"));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("protocol must be one of ADDITIVE_SHARING, PERMUTED_RINGS, RING");
		}
		final int width = integer(take(left, "width"), "width");
		final BigInteger bound = new BigInteger(digits(take(left, "bound"), "bound"));
		final Duration hop = Duration.ofMillis(integer(take(left, "hop.timeout.ms"), "hop.timeout.ms"));
		final Duration connect = Duration.ofMillis(integer(take(left, "connect.timeout.ms"), "connect.timeout.ms"));
		final List<Node> nodes = new ArrayList<>();
		for (int n = 0; left.containsKey("node." + n + ".name"); n++) {
			final String p = "node." + n + ".";
			nodes.add(new Node(n, take(left, p + "name"), take(left, p + "host"), integer(take(left, p + "port"), p +
				"port"), take(left, p + "fingerprint")));
		}
		if (nodes.size() < 4) throw new IllegalArgumentException("the session must list node.0 (the researcher) and " +
			"at least 3 labs, numbered without gaps");
		final List<int[]> rings = new ArrayList<>();
		for (int r = 1; left.containsKey("ring." + r); r++) {
			final String[] labs = take(left, "ring." + r).split(",");
			final int[] ring = new int[labs.length];
			for (int i = 0; i < labs.length; i++) ring[i] = integer(labs[i].trim(), "ring." + r);
			rings.add(ring);
		}
		final Map<String, String> extension = new LinkedHashMap<>();
		for (final String key : new ArrayList<>(left.keySet())) {
			if (isExtensionKey(key)) extension.put(key, left.remove(key));
		}
		if (!left.isEmpty()) throw new IllegalArgumentException("unknown or misplaced keys: " + left.keySet());
		if (protocol == Protocol.ADDITIVE_SHARING && !rings.isEmpty()) throw new IllegalArgumentException(
			"ring.N keys are only for ring protocols");
		final SumDomain domain = new SumDomain(nodes.size() - 1, width, bound);
		final RingSchedule schedule = rings.isEmpty() ? null : RingSchedule.of(rings.toArray(new int[0][]));
		final SumSession sum = new SumSession(id, protocol, domain, schedule, hop);
		return new NetworkSession(sum, connect, nodes, extension);
	}

	/**
	 * The session's check value: the full SHA-256 of its canonical text, 64 hex
	 * digits, shown to people {@link Fingerprints#grouped grouped} to compare out
	 * of band, and compared whole between the parties at connection. (It was the
	 * first 16 digits: a researcher could find two session files with one 64-bit
	 * value in about 2^32 hashes and give each lab a study whose other labs it
	 * controls.)
	 */
	public String digest() {
		return Fingerprints.sha256(format().getBytes(StandardCharsets.UTF_8));
	}

	/** {@link #digest()} as people read it: 64 hex digits in groups of four. */
	public String checkValue() {
		return Fingerprints.grouped(digest());
	}

	private static String take(final Map<String, String> entries, final String key) {
		final String value = entries.remove(key);
		if (value == null) throw new IllegalArgumentException("missing key " + key);
		return value;
	}

	private static String digits(final String value, final String key) {
		if (!value.matches("[0-9]{1,20000}")) throw new IllegalArgumentException(key + " must be a decimal integer");
		return value;
	}

	private static int integer(final String value, final String key) {
		if (!value.matches("[0-9]{1,9}")) throw new IllegalArgumentException(key + " must be a decimal integer; got '" +
			value + "'");
		return Integer.parseInt(value);
	}
}
