package org.medcrypt.commands;

import java.io.File;

import ij.ImagePlus;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.ij.RetrievalImages;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.Luma;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.medcrypt.retrieval.store.StoreEntry;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Adds an image to an encrypted store (a folder here, or a store server at
 * host:port): the open image, encrypted by its owner with its signature; or an
 * encrypted file, whose signature the server builds with this key holder's help.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Retrieval>Encrypted Database Add")
public class EncryptedDatabaseAdd extends StoreCommand {

	static final String FROM_IMAGE = "Open image (encrypt as owner)";
	static final String FROM_FILE = "Encrypted file (signature by the key-holder protocol)";

	@Parameter(label = "Private key (.paillier.key)", style = FileWidget.OPEN_STYLE)
	private File private_key;

	@Parameter(label = "Add", choices = { FROM_IMAGE, FROM_FILE })
	private String source = FROM_IMAGE;

	@Parameter(label = "Image", required = false)
	private ImagePlus imp;

	@Parameter(label = "Encrypted file (.mcimg)", style = FileWidget.OPEN_STYLE, required = false)
	private File encrypted_file;

	@Parameter(label = "Label (diagnosis; optional)", required = false)
	private String label = "";

	@Parameter(label = "New store only: signature", choices = { "Paper", "Spatial", "Spatial2" }, description =
		"Paper: level-1 subband histograms. Spatial, Spatial2: 8x8 grid of subband energies of levels 1-3 and the " +
			"level-1 histograms (Spatial2: root norm, measured best) (Δ, k and levels apply to Paper only).")
	private String signature = "Spatial2";

	@Parameter(label = "New store only: interval width Δ (0 = from k)", min = "0")
	private int delta = 0;

	@Parameter(label = "New store only: intervals k per level-1 band (0 = from Δ; both 0: 64)", min = "0")
	private int k = 0;

	@Parameter(label = "New store only: Haar levels of the signature", min = "1", max = "3")
	private int levels = 1;

	@Override
	protected void execute() throws MedCryptException {
		final PaillierPrivateKey key = PaillierKeyFiles.readPrivate(required(private_key, "the private key file"));
		final long start = System.nanoTime();
		final boolean fromFile = FROM_FILE.equals(source);
		if (!fromFile && imp == null) throw new MedCryptException("Open the image to add first.");
		final int bitDepth = fromFile ? Luma.signatureBitDepth(EncryptedImageFile.read(required(encrypted_file,
			"the encrypted file"))) : RetrievalImages.signatureBitDepth(imp);
		final SignatureParameters forNew = SignatureParameters.resolve(SignatureParameters.Method.named(signature),
			bitDepth, delta, k, levels);
		final StoreEntry entry;
		final int size;
		final String method;
		try (RetrievalClient client = openStore(key, forNew)) {
			status.showStatus("MedCrypt: adding to the encrypted store...");
			entry = fromFile ? client.add(encrypted_file.getName(), label, EncryptedImageFile.read(encrypted_file
				.toPath(), key.publicKey()), null, progress()) : RetrievalImages.addToStore(client, imp.getTitle(), label, imp,
					progress());
			size = client.list().size();
			method = client.parameters().method().label();
		}
		reportRow("id", entry.id, "name", entry.name, "label", entry.label, "signature", fromFile ? "protocol"
			: "owner", "signature_method", method, "images_in_store", size, "seconds", (System.nanoTime() - start) / 1e9);
	}
}
