package org.medcrypt.io;

/** Lower-case hexadecimal (java.util.HexFormat needs Java 17; Fiji may run 11). */
public final class Hex {

	private static final char[] DIGITS = "0123456789abcdef".toCharArray();

	private Hex() {}

	public static String of(final byte[] bytes) {
		final char[] out = new char[bytes.length * 2];
		for (int i = 0; i < bytes.length; i++) {
			out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
			out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
		}
		return new String(out);
	}

	public static byte[] parse(final String hex) {
		if (hex.length() % 2 != 0) throw new IllegalArgumentException("odd number of hex digits");
		final byte[] out = new byte[hex.length() / 2];
		for (int i = 0; i < out.length; i++) {
			final int hi = Character.digit(hex.charAt(2 * i), 16), lo = Character.digit(hex.charAt(2 * i + 1), 16);
			if (hi < 0 || lo < 0) throw new IllegalArgumentException("not a hex digit");
			out[i] = (byte) (hi << 4 | lo);
		}
		return out;
	}
}
