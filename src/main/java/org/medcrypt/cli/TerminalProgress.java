package org.medcrypt.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.medcrypt.io.Progress;

/**
 * Progress for the command line: on a terminal, one line that updates in place
 * ({@code \r}, then the step and its percentage, then "clear to end of line")
 * and ends with a newline when the step ends or another begins; when output
 * is not a terminal, nothing at all, so logs and pipes get only the results.
 * {@code MEDCRYPT_PROGRESS=always} or {@code never} overrides the detection.
 */
final class TerminalProgress implements Progress {

	/** The environment variable that forces progress on ({@code always}) or off ({@code never}). */
	static final String ENVIRONMENT = "MEDCRYPT_PROGRESS";

	private final PrintStream out;
	private final boolean enabled;
	private String step;
	private int percent = -1;

	TerminalProgress(final PrintStream out, final boolean enabled) {
		this.out = out;
		this.enabled = enabled;
	}

	/** Whether progress shows: forced by {@value #ENVIRONMENT}, else only on a terminal. */
	static boolean onTerminal() {
		final String forced = System.getenv(ENVIRONMENT);
		if ("always".equalsIgnoreCase(forced)) return true;
		if ("never".equalsIgnoreCase(forced)) return false;
		return System.console() != null;
	}

	@Override
	public synchronized void report(final String step, final long done, final long total) {
		if (!enabled) return;
		final int p = (int) (100 * Math.min(done, total) / Math.max(1, total));
		if (!step.equals(this.step)) {
			end();
			this.step = step;
		}
		else if (p <= percent) return; // workers report out of order: the line only moves forward
		percent = p;
		out.print(String.format(Locale.ROOT, "\r%s %d%%\033[K", step, p));
		if (done >= total) end();
		out.flush();
	}

	/** Ends the current line, if one is open. */
	synchronized void end() {
		if (step != null && percent >= 0) out.println();
		step = null;
		percent = -1;
	}

	@Override
	public boolean isCanceled() {
		return false;
	}
}
