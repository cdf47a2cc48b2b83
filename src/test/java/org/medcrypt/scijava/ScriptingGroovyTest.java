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

	/** The service's errors reach the script as the precise exception: a wrong private key stops it, named. */
	@Test
	void wrongKeyStopsTheScriptWithWrongKeyException() throws Exception {
		final ImagePlus crop = ImageFiles.open(crop("FatMRISlice.png", 110, 110, "mri.tif").toPath());
		final File out = tmp.resolve("mri.mcimg").toFile();
		final String error = runFailing("Paillier_Encrypt_Decrypt.groovy", "imp", crop, "publicKey", TestKeyFiles
			.paillier("test-a")[0].toFile(), "privateKey", TestKeyFiles.paillier("test-b")[1].toFile(), "encryptedFile",
			out);
		assertTrue(error.startsWith("org.medcrypt.io.WrongKeyException: " + out + " was encrypted for key "), error);
	}

	/** An ImgLib2 image in, the same pixels out; the wrong key is refused. */
	@Test
	void serviceEncryptsAnImgLib2Image() throws Exception {
		final ImagePlus mr = ImageFiles.open(IMAGES.resolve("MR_small.dcm")); // 16-bit
		final net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.integer.UnsignedShortType, ?> img = net.imglib2
			.img.array.ArrayImgs.unsignedShorts((short[]) mr.getProcessor().getPixels(), mr.getWidth(), mr.getHeight());
		final MedCryptService medcrypt = context.service(MedCryptService.class);
		final File out = tmp.resolve("img.mcimg").toFile();
		final Path[] key = TestKeyFiles.paillier("test-a");
		medcrypt.paillierEncrypt(img, key[0].toFile(), out, 1);
		assertSamePixels(mr, medcrypt.paillierDecryptImg(out, key[1].toFile()));
		org.junit.jupiter.api.Assertions.assertThrows(org.medcrypt.io.WrongKeyException.class, () -> medcrypt
			.paillierDecrypt(out, TestKeyFiles.paillier("test-b")[1].toFile()));
	}

	@Test
	void retrieval() throws Exception {
		// Two 8-bit 32x32 crops of real images: the MRI slice and the fundus photograph.
		final File a = crop("FatMRISlice.png", 100, 100, "mri-centre.tif");
		final File c = crop("microaneurysms.png", 30, 30, "fundus.tif");
		final ImagePlus query = ImageFiles.open(a.toPath());
		final Path store = tmp.resolve("store");
		final ScriptModule m = run("Encrypted_Retrieval.groovy", "store", store.toFile(), "privateKey", TestKeyFiles
			.paillier("test-a")[1].toFile(), "images", new File[] { c, a }, "query", query, "d", 3);
		final String[] ranking = ((String) m.getOutput("ranking")).split("\n");
		assertEquals(2, ranking.length);
		assertTrue(ranking[0].startsWith("1\tmri-centre.tif\tmri-centre"), ranking[0]); // the image itself first
		assertNotNull(m.getOutput("montage"));
		assertTrue(ranking[1].startsWith("2\tfundus.tif\tfundus"), ranking[1]);
		// The script removed the first entry (the fundus crop, added as an ImgLib2 image): one remains.
		try (Stream<String> index = Files.lines(store.resolve("index.tsv"))) {
			final String text = index.collect(Collectors.joining("\n"));
			assertTrue(text.contains("mri-centre.tif") && !text.contains("fundus.tif"), text);
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
		final StringWriter errors = new StringWriter();
		final ScriptModule done = execute(script, errors, namesAndValues);
		assertEquals("", errors.toString(), script + " failed");
		assertTrue(done.getInput("medcrypt") instanceof MedCryptService, "the service was injected");
		for (final ModuleItem<?> item : done.getInfo().inputs()) {
			assertNotNull(done.getInput(item.getName()), script + ": input " + item.getName() + " not filled");
		}
		return done;
	}

	/** Runs a script that must fail; returns the first line of its error. */
	private static String runFailing(final String script, final Object... namesAndValues) throws Exception {
		final StringWriter errors = new StringWriter();
		execute(script, errors, namesAndValues);
		assertTrue(!errors.toString().isEmpty(), script + " was expected to fail");
		return errors.toString().split("\\R")[0];
	}

	/** The module of {@code scripts/<script>}, run with the inputs given, what it threw written to {@code errors}. */
	private static ScriptModule execute(final String script, final StringWriter errors, final Object... namesAndValues)
		throws Exception
	{
		final ScriptModule module = (ScriptModule) new ScriptInfo(context, SCRIPTS.resolve(script).toFile())
			.createModule();
		context.inject(module);
		module.setErrorWriter(errors);
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) inputs.put((String) namesAndValues[i], namesAndValues[i + 1]);
		return (ScriptModule) context.service(ModuleService.class).run(module, true, inputs).get();
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
