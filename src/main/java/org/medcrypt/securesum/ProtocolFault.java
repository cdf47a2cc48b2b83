package org.medcrypt.securesum;

/** Raised inside a state machine: {@code culprit} misbehaved at {@code step}; the runner turns it into ABORTs. */
final class ProtocolFault extends Exception {

	private static final long serialVersionUID = 1L;

	final int culprit;
	final String step;
	final String reason;

	ProtocolFault(final int culprit, final String step, final String reason) {
		super(step + ": " + reason);
		this.culprit = culprit;
		this.step = step;
		this.reason = reason;
	}
}
