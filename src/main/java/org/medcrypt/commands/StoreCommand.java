package org.medcrypt.commands;

import java.io.File;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.net.RetrievalClient;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;
import org.scijava.widget.TextWidget;

/**
 * The store of the Encrypted Database commands: a folder, or host:port of a
 * store server reached over mutually authenticated TLS 1.3 with this key
 * holder's party credentials and the server's pinned certificate fingerprint
 * (those three are used, and required, only for host:port).
 */
public abstract class StoreCommand extends MedCryptCommand {

	@Parameter(label = "Store (folder, or host:port of a store server)")
	private String store = "";

	@Parameter(label = "Store server only: your credentials (.p12 keystore)", style = FileWidget.OPEN_STYLE,
		required = false)
	private File credentials_file;

	@Parameter(label = "Store server only: keystore password", style = TextWidget.PASSWORD_STYLE, persist = false,
		required = false)
	private String password = "";

	@Parameter(label = "Store server only: server certificate fingerprint (SHA-256)", required = false,
		description = "64 hex digits, printed by the store server when it starts; ask its operator")
	private String server_fingerprint = "";

	/** Opens the store; {@code forNewStore} as in {@link RetrievalClient#open}. */
	protected RetrievalClient openStore(final PaillierPrivateKey key, final SignatureParameters forNewStore)
		throws MedCryptException
	{
		return RetrievalClient.open(store, key, forNewStore, credentials_file == null ? null : credentials_file
			.toPath(), password == null ? null : password.toCharArray(), server_fingerprint);
	}
}
