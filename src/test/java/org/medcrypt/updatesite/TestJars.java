package org.medcrypt.updatesite;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes small jars with entries in exactly the order given (names ending in '/' are directories). */
final class TestJars {

	private TestJars() {}

	static Map<String, String> entries(final String... namesAndContents) {
		final Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < namesAndContents.length; i += 2)
			map.put(namesAndContents[i], namesAndContents[i + 1]);
		return map;
	}

	static Path write(final Path jar, final Map<String, String> entries) throws IOException {
		Files.createDirectories(jar.getParent());
		try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
			for (final Map.Entry<String, String> e : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		return jar;
	}
}
