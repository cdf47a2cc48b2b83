package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

import ij.IJ;
import org.junit.jupiter.api.Test;
import org.medcrypt.groundtruth.StudySession;
import org.medcrypt.ij.ImagePlusImgs;
import org.medcrypt.io.Progress;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.keys.PartyCredentialFiles;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.net.NetworkSession;
import org.medcrypt.testing.TestKeyFiles;
import org.medcrypt.tls.PartyCredentials;

/**
 * The commands that until issue 11 existed only on the command line, run through
 * their shipped macros as Fiji runs them: Encrypted Database List and Remove
 * ({@code store-list}, {@code store-remove}) on a store holding two crops of a
 * real MRI slice, and Create Session File ({@code party new-session}) from four
 * parties' certificates.
 */
class StoreAndSessionMacrosTest extends ShippedMacroTest {

	StoreAndSessionMacrosTest() {
		super(Set.of("encrypted-database-list.ijm", "encrypted-database-remove.ijm", "create-session-file.ijm"),
			"Encrypted Database List", "Encrypted Database Remove", "Create Session File");
	}

	@Test
	void listThenRemoveStoreEntries() throws Exception {
		final Path key = TestKeyFiles.paillier("test-a")[1];
		final PaillierPrivateKey privateKey = PaillierKeyFiles.readPrivate(key);
		final Path store = dir.resolve("store");
		final StoreEntry a, b;
		try (RetrievalClient client = RetrievalClient.open(store.toString(), privateKey, SignatureParameters.defaults(
			8), null, null, null))
		{
			a = client.addImage("mri-a.png", "glioma", ImagePlusImgs.wrap(IJ.openImage(mriCrop(32).toString())),
				Progress.NONE);
			b = client.addImage("mri-b.png", "normal", ImagePlusImgs.wrap(IJ.openImage(mriCrop(32).toString())),
				Progress.NONE);
		}
		assertEquals("n=2 ids=" + a.id + ":mri-a.png," + b.id + ":mri-b.png", ij.returnOf("encrypted-database-list.ijm",
			store + "|" + key));

		assertEquals("removed=mri-a.png left=1", ij.returnOf("encrypted-database-remove.ijm", store + "|" + key + "|" +
			a.id));
		assertEquals("n=1 ids=" + b.id + ":mri-b.png", ij.returnOf("encrypted-database-list.ijm", store + "|" + key));

		// Removing it again: an error naming the id, and the store is unchanged.
		final String error = ij.errorOf("encrypted-database-remove.ijm", store + "|" + key + "|" + a.id);
		assertTrue(error.contains("no entry " + a.id), error);
		try (RetrievalClient client = RetrievalClient.open(store.toString(), privateKey, null, null, null, null)) {
			final List<StoreEntry> left = client.list();
			assertEquals(1, left.size());
			assertEquals(b.id, left.get(0).id);
		}
	}

	@Test
	void sessionFileNamesEveryPartyByItsCertificate() throws Exception {
		final String[] names = { "researcher", "lab-a", "lab-b", "lab-c" };
		final StringBuilder parties = new StringBuilder();
		final String[] fingerprints = new String[names.length];
		for (int i = 0; i < names.length; i++) {
			final PartyCredentials c = PartyCredentials.generate(names[i], "pw".toCharArray(), new SecureRandom());
			final Path pem = dir.resolve("session-" + names[i] + ".pem");
			Files.writeString(pem, PartyCredentialFiles.pem(c.certificate()), StandardCharsets.US_ASCII);
			fingerprints[i] = Fingerprints.of(c.certificate());
			if (i > 0) parties.append(';');
			parties.append(names[i]).append(",127.0.0.1,").append(47100 + i).append(',').append(pem);
		}
		final Path file = dir.resolve("study-7.session");
		final String result = ij.returnOf("create-session-file.ijm", file + "|" + parties + "|5|Ring");
		final NetworkSession session = NetworkSession.read(file);
		assertEquals("session=" + String.format("%016x", session.sum().id()) + " check=" + session.digest(), result);
		assertEquals(Protocol.RING, session.sum().protocol());
		assertEquals(5, StudySession.of(session).study().window());
		for (int i = 0; i < names.length; i++) {
			assertEquals(names[i], session.node(i).name());
			assertEquals(47100 + i, session.node(i).port());
			assertEquals(fingerprints[i], session.node(i).fingerprint(), names[i]);
		}

		// Never over an existing session file; never with fewer than 3 labs.
		final byte[] before = Files.readAllBytes(file);
		final String exists = ij.errorOf("create-session-file.ijm", file + "|" + parties + "|5");
		assertTrue(exists.contains("already exists"), exists);
		assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(file));
		final Path small = dir.resolve("small.session");
		final String few = ij.errorOf("create-session-file.ijm", small + "|" + parties.substring(0, parties
			.lastIndexOf(";")) + "|5");
		assertTrue(few.contains("at least 3 labs"), few);
		assertFalse(Files.exists(small));
	}
}
