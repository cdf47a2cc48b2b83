package org.medcrypt.updatesite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.io.AtomicFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The update site must ship MedCrypt's own jar only: a jar that Fiji 2.18 already
 * ships (Bouncy Castle, scijava-*, imglib2*, ij, ...) would be taken by the
 * updater for Fiji's own (same version-stripped name) and override it (issue 11:
 * {@code jars/bcprov-jdk18on-1.81.jar} overrode Fiji's bcprov 1.78.1).
 * <p>
 * The site is normally written at {@code package}; here it is generated at test
 * time exactly as the build does it: the {@code update-site} execution's
 * arguments are read from {@code pom.xml}, its properties resolved (the plugin jar
 * is built from the compiled classes into a temporary folder), and
 * {@link UpdateSiteBuilder#main} runs on them. Then the generated {@code db.xml.gz},
 * the files under {@code jars/} and {@code plugins/}, and the classes inside each
 * shipped jar are checked against the list in {@code fiji-2.18-shipped.txt}
 * (kept as data, with its source).
 */
class FijiShippedJarsTest {

	private static final Path POM = Paths.get("pom.xml");
	private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)\\}");

	private static final List<Pattern> SHIPPED_JARS = new ArrayList<>();
	private static final List<String> SHIPPED_PACKAGES = new ArrayList<>();

	@TempDir
	Path tmp;

	@BeforeAll
	static void readFijiList() throws IOException {
		try (InputStream in = FijiShippedJarsTest.class.getResourceAsStream("fiji-2.18-shipped.txt")) {
			for (final String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				final String line = raw.trim();
				if (line.isEmpty() || line.startsWith("#")) continue;
				final String[] f = line.split("\\s+");
				if (f[0].equals("jar")) SHIPPED_JARS.add(Pattern.compile(Stream.of(f[1].split("\\*", -1)).map(
					Pattern::quote).collect(Collectors.joining(".*"))));
				else if (f[0].equals("package")) SHIPPED_PACKAGES.add(f[1]);
				else throw new IOException("bad line in fiji-2.18-shipped.txt: " + line);
			}
		}
		assertTrue(SHIPPED_JARS.size() >= 10 && SHIPPED_PACKAGES.contains("org/bouncycastle/"));
	}

	/** The site the build writes ships the plugin jar alone, and nothing Fiji has (in name or inside). */
	@Test
	void generatedSiteShipsNothingFijiShips() throws Exception {
		final Path site = generateAsTheBuildDoes();
		final List<String> shipped = shippedFiles(site);
		assertEquals(List.of("plugins/MedCrypt_-" + pomValue("version") + ".jar"), shipped,
			"the site ships MedCrypt's own jar only");
		assertEquals(List.of(), violations(site), "the site ships what Fiji 2.18 already has");
		// The plugin itself still works against Fiji's Bouncy Castle: its classes use it, unbundled.
		try (ZipFile jar = new ZipFile(uploaded(site, shipped.get(0)).toFile())) {
			assertTrue(jar.getEntry("org/medcrypt/paillier/SeededRandomness.class") != null);
		}
	}

	/** The check itself catches the override issue 11 found, and classes bundled inside a jar. */
	@Test
	void checkCatchesBouncyCastleOnTheSite() throws Exception {
		final Path site = tmp.resolve("bad-site");
		final UpdateSiteBuilder builder = new UpdateSiteBuilder(site).timestamp("20261121161249");
		final String lib = builder.addLibrary(TestJars.write(tmp.resolve("in/bcprov-jdk18on-1.81.jar"), TestJars
			.entries("org/bouncycastle/crypto/Digest.class", "x")));
		builder.addPlugin(TestJars.write(tmp.resolve("in/MedCrypt_-0.1.0.jar"), TestJars.entries(
			"org/medcrypt/A.class", "a", "org/bouncycastle/util/Arrays.class", "shaded")), "test", List.of(lib));
		builder.build();
		final List<String> v = violations(site);
		assertTrue(v.contains("db.xml.gz lists jars/bcprov-jdk18on-1.81.jar (Fiji's jars/bcprov-jdk18on.jar)"), v
			.toString());
		assertTrue(v.contains("jars/bcprov-jdk18on-1.81.jar-20261121161249 is on the site"), v.toString());
		assertTrue(v.contains("plugins/MedCrypt_-0.1.0.jar bundles org/bouncycastle/util/Arrays.class"), v
			.toString());
	}

	/** Everything wrong with a site: Fiji's jars in db.xml.gz or on disk, Fiji's classes inside a shipped jar. */
	private static List<String> violations(final Path site) throws IOException {
		final List<String> found = new ArrayList<>();
		for (final String path : shippedFiles(site)) {
			final String key = UpdateSiteBuilder.key(path);
			if (fijiShips(key)) found.add("db.xml.gz lists " + path + " (Fiji's " + key + ")");
			if (path.endsWith(".jar")) {
				try (ZipFile jar = new ZipFile(uploaded(site, path).toFile())) {
					for (final Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements();) {
						final String name = e.nextElement().getName();
						if (name.endsWith(".class") && SHIPPED_PACKAGES.stream().anyMatch(name::startsWith)) {
							found.add(path + " bundles " + name);
						}
					}
				}
			}
		}
		try (Stream<Path> files = Files.walk(site)) {
			for (final Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
				final String rel = site.relativize(f).toString().replace(File.separatorChar, '/');
				final String path = rel.replaceFirst("-\\d{14}$", "");
				if (!path.equals(rel) && fijiShips(UpdateSiteBuilder.key(path))) found.add(rel + " is on the site");
			}
		}
		return found;
	}

	private static boolean fijiShips(final String key) {
		return SHIPPED_JARS.stream().anyMatch(p -> p.matcher(key).matches());
	}

	/** The file names db.xml.gz records, in order. */
	private static List<String> shippedFiles(final Path site) throws IOException {
		final List<String> paths = new ArrayList<>();
		for (final Element plugin : UpdateSiteBuilder.children(UpdateSiteBuilder.read(site.resolve(
			UpdateSiteBuilder.DB)).getDocumentElement(), "plugin"))
		{
			paths.add(plugin.getAttribute("filename"));
		}
		return paths;
	}

	/** The uploaded copy of a recorded file, with its timestamp from db.xml.gz. */
	private static Path uploaded(final Path site, final String path) throws IOException {
		for (final Element plugin : UpdateSiteBuilder.children(UpdateSiteBuilder.read(site.resolve(
			UpdateSiteBuilder.DB)).getDocumentElement(), "plugin"))
		{
			if (plugin.getAttribute("filename").equals(path)) {
				final Path file = site.resolve(path + "-" + UpdateSiteBuilder.children(plugin, "version").get(0)
					.getAttribute("timestamp"));
				assertTrue(Files.isRegularFile(file), file + " recorded but missing");
				return file;
			}
		}
		throw new AssertionError(path + " not recorded");
	}

	/**
	 * Runs the builder with the arguments of the pom's {@code update-site}
	 * execution: {@code project.basedir} is a temporary folder, the plugin jar is
	 * built from the compiled classes, {@code ${group:artifact:jar}} (the
	 * dependency plugin's paths) resolve to the jar on the test classpath.
	 */
	private Path generateAsTheBuildDoes() throws Exception {
		final Element execution = updateSiteExecution();
		final Path basedir = tmp.resolve("project");
		final Path target = basedir.resolve("target");
		final String finalName = pomValue("artifactId") + "-" + pomValue("version");
		jarOfClasses(target.resolve(finalName + ".jar"));
		final List<String> args = new ArrayList<>();
		for (final Element a : descendants(execution, "argument")) {
			final Matcher m = PROPERTY.matcher(a.getTextContent().trim());
			final StringBuilder arg = new StringBuilder();
			while (m.find()) {
				final String name = m.group(1);
				final String value;
				if (name.equals("project.basedir")) value = basedir.toString();
				else if (name.equals("project.build.directory")) value = target.toString();
				else if (name.equals("project.build.finalName")) value = finalName;
				else if (name.equals("project.description")) value = pomValue("description");
				else if (name.matches("[^:]+:[^:]+:jar")) value = classpathJar(name);
				else throw new AssertionError("the test cannot resolve ${" + name + "} in the update-site execution");
				m.appendReplacement(arg, Matcher.quoteReplacement(value));
			}
			m.appendTail(arg);
			args.add(arg.toString());
		}
		assertFalse(args.isEmpty());
		UpdateSiteBuilder.main(args.toArray(new String[0]));
		return basedir.resolve("update-site");
	}

	private static Element updateSiteExecution() throws Exception {
		for (final Element e : descendants(pom().getDocumentElement(), "execution")) {
			final List<Element> ids = UpdateSiteBuilder.children(e, "id");
			if (!ids.isEmpty() && ids.get(0).getTextContent().trim().equals("update-site")) return e;
		}
		throw new AssertionError("pom.xml has no update-site execution");
	}

	/** A top-level element of the pom (version, artifactId, description). */
	private static String pomValue(final String name) throws Exception {
		return UpdateSiteBuilder.children(pom().getDocumentElement(), name).get(0).getTextContent().trim();
	}

	private static Document pom() throws Exception {
		final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
		f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
		return f.newDocumentBuilder().parse(POM.toFile());
	}

	private static List<Element> descendants(final Element root, final String name) {
		final List<Element> result = new ArrayList<>();
		for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (!(n instanceof Element)) continue;
			if (name.equals(n.getNodeName())) result.add((Element) n);
			result.addAll(descendants((Element) n, name));
		}
		return result;
	}

	/** The jar of {@code group:artifact} on this test's class path. */
	private static String classpathJar(final String gav) {
		final String[] f = gav.split(":");
		final String dir = File.separator + f[0].replace('.', File.separatorChar) + File.separator + f[1] +
			File.separator;
		for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (entry.contains(dir) && entry.endsWith(".jar")) return entry;
		}
		throw new AssertionError(gav + " is not on the test class path");
	}

	/** The plugin jar as maven-jar-plugin makes it: the main classes folder, zipped. */
	private static void jarOfClasses(final Path jar) throws IOException, URISyntaxException {
		final Path classes = Paths.get(AtomicFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		assertTrue(Files.isDirectory(classes.resolve("org/medcrypt")), classes + " is not the classes folder");
		Files.createDirectories(jar.getParent());
		try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out);
			Stream<Path> files = Files.walk(classes))
		{
			for (final Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
				zip.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
				Files.copy(f, zip);
				zip.closeEntry();
			}
		}
	}
}
