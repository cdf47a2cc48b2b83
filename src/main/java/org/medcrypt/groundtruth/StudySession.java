package org.medcrypt.groundtruth;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.net.NetworkSession;

/**
 * The session file of Algorithm 1 across labs: a secure-sum
 * {@link NetworkSession} (nodes, protocol, first sum's id, timeouts) whose
 * extension keys carry the study's parameters:
 *
 * <pre>
 * algorithm1.window   = the window size c (odd)
 * algorithm1.feature  = PIXEL_INTENSITY | WINDOW_MEAN, what sigma measures (see DeviationFeature)
 * algorithm1.max.pixels.per.lab = the public cap N on a lab's ground-truth pixels
 * algorithm1.mean.scale.bits    = b: the mean is published as P / 2^b (default 16; 0..20)
 * algorithm1.min.images.per.lab = disclosure control: a lab with fewer images refuses (default 5)
 * </pre>
 *
 * The sum's width is 2 and its bound the one window and cap imply
 * ({@link StudyParameters}); the second sum runs under the next session id.
 * The file is format 1 of {@link NetworkSession}: the last two keys were added
 * as extension keys (the format's way of carrying an application's settings),
 * so a file written before them still reads, with the defaults; the canonical
 * text, and so the check value every party compares, always lists them, so a
 * party that reads the file without them (an older MedCrypt) is stopped at
 * connection as running another session.
 */
public final class StudySession {

	/** The extension keys, in the order they are written. */
	static final String WINDOW = "algorithm1.window", FEATURE = "algorithm1.feature",
		MAX_PIXELS = "algorithm1.max.pixels.per.lab", MEAN_SCALE = "algorithm1.mean.scale.bits",
		MIN_IMAGES = "algorithm1.min.images.per.lab";

	private final NetworkSession network;
	private final StudyParameters study;

	private StudySession(final NetworkSession network, final StudyParameters study) {
		this.network = network;
		this.study = study;
	}

	/** A session over {@code study}'s first sum and these nodes. */
	public static StudySession of(final StudyParameters study, final Duration connectTimeout,
		final List<NetworkSession.Node> nodes)
	{
		final Map<String, String> extension = new LinkedHashMap<>();
		extension.put(WINDOW, String.valueOf(study.window()));
		extension.put(FEATURE, study.feature().name());
		extension.put(MAX_PIXELS, String.valueOf(study.maxPixelsPerLab()));
		extension.put(MEAN_SCALE, String.valueOf(study.meanScaleBits()));
		extension.put(MIN_IMAGES, String.valueOf(study.minImagesPerLab()));
		return new StudySession(new NetworkSession(study.firstSession(), connectTimeout, nodes, extension), study);
	}

	/** A new Algorithm 1 session with a random id (and ring orders) over the given nodes. */
	public static StudySession create(final Protocol protocol, final int window, final DeviationFeature feature,
		final Duration hopTimeout, final Duration connectTimeout, final List<NetworkSession.Node> nodes,
		final SecureRandom random)
	{
		return create(protocol, window, feature, StudyParameters.DEFAULT_MIN_IMAGES_PER_LAB, hopTimeout,
			connectTimeout, nodes, random);
	}

	/** As above, with the disclosure-control minimum of images per lab. */
	public static StudySession create(final Protocol protocol, final int window, final DeviationFeature feature,
		final int minImagesPerLab, final Duration hopTimeout, final Duration connectTimeout,
		final List<NetworkSession.Node> nodes, final SecureRandom random)
	{
		return of(StudyParameters.create(nodes.size() - 1, window, feature, protocol, hopTimeout, random)
			.withMinImagesPerLab(minImagesPerLab), connectTimeout, nodes);
	}

	/**
	 * The Algorithm 1 session in {@code network}; {@link IllegalArgumentException}
	 * naming the problem if it is a plain sum or its study keys are wrong.
	 */
	public static StudySession of(final NetworkSession network) {
		final Map<String, String> left = new LinkedHashMap<>(network.extension());
		if (!left.containsKey(WINDOW)) throw new IllegalArgumentException("it is a session of one plain secure sum, " +
			"not of Algorithm 1; ask the researcher for an Algorithm 1 session (party new-session --study algorithm1)");
		final int window = integer(take(left, WINDOW), WINDOW);
		final DeviationFeature feature;
		try {
			feature = DeviationFeature.valueOf(take(left, FEATURE));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(FEATURE + " must be PIXEL_INTENSITY or WINDOW_MEAN");
		}
		final long maxPixels;
		try {
			final String value = take(left, MAX_PIXELS);
			if (!value.matches("[0-9]{1,20000}")) throw new IllegalArgumentException(MAX_PIXELS +
				" must be a decimal integer");
			maxPixels = Long.parseLong(value);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(MAX_PIXELS + " must be below 2^63");
		}
		// Added after the first files were written: absent means the default.
		final int scaleBits = left.containsKey(MEAN_SCALE) ? integer(take(left, MEAN_SCALE), MEAN_SCALE)
			: StudyParameters.DEFAULT_MEAN_SCALE_BITS;
		final int minImages = left.containsKey(MIN_IMAGES) ? integer(take(left, MIN_IMAGES), MIN_IMAGES)
			: StudyParameters.DEFAULT_MIN_IMAGES_PER_LAB;
		if (!left.isEmpty()) throw new IllegalArgumentException("unknown or misplaced keys: " + left.keySet());
		// Rebuilt so that the keys are in canonical order (the digest compares canonical text).
		return of(new StudyParameters(window, feature, maxPixels, scaleBits, minImages, network.sum()), network
			.connectTimeout(), network.nodes());
	}

	/** Reads and checks a session file; the message names the file and what is wrong. */
	public static StudySession read(final Path file) throws MedCryptException {
		final NetworkSession network = NetworkSession.read(file);
		try {
			return of(network);
		}
		catch (final IllegalArgumentException e) {
			throw new DamagedFileException("session file " + file + " is invalid: " + e.getMessage(), e);
		}
	}

	/** Writes the session file (shareable; it holds no secret). */
	public void write(final Path file) throws IOException {
		network.write(file);
	}

	/** The secure-sum session: nodes, protocol, first sum, timeouts. */
	public NetworkSession network() {
		return network;
	}

	/** Algorithm 1's parameters. */
	public StudyParameters study() {
		return study;
	}

	private static String take(final Map<String, String> entries, final String key) {
		final String value = entries.remove(key);
		if (value == null) throw new IllegalArgumentException("missing key " + key);
		return value;
	}

	private static int integer(final String value, final String key) {
		if (!value.matches("[0-9]{1,9}")) throw new IllegalArgumentException(key + " must be a decimal integer; got '" +
			value + "'");
		return Integer.parseInt(value);
	}
}
