package org.medcrypt.io;

import java.util.concurrent.CancellationException;

/**
 * Progress and cancellation for long work, decoupled from SciJava's
 * StatusService so the core stays Fiji-free. Implementations must be
 * thread-safe: workers report concurrently.
 */
public interface Progress {

	/** A sink that ignores reports and never cancels. */
	Progress NONE = new Progress() {
		@Override
		public void report(final String step, final long done, final long total) {}

		@Override
		public boolean isCanceled() {
			return false;
		}
	};

	/** Reports that {@code done} of {@code total} units of {@code step} are finished. */
	void report(String step, long done, long total);

	/** True once the user asked to stop. */
	boolean isCanceled();

	/** Throws {@link CancellationException} if the user asked to stop. */
	default void checkCanceled() {
		if (isCanceled()) throw new CancellationException("Canceled by the user.");
	}
}
