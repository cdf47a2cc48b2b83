package org.medcrypt.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of one subcommand, with clear usage errors. */
final class Arguments {

	/** A mistake in how the command was called. */
	static final class UsageException extends Exception {

		private static final long serialVersionUID = 1L;

		UsageException(final String message) {
			super(message);
		}
	}

	private final Map<String, String> values = new HashMap<>();

	Arguments(final String[] args, final int from, final String... allowed) throws UsageException {
		for (int i = from; i < args.length; i++) {
			final String a = args[i];
			if (!a.startsWith("--")) throw new UsageException("unexpected argument '" + a + "'");
			final String name = a.substring(2);
			if (!java.util.Arrays.asList(allowed).contains(name)) {
				throw new UsageException("unknown option --" + name);
			}
			if (i + 1 >= args.length) throw new UsageException("--" + name + " needs a value");
			values.put(name, args[++i]);
		}
	}

	String get(final String name, final String fallback) {
		return values.getOrDefault(name, fallback);
	}

	/** A yes/no option: {@code --name yes} or {@code --name no} (the default). */
	boolean flag(final String name) throws UsageException {
		final String v = get(name, "no");
		if (v.equals("yes") || v.equals("true")) return true;
		if (v.equals("no") || v.equals("false")) return false;
		throw new UsageException("--" + name + " takes yes or no, not '" + v + "'");
	}

	String required(final String name) throws UsageException {
		final String v = values.get(name);
		if (v == null) throw new UsageException("--" + name + " is required");
		return v;
	}

	Path path(final String name) throws UsageException {
		return Paths.get(required(name));
	}

	Path path0(final String name, final String fallback) {
		return Paths.get(get(name, fallback));
	}

	int integer(final String name, final int fallback) throws UsageException {
		final String v = values.get(name);
		if (v == null) return fallback;
		try {
			return Integer.parseInt(v);
		}
		catch (final NumberFormatException e) {
			throw new UsageException("--" + name + " must be a whole number, not '" + v + "'");
		}
	}
}
