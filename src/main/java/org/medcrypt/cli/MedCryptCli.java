package org.medcrypt.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.securesum.Transport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code java -jar MedCrypt_-<version>-cli.jar <command> [options]}: one
 * subcommand for every capability of the Fiji menus, each calling the same
 * entry point as its Fiji command. Exit codes: 0 done, 1 the work failed (one
 * line {@code error: ...} says why), 2 the call was wrong (one line, then the
 * usage).
 */
@Command(name = "medcrypt", mixinStandardHelpOptions = false, usageHelpAutoWidth = true, //
	header = "MedCrypt: search, transfer and pool medical images without exposing them.", //
	synopsisHeading = "%nusage: ", customSynopsis = "java -jar MedCrypt_-<version>-cli.jar <command> [options]", //
	commandListHeading = "%ncommands (each has --help):%n", //
	exitCodeListHeading = "%nexit codes:%n", //
	exitCodeList = { "0:done", "1:the work failed; one line 'error: ...' says why",
		"2:the call was wrong; one line says why, then the usage" }, //
	footer = { "", "Passwords and passphrases come from an environment variable (--password-env VAR) or are typed " +
		"at the prompt, never from the command line. Progress shows on a terminal only (MEDCRYPT_PROGRESS=always " +
		"or never overrides). Nothing is ever overwritten: choose new output names." }, //
	subcommands = { PaillierVerbs.Keygen.class, PaillierVerbs.Encrypt.class, PaillierVerbs.Decrypt.class,
		PaillierVerbs.Haar.class, PaillierVerbs.Signature.class, StoreVerbs.Server.class, StoreVerbs.Add.class,
		StoreVerbs.ListEntries.class, StoreVerbs.Remove.class, StoreVerbs.CollectGarbage.class, StoreVerbs.Authenticate.class, StoreVerbs.Index.class,
		StoreVerbs.Query.class, StoreVerbs.Evaluate.class,
		TransferVerbs.Transfer.class, TransferVerbs.Stream.class, TransferVerbs.Watermark.class,
		TransferVerbs.Leakage.class, PartyVerbs.Party.class, MedCryptCli.DemoVerb.class })
public final class MedCryptCli implements Runnable {

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "this text")
	boolean help;

	@picocli.CommandLine.Spec
	picocli.CommandLine.Model.CommandSpec spec;

	final PrintStream out, err;
	final UnaryOperator<Transport> decorate;

	private MedCryptCli(final PrintStream out, final PrintStream err, final UnaryOperator<Transport> decorate) {
		this.out = out;
		this.err = err;
		this.decorate = decorate;
	}

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		final int code = run(args, UnaryOperator.identity(), System.out, System.err);
		System.out.flush();
		System.exit(code);
	}

	/** Runs one command; returns the exit code. */
	static int run(final String[] args, final PrintStream out, final PrintStream err) {
		return run(args, UnaryOperator.identity(), out, err);
	}

	/**
	 * Runs one command with every secure-sum transport of {@code party run}
	 * wrapped by {@code decorate}: the hook through which tests inject faults
	 * into a party in its own JVM (no command-line option does). Returns the exit code.
	 */
	public static int run(final String[] args, final UnaryOperator<Transport> decorate, final PrintStream out,
		final PrintStream err)
	{
		final CommandLine cl = commandLine(new MedCryptCli(out, err, decorate));
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		cl.setParameterExceptionHandler((e, a) -> {
			err.println("medcrypt: " + usageMessage(e));
			e.getCommandLine().usage(err);
			return 2;
		});
		cl.setExecutionExceptionHandler((e, c, p) -> {
			err.println("error: " + failureMessage(e));
			return 1;
		});
		return cl.execute(args);
	}

	/** The command tree (for tests that walk it: every subcommand's help). */
	static CommandLine commandLine() {
		return commandLine(new MedCryptCli(System.out, System.err, UnaryOperator.identity()));
	}

	/** The command tree, with the options picocli cannot declare by annotation. */
	private static CommandLine commandLine(final MedCryptCli root) {
		final CommandLine cl = new CommandLine(root);
		cl.registerConverter(Integer.class, MedCryptCli::wholeNumber);
		cl.registerConverter(Integer.TYPE, MedCryptCli::wholeNumber);
		PartyVerbs.NewSession.addNodeOptions(cl.getSubcommands().get("party").getSubcommands().get("new-session"));
		return cl;
	}

	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
	}

	private static Integer wholeNumber(final String s) {
		try {
			return Integer.valueOf(s.trim());
		}
		catch (final NumberFormatException e) {
			throw new CommandLine.TypeConversionException("must be a whole number, not '" + s + "'");
		}
	}

	/** A yes/no option: {@code --name yes|no} (also true/false), as before picocli. */
	static final class YesNo implements CommandLine.ITypeConverter<Boolean> {

		@Override
		public Boolean convert(final String v) {
			if (v.equals("yes") || v.equals("true")) return true;
			if (v.equals("no") || v.equals("false")) return false;
			throw new CommandLine.TypeConversionException("takes yes or no, not '" + v + "'");
		}
	}

	/** One clear line for a wrong call, in the words of the old parser where tests and habits rely on them. */
	private static String usageMessage(final CommandLine.ParameterException e) {
		if (e instanceof CommandLine.UnmatchedArgumentException) {
			final java.util.List<String> unmatched = ((CommandLine.UnmatchedArgumentException) e).getUnmatched();
			if (!unmatched.isEmpty() && !unmatched.get(0).startsWith("-") && !e.getCommandLine().getSubcommands()
				.isEmpty()) return "unknown command '" + unmatched.get(0) + "'";
			if (!unmatched.isEmpty() && unmatched.get(0).startsWith("--")) return "unknown option " + unmatched.get(0);
		}
		if (e instanceof CommandLine.MissingParameterException && e.getMessage().startsWith(
			"Missing required parameter for option"))
		{
			final java.util.List<CommandLine.Model.ArgSpec> missing = ((CommandLine.MissingParameterException) e)
				.getMissing();
			if (!missing.isEmpty() && missing.get(0).isOption()) return ((CommandLine.Model.OptionSpec) missing.get(0))
				.longestName() + " needs a value";
		}
		return e.getMessage();
	}

	/** One line for a failed piece of work: the user-facing message, never a stack trace. */
	private static String failureMessage(final Exception e) {
		if (e instanceof CancellationException) return "canceled";
		if (e instanceof InterruptedException) return "interrupted";
		if (e instanceof MedCryptException || e instanceof IllegalArgumentException ||
			e instanceof java.io.IOException || e instanceof java.security.GeneralSecurityException)
		{
			return e.getMessage();
		}
		return "unexpected " + e + " (please report it)";
	}

	@Command(name = "demo", sortOptions = false, description = { "The whole pipeline on a folder of images: " +
		"Paillier encryption, encrypted retrieval, secure transfer, the leakage study and Algorithm 1 in " +
		"process; writes figures, report.md and results.csv to a new folder under --out, and fails if any " +
		"check does." })
	static final class DemoVerb extends Verb {

		@Option(names = "--images", paramLabel = "DIR", description = "the images (default: ${DEFAULT-VALUE})")
		Path images = Path.of("test-images");

		@Option(names = "--out", paramLabel = "DIR", description = "where the timestamped folder goes " +
			"(default: ${DEFAULT-VALUE})")
		Path outRoot = Path.of("demo-output");

		@Option(names = "--bits", paramLabel = "BITS", description = "Paillier key size (default: ${DEFAULT-VALUE})")
		int bits = PaillierKeyGenerator.DEFAULT_BITS;

		@Override
		protected int execute() throws MedCryptException {
			new org.medcrypt.cli.Demo(images, outRoot, bits, out()).run();
			return 0;
		}
	}
}
