package org.medcrypt.commands;

import java.io.File;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.SessionFiles;
import org.medcrypt.groundtruth.StudyParameters;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.net.NetworkSession;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.scijava.widget.TextWidget;

/**
 * The researcher's session file of a study across labs (Vaidya & Tulpule), as
 * {@code party new-session} makes it: every party's name, address and pinned
 * certificate fingerprint (read from the certificates the parties sent), the
 * protocol and an Algorithm 1 window, or a plain sum's width and bound. Each lab
 * then runs Secure Sum Party with this file.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Collaboration>Create Session File")
public class CreateSessionFile extends MedCryptCommand {

	static final String STUDY = "Algorithm 1 study", SUM = "Plain secure sum";

	@Parameter(label = "Session file to write", style = FileWidget.SAVE_STYLE, persist = false)
	private File session_file;

	@Parameter(label = "Parties: NAME,HOST,PORT,CERT.pem per line (or ';'), the researcher first, then k >= 3 labs",
		style = TextWidget.AREA_STYLE, persist = false)
	private String parties = "";

	@Parameter(label = "Protocol", choices = { SecureSumParty.ADDITIVE, SecureSumParty.PERMUTED,
		SecureSumParty.RING }, description = "Additive sharing resists any k-1 colluding labs; the ring falls to a " +
			"lab's two neighbours.")
	private String protocol = SecureSumParty.ADDITIVE;

	@Parameter(label = "Kind", choices = { STUDY, SUM })
	private String kind = STUDY;

	@Parameter(label = "Algorithm 1: window size", min = "1")
	private int window = 3;

	@Parameter(label = "Algorithm 1: minimum images per lab", min = "1",
		description = "Disclosure control: a lab with fewer images refuses to take part (default 5).")
	private int min_images = StudyParameters.DEFAULT_MIN_IMAGES_PER_LAB;

	@Parameter(label = "Algorithm 1: feature", choices = { "PIXEL_INTENSITY", "WINDOW_MEAN" })
	private String feature = "PIXEL_INTENSITY";

	@Parameter(label = "Plain sum: values per party", min = "0")
	private int width = 0;

	@Parameter(label = "Plain sum: bound on each value", required = false)
	private String bound = "";

	@Parameter(label = "Time a party waits for the next message (ms)", min = "1")
	private long hop_timeout_ms = 10000;

	@Parameter(label = "Time a party waits for the others to connect (ms)", min = "1")
	private long connect_timeout_ms = 120000;

	@Override
	protected void execute() throws MedCryptException {
		final List<NetworkSession.Node> nodes = SessionFiles.nodes(parties == null ? "" : parties);
		final Protocol chosen = SecureSumParty.protocolOf(protocol);
		final Duration hop = Duration.ofMillis(hop_timeout_ms), connect = Duration.ofMillis(connect_timeout_ms);
		final SessionFiles.Created created;
		if (SUM.equals(kind)) {
			final BigInteger b;
			try {
				b = new BigInteger(bound == null ? "" : bound.trim());
			}
			catch (final NumberFormatException e) {
				throw new MedCryptException("A plain sum needs a whole-number bound; got '" + bound + "'.");
			}
			if (width < 1) throw new MedCryptException("A plain sum needs at least one value per party.");
			created = SessionFiles.writeSum(required(session_file, "the session file"), chosen, width, b, hop, connect,
				nodes);
		}
		else {
			created = SessionFiles.writeStudy(required(session_file, "the session file"), chosen, window,
				DeviationFeature.valueOf(feature), min_images, hop, connect, nodes);
		}
		for (final String w : created.warnings) log.warn("MedCrypt: " + w);
		log.info("MedCrypt: session " + created.id() + " written to " + session_file + "; check value " + created
			.session.checkValue() + " (read it to every party).");
		reportRow("session", created.id(), "file", session_file.getPath(), "parties", nodes.size(), "protocol", chosen,
			"kind", kind, "check_value", created.session.digest(), "warnings", created.warnings.size());
	}
}
