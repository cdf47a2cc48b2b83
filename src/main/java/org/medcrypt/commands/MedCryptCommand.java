package org.medcrypt.commands;

import java.util.concurrent.CancellationException;

import org.medcrypt.ij.Macros;
import org.medcrypt.ij.MedCryptResults;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * What every MedCrypt command shares: a user error or a cancellation is one
 * line, logged without a stack trace; run from an ImageJ macro it stops that
 * macro at the {@code run(...)} line with that line as its error
 * ({@link Macros#stopRunningMacro}: in Fiji a command's cancellation alone is
 * only a warning and the macro would go on), otherwise it cancels the command
 * with that reason, which Fiji shows as a warning. Progress goes to the status
 * bar; Esc or the module's cancel stops long work. Values go to MedCrypt's own
 * table, {@link MedCryptResults}.
 */
public abstract class MedCryptCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter
	protected StatusService status;

	/** The command's work; throw {@link MedCryptException} with a message for the user. */
	protected abstract void execute() throws MedCryptException;

	@Override
	public final void run() {
		ij.IJ.resetEscape();
		try {
			execute();
		}
		catch (final MedCryptException e) {
			fail(e.getMessage());
		}
		catch (final CancellationException e) {
			fail("Canceled: nothing was written.");
		}
		catch (final IllegalArgumentException e) {
			fail(e.getMessage());
		}
		finally {
			status.clearStatus();
		}
	}

	private void fail(final String message) {
		refuse(this, log, message);
	}

	/**
	 * Refuses to go on: stops the calling macro with {@code message}, or (no
	 * macro) cancels with it as the reason. Also for MedCrypt's preprocessors,
	 * which refuse before the command runs.
	 */
	static void refuse(final Cancelable cancelable, final LogService log, final String message) {
		if (log != null) log.error("MedCrypt: " + message);
		// The macro's error dialog says it once; an empty reason adds no second warning.
		if (Macros.stopRunningMacro(message)) cancelable.cancel("");
		else cancelable.cancel(message);
	}

	/** Progress on Fiji's status bar; canceled by Esc (ImageJ 1.x) or by the module. */
	protected Progress progress() {
		return new Progress() {
			@Override
			public void report(final String step, final long done, final long total) {
				status.showStatus((int) Math.min(done, Integer.MAX_VALUE), (int) Math.min(total,
					Integer.MAX_VALUE), "MedCrypt: " + step + " " + done + "/" + total);
			}

			@Override
			public boolean isCanceled() {
				return MedCryptCommand.this.isCanceled() || ij.IJ.escapePressed();
			}
		};
	}

	/** The file, or a message asking for it. */
	protected static java.nio.file.Path required(final java.io.File file, final String what)
		throws MedCryptException
	{
		if (file == null || file.getPath().isEmpty()) throw new MedCryptException("Choose " + what + ".");
		return file.toPath();
	}

	/** Adds one row to the "MedCrypt Results" table ({@link MedCryptResults}), never the user's Results table. */
	protected static void reportRow(final Object... labelsAndValues) {
		MedCryptResults.addRow(labelsAndValues);
	}
}
