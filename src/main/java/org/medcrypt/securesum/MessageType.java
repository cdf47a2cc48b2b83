package org.medcrypt.securesum;

/** The kinds of secure-sum message; {@link #step} names the protocol step in error messages. */
public enum MessageType {
	/** Ring protocols: the running masked sum passed to the next lab in a ring. */
	RING_PASS(1, "ring pass"),
	/** Ring protocols: a ring master's unmasked ring total, sent to the researcher. */
	RING_TOTAL(2, "ring total"),
	/** Additive sharing: one random share of the sender's input. */
	SHARE(3, "share"),
	/** Additive sharing: the sum of the shares a lab received, sent to the researcher. */
	PARTIAL_SUM(4, "partial sum"),
	/** The researcher's decision: the run succeeded, with the values it publishes. */
	RESULT(5, "result"),
	/** A party gave up; carries the blamed party, the step and the reason. */
	ABORT(6, "abort");

	private final int code;
	private final String step;

	MessageType(final int code, final String step) {
		this.code = code;
		this.step = step;
	}

	int code() {
		return code;
	}

	public String step() {
		return step;
	}

	static MessageType ofCode(final int code) {
		for (final MessageType t : values()) {
			if (t.code == code) return t;
		}
		return null;
	}
}
