package org.medcrypt.securesum.net;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.Transport;

/**
 * Command line of a networked secure-sum party:
 *
 * <pre>
 * PartyMain keygen --name NAME --keystore FILE.p12 --cert FILE.pem --password-env VAR
 * PartyMain fingerprint --cert FILE.pem
 * PartyMain new-session --out FILE [--protocol ADDITIVE_SHARING] --width W --bound B
 *           [--hop-timeout-ms 30000] [--connect-timeout-ms 120000]
 *           --node0 NAME,HOST,PORT,CERT.pem --node1 ... --nodeK ...   (node0 = researcher, k &gt;= 3 labs)
 * PartyMain [run] --session FILE --keystore FILE.p12 --password-env VAR --name NAME [--input v1,v2,...]
 * </pre>
 *
 * {@code run} prints {@code result: v1,v2,...} and exits 0, or prints an
 * {@code ABORTED ...} line naming the party blamed and the step and exits 1.
 * The keystore password is read from the named environment variable, never
 * from the command line.
 */
public final class PartyMain {

	private PartyMain() {}

	public static void main(final String[] args) {
		final int code;
		try {
			code = run(args, UnaryOperator.identity(), System.out, System.err);
		}
		catch (final InterruptedException e) {
			System.err.println("interrupted");
			System.exit(1);
			return;
		}
		System.out.flush();
		System.exit(code);
	}

	static int run(final String[] args, final UnaryOperator<Transport> decorate, final PrintStream out,
		final PrintStream err) throws InterruptedException
	{
		if (args.length == 0) return usage(err);
		final String command = args[0].startsWith("--") ? "run" : args[0];
		final Map<String, String> options = new HashMap<>();
		for (int i = args[0].startsWith("--") ? 0 : 1; i < args.length; i += 2) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) return usage(err);
			if (options.put(args[i].substring(2), args[i + 1]) != null) return usage(err);
		}
		try {
			switch (command) {
				case "keygen": {
					final PartyCredentials creds = PartyCredentials.generate(need(options, "name"), password(options),
						SecureRandoms.forThisThread());
					creds.save(path(options, "keystore"), path(options, "cert"));
					out.println("fingerprint: " + creds.fingerprint());
					return 0;
				}
				case "new-session": {
					final java.util.List<NetworkSession.Node> nodes = new java.util.ArrayList<>();
					for (int n = 0; options.containsKey("node" + n); n++) {
						final String[] f = options.get("node" + n).split(",", -1);
						if (f.length != 4) throw new IllegalArgumentException("--node" + n +
							" must be NAME,HOST,PORT,CERT.pem");
						final int port;
						try {
							port = Integer.parseInt(f[2]);
						}
						catch (final NumberFormatException e) {
							throw new IllegalArgumentException("--node" + n + ": bad port " + f[2]);
						}
						nodes.add(new NetworkSession.Node(n, f[0], f[1], port, PartyCredentials.fingerprint(
							PartyCredentials.readPem(Paths.get(f[3])))));
					}
					for (final String key : options.keySet()) {
						if (key.matches("node[0-9]+") && Integer.parseInt(key.substring(4)) >= nodes.size()) {
							throw new IllegalArgumentException("--" + key + " given but not every lower --nodeN");
						}
					}
					if (nodes.size() < 4) throw new IllegalArgumentException(
						"need --node0 (the researcher) and --node1..--nodeK for k >= 3 labs");
					final NetworkSession session = NetworkSession.create(org.medcrypt.securesum.Protocol.valueOf(
						options.getOrDefault("protocol", "ADDITIVE_SHARING")), Integer.parseInt(need(options, "width")),
						new BigInteger(need(options, "bound")), java.time.Duration.ofMillis(Long.parseLong(options
							.getOrDefault("hop-timeout-ms", "30000"))), java.time.Duration.ofMillis(Long.parseLong(options
								.getOrDefault("connect-timeout-ms", "120000"))), nodes, SecureRandoms.forThisThread());
					session.write(path(options, "out"));
					out.println("session " + String.format("%016x", session.sum().id()) + " written, check value " +
						session.digest());
					return 0;
				}
				case "fingerprint":
					out.println("fingerprint: " + PartyCredentials.fingerprint(PartyCredentials.readPem(path(options,
						"cert"))));
					return 0;
				case "run": {
					final NetworkSession session = NetworkSession.read(path(options, "session"));
					final PartyCredentials creds = PartyCredentials.load(path(options, "keystore"), password(options));
					final String input = options.get("input");
					out.println("session " + String.format("%016x", session.sum().id()) + ", check value " + session
						.digest() + ", " + session.sum().protocol() + ", " + session.sum().domain());
					try {
						final java.math.BigInteger[] result = NetworkParty.run(session, need(options, "name"), creds,
							input == null ? null : parse(input), err::println, decorate);
						final StringBuilder s = new StringBuilder();
						for (final BigInteger v : result) s.append(s.length() == 0 ? "" : ",").append(v);
						out.println("result: " + s);
						return 0;
					}
					catch (final SecureSumAbortedException e) {
						err.println(NetworkParty.explain(session, e));
						out.println("aborted: culprit=" + e.culprit() + " step=" + e.step());
						return 1;
					}
				}
				default:
					return usage(err);
			}
		}
		catch (final MedCryptException | IOException | GeneralSecurityException | IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			return 1;
		}
	}

	private static BigInteger[] parse(final String csv) {
		final String[] parts = csv.split(",");
		final BigInteger[] values = new BigInteger[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				values[i] = new BigInteger(parts[i].trim());
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("--input: '" + parts[i] + "' is not an integer");
			}
		}
		return values;
	}

	private static String need(final Map<String, String> options, final String key) {
		final String v = options.get(key);
		if (v == null) throw new IllegalArgumentException("missing --" + key);
		return v;
	}

	private static Path path(final Map<String, String> options, final String key) {
		return Paths.get(need(options, key));
	}

	private static char[] password(final Map<String, String> options) {
		final String var = need(options, "password-env");
		final String value = System.getenv(var);
		if (value == null || value.isEmpty()) throw new IllegalArgumentException("environment variable " + var +
			" (the keystore password) is not set");
		return value.toCharArray();
	}

	private static int usage(final PrintStream err) {
		err.println("usage:\n  PartyMain keygen --name NAME --keystore FILE.p12 --cert FILE.pem --password-env VAR\n" +
			"  PartyMain fingerprint --cert FILE.pem\n" +
			"  PartyMain new-session --out FILE [--protocol P] --width W --bound B [--hop-timeout-ms T]\n" +
			"      [--connect-timeout-ms T] --node0 NAME,HOST,PORT,CERT.pem --node1 ... (node0 = researcher)\n" +
			"  PartyMain [run] --session FILE --keystore FILE.p12 --password-env VAR --name NAME [--input v1,v2,...]");
		return 2;
	}
}
