package org.medcrypt.macro;

import java.io.File;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

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
import org.medcrypt.io.MedCryptException;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.display.DisplayPostprocessor;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * The ImageJ 1.x plugin that {@link MacroHarness} puts behind every MedCrypt
 * leaf label. ImageJ 1.x calls {@link #run(String)} with the SciJava command's
 * class name; it reads the macro options of {@code run(label, options)},
 * fills the command's inputs, runs it through {@link CommandService} (with
 * pre- and postprocessing: services injected, defaults, persistence) and
 * shows its image outputs. See {@link MacroHarness} for the rules.
 */
public class CommandDispatcher implements PlugIn {

	@Override
	public void run(final String commandClass) {
		final MacroHarness harness = MacroHarness.current();
		final CommandInfo info = harness.commandForClass(commandClass);
		final String label = info == null ? commandClass : info.getMenuPath()
			.getLeaf().getName();
		try {
			if (info == null) {
				throw new IllegalArgumentException("MacroHarness has no command " +
					commandClass);
			}
			final String options = Macro.getOptions();
			final Map<String, Object> inputs = inputs(harness, info, label,
				options == null ? "" : options);
			final CommandModule module = run(harness.context(), info, inputs);
			if (module.isCanceled()) {
				final String reason = module.getCancelReason();
				if (reason != null) throw new IllegalStateException(reason);
				// Cancelled without a reason (e.g. the user said "no"): ImageJ
				// aborts the macro silently; we say so.
				throw new IllegalStateException("command was canceled");
			}
			showOutputs(info, module);
		}
		catch (final ExecutionException e) {
			fail(harness, label, messageOf(e.getCause()));
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			fail(harness, label, "interrupted");
		}
		catch (final RuntimeException e) {
			if (Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
			fail(harness, label, messageOf(e));
		}
	}

	/**
	 * Runs with all of SciJava's preprocessors and all postprocessors but the
	 * {@link DisplayPostprocessor}: headless it can only warn that it cannot
	 * show an ImagePlus; {@link #showOutputs} does what imagej-legacy's display
	 * handling does instead.
	 */
	private static CommandModule run(final Context context,
		final CommandInfo info, final Map<String, Object> inputs)
		throws InterruptedException, ExecutionException
	{
		final PluginService plugins = context.service(PluginService.class);
		final List<PreprocessorPlugin> pre = plugins.createInstancesOfType(
			PreprocessorPlugin.class);
		final List<PostprocessorPlugin> post = new ArrayList<>();
		for (final PostprocessorPlugin p : plugins.createInstancesOfType(
			PostprocessorPlugin.class))
		{
			if (!(p instanceof DisplayPostprocessor)) post.add(p);
		}
		final CommandModule module = (CommandModule) context.service(
			CommandService.class).moduleService().createModule(info);
		return context.service(ModuleService.class).run(module, pre, post, inputs)
			.get();
	}

	// -- Inputs --

	private static Map<String, Object> inputs(final MacroHarness harness,
		final CommandInfo info, final String label, final String options)
	{
		final Map<String, Object> inputs = new LinkedHashMap<>();
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
			if (ImagePlus.class.isAssignableFrom(type)) {
				// imagej-legacy fills an image input with the active image if there is
				// one; an optional input with no image open stays unset.
				if (raw == null && !item.isRequired() && WindowManager.getCurrentImage() == null) continue;
				inputs.put(item.getName(), image(raw, key, label));
			}
			else if (RandomAccessibleInterval.class.isAssignableFrom(type)) {
				try {
					inputs.put(item.getName(), ImagePlusImgs.wrap(image(raw, key,
						label)));
				}
				catch (final MedCryptException e) {
					throw new IllegalArgumentException(e.getMessage(), e);
				}
			}
			else if (raw != null) {
				inputs.put(item.getName(), convert(harness, item, key, raw));
			}
		}
		if (harness.isStrictOptions()) checkKeys(options, known, booleans, label);
		return inputs;
	}

	private static ImagePlus image(final String title, final String key,
		final String label)
	{
		if (title != null) {
			final ImagePlus imp = WindowManager.getImage(title);
			if (imp == null) {
				throw new IllegalArgumentException("\"" + label + "\": no open image" +
					" titled \"" + title + "\" (option " + key + "=)");
			}
			return imp;
		}
		final ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) {
			throw new IllegalArgumentException("\"" + label + "\" needs an image:" +
				" there are no images open");
		}
		return imp;
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
		final CommandModule module)
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

	private static void fail(final MacroHarness harness, final String label,
		final String message)
	{
		final String msg = message.startsWith("\"" + label + "\"") ? message
			: "\"" + label + "\": " + message;
		harness.commandFailed(msg);
		// What an ImageJ 1.x plugin does: in a macro this aborts the macro.
		IJ.error(label, msg);
		Macro.abort();
	}

	private static String messageOf(final Throwable t) {
		Throwable cause = t;
		for (Throwable c = t; c != null; c = c.getCause()) {
			if (c instanceof MedCryptException) return c.getMessage();
		}
		while (cause.getCause() != null && cause.getMessage() == null) {
			cause = cause.getCause();
		}
		final String m = cause.getMessage();
		return m == null || m.isEmpty() ? cause.toString() : m;
	}
}
