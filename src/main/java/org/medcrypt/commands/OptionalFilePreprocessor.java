package org.medcrypt.commands;

import java.io.File;

import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;
import org.scijava.widget.InputHarvester;

/**
 * Keeps scijava-common's {@code FilePreprocessor} from turning a MedCrypt
 * {@code File} input a macro or script left out into a bare file chooser, or,
 * headless, into a silent cancel that lets the macro go on. That preprocessor
 * acts whenever a single {@code File} input is the only unresolved input,
 * whether the input is optional or has a default, so neither helps; this one
 * runs just before it and resolves such an input: left out, an optional file
 * means none (e.g. no TIFF copy), and a required one, headless, is then
 * refused by {@link MacroInputsPreprocessor} with a message naming it, which
 * stops the macro. With a display a required file still gets its chooser, as
 * ImageJ's own commands ask for a file a macro did not give.
 */
@Plugin(type = PreprocessorPlugin.class, priority = InputHarvester.PRIORITY + 1)
public class OptionalFilePreprocessor extends AbstractPreprocessorPlugin {

	@Parameter(required = false)
	private UIService ui;

	@Override
	public void process(final Module module) {
		if (!(module.getDelegateObject() instanceof MedCryptCommand)) return;
		ModuleItem<?> single = null;
		for (final ModuleItem<?> input : module.getInfo().inputs()) {
			if (module.isInputResolved(input.getName())) continue;
			if (single != null || !File.class.isAssignableFrom(input.getType())) return;
			single = input;
		}
		if (single == null) return;
		if (!single.isRequired() || ui == null || ui.isHeadless()) module.resolveInput(single.getName());
	}
}
