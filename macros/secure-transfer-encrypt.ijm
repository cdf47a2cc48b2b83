// MedCrypt: send an image safely (Plugins > MedCrypt > Transfer > Secure Transfer Encrypt). AES-256-GCM over
// the pixels, a fresh session key wrapped for the recipient (RSA-OAEP) and signed by you (RSA-PSS), all inside
// the encrypted image, which keeps the size and type of the original. Send the TIFF it writes.
// Argument (optional): "image|sender_private.pem|recipient_public.pem|output.tif".
// Returns "sha256=<digest of the original pixels> bits=<envelope bits> touched=<samples carrying them>
// identifier=<the image's identifier, signed; tell the recipient>". The encrypted image is titled
// "MedCrypt sealed <identifier>": the original title travels encrypted.
args = split(getArgument(), "|");
if (args.length < 4) {
	args = newArray("", File.openDialog("Your private key (.pem)"), File.openDialog("Recipient's public key (.pem)"),
		"");
	args[3] = getDirectory("image") + getTitle() + ".encrypted.tif";
} else {
	open(args[0]);
}
image = getTitle();
first = medcryptRows();
run("Secure Transfer Encrypt", "imp=[" + image + "] sender_private_key=[" + args[1] + "] recipient_public_key=[" +
	args[2] + "] output_file=[" + args[3] + "]");
row = newRow(first, "Secure Transfer Encrypt");
result = "sha256=" + medcryptString("sha256", row) + " bits=" + medcryptNumber("payload_bits", row) + " touched=" +
	medcryptNumber("samples_touched", row) + " identifier=" + medcryptString("identifier", row);
print("Encrypted " + image + " as " + medcryptString("identifier", row) + " for " + medcryptString("recipient", row) +
	" into " + args[3]);
return result;

// MedCrypt writes its values to its own table, "MedCrypt Results" (never the user's Results table), read here the
// same way with or without a display. A MedCrypt command that fails stops this macro at its run(...) line with its
// message; should a run(...) ever end without a result all the same, newRow stops the macro instead of reading an
// older row as this run's result.
function medcryptRows() { return parseInt(call("org.medcrypt.ij.MedCryptResults.rows")); }
function medcryptString(column, row) { return call("org.medcrypt.ij.MedCryptResults.get", column, "" + row); }
function medcryptNumber(column, row) { return parseFloat(medcryptString(column, row)); }
function newRow(first, command) {
	if (medcryptRows() <= first) exit(command + " gave no result: nothing was done.");
	return medcryptRows() - 1;
}
