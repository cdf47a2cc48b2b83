package org.medcrypt.macro;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import net.imagej.patcher.LegacyEnvironment;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.prefs.PrefService;
import org.scijava.MenuPath;
import org.scijava.UIDetails;

/**
 * Runs shipped ImageJ macros ({@code .ijm}) against MedCrypt's SciJava
 * commands the way Fiji runs them, without Fiji: headless, in a unit test.
 *
 * <h2>Use</h2>
 *
 * <pre>
 * try (MacroHarness ij = MacroHarness.start()) {
 * 	Map&lt;String, String&gt; out = ij.run(MacroHarness.shippedMacro("encrypt.ijm"),
 * 		"/path/to/image.png");
 * 	assertEquals("ok", out.get("status"));
 * }
 * </pre>
 *
 * A macro reports values back with
 * {@code call("org.medcrypt.macro.MacroHarness.report", "key", "" + value);}
 * or {@code call("java.lang.System.setProperty", "medcrypt.report.key", value);}.
 * Its {@code return} value (if any) is reported under {@value #RETURN_KEY}.
 * {@code getArgument()} gives the {@code args} string. A macro error, an
 * ImageJ error ("Unrecognized command"), a bad option (test-only lint) or a
 * command that stopped the macro (as MedCrypt's do when they fail) throws
 * {@link MacroFailure} with the message ImageJ reported; a command that only
 * cancels or throws does not stop the macro, as in Fiji ({@link #warnings()},
 * {@link #exceptions()}). Use
 * {@link #runExpectingError} to test failures. No dialog is ever shown and a
 * run that does not finish within {@link #timeout(long)} fails, so nothing
 * hangs headless.
 *
 * <h2>What it reproduces of Fiji (imagej-legacy), and why</h2>
 * Read from imagej-legacy's, scijava-common's, ij1-patcher's and ImageJ 1.x's
 * source (docs/FIJI.md), so that a test passes only on behaviour Fiji has:
 * <ul>
 * <li>ImageJ 1.x is patched by ij1-patcher exactly as imagej-legacy patches it
 * for headless use (forced batch mode, headless {@code GenericDialog}, macro
 * errors printed instead of shown), in the test's own class loader, so
 * built-in commands with dialogs ({@code run("Duplicate...", "title=x")})
 * work from macros.</li>
 * <li>Every visible SciJava {@code Command} whose menu path starts with
 * {@code Plugins>MedCrypt} goes into ImageJ 1.x's command table under its
 * leaf label (last menu element), so {@code run("Leaf Label", "options")}
 * finds it ({@code IJ1Helper.addMenuItems}).</li>
 * <li>The command runs as {@code LegacyService.runLegacyCompatibleCommand}
 * runs it: {@code moduleService.run(info, true)} on a SciJava thread, the
 * macro thread waiting for it ({@link CommandDispatcher}). Its inputs are
 * filled there from the options as imagej-legacy's {@code MacroPreprocessor}
 * fills them (keys are {@code @Parameter} names lower-cased by
 * {@code Macro.getValue}, so use snake_case; values converted by the
 * ConvertService), read through ij1-patcher's thread-ancestor lookup of
 * {@code Macro.getOptions()}; an unresolved single {@code ImagePlus} input
 * gets the active image ({@code ActiveImagePlusPreprocessor}); a title that
 * names no open image is converted as Fiji converts it (see
 * {@link FijiEmulation.MacroOptions}). Then the rest of scijava-common's
 * preprocessors run (services, defaults, persisted values,
 * {@code FilePreprocessor}, {@code CheckInputsPreprocessor}) and MedCrypt's
 * own. Inputs not in the options keep their default or, as in Fiji, the value
 * SciJava persisted from an earlier run in the same harness (values persisted
 * before {@link #start()} are cleared, like a fresh installation).</li>
 * <li>A command that cancels (itself or through a preprocessor) is a
 * warning, and the macro GOES ON ({@link #warnings()}); a command that throws
 * is logged by ImageJ's {@code Executer} and the macro goes on too
 * ({@link #exceptions()}). A macro run stops with {@link MacroFailure} only if
 * the macro interpreter itself stopped: a macro error, {@code exit}, or a
 * command that stopped the macro (MedCrypt's commands do).</li>
 * <li>{@code ImagePlus} outputs are shown (batch mode: registered with
 * {@code WindowManager}, become the active image, {@code selectImage(title)}
 * finds them). ImgLib2 image outputs of 8/16-bit unsigned type are shown as
 * an ImagePlus titled with the output's field name. Scalar and String outputs
 * are not returned to the macro.</li>
 * </ul>
 *
 * <h2>Where it is stricter than Fiji</h2>
 * <ul>
 * <li>An option key that is not an input of the command, a bare word that
 * names a boolean input (Fiji ignores both silently), a value that does not
 * convert to the input's type or is not among its choices abort the macro
 * with a message before the command runs ({@link #strictOptions(boolean)}).</li>
 * </ul>
 * Not reproduced: the GUI (no input harvesting dialogs: an input missing from
 * the options and without default is simply unset), the macro recorder,
 * {@code Dataset}/{@code ImageDisplay} conversions (no imagej-common here).
 * <p>
 * ImageJ 1.x must not have been loaded before the first {@link #start()} in a
 * JVM (it is patched while loading, once per JVM; later harnesses reuse the
 * patched classes). So every test class that starts a harness carries
 * {@code @Tag(MacroHarness.TAG)} ({@link ShippedMacroTest} does), and Surefire
 * runs the tagged classes in a JVM of their own, shared by all of them (see
 * the pom; with {@code -Dmedcrypt.test.forks=2}, two such JVMs). Use {@code ij.*} in such a class only after its harness started.
 * One harness at a time per JVM.
 * </p>
 */
public final class MacroHarness implements AutoCloseable {

	/** Key under which the macro's {@code return} value is reported. */
	public static final String RETURN_KEY = "return";

	/** System properties with this prefix set by the macro are reported. */
	public static final String PROPERTY_PREFIX = "medcrypt.report.";

	/**
	 * JUnit tag of the test classes that start a harness: Surefire runs them in
	 * a JVM of their own, where no other test loaded ImageJ 1.x before it was
	 * patched (the pom's {@code medcrypt.ij1.tag}).
	 */
	public static final String TAG = "imagej1-patched";

	/** Menu prefix of the commands that are made available to macros. */
	public static final String MENU_PREFIX = "Plugins>MedCrypt";

	private static volatile MacroHarness current;
	private static boolean patched;

	private final Context context;
	private final Map<String, CommandInfo> byLabel = new LinkedHashMap<>();
	private final Map<String, CommandInfo> byClass = new LinkedHashMap<>();
	private final Map<String, String> reports = Collections.synchronizedMap(
		new LinkedHashMap<>());
	private final ExecutorService macroThread;
	private final java.util.List<String> warnings = Collections.synchronizedList(new java.util.ArrayList<>());
	private final java.util.List<String> exceptions = Collections.synchronizedList(new java.util.ArrayList<>());
	private boolean strictOptions = true;
	private long timeoutSeconds = 300;

	private MacroHarness() {
		patchImageJ1();
		context = new Context();
		try {
			for (final CommandInfo info : context.service(CommandService.class)
				.getCommands())
			{
				if (!isMedCryptMenuCommand(info)) continue;
				final String leaf = info.getMenuPath().getLeaf().getName();
				final CommandInfo other = byLabel.put(leaf, info);
				if (other != null) {
					throw new IllegalStateException("Two commands share the leaf label \"" +
						leaf + "\": " + other.getDelegateClassName() + " and " + info
							.getDelegateClassName() + ". ImageJ 1.x would only see one of" +
							" them; make menu leaf labels unique.");
				}
				byClass.put(info.getDelegateClassName(), info);
			}
			forgetPersistedInputs();
			Ij1.initialize();
			for (final Map.Entry<String, CommandInfo> e : byLabel.entrySet()) {
				// imagej-legacy would silently replace a built-in command with ours.
				if (ij.Menus.getCommands().containsKey(e.getKey())) {
					throw new IllegalStateException("The leaf label \"" + e.getKey() + "\" of " + e.getValue()
						.getDelegateClassName() + " is already an ImageJ command; choose another label.");
				}
				Ij1.register(e.getKey(), e.getValue().getDelegateClassName());
			}
			Ij1.installHooks(context.service(org.scijava.thread.ThreadService.class));
		}
		catch (final RuntimeException | Error e) {
			context.dispose();
			throw e;
		}
		macroThread = Executors.newSingleThreadExecutor(r -> {
			// "Run$_" lets ij.Macro hand run() options to this thread; "Macro$"
			// makes Macro.abort() stop the macro as in ImageJ's own macro threads.
			final Thread t = new Thread(r, "Run$_MedCrypt_Macro$");
			t.setDaemon(true);
			return t;
		});
	}

	/**
	 * Patches ImageJ 1.x, starts a SciJava context and registers the MedCrypt
	 * commands in ImageJ 1.x's command table.
	 */
	public static synchronized MacroHarness start() {
		if (current != null) {
			throw new IllegalStateException("A MacroHarness is already running;" +
				" close it first.");
		}
		current = new MacroHarness();
		return current;
	}

	/** The SciJava context the commands run in. */
	public Context context() {
		return context;
	}

	/** Leaf label to command, for every command macros can {@code run}. */
	public Map<String, CommandInfo> commands() {
		return Collections.unmodifiableMap(byLabel);
	}

	/**
	 * Whether unknown option keys and bare boolean words abort the macro
	 * (default {@code true}; Fiji ignores them silently).
	 */
	public MacroHarness strictOptions(final boolean strict) {
		this.strictOptions = strict;
		return this;
	}

	/** Longest time one macro may run (default 300 s). */
	public MacroHarness timeout(final long seconds) {
		this.timeoutSeconds = seconds;
		return this;
	}

	/**
	 * Runs a macro file and returns what it reported.
	 *
	 * @param macroFile the {@code .ijm} file
	 * @param args what the macro's {@code getArgument()} returns (may be null)
	 * @return reported key/value pairs, plus {@value #RETURN_KEY} if the macro
	 *         returned a value
	 * @throws MacroFailure if the macro stopped with an error
	 */
	public Map<String, String> run(final Path macroFile, final String args) {
		noteShipped(macroFile);
		final String code;
		try {
			code = new String(Files.readAllBytes(macroFile), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new AssertionError("Cannot read macro " + macroFile + ": " + e, e);
		}
		return runMacro(macroFile.getFileName().toString(), code, args);
	}

	/** Runs macro source code; see {@link #run(Path, String)}. */
	public Map<String, String> runMacro(final String name, final String code,
		final String args)
	{
		reports.clear();
		warnings.clear();
		exceptions.clear();
		clearReportProperties();
		final Future<String[]> future = macroThread.submit(() -> Ij1.runMacro(
			code, args));
		final String[] outcome;
		try {
			outcome = future.get(timeoutSeconds, TimeUnit.SECONDS);
		}
		catch (final TimeoutException e) {
			future.cancel(true);
			throw new MacroFailure(name, "did not finish within " + timeoutSeconds +
				" s (waiting for a dialog or stuck in a loop?)", e);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new MacroFailure(name, "interrupted", e);
		}
		catch (final ExecutionException e) {
			throw new MacroFailure(name, "crashed: " + e.getCause(), e.getCause());
		}
		final String returned = outcome[0];
		final String error = outcome[1];
		if (error != null) throw new MacroFailure(name, error, null);
		final Map<String, String> result = new LinkedHashMap<>(reports);
		collectReportProperties(result);
		if (returned != null) result.put(RETURN_KEY, returned);
		return result;
	}

	/**
	 * Runs a macro that must fail and returns its error message.
	 *
	 * @throws AssertionError if the macro succeeds
	 */
	public String runExpectingError(final Path macroFile, final String args) {
		noteShipped(macroFile);
		try {
			run(macroFile, args);
		}
		catch (final MacroFailure e) {
			return e.getMacroMessage();
		}
		throw new AssertionError("Macro " + macroFile.getFileName() +
			" was expected to fail but succeeded");
	}

	/** The value a shipped macro ({@code macros/<name>}) returns, run with {@code args}. */
	public String returnOf(final String shippedName, final String args) {
		return run(shippedMacro(shippedName), args).get(RETURN_KEY);
	}

	/** The error message of a shipped macro that must fail with {@code args}. */
	public String errorOf(final String shippedName, final String args) {
		return runExpectingError(shippedMacro(shippedName), args);
	}

	/** Names of the shipped macros this harness has run, successfully or not. */
	public java.util.Set<String> shippedMacrosRun() {
		return java.util.Collections.unmodifiableSet(shippedRun);
	}

	private final java.util.Set<String> shippedRun = new java.util.HashSet<>();

	private void noteShipped(final Path macroFile) {
		if (macroFile.toAbsolutePath().normalize().getParent().equals(shippedMacrosFolder().toAbsolutePath()
			.normalize())) shippedRun.add(macroFile.getFileName().toString());
	}

	/** Source-code variant of {@link #runExpectingError(Path, String)}. */
	public String runMacroExpectingError(final String code, final String args) {
		try {
			runMacro("(inline)", code, args);
		}
		catch (final MacroFailure e) {
			return e.getMacroMessage();
		}
		throw new AssertionError("Macro was expected to fail but succeeded:\n" +
			code);
	}

	/** Closes all images, forgets the commands and disposes the context. */
	@Override
	public void close() {
		synchronized (MacroHarness.class) {
			try {
				macroThread.shutdownNow();
				Ij1.installHooks(null);
				Ij1.unregister(byLabel.keySet());
				Ij1.closeAllImages();
			}
			finally {
				context.dispose();
				current = null;
			}
		}
	}

	// -- Called from macros and from the dispatcher --

	/**
	 * Records a value for the test; call from a macro as
	 * {@code call("org.medcrypt.macro.MacroHarness.report", "key", value)}.
	 * Returns {@code value} (ImageJ's {@code call} needs a String result).
	 */
	public static String report(final String key, final String value) {
		final MacroHarness h = current;
		if (h == null) throw new IllegalStateException("No MacroHarness running");
		h.reports.put(key, value);
		return value;
	}

	static MacroHarness current() {
		final MacroHarness h = current;
		if (h == null) throw new IllegalStateException("No MacroHarness running");
		return h;
	}

	CommandInfo commandForClass(final String className) {
		return byClass.get(className);
	}

	boolean isStrictOptions() {
		return strictOptions;
	}

	/** ModuleRunner's warning for a canceled command ("" for a silent cancel); the macro went on. */
	void commandCanceled(final String label, final String reason) {
		warnings.add("\"" + label + "\" canceled" + (reason == null || reason.isEmpty() ? "" : ": " + reason));
	}

	/** A command threw; ImageJ's Executer logged it and the macro went on. */
	void commandThrew(final String label, final Throwable t) {
		Throwable c = t;
		while (c.getCause() != null && c.getMessage() != null && c.getMessage().startsWith("Module threw")) {
			c = c.getCause();
		}
		exceptions.add("\"" + label + "\" threw " + c);
	}

	/**
	 * The warnings of commands canceled during the last macro run, which went
	 * on after them as in Fiji: {@code "\"Label\" canceled: reason"}, or
	 * {@code "\"Label\" canceled"} for a silent cancel.
	 */
	public java.util.List<String> warnings() {
		return new java.util.ArrayList<>(warnings);
	}

	/** The exceptions commands threw during the last macro run (logged by ImageJ; the macro went on). */
	public java.util.List<String> exceptions() {
		return new java.util.ArrayList<>(exceptions);
	}

	// -- Files --

	/** The project's {@code macros/} folder. */
	private static Path shippedMacrosFolder() {
		return Paths.get(System.getProperty("basedir", System.getProperty("user.dir")), "macros");
	}

	/**
	 * A shipped macro from the project's {@code macros/} folder. The project
	 * folder is Surefire's {@code basedir} (the working directory otherwise).
	 */
	public static Path shippedMacro(final String name) {
		final Path file = shippedMacrosFolder().resolve(name);
		if (!Files.isRegularFile(file)) {
			throw new AssertionError("Shipped macro not found: " + file);
		}
		return file;
	}

	/** A macro under {@code src/test/resources/macros/} (test classpath). */
	public static Path testMacro(final String name) {
		final URL url = MacroHarness.class.getResource("/macros/" + name);
		if (url == null) {
			throw new AssertionError("Test macro not on the classpath: /macros/" +
				name);
		}
		try {
			return Paths.get(url.toURI());
		}
		catch (final URISyntaxException e) {
			throw new AssertionError(e);
		}
	}

	// -- Helpers --

	private static boolean isMedCryptMenuCommand(final CommandInfo info) {
		if (!info.isVisible()) return false;
		final String root = info.getMenuRoot();
		if (root != null && !UIDetails.APPLICATION_MENU_ROOT.equals(root)) {
			return false;
		}
		final MenuPath path = info.getMenuPath();
		if (path == null || path.isEmpty()) return false;
		final String menu = path.getMenuString(false).replaceAll("\\s*>\\s*", ">");
		return menu.equals(MENU_PREFIX) || menu.startsWith(MENU_PREFIX + ">");
	}

	/**
	 * Clears the input values SciJava persisted for our commands in earlier
	 * runs (java.util.prefs outlive the JVM), so each harness starts like a
	 * fresh Fiji installation.
	 */
	private void forgetPersistedInputs() {
		final PrefService prefs = context.getService(PrefService.class);
		if (prefs == null) return;
		for (final CommandInfo info : byLabel.values()) {
			try {
				prefs.clear(info.loadDelegateClass());
			}
			catch (final ClassNotFoundException e) {
				throw new IllegalStateException("Cannot load command " + info
					.getDelegateClassName(), e);
			}
		}
	}

	private static synchronized void patchImageJ1() {
		if (patched) return;
		System.setProperty("java.awt.headless", "true");
		final ClassLoader loader = MacroHarness.class.getClassLoader();
		try {
			final LegacyEnvironment ij1 = new LegacyEnvironment(loader, true);
			ij1.disableIJ1PluginDirs();
			ij1.disableInitializer();
			ij1.noPluginClassLoader();
			ij1.suppressIJ1ScriptDiscovery();
			ij1.applyPatches();
			Class.forName("ij.IJ", false, loader).getField("_hooks");
		}
		catch (final NoSuchFieldException | ClassNotFoundException |
			LinkageError e)
		{
			throw new IllegalStateException("ImageJ 1.x was loaded before" +
				" MacroHarness could patch it. Tag the test class @Tag(MacroHarness.TAG)" +
				" so that Surefire runs it in the macro tests' own JVM, and start the" +
				" harness before anything touches ij.* classes.", e);
		}
		patched = true;
	}

	private static void clearReportProperties() {
		final Properties props = System.getProperties();
		for (final String key : props.stringPropertyNames()) {
			if (key.startsWith(PROPERTY_PREFIX)) props.remove(key);
		}
	}

	private static void collectReportProperties(final Map<String, String> into) {
		final Properties props = System.getProperties();
		for (final String key : props.stringPropertyNames()) {
			if (key.startsWith(PROPERTY_PREFIX)) {
				into.put(key.substring(PROPERTY_PREFIX.length()), props.getProperty(
					key));
				props.remove(key);
			}
		}
	}
}
