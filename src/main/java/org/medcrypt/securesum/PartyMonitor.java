package org.medcrypt.securesum;

import java.util.function.IntFunction;

import org.medcrypt.io.Progress;

/**
 * What a running party tells its user and how it learns it should stop: each
 * time it waits, the step and whom it waits for ("sum 1 of 2 (n and window
 * sum): waiting for lab 2 (hospital-b): share") with messages received so far
 * out of those known to be due, through a {@link Progress}, whose cancellation
 * makes the party abort everywhere. Nodes are named by {@code names}, so a
 * network layer can add the names of its session file.
 */
public final class PartyMonitor {

	/** Reports nothing, never cancels, names nodes by number. */
	public static final PartyMonitor SILENT = new PartyMonitor(Progress.NONE, Nodes::name);

	private final Progress progress;
	private final IntFunction<String> names;
	private final String phase;

	public PartyMonitor(final Progress progress, final IntFunction<String> names) {
		this(progress, names, "");
	}

	private PartyMonitor(final Progress progress, final IntFunction<String> names, final String phase) {
		this.progress = progress;
		this.names = names;
		this.phase = phase;
	}

	/** The same monitor for one phase of a multi-sum computation; steps are prefixed with it. */
	public PartyMonitor inPhase(final String newPhase) {
		return new PartyMonitor(progress, names, newPhase + ": ");
	}

	String name(final int node) {
		return names.apply(node);
	}

	/** Reports a local step (no waiting), e.g. the lab's own computation. */
	public void report(final String step, final long done, final long total) {
		progress.report(phase + step, done, total);
	}

	boolean isCanceled() {
		return progress.isCanceled();
	}
}
