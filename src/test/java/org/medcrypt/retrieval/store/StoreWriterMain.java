package org.medcrypt.retrieval.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.retrieval.EncryptedSignature;

/**
 * One writer of {@link ConcurrentStoreTest} in its own JVM: opens the store,
 * says "ready", waits for a line on standard input (so that the writers start
 * together), then adds the same encrypted image and signature COUNT times and
 * prints each added id. Arguments: STORE IMAGE.mcimg SIGNATURE.mcsig COUNT NAME.
 */
public final class StoreWriterMain {

	private StoreWriterMain() {}

	public static void main(final String[] args) throws Exception {
		final EncryptedStore store = EncryptedStore.open(Paths.get(args[0]));
		final EncryptedImage image = EncryptedImageFile.read(Paths.get(args[1]), store.key());
		final EncryptedSignature signature = EncryptedSignature.fromBytes(args[2], Files.readAllBytes(Path.of(
			args[2])), store.key());
		final int count = Integer.parseInt(args[3]);
		System.out.println("ready");
		System.out.flush();
		final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		if (in.readLine() == null) throw new IllegalStateException("no start signal");
		for (int i = 0; i < count; i++) {
			System.out.println("added " + store.add(args[4] + "-" + i, args[4], image, signature).id);
		}
		System.out.flush();
	}
}
