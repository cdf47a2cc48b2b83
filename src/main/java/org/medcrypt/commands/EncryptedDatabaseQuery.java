package org.medcrypt.commands;

import java.io.File;
import java.util.List;

import ij.ImagePlus;
import org.medcrypt.ij.ResultMontage;
import org.medcrypt.ij.RetrievalImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Finds the d stored images most similar to the open image. The query leaves
 * this Fiji: the key holder scans its sealed index here (or, in the paper
 * mode, decrypts the stored encrypted signatures) and the server learns only
 * which images are fetched, never distances; results show as a montage of previews
 * decrypted from their encrypted LL bands.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Retrieval>Encrypted Database Query")
public class EncryptedDatabaseQuery extends StoreCommand {

	@Parameter(label = "Private key (.paillier.key)", style = FileWidget.OPEN_STYLE)
	private File private_key;

	@Parameter(label = "Query image")
	private ImagePlus imp;

	@Parameter(label = "Images to return (d)", min = "1", max = "100")
	private int results = 5;

	@Parameter(label = "Query mode", choices = { "Auto", "Index", "Paper" }, required = false, persist = false,
		description = "Auto: the key holder's sealed index where the store has one (store-index makes it; the same " +
			"ranking, scanned here: the server learns only which images are fetched), else Paper (the stored " +
			"encrypted signatures, decrypted here one by one).")
	private String mode = "Auto";

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Most similar images")
	private ImagePlus montage;

	@Override
	protected void execute() throws MedCryptException {
		final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(required(private_key, "the private key file"));
		if (imp == null) throw new MedCryptException("Open the query image first.");
		final long start = System.nanoTime();
		final List<RetrievalClient.Match> matches;
		final String used;
		final String method; // the store's signature (Paper or Spatial): the query is computed the same way
		try (RetrievalClient client = openStore(key, null)) {
			method = client.parameters().method().label();
			status.showStatus("MedCrypt: encrypted query...");
			matches = client.query(client.signatureOf(RetrievalImages.signaturePixels(imp)), results, RetrievalClient.Mode
				.named(mode == null || mode.isEmpty() ? "Auto" : mode), progress());
			used = client.lastMode().name().toLowerCase(java.util.Locale.ROOT);
		}
		final double seconds = (System.nanoTime() - start) / 1e9;
		if (matches.isEmpty()) throw new MedCryptException("The store is empty: add images first.");
		for (final RetrievalClient.Match m : matches) {
			reportRow("rank", m.rank, "id", m.entry.id, "name", m.entry.name, "label", m.entry.label, "width",
				m.entry.width, "height", m.entry.height, "signature", method, "mode", used, "query_seconds", seconds);
		}
		montage = ResultMontage.of("Most similar to " + imp.getTitle(), matches);
	}
}
