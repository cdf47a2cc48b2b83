package org.medcrypt.ij;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * How a MedCrypt command that fails stops the ImageJ macro that called it, and
 * how it reads what the macro named. Fiji runs a SciJava command called by
 * {@code run("Label", "options")} on a thread of its own, waits for it and lets
 * the macro go on whatever happened: a cancellation is only a warning
 * (imagej-legacy {@code LegacyService.runLegacyCompatibleCommand} returns
 * {@code future.get()}), an exception only a logged stack trace (ImageJ's
 * {@code Executer.run} catches it), and {@code Macro.abort()} throws only on a
 * thread named {@code ...Macro$}, which the command's thread is not. What does
 * stop the macro is its own interpreter's error path: {@code Interpreter.abort(message)}
 * shows "message in line N" with the macro line, marks the macro done (it
 * stops when {@code run(...)} returns) and throws {@code Macro.MACRO_CANCELED}
 * in the calling thread, which is caught here. See docs/FIJI.md.
 */
public final class Macros {

	private Macros() {}

	/**
	 * Stops the ImageJ macro whose {@code run(...)} call is running now, at that
	 * line, with {@code message} as its error.
	 *
	 * @return whether a macro was stopped (false: no macro is running, e.g. the
	 *         command was started from a menu or a script)
	 */
	public static boolean stopRunningMacro(final String message) {
		// The macro interpreter running now, if any (one static instance). Not IJ.macroRunning(): any IJ.run
		// inside the command (an image opened, converted) resets it before the command fails.
		final Interpreter macro = Interpreter.getInstance();
		if (macro == null || macro.done()) return false;
		try {
			macro.abort(message);
		}
		catch (final RuntimeException e) {
			// Interpreter.error ends with this throw once the message is shown
			if (!Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
		}
		return true;
	}

	/**
	 * The value of option {@code key} of the macro {@code run(...)} call that
	 * started this command, or null. Fiji's patched {@code Macro.getOptions()}
	 * also looks at the thread that started the command's thread.
	 */
	public static String option(final String key) {
		final String options = Macro.getOptions();
		return options == null ? null : Macro.getValue(options, key, null);
	}

	/**
	 * The open image a macro names by title or by ID, as imagej-legacy's
	 * {@code StringToImagePlusConverter} resolves it; null if none.
	 */
	public static ImagePlus openImage(final String titleOrId) {
		try {
			final ImagePlus imp = WindowManager.getImage(Integer.parseInt(titleOrId.trim()));
			if (imp != null) return imp;
		}
		catch (final NumberFormatException e) {
			// not an ID: a title
		}
		return WindowManager.getImage(titleOrId);
	}
}
