package org.medcrypt.macro;

import java.io.File;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.medcrypt.ij.ImagePlusImgs;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.convert.ConvertService;
import org.scijava.display.DisplayPostprocessor;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * The ImageJ 1.x plugin that {@link MacroHarness} puts behind every MedCrypt
 * leaf label. ImageJ 1.x calls {@link #run(String)} with the SciJava command's
 * class name, on the macro's thread, inside ImageJ's {@code IJ.run} and
 * {@code Executer}. From there it does what imagej-legacy does for
 * {@code run(label, options)} (see docs/FIJI.md):
 * <ul>
 * <li>{@code LegacyService.runLegacyCompatibleCommand}: runs the command with
 * all preprocessors and postprocessors on a SciJava thread
 * ({@code moduleService.run(info, true)}) and waits for it
 * ({@code future.get()});</li>
 * <li>inputs are filled there by the {@link FijiEmulation.MacroOptions} and
 * {@link FijiEmulation.ActiveImagePlus} preprocessors, reading the options
 * through the thread-ancestor hook;</li>
 * <li>a command canceled with a reason (by itself or by a preprocessor) is
 * only a warning ({@code ModuleRunner} calls {@code StatusService.warn}) and
 * the macro GOES ON; a command that throws is rethrown as a
 * {@code RuntimeException}, which ImageJ's real {@code Executer.run} catches
 * and logs (headless) or shows in an "Exception" window: the macro goes on
 * too. Only a command that stops the macro itself (MedCrypt's do, see
 * {@code org.medcrypt.ij.Macros}) stops it.</li>
 * </ul>
 * Test-only, stricter than Fiji: before running, unknown option keys, bare
 * boolean words, values that do not parse as the input's type and values not
 * among its choices abort the macro (Fiji ignores or passes them on
 * silently); {@link MacroHarness#strictOptions(boolean)} turns this off.
 */
public class CommandDispatcher implements PlugIn {

	@Override
	public void run(final String commandClass) {
		final MacroHarness harness = MacroHarness.current();
		final CommandInfo info = harness.commandForClass(commandClass);
		final String label = info == null ? commandClass : info.getMenuPath()
			.getLeaf().getName();
		if (info == null) {
			lintFailure(label, "MacroHarness has no command " + commandClass);
			return;
		}
		final String options = Macro.getOptions();
		if (harness.isStrictOptions()) {
			try {
				lint(harness, info, label, options == null ? "" : options);
			}
			catch (final IllegalArgumentException e) {
				lintFailure(label, e.getMessage());
				return;
			}
		}
		final Module module;
		try {
			module = run(harness.context(), info).get();
		}
		catch (final ExecutionException e) {
			// LegacyService.runLegacyCompatibleCommand: "throw new RuntimeException(e)"; ImageJ's Executer
			// catches it and logs the stack trace, and the macro goes on.
			harness.commandThrew(label, e.getCause());
			throw new RuntimeException(e);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new RuntimeException(e);
		}
		final org.scijava.Cancelable c = (org.scijava.Cancelable) module;
		if (c.isCanceled()) {
			// ModuleRunner: StatusService.warn(reason), shown as a warning dialog if not empty; macro goes on.
			harness.commandCanceled(label, c.getCancelReason());
			return;
		}
		showOutputs(info, module);
	}

	/**
	 * {@code moduleService.run(info, true)}: every preprocessor and
	 * postprocessor in priority order, with imagej-legacy's two input
	 * preprocessors among them, on a ThreadService thread. The
	 * {@link DisplayPostprocessor} is left out: headless it can only warn that
	 * it cannot show an ImagePlus; {@link #showOutputs} does what
	 * imagej-legacy's display handling does instead.
	 */
	private static Future<Module> run(final Context context, final CommandInfo info) {
		final PluginService plugins = context.service(PluginService.class);
		final ModuleService modules = context.service(ModuleService.class);
		final List<Object[]> ranked = new ArrayList<>();
		ranked.add(new Object[] { FijiEmulation.MacroOptions.priority(), new FijiEmulation.MacroOptions(context
			.service(ConvertService.class)) });
		ranked.add(new Object[] { FijiEmulation.ActiveImagePlus.priority(), new FijiEmulation.ActiveImagePlus(
			modules) });
		for (final PluginInfo<PreprocessorPlugin> p : plugins.getPluginsOfType(PreprocessorPlugin.class)) {
			ranked.add(new Object[] { p.getPriority(), plugins.createInstance(p) });
		}
		ranked.sort((a, b) -> Double.compare((Double) b[0], (Double) a[0])); // stable: ties keep their order
		final List<PreprocessorPlugin> pre = new ArrayList<>();
		for (final Object[] r : ranked) {
			final PreprocessorPlugin p = (PreprocessorPlugin) r[1];
			if (p.getContext() == null) p.setContext(context);
			pre.add(p);
		}
		final List<PostprocessorPlugin> post = new ArrayList<>();
		for (final PostprocessorPlugin p : plugins.createInstancesOfType(
			PostprocessorPlugin.class))
		{
			if (!(p instanceof DisplayPostprocessor)) post.add(p);
		}
		final Module module = modules.createModule(info);
		return modules.run(module, pre, post, Collections.<String, Object> emptyMap());
	}

	// -- Inputs --

	/** The test-only checks of the options (see the class comment); throws IllegalArgumentException. */
	private static void lint(final MacroHarness harness, final CommandInfo info, final String label,
		final String options)
	{
		final Set<String> known = new LinkedHashSet<>();
		final Set<String> booleans = new LinkedHashSet<>();
		for (final ModuleItem<?> item : info.inputs()) {
			final Class<?> type = item.getType();
			if (Service.class.isAssignableFrom(type) || Context.class
				.isAssignableFrom(type) || item.getVisibility() == ItemVisibility.MESSAGE)
			{
				continue; // filled by SciJava's preprocessors, not by macros
			}
			final String key = Macro.trimKey(item.getName());
			known.add(key);
			if (type == boolean.class || type == Boolean.class) booleans.add(key);
			final String raw = Macro.getValue(options, key, null);
			if (raw == null || ImagePlus.class.isAssignableFrom(type) || RandomAccessibleInterval.class
				.isAssignableFrom(type)) continue;
			convert(harness, item, key, raw);
		}
		checkKeys(options, known, booleans, label);
	}

	private static Object convert(final MacroHarness harness,
		final ModuleItem<?> item, final String key, final String raw)
	{
		final Class<?> type = item.getType();
		final Object value;
		try {
			value = parse(harness, type, raw);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("Invalid value for " + key + "=: \"" +
				raw + "\" is not " + describe(type) + (e.getMessage() == null ? ""
					: " (" + e.getMessage() + ")"));
		}
		final List<?> choices = item.getChoices();
		if (choices != null && !choices.isEmpty() && !choices.contains(value)) {
			throw new IllegalArgumentException("Invalid value for " + key + "=: \"" +
				raw + "\"; choose one of " + choices);
		}
		return value;
	}

	private static Object parse(final MacroHarness harness, final Class<?> type,
		final String raw)
	{
		if (type == String.class) return raw;
		if (type == boolean.class || type == Boolean.class) {
			if (raw.equalsIgnoreCase("true")) return true;
			if (raw.equalsIgnoreCase("false")) return false;
			throw new IllegalArgumentException((String) null);
		}
		if (type == int.class || type == Integer.class) return integral(raw)
			.intValueExact();
		if (type == long.class || type == Long.class) return integral(raw)
			.longValueExact();
		if (type == short.class || type == Short.class) return integral(raw)
			.shortValueExact();
		if (type == byte.class || type == Byte.class) return integral(raw)
			.byteValueExact();
		if (type == double.class || type == Double.class) return Double
			.parseDouble(raw);
		if (type == float.class || type == Float.class) return Float.parseFloat(
			raw);
		if (type == char.class || type == Character.class) {
			if (raw.length() != 1) throw new IllegalArgumentException((String) null);
			return raw.charAt(0);
		}
		if (type == File.class) return new File(raw);
		if (type.isEnum()) {
			for (final Object constant : type.getEnumConstants()) {
				if (((Enum<?>) constant).name().equalsIgnoreCase(raw) || constant
					.toString().equals(raw)) return constant;
			}
			throw new IllegalArgumentException((String) null);
		}
		final ConvertService convert = harness.context().service(
			ConvertService.class);
		final Object value = convert.convert(raw, type);
		if (value == null) throw new IllegalArgumentException((String) null);
		return value;
	}

	private static BigDecimal integral(final String raw) {
		final BigDecimal d;
		try {
			d = new BigDecimal(raw.trim());
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException((String) null);
		}
		try {
			return new BigDecimal(d.toBigIntegerExact());
		}
		catch (final ArithmeticException e) {
			throw new IllegalArgumentException("not a whole number");
		}
	}

	private static String describe(final Class<?> type) {
		if (type == int.class || type == Integer.class || type == long.class ||
			type == Long.class || type == short.class || type == Short.class ||
			type == byte.class || type == Byte.class) return "a whole number (" +
				type.getSimpleName() + ")";
		if (type == double.class || type == Double.class || type == float.class ||
			type == Float.class) return "a number";
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		return "a valid " + type.getSimpleName();
	}

	/** Fails on option keys the command does not have, and on bare booleans. */
	private static void checkKeys(final String options, final Set<String> known,
		final Set<String> booleans, final String label)
	{
		final List<String> unknown = new ArrayList<>();
		for (final String[] kv : parseOptions(options)) {
			final String key = kv[0].toLowerCase(Locale.US);
			if (kv[1] == null) {
				if (booleans.contains(key)) {
					throw new IllegalArgumentException("\"" + label + "\": write " + key +
						"=true instead of the bare word " + key + " (SciJava booleans" +
						" are read as name=value)");
				}
				unknown.add(key);
			}
			else if (!known.contains(key)) unknown.add(key);
		}
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("\"" + label + "\" has no option " +
				String.join(", ", unknown) + "; its options are " + (known.isEmpty()
					? "(none)" : String.join(", ", known)) + " (Fiji would ignore the" +
				" unknown option silently)");
		}
	}

	/**
	 * Splits an ImageJ options string into {key, value} pairs; bare words give
	 * a null value. Values may be {@code [bracketed]} or {@code 'quoted'}.
	 */
	static List<String[]> parseOptions(final String options) {
		final List<String[]> out = new ArrayList<>();
		int i = 0;
		final int n = options.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(options.charAt(i))) i++;
			if (i >= n) break;
			final int keyStart = i;
			while (i < n && options.charAt(i) != '=' && !Character.isWhitespace(
				options.charAt(i))) i++;
			final String key = options.substring(keyStart, i);
			if (i >= n || options.charAt(i) != '=') {
				out.add(new String[] { key, null });
				continue;
			}
			i++; // '='
			final int valueStart = i;
			if (i < n && options.charAt(i) == '[') {
				int depth = 0;
				for (; i < n; i++) {
					final char ch = options.charAt(i);
					if (ch == '[') depth++;
					else if (ch == ']' && --depth == 0) {
						i++;
						break;
					}
				}
			}
			else if (i < n && options.charAt(i) == '\'') {
				final int close = options.indexOf('\'', i + 1);
				i = close < 0 ? n : close + 1;
			}
			else {
				while (i < n && !Character.isWhitespace(options.charAt(i))) i++;
			}
			out.add(new String[] { key, options.substring(valueStart, i) });
		}
		return out;
	}

	// -- Outputs --

	private static void showOutputs(final CommandInfo info,
		final Module module)
	{
		for (final ModuleItem<?> item : info.outputs()) {
			final Object value = module.getOutput(item.getName());
			if (value instanceof ImagePlus) {
				show((ImagePlus) value);
			}
			else if (value instanceof RandomAccessibleInterval) {
				final Object type = ((RandomAccessibleInterval<?>) value).getType();
				if (type instanceof UnsignedByteType ||
					type instanceof UnsignedShortType)
				{
					@SuppressWarnings("unchecked")
					final RandomAccessibleInterval<UnsignedShortType> rai =
						(RandomAccessibleInterval<UnsignedShortType>) value;
					show(ImagePlusImgs.toImagePlus(item.getName(), rai));
				}
			}
			// Scalars and strings: not returned to macros (as in Fiji).
		}
	}

	private static void show(final ImagePlus imp) {
		if (WindowManager.getImage(imp.getID()) != null) {
			// Already open (e.g. modified in place): make it the active image.
			WindowManager.setTempCurrentImage(imp);
			Interpreter.activateImage(imp);
			return;
		}
		imp.show(); // batch mode (forced headless): registers, becomes active
	}

	// -- Errors --

	/**
	 * A test-only check failed: the macro stops with the message, as an
	 * ImageJ 1.x plugin's IJ.error + Macro.abort() stops the macro on its own
	 * thread. (Not Fiji's behaviour for a SciJava command: see the class comment.)
	 */
	private static void lintFailure(final String label, final String message) {
		final String msg = message.startsWith("\"" + label + "\"") ? message
			: "\"" + label + "\": " + message;
		IJ.error(label, msg);
		Macro.abort();
	}
}
