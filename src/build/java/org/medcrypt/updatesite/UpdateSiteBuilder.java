package org.medcrypt.updatesite;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.AtomicFiles.IfExists;
import org.scijava.util.FileUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Writes a Fiji update site folder as the ImageJ updater reads it:
 * {@code db.xml.gz} (gzipped {@code <pluginRecords>}) plus every file uploaded
 * as {@code <path>-<yyyyMMddHHmmss>}, e.g.
 * {@code plugins/MedCrypt_-0.1.0.jar-20261121120000}.
 * <p>
 * Rebuilding into the same folder keeps history, which the updater needs: a
 * file whose checksum (and file name) did not change keeps its old timestamp,
 * so users are not offered a pointless update; a changed file gets a new
 * version and its old one is kept as {@code <previous-version>}, without which
 * users who have the old file would see it as "locally modified" rather than
 * "update available". Records are keyed, like the updater keys them, by the
 * file name without its version ({@code jars/bcprov-jdk18on.jar}), so a new
 * library version replaces the old one. Records of files not in this build are
 * left untouched. Only elements the updater defines are written; the DTD that
 * the updater's own writer embeds is omitted (its reader does not validate).
 * <p>
 * Timestamps use the local time zone, as the updater's own
 * {@code UpdaterUtil.timestamp} does.
 */
public final class UpdateSiteBuilder {

	/** Name of the record database in the site folder. */
	public static final String DB = "db.xml.gz";

	/** Elements holding only elements; anything else (description, author) keeps its text. */
	private static final Set<String> CONTAINERS = Set.of("pluginRecords", "plugin", "version");

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

	/** One file to publish at {@code path} (relative to the Fiji root). */
	private static final class Upload {
		final String path;
		final Path source;
		final String description;
		final List<String> dependencies;
		String checksum;
		String timestamp;
		boolean changed;

		Upload(final String path, final Path source, final String description,
			final List<String> dependencies)
		{
			this.path = path;
			this.source = source;
			this.description = description;
			this.dependencies = dependencies;
		}
	}

	private final Path site;
	private final Map<String, Upload> uploads = new LinkedHashMap<>();
	private String timestamp = TIMESTAMP.format(LocalDateTime.now());

	public UpdateSiteBuilder(final Path site) {
		this.site = site;
	}

	/** Uses {@code yyyyMMddHHmmss} for new versions instead of now (reproducible builds, tests). */
	public UpdateSiteBuilder timestamp(final String yyyyMMddHHmmss) {
		if (!yyyyMMddHHmmss.matches("\\d{14}")) {
			throw new IllegalArgumentException("timestamp must be yyyyMMddHHmmss: " + yyyyMMddHHmmss);
		}
		timestamp = yyyyMMddHHmmss;
		return this;
	}

	/** Adds a library, shipped unmodified as {@code jars/<file name>}; returns that path. */
	public String addLibrary(final Path jar) {
		return add("jars/" + jar.getFileName(), jar, null, Collections.emptyList());
	}

	/**
	 * Adds the plugin jar as {@code plugins/<file name>} (the name must contain an
	 * underscore for ImageJ 1.x to scan it), depending on the given site paths.
	 */
	public String addPlugin(final Path jar, final String description, final List<String> dependencies) {
		return add("plugins/" + jar.getFileName(), jar, description, dependencies);
	}

	/** Adds any file at {@code path} relative to the Fiji root. */
	public String add(final String path, final Path source, final String description,
		final List<String> dependencies)
	{
		if (path.startsWith("/") || path.contains("\\") || path.contains("..")) {
			throw new IllegalArgumentException("not a relative Fiji path: " + path);
		}
		if (uploads.putIfAbsent(key(path), new Upload(path, source, description,
			new ArrayList<>(dependencies))) != null)
		{
			throw new IllegalArgumentException("two files would share the record of " + key(path));
		}
		return path;
	}

	/** Writes the uploads, then {@code db.xml.gz}; returns one line per file for the build log. */
	public List<String> build() throws IOException {
		final Path db = site.resolve(DB);
		final Document doc = Files.exists(db) ? read(db) : newDocument();
		final Map<String, Element> records = new LinkedHashMap<>();
		for (final Element plugin : children(doc.getDocumentElement(), "plugin")) {
			records.put(key(plugin.getAttribute("filename")), plugin);
		}

		// First decide every timestamp: dependencies refer to them.
		for (final Upload upload : uploads.values()) {
			upload.checksum = UpdaterChecksum.of(upload.path, upload.source);
			final Element current = current(records.get(key(upload.path)));
			upload.changed = current == null || !current.getAttribute("checksum").equals(upload.checksum) ||
				!records.get(key(upload.path)).getAttribute("filename").equals(upload.path);
			upload.timestamp = upload.changed ? timestamp : current.getAttribute("timestamp");
			if (upload.changed && current != null && timestamp.compareTo(current.getAttribute("timestamp")) <= 0) {
				// Same second as the last build (or a clock going back): the upload name would clash.
				throw new IOException(upload.path + " changed but its previous version is already timestamped " +
					current.getAttribute("timestamp") + "; build again with a later timestamp");
			}
		}

		final List<String> log = new ArrayList<>();
		for (final Upload upload : uploads.values()) {
			upload(upload);
			Element plugin = records.get(key(upload.path));
			if (plugin == null) {
				plugin = doc.createElement("plugin");
				doc.getDocumentElement().appendChild(plugin);
				records.put(key(upload.path), plugin);
			}
			record(doc, plugin, upload, records);
			log.add(String.format("%s-%s (%s, %s)", upload.path, upload.timestamp,
				upload.changed ? "new version" : "unchanged", upload.checksum));
		}
		// Last, like a manual upload: the site never lists a file that is not there yet.
		write(doc, db);
		return log;
	}

	/** Copies the file to its timestamped name unless an identical copy is there. */
	private void upload(final Upload upload) throws IOException {
		final Path target = site.resolve(upload.path + "-" + upload.timestamp);
		if (Files.exists(target)) {
			if (!upload.changed && UpdaterChecksum.of(upload.path, target).equals(upload.checksum)) return;
			throw new IOException(target + " exists with other content; refusing to replace a published file");
		}
		AtomicFiles.write(target, IfExists.FAIL, false, out -> Files.copy(upload.source, out));
	}

	/** Brings one {@code <plugin>} record up to date with {@code upload}. */
	private void record(final Document doc, final Element plugin, final Upload upload,
		final Map<String, Element> records) throws IOException
	{
		Element version = current(plugin);
		if (upload.changed) {
			if (version != null) {
				final Element previous = doc.createElement("previous-version");
				previous.setAttribute("timestamp", version.getAttribute("timestamp"));
				previous.setAttribute("timestamp-obsolete", timestamp);
				previous.setAttribute("checksum", version.getAttribute("checksum"));
				previous.setAttribute("filename", plugin.getAttribute("filename"));
				plugin.appendChild(previous);
			}
			else {
				// DTD order: platform*, category*, version?, previous-version*.
				version = doc.createElement("version");
				plugin.insertBefore(version, children(plugin, "previous-version").stream().findFirst()
					.orElse(null));
			}
			plugin.setAttribute("filename", upload.path);
			version.setAttribute("checksum", upload.checksum);
			version.setAttribute("timestamp", upload.timestamp);
			version.setAttribute("filesize", Long.toString(Files.size(upload.source)));
		}
		// description and dependencies are ours; link and author children (if someone added them) stay.
		for (final Element old : children(version, "description")) version.removeChild(old);
		for (final Element old : children(version, "dependency")) version.removeChild(old);
		final Node firstKept = version.getFirstChild();
		if (upload.description != null) {
			final Element description = doc.createElement("description");
			description.setTextContent(upload.description);
			version.insertBefore(description, firstKept);
		}
		for (final String dependency : upload.dependencies) {
			final Element element = doc.createElement("dependency");
			element.setAttribute("filename", dependency);
			element.setAttribute("timestamp", timestampOf(dependency, records));
			version.insertBefore(element, firstKept);
		}
	}

	private String timestampOf(final String path, final Map<String, Element> records) throws IOException {
		final Upload upload = uploads.get(key(path));
		if (upload != null) return upload.timestamp;
		final Element version = current(records.get(key(path)));
		if (version == null) throw new IOException("dependency " + path + " is neither built nor on the site");
		return version.getAttribute("timestamp");
	}

	/** The updater's record key: the path without version, e.g. {@code jars/bcprov-jdk18on.jar}. */
	static String key(final String path) {
		return FileUtils.stripFilenameVersion(path);
	}

	private static Element current(final Element plugin) {
		if (plugin == null) return null;
		final List<Element> versions = children(plugin, "version");
		return versions.isEmpty() ? null : versions.get(0);
	}

	static List<Element> children(final Element parent, final String name) {
		final List<Element> result = new ArrayList<>();
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element && name.equals(n.getNodeName())) result.add((Element) n);
		}
		return result;
	}

	private static Document newDocument() throws IOException {
		final Document doc = builder().newDocument();
		doc.appendChild(doc.createElement("pluginRecords"));
		return doc;
	}

	static Document read(final Path db) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(db))) {
			final Document doc = builder().parse(in);
			stripWhitespace(doc.getDocumentElement());
			if (!"pluginRecords".equals(doc.getDocumentElement().getNodeName())) {
				throw new IOException(db + " is not an update site database (no <pluginRecords>)");
			}
			return doc;
		}
		catch (final SAXException e) {
			throw new IOException(db + " is not valid XML: " + e.getMessage(), e);
		}
	}

	private static DocumentBuilder builder() throws IOException {
		try {
			final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			// The updater's writer embeds an internal DTD: accept it, but never fetch anything.
			factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
			factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
			factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
			factory.setExpandEntityReferences(false);
			return factory.newDocumentBuilder();
		}
		catch (final ParserConfigurationException e) {
			throw new IOException("no usable XML parser", e);
		}
	}

	/** Drops indentation inside record elements, so re-indenting on write does not pile up blank lines. */
	private static void stripWhitespace(final Element element) {
		for (Node n = element.getFirstChild(); n != null;) {
			final Node next = n.getNextSibling();
			if (n instanceof Element) stripWhitespace((Element) n);
			else if (n.getNodeType() == Node.TEXT_NODE && n.getTextContent().trim().isEmpty() &&
				CONTAINERS.contains(element.getNodeName())) element.removeChild(n);
			n = next;
		}
	}

	private static void write(final Document doc, final Path db) throws IOException {
		// A few kilobytes: serialize in memory, then replace the old database in one step.
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			final Transformer t = TransformerFactory.newInstance().newTransformer();
			t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
			t.setOutputProperty(OutputKeys.INDENT, "yes");
			t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "4");
			t.transform(new DOMSource(doc), new StreamResult(gzip));
		}
		catch (final TransformerException e) {
			throw new IOException("cannot serialize " + db, e);
		}
		AtomicFiles.write(db, IfExists.REPLACE, false, bytes.toByteArray());
	}

	/**
	 * Command line for the build:
	 * {@code --site=DIR --plugin=JAR [--library=JAR]... [--description=TEXT] [--timestamp=yyyyMMddHHmmss]}.
	 * The plugin depends on every library. Throws rather than exits: under
	 * exec:java this runs inside Maven.
	 */
	public static void main(final String[] args) throws IOException {
		String siteDir = null, plugin = null, description = null, ts = null;
		final List<Path> libraries = new ArrayList<>();
		for (final String arg : args) {
			final int eq = arg.indexOf('=');
			final String name = eq < 0 ? arg : arg.substring(0, eq), value = eq < 0 ? "" : arg.substring(eq + 1);
			switch (name) {
				case "--site": siteDir = value; break;
				case "--plugin": plugin = value; break;
				case "--library": libraries.add(Paths.get(value)); break;
				case "--description": description = value; break;
				case "--timestamp": ts = value; break;
				default: throw new IllegalArgumentException("unknown argument " + arg + "; usage: --site=DIR " +
					"--plugin=JAR [--library=JAR]... [--description=TEXT] [--timestamp=yyyyMMddHHmmss]");
			}
		}
		if (siteDir == null || plugin == null) throw new IllegalArgumentException("--site and --plugin are required");
		final UpdateSiteBuilder builder = new UpdateSiteBuilder(Paths.get(siteDir));
		if (ts != null && !ts.isEmpty()) builder.timestamp(ts);
		final List<String> dependencies = new ArrayList<>();
		for (final Path library : libraries) dependencies.add(builder.addLibrary(library));
		builder.addPlugin(Paths.get(plugin), description, dependencies);
		for (final String line : builder.build()) System.out.println("[update-site] " + line);
		System.out.println("[update-site] wrote " + Paths.get(siteDir).resolve(DB).toAbsolutePath());
	}
}
