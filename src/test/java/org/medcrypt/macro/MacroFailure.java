package org.medcrypt.macro;

/**
 * A macro run by {@link MacroHarness} stopped with an error: a macro error
 * (syntax, unknown variable, {@code exit("...")}), an ImageJ error
 * ("Unrecognized command: ..."), a bad {@code run(...)} option (the harness's
 * lint), or a command that stopped the macro (MedCrypt's, when they fail).
 * An {@link AssertionError}, so a test that did not expect it fails with the
 * macro's own message.
 */
public class MacroFailure extends AssertionError {

	private static final long serialVersionUID = 1L;

	private final String macroMessage;

	public MacroFailure(final String macroName, final String macroMessage,
		final Throwable cause)
	{
		super("Macro " + macroName + " failed: " + macroMessage, cause);
		this.macroMessage = macroMessage;
	}

	/** The message as ImageJ reported it, without the macro's name. */
	public String getMacroMessage() {
		return macroMessage;
	}
}
