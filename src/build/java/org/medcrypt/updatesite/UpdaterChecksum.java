package org.medcrypt.updatesite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The checksum the ImageJ updater records for a file in {@code db.xml.gz} and
 * compares with the installed copy. If ours differed, every user would see the
 * MedCrypt jar as "locally modified" instead of "up to date".
 * <p>
 * Derived from reading imagej-updater (github.com/imagej/imagej-updater, commit
 * ea5f12ef9d3c of 2025-11-11): {@code UpdaterUtil.getDigest},
 * {@code getJarDigest}, {@code FilterManifest}, {@code SkipHashedLines}. What
 * it does:
 * <ul>
 * <li>Always SHA-1, written as lower-case hex.</li>
 * <li>A file whose path does not end in {@code .jar}: SHA-1 of the path
 * relative to the Fiji root (ASCII, e.g. {@code macros/x.ijm}) followed by the
 * bytes of the file.</li>
 * <li>A {@code .jar}: the path is <em>not</em> hashed. The entries (directories
 * included) are sorted by {@link String#compareTo} of their names; for each,
 * the name (ASCII; non-ASCII characters become {@code '?'}) and then its
 * content are hashed, with two exceptions below. Entry order, time stamps and
 * compression in the zip do not matter.</li>
 * <li>{@code META-INF/MANIFEST.MF} (exact, case-sensitive name): its name is
 * hashed, its content contributes nothing. The updater's current variant asks
 * {@code FilterManifest} to keep only {@code Main-Class:} lines, but compares
 * the upper-cased line with the mixed-case prefix {@code "Main-Class:"}, which
 * never matches; so no line survives. A jar with and without a manifest
 * differ, two manifests never do.</li>
 * <li>Entries whose name ends in {@code .properties} lose comment lines (the
 * date {@code java.util.Properties} writes into pom.properties), with the exact
 * quirks of {@code SkipHashedLines}, see {@link #stripPropertiesComments}.</li>
 * </ul>
 * The updater records this variant, {@code getJarDigest(file, true, true,
 * true)}, as the current checksum when it uploads. {@code getObsoleteDigests}
 * also accepts three older variants for installed files (manifest filtered by
 * a skip list of build headers; manifest hashed raw; everything raw); we never
 * write those.
 * <p>
 * Checked against the updater's own classes, compiled from that commit: same
 * checksums for the bcprov, ij, imglib2, scijava-common and junit jars, and the
 * same .properties filtering on 200,000 random inputs.
 */
public final class UpdaterChecksum {

	/** The one manifest name the updater treats specially (exact match). */
	static final String MANIFEST = "META-INF/MANIFEST.MF";

	private UpdaterChecksum() {}

	/**
	 * Checksum of {@code file} as installed at {@code path} (relative to the Fiji
	 * root, forward slashes): a jar digest for {@code *.jar}, else path + bytes.
	 */
	public static String of(final String path, final Path file) throws IOException {
		if (path.endsWith(".jar")) return ofJar(file);
		final MessageDigest sha1 = sha1();
		sha1.update(path.getBytes(StandardCharsets.US_ASCII));
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] buffer = new byte[1 << 16];
			for (int n; (n = in.read(buffer)) > 0;)
				sha1.update(buffer, 0, n);
		}
		return hex(sha1.digest());
	}

	/** The updater's current checksum of a jar (see the class comment). */
	public static String ofJar(final Path jar) throws IOException {
		final MessageDigest sha1 = sha1();
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			final List<? extends ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
			// Stable sort, as the updater's: duplicate names keep their zip order.
			entries.sort(Comparator.comparing(ZipEntry::getName));
			for (final ZipEntry entry : entries) {
				final String name = entry.getName();
				sha1.update(name.getBytes(StandardCharsets.US_ASCII));
				if (name.equals(MANIFEST)) continue; // content never counts, see above
				final byte[] content;
				try (InputStream in = zip.getInputStream(entry)) {
					content = in.readAllBytes();
				}
				sha1.update(name.endsWith(".properties") ? stripPropertiesComments(content) : content);
			}
		}
		return hex(sha1.digest());
	}

	/**
	 * The bytes of a {@code .properties} entry as the updater hashes them. A line
	 * starting with {@code '#'} is dropped but its {@code '\n'} is kept (so it
	 * becomes an empty line); {@code "\r\n"} endings lose the {@code '\r'} with
	 * the comment. Two quirks of the updater's stream filter are reproduced
	 * because they change the checksum: after an empty line, and after a comment
	 * consisting of {@code '#'} characters only, the next line is <em>not</em>
	 * considered to start a line, so a {@code '#'} there is kept.
	 */
	static byte[] stripPropertiesComments(final byte[] in) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
		boolean atLineStart = true;
		int i = 0;
		while (i < in.length) {
			final byte b = in[i++];
			if (!atLineStart) {
				out.write(b);
				if (b == '\n') atLineStart = true;
			}
			else if (b != '#') {
				// Also for b == '\n': the filter leaves "line start" on any byte but '#'.
				out.write(b);
				atLineStart = false;
			}
			else {
				// Comment: skip to the end of line. The filter reads nested '#' while still
				// "at line start"; the first other byte clears that, and only a '\n' read
				// after it sets it again.
				boolean onlyHashes = true;
				while (i < in.length && in[i] != '\n') {
					if (in[i] != '#') onlyHashes = false;
					i++;
				}
				if (i == in.length) break; // comment at end of file: nothing more
				i++;
				out.write('\n');
				atLineStart = !onlyHashes;
			}
		}
		return out.toByteArray();
	}

	static String hex(final byte[] bytes) {
		final StringBuilder sb = new StringBuilder(bytes.length * 2);
		for (final byte b : bytes)
			sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
		return sb.toString();
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime must provide SHA-1", e);
		}
	}
}
