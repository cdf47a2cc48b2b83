package org.medcrypt.macro;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.Hashtable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Menus;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * Everything {@link MacroHarness} does with ImageJ 1.x classes. Kept apart so
 * that no {@code ij.*} class is loaded before ij1-patcher has patched them.
 */
final class Ij1 {

	private Ij1() {}

	/** How ij1-patcher's headless {@code Interpreter.showError} prints a macro error. */
	private static final String MACRO_ERROR = "Macro Error: ";

	/** Installs imagej-legacy's thread-ancestor hook ({@link FijiEmulation.Hooks}), or ij1-patcher's default. */
	static void installHooks(final org.scijava.thread.ThreadService threads) {
		FijiEmulation.Hooks.install(threads == null ? null : new FijiEmulation.Hooks(threads));
	}

	/** Builds the (headless-patched) menus and command table. */
	static void initialize() {
		if (Menus.getCommands() == null) {
			// IJ.init() is package-private; ij1-patcher's hooks run it for this
			// pseudo class name (as LegacyEnvironment.newImageJ1 does headless).
			IJ.runPlugIn("ij.IJ.init", null);
		}
		if (Menus.getCommands() == null) {
			throw new IllegalStateException("ImageJ 1.x has no command table after" +
				" IJ.init(); is ij1-patcher's headless mode active?");
		}
	}

	/**
	 * Puts a command under its leaf label into ImageJ 1.x's command table, the
	 * way imagej-legacy does: {@code run(label, options)} then runs
	 * {@link CommandDispatcher} with the command's class name as argument.
	 */
	@SuppressWarnings("unchecked")
	static void register(final String label, final String commandClass) {
		final Hashtable<String, String> table = Menus.getCommands();
		table.put(label, CommandDispatcher.class.getName() + "(\"" +
			commandClass + "\")");
	}

	static void unregister(final Collection<String> labels) {
		final Hashtable<?, ?> table = Menus.getCommands();
		if (table == null) return;
		for (final String label : labels) {
			final Object value = table.get(label);
			if (value != null && value.toString().startsWith(CommandDispatcher.class
				.getName())) table.remove(label);
		}
	}

	/**
	 * Runs macro code in the current thread.
	 *
	 * @return {returned value or null, error message or null}
	 */
	static String[] runMacro(final String code, final String args) {
		IJ.getErrorMessage(); // clears the last IJ.error() message
		final Interpreter interp = new Interpreter();
		String returned = null;
		String error = null;
		Console.capture();
		try {
			returned = interp.run(code, args == null ? "" : args);
			if (interp.wasError()) error = errorOf(interp);
		}
		catch (final RuntimeException e) {
			if (Macro.MACRO_CANCELED.equals(e.getMessage())) {
				error = errorOf(interp);
			}
			else {
				error = "ImageJ threw " + e;
				e.printStackTrace();
			}
		}
		finally {
			Macro.setOptions(null);
			Console.release();
		}
		return new String[] { returned, error };
	}

	/**
	 * The error's message, with the macro line ImageJ would show in its error
	 * dialog. Headless, that dialog's text and {@code exit("message")}'s
	 * message only reach the console, so they are taken from there.
	 */
	private static String errorOf(final Interpreter interp) {
		final String printed0 = Console.captured();
		final int at = printed0.indexOf(MACRO_ERROR);
		if (at >= 0) {
			// The first error shown is the one a user sees. (A command that stopped the macro from its own thread
			// leaves the interpreter to parse on to the end of the statement, which may record a second error,
			// e.g. "';' expected", as the interpreter's last message.)
			final String[] lines = printed0.substring(at + MACRO_ERROR.length()).split("\\R");
			for (int i = 1; i < lines.length; i++) {
				final String l = lines[i].trim();
				if (!l.isEmpty() && !l.startsWith("(called from line")) return lines[0].trim() + ": " + l;
			}
			return lines[0].trim();
		}
		String msg = interp.getErrorMessage();
		final String ijError = IJ.getErrorMessage();
		if (msg == null || msg.isEmpty()) msg = ijError;
		final String printed = Console.captured();
		if (msg == null || msg.isEmpty()) {
			// exit("message") prints the message, then cancels the macro.
			final String last = lastLine(printed);
			return last == null ? "macro aborted (no message)"
				: "macro aborted: " + last;
		}
		final Matcher m = Pattern.compile(Pattern.quote(msg) +
			" in line (\\d+)\\s*\\n\\s*\\n?(.*)").matcher(printed);
		if (m.find()) {
			return msg + " in line " + m.group(1) + ": " + m.group(2).trim();
		}
		return msg;
	}

	private static String lastLine(final String text) {
		final String[] lines = text.split("\\R");
		for (int i = lines.length - 1; i >= 0; i--) {
			if (!lines[i].trim().isEmpty()) return lines[i].trim();
		}
		return null;
	}

	/**
	 * Copies what is printed to {@code System.out}/{@code err} while a macro
	 * runs (still printing it), so that headless dialogs' texts can be read
	 * back: from any thread, since a command stopping its macro prints the
	 * macro's error from the command's own thread.
	 */
	private static final class Console extends PrintStream {

		private static final StringBuffer buffer = new StringBuffer();
		private static volatile boolean active;
		private static boolean installed;

		private Console(final PrintStream out) {
			super(out, true);
		}

		static synchronized void capture() {
			if (!installed) {
				System.setOut(new Console(System.out));
				System.setErr(new Console(System.err));
				installed = true;
			}
			buffer.setLength(0);
			active = true;
		}

		static void release() {
			active = false;
		}

		static String captured() {
			return buffer.toString();
		}

		@Override
		public void write(final byte[] b, final int off, final int len) {
			super.write(b, off, len);
			if (active) buffer.append(new String(b, off, len, Charset.defaultCharset()));
		}

		@Override
		public void write(final int b) {
			super.write(b);
			if (active) buffer.append((char) b);
		}
	}

	/** Closes every image ImageJ knows of, batch-mode ones included. */
	static void closeAllImages() {
		final int[] ids = WindowManager.getIDList();
		if (ids != null) {
			for (final int id : ids) {
				final ImagePlus imp = WindowManager.getImage(id);
				if (imp == null) continue;
				imp.changes = false;
				imp.close();
				Interpreter.removeBatchModeImage(imp);
			}
		}
		WindowManager.setTempCurrentImage(null);
	}
}
