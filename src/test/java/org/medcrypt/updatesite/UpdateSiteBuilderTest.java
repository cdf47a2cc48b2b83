package org.medcrypt.updatesite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class UpdateSiteBuilderTest {

	private static final String T1 = "20261121120000", T2 = "20261121130000";

	@TempDir
	Path tmp;

	private Path plugin(final String version, final String classContent) throws IOException {
		return TestJars.write(tmp.resolve("in/Test_Plugin-" + version + ".jar"), TestJars.entries(
			"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Version: " + version + "\n",
			"org/medcrypt/Cmd.class", classContent));
	}

	private Path library() throws IOException {
		return TestJars.write(tmp.resolve("in/testlib-2.0.jar"), TestJars.entries(
			"lib/", "", "lib/L.class", "library bytes"));
	}

	private List<String> build(final Path site, final String timestamp, final Path plugin, final Path lib)
		throws IOException
	{
		final UpdateSiteBuilder builder = new UpdateSiteBuilder(site).timestamp(timestamp);
		final String libPath = builder.addLibrary(lib);
		builder.addPlugin(plugin, "Test plugin", List.of(libPath));
		return builder.build();
	}

	/** Record per file name, parsed back from the gzipped XML. */
	private static Map<String, Element> records(final Path site) throws IOException {
		final Map<String, Element> map = new HashMap<>();
		for (final Element p : UpdateSiteBuilder.children(UpdateSiteBuilder.read(site.resolve("db.xml.gz"))
			.getDocumentElement(), "plugin"))
		{
			map.put(p.getAttribute("filename"), p);
		}
		return map;
	}

	private static Element version(final Element plugin) {
		return UpdateSiteBuilder.children(plugin, "version").get(0);
	}

	@Test
	void roundTrip() throws Exception {
		final Path site = tmp.resolve("site");
		final Path plugin = plugin("1.0.0", "v1"), lib = library();
		build(site, T1, plugin, lib);

		final Map<String, Element> records = records(site);
		assertEquals(2, records.size());
		final Map<String, Path> sources = Map.of("plugins/Test_Plugin-1.0.0.jar", plugin,
			"jars/testlib-2.0.jar", lib);
		for (final Map.Entry<String, Path> e : sources.entrySet()) {
			final Element version = version(records.get(e.getKey()));
			assertEquals(T1, version.getAttribute("timestamp"));
			final Path uploaded = site.resolve(e.getKey() + "-" + T1);
			assertTrue(Files.isRegularFile(uploaded), uploaded + " missing");
			assertEquals(Files.size(uploaded), Long.parseLong(version.getAttribute("filesize")));
			assertEquals(UpdaterChecksum.of(e.getKey(), uploaded), version.getAttribute("checksum"));
			assertTrue(java.util.Arrays.equals(Files.readAllBytes(e.getValue()), Files.readAllBytes(uploaded)),
				"uploaded unmodified");
		}

		final Element pluginVersion = version(records.get("plugins/Test_Plugin-1.0.0.jar"));
		assertEquals("Test plugin", UpdateSiteBuilder.children(pluginVersion, "description").get(0)
			.getTextContent());
		final List<Element> deps = UpdateSiteBuilder.children(pluginVersion, "dependency");
		assertEquals(1, deps.size());
		assertEquals("jars/testlib-2.0.jar", deps.get(0).getAttribute("filename"));
		assertEquals(T1, deps.get(0).getAttribute("timestamp"));
	}

	@Test
	void rebuildKeepsHistory() throws Exception {
		final Path site = tmp.resolve("site");
		final Path lib = library();
		build(site, T1, plugin("1.0.0", "v1"), lib);
		final String oldChecksum = version(records(site).get("plugins/Test_Plugin-1.0.0.jar")).getAttribute("checksum");

		// Same content, rebuilt: nothing new on the site.
		build(site, T2, plugin("1.0.0", "v1"), lib);
		assertEquals(T1, version(records(site).get("plugins/Test_Plugin-1.0.0.jar")).getAttribute("timestamp"));
		assertTrue(Files.notExists(site.resolve("plugins/Test_Plugin-1.0.0.jar-" + T2)));

		// New plugin version: new record version, the old one kept as previous-version.
		final String t3 = "20261121140000";
		build(site, t3, plugin("1.1.0", "v2"), lib);
		final Map<String, Element> records = records(site);
		assertEquals(2, records.size(), "keyed by unversioned name: one record per file");
		final Element plugin = records.get("plugins/Test_Plugin-1.1.0.jar");
		assertEquals(t3, version(plugin).getAttribute("timestamp"));
		final List<Element> previous = UpdateSiteBuilder.children(plugin, "previous-version");
		assertEquals(1, previous.size());
		assertEquals(T1, previous.get(0).getAttribute("timestamp"));
		assertEquals(oldChecksum, previous.get(0).getAttribute("checksum"));
		assertEquals("plugins/Test_Plugin-1.0.0.jar", previous.get(0).getAttribute("filename"));
		assertTrue(Files.isRegularFile(site.resolve("plugins/Test_Plugin-1.1.0.jar-" + t3)));
		assertTrue(Files.isRegularFile(site.resolve("plugins/Test_Plugin-1.0.0.jar-" + T1)), "old upload stays");

		// The unchanged library keeps its timestamp, and the dependency points at it.
		assertEquals(T1, version(records.get("jars/testlib-2.0.jar")).getAttribute("timestamp"));
		assertEquals(T1, UpdateSiteBuilder.children(version(plugin), "dependency").get(0).getAttribute("timestamp"));
	}

	@Test
	void changedFileNeedsLaterTimestamp() throws Exception {
		final Path site = tmp.resolve("site");
		build(site, T2, plugin("1.0.0", "v1"), library());
		assertThrows(IOException.class, () -> build(site, T1, plugin("1.0.0", "v2"), library()));
	}
}
