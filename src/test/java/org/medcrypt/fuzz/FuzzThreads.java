package org.medcrypt.fuzz;

/** Daemon worker threads: a reader that hangs is abandoned, and must not keep the test JVM alive. */
final class FuzzThreads {

	private FuzzThreads() {}

	static Thread daemon(final Runnable r) {
		final Thread t = new Thread(r, "medcrypt-fuzz");
		t.setDaemon(true);
		return t;
	}
}
