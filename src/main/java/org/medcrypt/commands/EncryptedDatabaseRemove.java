package org.medcrypt.commands;

import java.io.File;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.StoreEntry;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Removes one image from an encrypted store by its id, as Encrypted Database
 * List shows it (the command line's {@code store-remove}); an unknown id is an
 * error naming it.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Retrieval>Encrypted Database Remove")
public class EncryptedDatabaseRemove extends StoreCommand {

	@Parameter(label = "Private key (.paillier.key)", style = FileWidget.OPEN_STYLE)
	private File private_key;

	@Parameter(label = "Id of the image to remove (see Encrypted Database List)")
	private String id = "";

	@Override
	protected void execute() throws MedCryptException {
		if (id == null || id.trim().isEmpty()) throw new MedCryptException("Give the id of the image to remove " +
			"(Encrypted Database List shows them).");
		final StoreEntry removed;
		final int left;
		try (RetrievalClient client = openStore(PaillierKeyFiles.readPrivate(required(private_key,
			"the private key file")), null))
		{
			removed = client.remove(id.trim());
			left = client.list().size();
		}
		log.info("MedCrypt: removed " + removed.name + " (" + removed.id + ") from the store.");
		reportRow("removed", removed.id, "name", removed.name, "label", removed.label, "images_in_store", left);
	}
}
