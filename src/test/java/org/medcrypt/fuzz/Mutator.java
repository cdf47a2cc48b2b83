package org.medcrypt.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The mutations of the fuzz suite, each a pure function of a seeded
 * {@link Random}: bit flips, byte changes, truncation, extension, length-field
 * extremes (a 4- or 2-byte big- or little-endian field set to 0, -1, 2^31-1,
 * 2^31 or 2^16-1), splices (a prefix of one seed with the suffix of another or
 * of itself), and for text formats digit runs and dropped or doubled lines.
 */
final class Mutator {

	static final String[] KINDS = { "bit flips", "byte changes", "truncation", "extension", "length extremes",
		"splice", "text" };

	private static final int[] EXTREMES = { 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff, 0x7fff };

	private Mutator() {}

	/** A mutation of {@code seeds.get(i)} (the kind chosen by {@code random}) and its description. */
	static Object[] mutate(final List<byte[]> seeds, final int i, final boolean text, final Random random) {
		final byte[] seed = seeds.get(i);
		final int kind = random.nextInt(text ? KINDS.length : KINDS.length - 1);
		byte[] b = seed.clone();
		String how;
		switch (kind) {
			case 0: {
				final int n = 1 + random.nextInt(4);
				for (int k = 0; k < n && b.length > 0; k++) {
					final int at = random.nextInt(b.length);
					b[at] ^= 1 << random.nextInt(8);
				}
				how = n + " bit flip(s)";
				break;
			}
			case 1: {
				final int n = 1 + random.nextInt(4);
				for (int k = 0; k < n && b.length > 0; k++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
				how = n + " byte change(s)";
				break;
			}
			case 2: {
				final int len = b.length == 0 ? 0 : random.nextInt(b.length);
				b = Arrays.copyOf(b, len);
				how = "truncated to " + len + " of " + seed.length + " bytes";
				break;
			}
			case 3: {
				final int n = 1 + random.nextInt(random.nextBoolean() ? 16 : 4096);
				final byte[] tail = new byte[n];
				if (random.nextBoolean()) random.nextBytes(tail);
				else for (int k = 0; k < n; k++) tail[k] = seed.length == 0 ? 0 : seed[k % seed.length];
				b = Arrays.copyOf(b, b.length + n);
				System.arraycopy(tail, 0, b, seed.length, n);
				how = "extended by " + n + " bytes";
				break;
			}
			case 4: {
				if (b.length < 4) {
					how = "too short for a length field";
					break;
				}
				// Length fields sit early in every format: favour the first 64 bytes.
				final int at = random.nextInt(Math.min(b.length - 3, random.nextBoolean() ? 64 : b.length - 3));
				final int v = EXTREMES[random.nextInt(EXTREMES.length)];
				final boolean wide = random.nextBoolean(), little = random.nextInt(4) == 0;
				final int n = wide ? 4 : 2;
				for (int k = 0; k < n; k++) {
					final int shift = 8 * (little ? k : n - 1 - k);
					b[at + k] = (byte) (v >>> shift);
				}
				how = (wide ? 4 : 2) + "-byte " + (little ? "little" : "big") + "-endian field at " + at + " set to " + v;
				break;
			}
			case 5: {
				final byte[] other = seeds.get(random.nextInt(seeds.size()));
				final int cut = b.length == 0 ? 0 : random.nextInt(b.length);
				final int from = other.length == 0 ? 0 : random.nextInt(other.length);
				final byte[] s = Arrays.copyOf(b, cut + other.length - from);
				System.arraycopy(other, from, s, cut, other.length - from);
				b = s;
				how = "splice: " + cut + " bytes, then another seed from byte " + from;
				break;
			}
			default: {
				final String t = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
				final String[] lines = t.split("\n", -1);
				final int line = random.nextInt(lines.length);
				final int op = random.nextInt(3);
				if (op == 0) lines[line] = lines[line].replaceAll("[0-9]+", random.nextBoolean() ? "99999999999999999999"
					: "-1");
				else if (op == 1) lines[line] = "";
				else lines[line] = lines[line] + "\n" + lines[line];
				b = String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
				how = (op == 0 ? "numbers made extreme" : op == 1 ? "line dropped" : "line doubled") + " at line " + (line +
					1);
			}
		}
		return new Object[] { b, KINDS[kind] + ": " + how };
	}
}
