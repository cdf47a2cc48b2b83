package org.medcrypt.cli;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.Progress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * What every subcommand shares: the output streams of this run, progress on the
 * terminal, secrets from an environment variable or a prompt (never from the
 * command line), and saving images by their suffix. {@link #execute} does the
 * work and throws {@link MedCryptException} for the user; success is exit code 0.
 */
abstract class Verb implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@CommandLine.Option(names = { "-h", "--help" }, usageHelp = true, description = "this command's options")
	boolean help;

	private TerminalProgress progress;

	/** The subcommand's work; returns the exit code (0 unless said otherwise). */
	protected abstract int execute() throws Exception;

	@Override
	public final Integer call() throws Exception {
		try {
			return execute();
		}
		finally {
			if (progress != null) progress.end();
		}
	}

	final MedCryptCli cli() {
		return (MedCryptCli) spec.root().userObject();
	}

	final PrintStream out() {
		return cli().out;
	}

	final PrintStream err() {
		return cli().err;
	}

	/** Progress on the terminal (standard error), or nothing when it is not a terminal. */
	final Progress progress() {
		if (progress == null) progress = new TerminalProgress(err(), TerminalProgress.onTerminal());
		return progress;
	}

	/**
	 * A secret (keystore password, passphrase): from the environment variable
	 * {@code env} if given, else typed at the terminal ({@code confirm}: twice).
	 * Without either, the call is wrong (exit code 2).
	 */
	final char[] secret(final String env, final String option, final String what, final boolean confirm)
		throws MedCryptException
	{
		if (env != null) {
			final String value = System.getenv(env);
			if (value == null || value.isEmpty()) throw new MedCryptException("environment variable " + env +
				" (" + what + ") is not set");
			return value.toCharArray();
		}
		final Console console = System.console();
		if (console == null) throw new CommandLine.ParameterException(spec.commandLine(), "give " + option +
			" VAR (the environment variable that holds " + what + "): there is no terminal to ask for it");
		final char[] typed = console.readPassword("%s: ", capitalized(what));
		if (typed == null || typed.length == 0) throw new MedCryptException("no " + what + " given");
		if (confirm) {
			final char[] again = console.readPassword("%s again: ", capitalized(what));
			if (!java.util.Arrays.equals(typed, again)) throw new MedCryptException("the two " + what +
				"s differ");
		}
		return typed;
	}

	private static String capitalized(final String s) {
		return Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}

	/** Writes an image as TIFF ({@code .tif}, {@code .tiff}: pixels exact) or else as PNG (a figure). */
	static void save(final ImagePlus imp, final Path file) throws MedCryptException {
		final String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) ImageFiles.saveTiff(imp, file);
		else ImageFiles.savePng(imp, file);
	}

	/** Refuses an existing output before any work (the write would refuse it too, after the work). */
	static void checkNew(final Path file) throws MedCryptException {
		if (file != null && AtomicFiles.taken(file)) throw new OutputExistsException(file +
			" already exists; MedCrypt does not overwrite files.");
	}

	/**
	 * Claims every output of a command before any work ({@link OutputExistsException} naming the first that
	 * exists; null ones are optional outputs not asked for): the command then writes them as one unit, and
	 * removes those it wrote if a later one fails.
	 */
	static AtomicFiles.Outputs outputs(final Path... files) throws MedCryptException {
		try {
			return AtomicFiles.Outputs.of(files);
		}
		catch (final java.io.IOException e) {
			throw AtomicFiles.failure(files[0], e);
		}
	}
}
