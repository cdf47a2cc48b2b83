package org.medcrypt.commands;

import ij.ImagePlus;

import org.medcrypt.ij.Macros;
import org.scijava.Context;
import org.scijava.Priority;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.Service;

/**
 * Checks a MedCrypt command's inputs before it runs, where Fiji would
 * otherwise run it on the wrong image or cancel it with a mere warning while
 * the macro goes on (see docs/FIJI.md):
 * <ul>
 * <li>An image a macro names ({@code imp=[title]}, or an image ID) must be
 * open. Fiji's conversion of a title that names no open image does not fail:
 * imagej-legacy's {@code StringToImagePlusConverter} declines, scijava-common's
 * {@code DefaultConverter} then builds {@code new ImagePlus(title)} (an empty
 * image, or a file of that name opened from the working folder), and where a
 * conversion gives nothing {@code ActiveImagePlusPreprocessor} fills the
 * input with the active image: another patient's image. MedCrypt looks the
 * title up itself and refuses, naming it.</li>
 * <li>A required input still unset is refused here with a message naming it
 * (scijava-common's {@code CheckInputsPreprocessor}, which runs just after,
 * would only cancel with a warning).</li>
 * </ul>
 * A refusal stops the calling macro at its {@code run(...)} line
 * ({@link MedCryptCommand#refuse}).
 */
@Plugin(type = PreprocessorPlugin.class, priority = MacroInputsPreprocessor.PRIORITY)
public class MacroInputsPreprocessor extends AbstractPreprocessorPlugin {

	/** After the input harvester and SaveInputsPreprocessor, before CheckInputsPreprocessor. */
	public static final double PRIORITY = Priority.VERY_LOW - 1.5;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void process(final Module module) {
		if (!(module.getDelegateObject() instanceof MedCryptCommand)) return;
		for (final ModuleItem<?> input : module.getInfo().inputs()) {
			final String name = input.getName();
			final Class<?> type = input.getType();
			if (Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type)) continue;
			if (ImagePlus.class.isAssignableFrom(type)) {
				final String named = Macros.option(name);
				if (named != null && !named.trim().isEmpty()) {
					final ImagePlus open = Macros.openImage(named);
					if (open == null) {
						refuse("No open image is titled \"" + named + "\" (" + name + "=): open it or correct the title;" +
							" MedCrypt never uses another image in its place.");
						return;
					}
					module.setInput(name, open);
				}
				final ImagePlus imp = (ImagePlus) module.getInput(name);
				// An image without pixels is no image: e.g. a title remembered from an earlier run, which
				// scijava-common's DefaultConverter turned into new ImagePlus(title) when it loaded it.
				if (imp != null && imp.getProcessor() == null) module.setInput(name, null);
			}
			if (input.isRequired() && module.getInput(name) == null) {
				refuse(ImagePlus.class.isAssignableFrom(type) ? "\"" + input.getLabel() + "\" (" + name +
					"=) is needed: open an image or name one by its title." : "\"" + input.getLabel() + "\" (" + name +
						"=) is needed: give it a value.");
				return;
			}
		}
	}

	private void refuse(final String message) {
		MedCryptCommand.refuse(this, log, message);
	}
}
