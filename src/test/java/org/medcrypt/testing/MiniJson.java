package org.medcrypt.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough JSON for test vectors: objects, arrays, strings, integers. */
public final class MiniJson {

	private final String s;
	private int i;

	private MiniJson(final String s) {
		this.s = s;
	}

	public static Object parse(final String text) {
		final MiniJson p = new MiniJson(text);
		final Object v = p.value();
		p.ws();
		if (p.i != text.length()) throw new IllegalArgumentException("trailing text at " + p.i);
		return v;
	}

	private Object value() {
		ws();
		final char c = s.charAt(i);
		if (c == '{') {
			final Map<String, Object> m = new LinkedHashMap<>();
			i++;
			ws();
			if (s.charAt(i) == '}') { i++; return m; }
			while (true) {
				ws();
				final String k = (String) value();
				ws();
				expect(':');
				m.put(k, value());
				ws();
				if (s.charAt(i++) == '}') return m;
			}
		}
		if (c == '[') {
			final List<Object> l = new ArrayList<>();
			i++;
			ws();
			if (s.charAt(i) == ']') { i++; return l; }
			while (true) {
				l.add(value());
				ws();
				if (s.charAt(i++) == ']') return l;
			}
		}
		if (c == '"') {
			final int end = s.indexOf('"', i + 1);
			final String v = s.substring(i + 1, end);
			i = end + 1;
			return v;
		}
		final int start = i;
		while (i < s.length() && "-+0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
		return new java.math.BigInteger(s.substring(start, i));
	}

	private void expect(final char c) {
		if (s.charAt(i++) != c) throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
	}

	private void ws() {
		while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
	}
}
