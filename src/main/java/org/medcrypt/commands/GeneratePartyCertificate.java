package org.medcrypt.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.OutputExistsException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.tls.PartyCredentials;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.scijava.widget.TextWidget;

/**
 * Makes a secure-collaboration party's EC P-256 key and self-signed certificate:
 * the PKCS#12 keystore (owner-only, password-protected) stays on this machine,
 * the PEM certificate goes to the researcher, who lists its fingerprint in the
 * session file. Never overwrites.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedCrypt>Collaboration>Generate Party Certificate")
public class GeneratePartyCertificate extends MedCryptCommand {

	@Parameter(label = "Party name", description = "As the researcher will list it: 1-64 of A-Z a-z 0-9 . _ -")
	private String party_name;

	@Parameter(label = "Keystore (.p12, keep it here)", style = FileWidget.SAVE_STYLE, persist = false)
	private File keystore_file;

	@Parameter(label = "Certificate (.pem, send it to the researcher)", style = FileWidget.SAVE_STYLE, persist = false)
	private File certificate_file;

	@Parameter(label = "Keystore password", style = TextWidget.PASSWORD_STYLE, persist = false)
	private String password;

	@Override
	protected void execute() throws MedCryptException {
		final Path keystore = required(keystore_file, "where to write the keystore");
		final Path pem = required(certificate_file, "where to write the certificate");
		if (party_name == null || !party_name.matches("[A-Za-z0-9._-]{1,64}")) throw new MedCryptException(
			"Party name '" + party_name + "' must be 1-64 letters, digits, '.', '_' or '-'.");
		if (password == null || password.isEmpty()) throw new MedCryptException("Choose a keystore password.");
		final PartyCredentials credentials;
		try {
			credentials = PartyCredentials.generate(party_name, password.toCharArray(), SecureRandoms.forThisThread());
			credentials.save(keystore, pem);
		}
		catch (final FileAlreadyExistsException e) {
			throw new OutputExistsException(e.getFile() + " already exists; MedCrypt does not overwrite files.", e);
		}
		catch (final IOException | GeneralSecurityException e) {
			throw new MedCryptException("Could not make the certificate: " + e.getMessage(), e);
		}
		log.info("MedCrypt: party " + party_name + ", certificate fingerprint " + Fingerprints.grouped(credentials
			.fingerprint()) +
			"; keep " + keystore + " here (owner-only), send " + pem + " to the researcher.");
		reportRow("party", party_name, "keystore", keystore, "certificate", pem, "fingerprint", credentials
			.fingerprint());
	}
}
