package org.medcrypt.testing;

import java.lang.management.ManagementFactory;

/**
 * What a piece of code allocates, measured by HotSpot's per-thread allocation
 * counter: for tests that a reader allocates only what arrived, not what a
 * length field announced.
 */
public final class Allocations {

	/** Code measured by {@link #of}. */
	@FunctionalInterface
	public interface Action {
		void run() throws Exception;
	}

	private Allocations() {}

	/** Bytes this thread has allocated so far. */
	public static long byThisThread() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread
			.currentThread().getId());
	}

	/** Bytes {@code action} allocated on this thread, whether it returned or threw. */
	public static long of(final Action action) {
		final long before = byThisThread();
		try {
			action.run();
		}
		catch (final Exception expected) {
			// the caller asserts on the failure separately when it matters
		}
		return byThisThread() - before;
	}
}
