package org.medcrypt.commands;

import java.io.File;
import java.util.concurrent.CancellationException;

import org.medcrypt.groundtruth.GroundTruthStatistics;
import org.medcrypt.groundtruth.StudyParty;
import org.medcrypt.groundtruth.StudySession;
import org.medcrypt.ij.LabImageFolder;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.net.NetworkParty;
import org.medcrypt.securesum.net.NetworkSession;
import org.medcrypt.tls.PartyCredentials;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.scijava.widget.TextWidget;

/**
 * One party of an Algorithm 1 study across labs (Vaidya and Tulpule): a lab
 * sums its image folder locally, then joins the researcher and the other labs
 * over pinned mutual TLS as the session file says; the researcher gets n, μ and
 * σ of the pooled ground truth in the Results table, a lab gets μ only. The
 * protocol chosen here must be the session's, so a lab never runs a weaker one
 * unknowingly.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Collaboration>Secure Sum Party")
public class SecureSumParty extends MedCryptCommand {

	/** The protocol choices, as Create Session File offers them too. */
	static final String ADDITIVE = "Additive sharing", PERMUTED = "Permuted rings", RING = "Ring";

	@Parameter(label = "Session file (from the researcher)", style = FileWidget.OPEN_STYLE)
	private File session_file;

	@Parameter(label = "Party name (as in the session file)")
	private String party_name;

	@Parameter(label = "Credentials (.p12 keystore)", style = FileWidget.OPEN_STYLE)
	private File credentials_file;

	@Parameter(label = "Keystore password", style = TextWidget.PASSWORD_STYLE, persist = false)
	private String password;

	@Parameter(label = "Image folder (labs; masks or .roi beside each image)", style = FileWidget.DIRECTORY_STYLE,
		required = false)
	private File image_folder;

	@Parameter(label = "Protocol (must match the session)", choices = { ADDITIVE, PERMUTED, RING },
		description = "Additive sharing resists any k-1 colluding labs; the ring falls to a lab's two neighbours.")
	private String protocol = ADDITIVE;

	@Override
	protected void execute() throws MedCryptException {
		final StudySession session = StudySession.read(required(session_file, "the session file"));
		final Protocol chosen = protocolOf(protocol);
		if (chosen != session.network().sum().protocol()) throw new MedCryptException("The session runs " + session
			.network().sum().protocol() + " but you chose " + protocol +
			"; ask the researcher, or choose the session's protocol.");
		if (password == null || password.isEmpty()) throw new MedCryptException("Enter the keystore password.");
		final PartyCredentials credentials = PartyCredentials.load(required(credentials_file, "the keystore"),
			password.toCharArray());
		// The full check value, for the operator to compare with the researcher's by another channel.
		log.info("MedCrypt: session " + session_file + ", check value " + session.network().checkValue() + " (" +
			session.study().minImagesPerLab() + " images per lab at least, mean published to 2^-" + session.study()
				.meanScaleBits() + "); compare it with the researcher's.");
		final long start = System.nanoTime();
		final StudyParty.Outcome outcome;
		try {
			outcome = StudyParty.run(session, party_name, credentials, (window, feature, p) -> LabImageFolder.localSums(
				required(image_folder, "the lab's image folder"), window, feature, p), progress(), log::warn);
		}
		catch (final SecureSumAbortedException e) {
			throw new PeerFailureException(NetworkParty.explain(session.network(), e), e);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancellationException("interrupted");
		}
		final double seconds = (System.nanoTime() - start) / 1e9;
		final GroundTruthStatistics stats = outcome.statistics();
		final NetworkSession.Node me = outcome.party();
		log.info("MedCrypt: " + me.describe() + " finished Algorithm 1 (" + chosen + ") in " +
			String.format("%.1f s", seconds) + (stats != null ? ": " + stats : ": mean " + outcome.mean().toDouble()));
		if (stats != null) reportRow("party", party_name, "role", "researcher", "n", stats.groundTruthPixels()
			.doubleValue(), "mean", stats.mean(), "sigma", stats.standardDeviation(), "window", session.study().window(),
			"protocol", chosen, "seconds", seconds);
		else reportRow("party", party_name, "role", "lab", "mean", outcome.mean().toDouble(), "window", session.study()
			.window(), "protocol", chosen, "seconds", seconds);
	}

	/** The protocol of a choice label. */
	static Protocol protocolOf(final String choice) {
		return choice.equals(RING) ? Protocol.RING : choice.equals(PERMUTED) ? Protocol.PERMUTED_RINGS
			: Protocol.ADDITIVE_SHARING;
	}
}
