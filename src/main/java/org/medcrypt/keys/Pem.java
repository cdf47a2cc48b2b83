package org.medcrypt.keys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one PEM codec of MedCrypt (RFC 7468 textual encoding) for every armoured
 * key or certificate file: Paillier keys ({@link PaillierKeyFiles}), RSA keys
 * ({@link RsaKeyFiles}) and party certificates ({@link PartyCredentialFiles}).
 *
 * <pre>
 * -----BEGIN LABEL-----\n
 * base64 of the body, 64 characters a line, lines ended by \n (the last one too)
 * -----END LABEL-----\n
 * </pre>
 *
 * <p>Written with the JDK's {@link Base64#getMimeEncoder(int, byte[])}, not
 * Bouncy Castle's {@code PemWriter}/{@code PemReader}, because the files must
 * stay byte for byte what MedCrypt always wrote and still read what it always
 * read: {@code PemWriter} is a {@code BufferedWriter} that ends lines with the
 * platform's separator ({@code newLine()}, CR LF on Windows, where Fiji runs
 * too), so the same key would give different files on different machines;
 * {@code PemReader} works line by line and expects each armour line to begin a
 * line, whereas the readers so far found the armour anywhere in the text and
 * skipped whatever is not Base64 inside it (CR LF endings, stray spaces). The
 * JDK codec does exactly that with no extra code, and the plugin needs nothing
 * of Bouncy Castle's PEM package beyond it.</p>
 *
 * <p>Decoding looks for the first {@code -----BEGIN LABEL-----} and the first
 * {@code -----END LABEL-----} and decodes what lies between with the MIME
 * decoder, which ignores characters outside the Base64 alphabet; each caller
 * turns "no such block" ({@link #contains}) and bad Base64
 * ({@link IllegalArgumentException} from {@link #decode}) into its own message.</p>
 */
public final class Pem {

	/** Characters of Base64 per line. */
	public static final int LINE_LENGTH = 64;

	private static final byte[] NEWLINE = { '\n' };

	private Pem() {}

	/** The armoured text of {@code body} under {@code label} (e.g. "PUBLIC KEY"), as laid out above. */
	public static String encode(final String label, final byte[] body) {
		return begin(label) + "\n" + Base64.getMimeEncoder(LINE_LENGTH, NEWLINE).encodeToString(body) + "\n" + end(
			label) + "\n";
	}

	/** {@link #encode} as US-ASCII bytes, what the key files hold. */
	public static byte[] encodeAscii(final String label, final byte[] body) {
		return encode(label, body).getBytes(StandardCharsets.US_ASCII);
	}

	/** Whether {@code text} holds a {@code label} block (its BEGIN line, then its END line). */
	public static boolean contains(final String text, final String label) {
		final int b = text.indexOf(begin(label));
		return b >= 0 && text.indexOf(end(label)) >= b;
	}

	/**
	 * The body of the first {@code label} block of {@code text}.
	 *
	 * @throws IllegalArgumentException if there is no such block (see
	 *           {@link #contains}) or its Base64 is invalid (the JDK decoder's
	 *           exception, unchanged)
	 */
	public static byte[] decode(final String text, final String label) {
		final String begin = begin(label);
		final int b = text.indexOf(begin), e = text.indexOf(end(label));
		if (b < 0 || e < b) throw new IllegalArgumentException("no '" + begin + "' block");
		return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
	}

	/** "-----BEGIN label-----". */
	public static String begin(final String label) {
		return "-----BEGIN " + label + "-----";
	}

	private static String end(final String label) {
		return "-----END " + label + "-----";
	}
}
