package org.medcrypt.ij;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.measure.ResultsTable;

/**
 * MedCrypt's own results table, "MedCrypt Results": one row per command run
 * (key fingerprints, ciphertext counts, digests, timings), never the user's
 * Results table. With a display it is shown as a table window of that name
 * ({@code Table.getString(column, row, "MedCrypt Results")} reads it); a macro
 * reads it the same way with or without a display through
 * {@code call("org.medcrypt.ij.MedCryptResults.rows")} and
 * {@code call("org.medcrypt.ij.MedCryptResults.get", column, "" + row)}:
 * ImageJ 1.x keeps named tables only in windows, which headless Fiji has not.
 * A macro counts the rows before its {@code run(...)} and reads only a row
 * that call added, so an older row never stands for a failed run.
 */
public final class MedCryptResults {

	/** The table's window title. */
	public static final String TITLE = "MedCrypt Results";

	private static final List<Map<String, String>> ROWS = new ArrayList<>();
	private static final ResultsTable TABLE = new ResultsTable();

	private MedCryptResults() {}

	/** Adds a row of (column, value) pairs; whole numbers are written without decimals. */
	public static void addRow(final Object... columnsAndValues) {
		final Map<String, String> row = new LinkedHashMap<>();
		synchronized (ROWS) {
			TABLE.incrementCounter();
			for (int i = 0; i < columnsAndValues.length; i += 2) {
				final String column = (String) columnsAndValues[i];
				final Object v = columnsAndValues[i + 1];
				if (v instanceof Number) {
					final double d = ((Number) v).doubleValue();
					TABLE.addValue(column, d);
					row.put(column, text(v));
				}
				else {
					TABLE.addValue(column, String.valueOf(v));
					row.put(column, String.valueOf(v));
				}
			}
			ROWS.add(row);
		}
		if (!GraphicsEnvironment.isHeadless()) TABLE.show(TITLE);
	}

	private static String text(final Object number) {
		if (number instanceof Double || number instanceof Float) {
			final double d = ((Number) number).doubleValue();
			if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
			return Double.toString(d);
		}
		return number.toString();
	}

	/** For macros: the number of rows, as text. */
	public static String rows() {
		synchronized (ROWS) {
			return Integer.toString(ROWS.size());
		}
	}

	/**
	 * For macros: the value in {@code column} of row {@code row} (0-based, as
	 * text), or "" if there is no such row or column (an exception would only
	 * reach the macro as an ImageJ exception window).
	 */
	public static String get(final String column, final String row) {
		final int r;
		try {
			r = (int) Double.parseDouble(row.trim());
		}
		catch (final NumberFormatException e) {
			return "";
		}
		synchronized (ROWS) {
			if (r < 0 || r >= ROWS.size()) return "";
			final String v = ROWS.get(r).get(column);
			return v == null ? "" : v;
		}
	}
}
