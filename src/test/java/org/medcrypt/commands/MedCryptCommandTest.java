package org.medcrypt.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.io.WrongKeyException;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;

/** Every type of the exception family cancels a command with its message as the one-line reason. */
class MedCryptCommandTest {

	/** A command whose work fails with {@link #failure}. */
	static final class Failing extends MedCryptCommand {

		MedCryptException failure;

		@Override
		protected void execute() throws MedCryptException {
			throw failure;
		}
	}

	@Test
	void everyTypeCancelsTheCommandWithItsMessage() {
		final List<MedCryptException> failures = Arrays.asList(new MedCryptException("base"),
			new WrongKeyException("wrong key"), new DamagedFileException("damaged"),
			new AuthenticationFailedException("altered"), new UnsupportedImageException("32-bit"),
			new PeerFailureException("peer gone"), new RefusedByPolicyException("not pinned"),
			new OutputExistsException("exists"));
		try (Context context = new Context(LogService.class, StatusService.class)) {
			context.getService(LogService.class).setLevel(LogLevel.NONE); // the expected errors are not news
			for (final MedCryptException failure : failures) {
				final Failing command = new Failing();
				command.setContext(context);
				command.failure = failure;
				command.run();
				assertTrue(command.isCanceled(), failure.getMessage());
				assertEquals(failure.getMessage(), command.getCancelReason());
			}
		}
	}

	/**
	 * Issue 11: every MedCrypt command declares it can run headless (all its inputs can come from macro
	 * options), and no output a command never overwrites is remembered for the next run (a remembered key or
	 * .mcimg name would only be refused as existing).
	 */
	@Test
	void everyCommandIsHeadlessAndRemembersNoOutputName() {
		try (Context context = new Context(org.scijava.command.CommandService.class)) {
			int commands = 0, outputs = 0;
			for (final org.scijava.command.CommandInfo info : context.getService(
				org.scijava.command.CommandService.class).getCommands())
			{
				try {
					if (!MedCryptCommand.class.isAssignableFrom(info.loadDelegateClass())) continue;
				}
				catch (final ClassNotFoundException e) {
					throw new AssertionError(e);
				}
				commands++;
				assertTrue(info.canRunHeadless(), info.getClassName());
				for (final org.scijava.module.ModuleItem<?> input : info.inputs()) {
					final String style = input.getWidgetStyle();
					if (style != null && style.contains(org.scijava.widget.FileWidget.SAVE_STYLE)) {
						outputs++;
						assertTrue(!input.isPersisted(), info.getClassName() + "." + input.getName() + " is remembered");
					}
				}
			}
			assertTrue(commands >= 19 && outputs >= 8, commands + " commands, " + outputs + " outputs");
		}
	}
}
