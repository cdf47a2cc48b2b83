package org.medcrypt.commands;

import java.util.concurrent.CancellationException;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * What every MedCrypt command shares: a user error or a cancellation cancels
 * the command with a one-line reason (Fiji shows it, a macro aborts on it) and
 * is logged without a stack trace; progress goes to the status bar; Esc or the
 * module's cancel stops long work.
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
		log.error("MedCrypt: " + message);
		cancel(message);
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

	/** Adds one row to ImageJ's Results table, which macros read with getResult/getResultString. */
	protected static void reportRow(final Object... labelsAndValues) {
		final ij.measure.ResultsTable table = ij.measure.ResultsTable.getResultsTable();
		table.incrementCounter();
		for (int i = 0; i < labelsAndValues.length; i += 2) {
			final Object v = labelsAndValues[i + 1];
			if (v instanceof Number) table.addValue((String) labelsAndValues[i], ((Number) v).doubleValue());
			else table.addValue((String) labelsAndValues[i], String.valueOf(v));
		}
		if (!java.awt.GraphicsEnvironment.isHeadless()) table.show("Results");
	}
}
