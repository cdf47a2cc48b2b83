package org.medcrypt.macro;

import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import net.imagej.patcher.EssentialLegacyHooks;
import net.imagej.patcher.LegacyHooks;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.display.ColorTable;

import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.MedCryptException;
import org.scijava.ItemVisibility;
import org.scijava.Priority;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.thread.ThreadService;
import org.scijava.widget.Button;

/**
 * What imagej-legacy adds to a SciJava command run from an ImageJ 1.x macro,
 * re-implemented for {@link MacroHarness} from a reading of its source
 * (imagej/imagej-legacy, 2026-04; see docs/FIJI.md), since imagej-legacy is not
 * on Maven Central. Each class names the original it behaves like.
 */
final class FijiEmulation {

	private FijiEmulation() {}

	/**
	 * As {@code net.imagej.legacy.plugin.MacroPreprocessor} (priority
	 * 2 x VERY_HIGH, first of all): in a macro, each input whose name is a key
	 * of the {@code run(...)} options gets the value the ConvertService makes of
	 * it and is resolved; a value the ConvertService does not support is
	 * skipped silently; buttons, colour tables and messages are resolved. The
	 * options are read on the command's own thread with
	 * {@code Macro.getOptions()}, which ij1-patcher makes look at the thread's
	 * ancestors ({@link Hooks}). For {@code ImagePlus} inputs the
	 * ConvertService first tries imagej-legacy's {@code StringToImagePlusConverter}
	 * (an image ID, else a title, of an open image; it declines otherwise),
	 * re-implemented here, then the real scijava-common converters, of which
	 * only {@code DefaultConverter} takes a String to an ImagePlus: through the
	 * constructor {@code ImagePlus(String pathOrURL)}.
	 */
	static final class MacroOptions extends AbstractPreprocessorPlugin {

		private final ConvertService convert;

		MacroOptions(final ConvertService convert) {
			this.convert = convert;
		}

		/** Its plugin priority in Fiji. */
		static double priority() {
			return 2 * Priority.VERY_HIGH;
		}

		@Override
		public void process(final Module module) {
			if (!IJ.isMacro()) return;
			final String options = Macro.getOptions();
			for (final ModuleItem<?> input : module.getInfo().inputs()) {
				final String name = input.getName();
				final Class<?> type = input.getType();
				if (Button.class.equals(type) || ColorTable.class.equals(type) || input
					.getVisibility() == ItemVisibility.MESSAGE)
				{
					module.resolveInput(name);
					continue;
				}
				final String value = Macro.getValue(options == null ? "" : options, name, null);
				if (value == null) continue;
				Object converted = null;
				if (type == ImagePlus.class) converted = titleOrId(value);
				if (converted == null) {
					if (!convert.supports(value, type)) continue;
					converted = convert.convert(value, type);
				}
				module.setInput(name, converted);
				module.resolveInput(name);
			}
		}

		/** imagej-legacy's StringToImagePlusConverter.convert. */
		private static ImagePlus titleOrId(final String s) {
			try {
				final ImagePlus imp = WindowManager.getImage(Integer.parseInt(s));
				if (imp != null) return imp;
			}
			catch (final NumberFormatException e) {
				// a title
			}
			return WindowManager.getImage(s);
		}
	}

	/**
	 * As {@code net.imagej.legacy.plugin.ActiveImagePlusPreprocessor} (priority
	 * VERY_HIGH + 1): the single unresolved, auto-filled {@code ImagePlus}
	 * input gets the active image, if there is one. (For ImgLib2 inputs, which
	 * imagej-legacy fills from the active image through Dataset conversions,
	 * the harness wraps the active image the same way.)
	 */
	static final class ActiveImagePlus extends AbstractPreprocessorPlugin {

		private final ModuleService modules;

		ActiveImagePlus(final ModuleService modules) {
			this.modules = modules;
		}

		/** Its plugin priority in Fiji. */
		static double priority() {
			return Priority.VERY_HIGH + 1;
		}

		@Override
		public void process(final Module module) {
			final ImagePlus imp = WindowManager.getCurrentImage();
			if (imp == null) return;
			final ModuleItem<ImagePlus> input = modules.getSingleInput(module, ImagePlus.class);
			if (input != null && input.isAutoFill()) {
				module.setInput(input.getName(), imp);
				module.resolveInput(input.getName());
			}
			@SuppressWarnings("rawtypes")
			final ModuleItem<RandomAccessibleInterval> img = modules.getSingleInput(module,
				RandomAccessibleInterval.class);
			if (img != null && img.isAutoFill()) {
				try {
					module.setInput(img.getName(), ImagePlusImgs.wrap(imp));
					module.resolveInput(img.getName());
				}
				catch (final MedCryptException e) {
					// not a type ImgLib2 wrapping handles: left unresolved, as a failed conversion
				}
			}
		}
	}

	/**
	 * As imagej-legacy's {@code DefaultLegacyHooks.getThreadAncestors}: the
	 * threads that started this one, from the ThreadService. ij1-patcher's
	 * patched {@code Macro.getOptions()} looks there when the current thread
	 * has no options, which is how a command on a SciJava thread reads the
	 * options of the macro's {@code run(...)}.
	 */
	public static final class Hooks extends EssentialLegacyHooks {

		private final ThreadService threads;

		Hooks(final ThreadService threads) {
			this.threads = threads;
		}

		@Override
		public Iterable<Thread> getThreadAncestors() {
			final Thread current = Thread.currentThread();
			return () -> new Iterator<Thread>() {

				private final Set<Thread> seen = new HashSet<>(java.util.Collections.singleton(current));
				private Thread next = threads.getParent(current);

				@Override
				public boolean hasNext() {
					return next != null && !seen.contains(next);
				}

				@Override
				public Thread next() {
					if (!hasNext()) throw new NoSuchElementException();
					final Thread t = next;
					seen.add(t);
					next = threads.getParent(t);
					return t;
				}
			};
		}

		/** Installs these hooks in the patched ImageJ 1.x ({@code IJ._hooks(hooks)}, added by ij1-patcher). */
		static void install(final LegacyHooks hooks) {
			try {
				IJ.class.getMethod("_hooks", LegacyHooks.class).invoke(null, hooks);
			}
			catch (final ReflectiveOperationException e) {
				throw new IllegalStateException("ImageJ 1.x is not patched by ij1-patcher", e);
			}
		}
	}
}
