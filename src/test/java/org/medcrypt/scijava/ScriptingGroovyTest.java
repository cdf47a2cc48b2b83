package org.medcrypt.scijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcrypt.groundtruth.StudySession;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.keys.PartyCredentialFiles;
import org.medcrypt.securesum.net.NetworkSession;
import org.medcrypt.testing.TestKeyFiles;
import org.medcrypt.tls.PartyCredentials;
import org.medcrypt.transfer.SecureTransfer;
import org.scijava.Context;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptInfo;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

/**
 * Runs every example script in {@code scripts/} as Fiji runs a Groovy script,
 * on real images from {@code test-images/} with the committed test keys.
 * <p>
 * What is Fiji's own code here: scijava-common's {@link ScriptInfo} parses the
 * {@code #@} parameter lines (and blanks them before evaluation),
 * {@link ScriptService#lookupClass} resolves their types (service names such as
 * {@code MedCryptService} through its aliases), the module preprocessors inject
 * the {@link MedCryptService} of the context, and {@link ScriptModule} binds the
 * inputs, evaluates and reads the outputs. What is emulated: Fiji's Groovy
 * language plugin (scripting-groovy, not on Maven Central) is replaced by
 * scijava-common's {@link AdaptedScriptLanguage} over Groovy's own JSR-223
 * engine (groovy-jsr223, Fiji's Groovy version); the {@code ImagePlus} alias is
 * added as imagej-legacy's {@code IJ1Helper.addAliases} adds it in Fiji; the
 * inputs a Fiji user would pick in the dialog are given by the test.
 */
class ScriptingGroovyTest {

	private static final Path SCRIPTS = Paths.get("scripts"), IMAGES = Paths.get("test-images");

	private static Context context;

	@TempDir
	Path tmp;

	@BeforeAll
	static void fiji() {
		context = new Context();
		final ScriptService scripts = context.service(ScriptService.class);
		scripts.getIndex().add(new AdaptedScriptLanguage("groovy"));
		scripts.addAlias(ImagePlus.class);
	}

	@AfterAll
	static void close() {
		context.dispose();
	}

	/** Every script in scripts/ is one of the tested ones: a new script needs its test here. */
	@Test
	void everyScriptIsTested() throws Exception {
		try (Stream<Path> files = Files.list(SCRIPTS)) {
			assertEquals(List.of("Collaboration_Session.groovy", "Encrypted_Retrieval.groovy",
				"Paillier_Encrypt_Decrypt.groovy", "Secure_Transfer.groovy", "Study_Ciphers.groovy"), files.map(
					p -> p.getFileName().toString()).filter(n -> n.endsWith(".groovy")).sorted().collect(Collectors
						.toList()));
		}
	}

	@Test
	void paillier() throws Exception {
		final ImagePlus imp = ImageFiles.open(IMAGES.resolve("MR_small.dcm")); // 64x64, 16-bit
		final Path[] key = TestKeyFiles.paillier("test-a");
		final File out = tmp.resolve("mr.mcimg").toFile();
		final ScriptModule m = run("Paillier_Encrypt_Decrypt.groovy", "imp", imp, "publicKey", key[0].toFile(),
			"privateKey", key[1].toFile(), "encryptedFile", out);
		assertTrue(out.isFile() && out.length() > 0);
		final Img<?> decrypted = (Img<?>) m.getOutput("decrypted");
		assertSamePixels(imp, decrypted);
		assertTrue(((String) m.getOutput("report")).contains("decrypted bit-exact"), (String) m.getOutput("report"));
		assertEquals(imp.getWidth(), ((ImagePlus) m.getOutput("haar")).getWidth());
	}

	@Test
	void retrieval() throws Exception {
		// Three 8-bit 32x32 crops of real images: two of the MRI slice, one of the fundus photograph.
		final File a = crop("FatMRISlice.png", 100, 100, "mri-centre.tif");
		final File b = crop("FatMRISlice.png", 10, 10, "mri-corner.tif");
		final File c = crop("microaneurysms.png", 30, 30, "fundus.tif");
		final ImagePlus query = ImageFiles.open(a.toPath());
		final Path store = tmp.resolve("store");
		final ScriptModule m = run("Encrypted_Retrieval.groovy", "store", store.toFile(), "privateKey", TestKeyFiles
			.paillier("test-a")[1].toFile(), "images", new File[] { c, a, b }, "query", query, "d", 3);
		final String[] ranking = ((String) m.getOutput("ranking")).split("\n");
		assertEquals(3, ranking.length);
		assertTrue(ranking[0].startsWith("1\tmri-centre.tif\tmri-centre"), ranking[0]); // the image itself first
		assertNotNull(m.getOutput("montage"));
		// The script removed the first entry (the fundus crop, added as an ImgLib2 image): two remain.
		try (Stream<String> index = Files.lines(store.resolve("index.tsv"))) {
			final String text = index.collect(Collectors.joining("\n"));
			assertTrue(text.contains("mri-centre.tif") && text.contains("mri-corner.tif") && !text.contains(
				"fundus.tif"), text);
		}
	}

	@Test
	void transfer() throws Exception {
		final ImagePlus imp = ImageFiles.open(IMAGES.resolve("MR_small.dcm"));
		final Path[] sender = TestKeyFiles.rsa("rsa-a"), recipient = TestKeyFiles.rsa("rsa-b");
		final ScriptModule m = run("Secure_Transfer.groovy", "imp", imp, "senderKey", sender[0].toFile(),
			"recipientPublic", recipient[1].toFile(), "recipientKey", recipient[0].toFile(), "senderPublic", sender[1]
				.toFile());
		final ImagePlus received = (ImagePlus) m.getOutput("received");
		assertEquals(SecureTransfer.digest(org.medcrypt.ij.ImagePlusImgs.planes(imp)), SecureTransfer.digest(
			org.medcrypt.ij.ImagePlusImgs.planes(received)));
		final String report = (String) m.getOutput("report");
		assertTrue(report.contains("; bit-exact; tampered copy: AuthenticationFailedException"), report);
	}

	@Test
	void studyCiphers() throws Exception {
		final ImagePlus imp = ImageFiles.open(IMAGES.resolve("microaneurysms.png")); // 102x102, 8-bit
		final Path[] sender = TestKeyFiles.rsa("rsa-a"), recipient = TestKeyFiles.rsa("rsa-b");
		final ScriptModule m = run("Study_Ciphers.groovy", "imp", imp, "passphrase", "correct horse battery",
			"senderKey", sender[0].toFile(), "recipientPublic", recipient[1].toFile(), "recipientKey", recipient[0]
				.toFile(), "senderPublic", sender[1].toFile());
		final String report = (String) m.getOutput("report");
		assertTrue(report.startsWith("stream cipher: bit-exact (key checked: true); watermark: key recovered;"),
			report);
		assertTrue(report.contains("AES_ECB=") && report.contains("STREAM="), report);
		assertNotNull(m.getOutput("leakageMontage"));
	}

	@Test
	void collaborationSession() throws Exception {
		final String[] names = { "researcher", "lab-a", "lab-b", "lab-c" };
		final File[] pems = new File[names.length];
		for (int i = 0; i < names.length; i++) {
			final PartyCredentials c = PartyCredentials.generate(names[i], "pw".toCharArray(), new java.security
				.SecureRandom());
			pems[i] = tmp.resolve(names[i] + ".pem").toFile();
			Files.writeString(pems[i].toPath(), PartyCredentialFiles.pem(c.certificate()), StandardCharsets.US_ASCII);
		}
		final File session = tmp.resolve("study.session").toFile();
		final ScriptModule m = run("Collaboration_Session.groovy", "certificates", pems, "hosts",
			"localhost,lab-c=10.0.0.9", "firstPort", 47001, "window", 5, "sessionFile", session);
		final NetworkSession read = NetworkSession.read(session.toPath());
		assertEquals(read.digest(), m.getOutput("checkValue"));
		assertEquals(String.format("%016x", read.sum().id()), m.getOutput("sessionId"));
		assertEquals(5, StudySession.of(read).study().window());
		assertEquals("lab-c", read.node(3).name());
		assertEquals("10.0.0.9", read.node(3).host());
		assertEquals(47004, read.node(3).port()); // first port + 3
		assertEquals(org.medcrypt.keys.Fingerprints.of(PartyCredentialFiles.readCertificate(pems[0].toPath())), read
			.node(0).fingerprint());
	}

	/**
	 * Runs a script as Fiji does: parameters parsed by ScriptInfo, services
	 * injected by the preprocessors, the given inputs for the rest. Fails with
	 * the script's error if it threw, and if any declared input was not filled.
	 */
	private static ScriptModule run(final String script, final Object... namesAndValues) throws Exception {
		final ScriptInfo info = new ScriptInfo(context, SCRIPTS.resolve(script).toFile());
		final ScriptModule module = (ScriptModule) info.createModule();
		context.inject(module);
		final StringWriter errors = new StringWriter();
		module.setErrorWriter(errors);
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) inputs.put((String) namesAndValues[i], namesAndValues[i + 1]);
		final ScriptModule done = (ScriptModule) context.service(ModuleService.class).run(module, true, inputs).get();
		assertEquals("", errors.toString(), script + " failed");
		assertTrue(done.getInput("medcrypt") instanceof MedCryptService, "the service was injected");
		for (final ModuleItem<?> item : info.inputs()) {
			assertNotNull(done.getInput(item.getName()), script + ": input " + item.getName() + " not filled");
		}
		return done;
	}

	private File crop(final String image, final int x, final int y, final String name) throws Exception {
		final ImagePlus imp = ImageFiles.open(IMAGES.resolve(image));
		final ImageProcessor ip = imp.getProcessor();
		ip.setRoi(x, y, 32, 32);
		final ImagePlus crop = new ImagePlus(name, ip.crop());
		final Path file = tmp.resolve(name);
		ImageFiles.saveTiff(crop, file);
		return file.toFile();
	}

	private static void assertSamePixels(final ImagePlus imp, final Img<?> img) {
		assertEquals(imp.getWidth(), img.dimension(0));
		assertEquals(imp.getHeight(), img.dimension(1));
		final net.imglib2.Cursor<?> cursor = Views.flatIterable(img).cursor();
		for (int z = 1; z <= imp.getStackSize(); z++) {
			final ImageProcessor ip = imp.getStack().getProcessor(z);
			for (int y = 0; y < imp.getHeight(); y++) {
				for (int x = 0; x < imp.getWidth(); x++) {
					assertEquals(ip.get(x, y), ((IntegerType<?>) cursor.next()).getInteger(), "pixel " + x + "," + y);
				}
			}
		}
	}
}
