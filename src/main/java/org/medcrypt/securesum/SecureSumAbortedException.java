package org.medcrypt.securesum;

import org.medcrypt.io.PeerFailureException;

/**
 * A secure sum stopped without a result: a party timed out, sent a malformed
 * or unexpected message, or refused its own input. Names the party blamed and
 * the step; carries no secret value. A {@link PeerFailureException}: every party
 * sees the protocol run fail, and {@link #culprit()} says which one caused it
 * (a lab that refused its own input blames itself, so the others abort too).
 */
public final class SecureSumAbortedException extends PeerFailureException {

	private static final long serialVersionUID = 1L;

	private final int culprit;
	private final String step;
	private final String reason;
	private final int reporter;

	SecureSumAbortedException(final int culprit, final String step, final String reason, final int reporter) {
		super(isRefusal(culprit, step, reporter) ? "The secure sum was stopped at step '" + step + "': " + Nodes.name(
			culprit) + " " + reason + ". No result was published. This is a refusal under the study's rules, not a " +
			"fault: no party deviated from the protocol." : "The secure sum was aborted at step '" + step + "': " +
				culpritName(culprit) + " " + reason + " (reported by " + Nodes.name(reporter) + "). No result was " +
				"published; check that " + culpritName(culprit) + " is running the same MedCrypt version with the " +
				"same session, then start again.");
		this.culprit = culprit;
		this.step = step;
		this.reason = reason;
		this.reporter = reporter;
	}

	/** The same abort, its step named within {@code phase} of a multi-sum computation. */
	public SecureSumAbortedException during(final String phase) {
		final SecureSumAbortedException e = new SecureSumAbortedException(culprit, phase + ", " + step, reason,
			reporter);
		e.setStackTrace(getStackTrace());
		return e;
	}

	/**
	 * A lab's own refusal to take part ({@link SecureSum#refuseAsLab}): reported
	 * by the lab itself, about itself, at step {@value #REFUSAL_STEP}. A party can
	 * only ever claim a refusal for itself (the sender of an ABORT is authenticated).
	 */
	private static boolean isRefusal(final int culprit, final String step, final int reporter) {
		return culprit == reporter && culprit != Message.NO_CULPRIT && (step.equals(REFUSAL_STEP) || step.endsWith(
			", " + REFUSAL_STEP));
	}

	/** The step a lab names when it refuses to take part under the study's rules. */
	public static final String REFUSAL_STEP = "refusal";

	/** True if the lab {@link #culprit()} refused to take part under the study's rules (not a fault). */
	public boolean isRefusal() {
		return isRefusal(culprit, step, reporter);
	}

	/** Why: the reason the reporter gave, without the party's name. */
	public String reason() {
		return reason;
	}

	private static String culpritName(final int culprit) {
		return culprit == Message.NO_CULPRIT ? "an unidentified party" : Nodes.name(culprit);
	}

	/** The node blamed, or -1 if the fault cannot be attributed. */
	public int culprit() {
		return culprit;
	}

	public String step() {
		return step;
	}

	/** The node that detected the fault. */
	public int reporter() {
		return reporter;
	}
}
