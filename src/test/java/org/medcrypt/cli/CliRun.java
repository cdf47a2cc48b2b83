package org.medcrypt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process, as a user's shell would, and keeps what it printed. */
final class CliRun {

	/** An environment variable set in every test JVM, standing in for a password variable. */
	static final String SET_VARIABLE = System.getenv("PATH") != null ? "PATH" : System.getenv().keySet().iterator()
		.next();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	/** The exit code of {@code medcrypt args...}; what it printed replaces what the previous call printed. */
	int run(final String... args) {
		out.reset();
		err.reset();
		return MedCryptCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
	}

	String out() {
		return new String(out.toByteArray(), StandardCharsets.UTF_8);
	}

	String err() {
		return new String(err.toByteArray(), StandardCharsets.UTF_8);
	}
}
