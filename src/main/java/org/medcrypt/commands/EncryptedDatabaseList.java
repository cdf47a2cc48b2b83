package org.medcrypt.commands;

import java.io.File;
import java.util.List;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.StoreEntry;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Lists an encrypted store (as {@code store-list} does): one Results row per
 * stored image with its id (for Encrypted Database Remove), name, label and size.
 * All of it is public to the store; no image is decrypted.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Retrieval>Encrypted Database List")
public class EncryptedDatabaseList extends StoreCommand {

	@Parameter(label = "Private key (.paillier.key)", style = FileWidget.OPEN_STYLE)
	private File private_key;

	@Override
	protected void execute() throws MedCryptException {
		final List<StoreEntry> entries;
		try (RetrievalClient client = openStore(PaillierKeyFiles.readPrivate(required(private_key,
			"the private key file")), null))
		{
			entries = client.list();
		}
		for (final StoreEntry e : entries) {
			reportRow("id", e.id, "name", e.name, "label", e.label, "width", e.width, "height", e.height, "planes",
				e.planes, "bit_depth", e.bitDepth);
		}
		log.info("MedCrypt: the store holds " + entries.size() + " image" + (entries.size() == 1 ? "" : "s") + ".");
	}
}
