package org.medcrypt.groundtruth;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PartyCredentialFiles;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.net.EphemeralPorts;
import org.medcrypt.securesum.net.NetworkSession;

/**
 * The researcher's session file, made in one place for the command line
 * ({@code party new-session}), the Fiji command (Create Session File) and the
 * scripting service: every party's name, address and pinned certificate
 * fingerprint, the protocol, and either a plain sum's width and bound or an
 * Algorithm 1 study's window (Vaidya & Tulpule). Written atomically, never over
 * an existing file.
 */
public final class SessionFiles {

	private SessionFiles() {}

	/** A written session file and what the researcher should know about its ports. */
	public static final class Created {

		public final NetworkSession session;
		/** Ports in this machine's ephemeral range, which another program may take first. */
		public final List<String> warnings;

		Created(final NetworkSession session, final List<String> warnings) {
			this.session = session;
			this.warnings = warnings;
		}

		/** The session's id as the parties show it. */
		public String id() {
			return String.format("%016x", session.sum().id());
		}
	}

	/** Node {@code id} (0: the researcher) with the fingerprint of the certificate in {@code certificate}. */
	public static NetworkSession.Node node(final int id, final String name, final String host, final int port,
		final Path certificate) throws MedCryptException
	{
		return new NetworkSession.Node(id, name, host, port, Fingerprints.of(PartyCredentialFiles.readCertificate(
			certificate)));
	}

	/**
	 * Nodes from lines (or {@code ;}-separated items) {@code NAME,HOST,PORT,CERT.pem},
	 * the researcher first, then the labs.
	 */
	public static List<NetworkSession.Node> nodes(final String text) throws MedCryptException {
		final List<NetworkSession.Node> nodes = new ArrayList<>();
		for (final String item : text.split("[;\\n]")) {
			if (item.trim().isEmpty()) continue;
			final String[] f = item.trim().split(",", -1);
			if (f.length != 4) throw new MedCryptException("Party '" + item.trim() + "' must be NAME,HOST,PORT," +
				"CERT.pem (the researcher first, then the labs).");
			final int port;
			try {
				port = Integer.parseInt(f[2].trim());
			}
			catch (final NumberFormatException e) {
				throw new MedCryptException("Party '" + f[0].trim() + "': bad port '" + f[2].trim() + "'.");
			}
			nodes.add(node(nodes.size(), f[0].trim(), f[1].trim(), port, Path.of(f[3].trim())));
		}
		return nodes;
	}

	/**
	 * Writes a new Algorithm 1 study session (window {@code window}; a lab with
	 * fewer than {@code minImages} images refuses to take part) over
	 * {@code nodes} to {@code file}.
	 */
	public static Created writeStudy(final Path file, final Protocol protocol, final int window,
		final DeviationFeature feature, final int minImages, final Duration hop, final Duration connect,
		final List<NetworkSession.Node> nodes) throws MedCryptException
	{
		check(file, nodes);
		if (minImages < 1) throw new MedCryptException("The minimum of images per lab must be at least 1; got " +
			minImages + ".");
		return write(file, StudySession.create(protocol, window, feature, minImages, hop, connect, nodes,
			SecureRandoms.forThisThread()).network());
	}

	/** Writes a new plain secure sum session ({@code width} values bounded by {@code bound}) to {@code file}. */
	public static Created writeSum(final Path file, final Protocol protocol, final int width, final BigInteger bound,
		final Duration hop, final Duration connect, final List<NetworkSession.Node> nodes) throws MedCryptException
	{
		check(file, nodes);
		return write(file, NetworkSession.create(protocol, width, bound, hop, connect, nodes, SecureRandoms
			.forThisThread()));
	}

	private static void check(final Path file, final List<NetworkSession.Node> nodes) throws MedCryptException {
		if (AtomicFiles.taken(file)) {
			throw new OutputExistsException(file + " already exists; MedCrypt does not overwrite files. Choose " +
				"another name.");
		}
		if (nodes.size() < 4) {
			throw new MedCryptException("A session needs the researcher and at least 3 labs; got " + nodes.size() +
				" part" + (nodes.size() == 1 ? "y" : "ies") + ".");
		}
	}

	private static Created write(final Path file, final NetworkSession session) throws MedCryptException {
		try {
			session.write(file);
		}
		catch (final IOException e) {
			throw AtomicFiles.failure(file, e);
		}
		return new Created(session, EphemeralPorts.ofThisMachine().warnings(session));
	}
}
