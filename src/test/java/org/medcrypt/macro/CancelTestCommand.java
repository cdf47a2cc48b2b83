package org.medcrypt.macro;

import java.io.File;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Test-only command that proves what Fiji does with a command that cancels
 * itself from a macro: {@code cancel(reason)} when {@code reason} is given,
 * else it writes {@code done} to the system property
 * {@code medcrypt.test.cancel}. Its only other input is a single
 * {@code File}, to show scijava-common's {@code FilePreprocessor} at work
 * when a macro leaves it out.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MedCrypt>Test>MedCrypt Test Cancel")
public class CancelTestCommand extends ContextCommand {

	@Parameter(required = false)
	private String reason = "";

	@Parameter(required = false)
	private File file;

	@Override
	public void run() {
		if (reason != null && !reason.isEmpty()) cancel(reason);
		else System.setProperty("medcrypt.test.cancel", "done " + file);
	}
}
