// MedCrypt: receive an image (Plugins > MedCrypt > Transfer > Secure Transfer Decrypt). Checks the sender's
// signature and every pixel (AES-GCM) and decrypts bit-exactly, or stops with a message saying what was wrong
// (altered pixels, altered or missing envelope, cropped image, wrong keys). Nothing is written unless all passed.
// Argument (optional): "encrypted.tif|recipient_private.pem|sender_public.pem|output.tif".
// Returns "sha256=<digest of the decrypted pixels> sender=<sender key fingerprint> identifier=<the sender's
// identifier> created=<when it was sealed> opened_before=<no, or when>": check the identifier and time with the
// sender (another one means a swapped image; opened_before means a replay or a copy).
args = split(getArgument(), "|");
if (args.length < 4) {
	args = newArray(File.openDialog("Encrypted image (TIFF)"), File.openDialog("Your private key (.pem)"),
		File.openDialog("Sender's public key (.pem)"), "");
	args[3] = args[0] + ".decrypted.tif";
}
open(args[0]);
first = medcryptRows();
run("Secure Transfer Decrypt", "imp=[" + getTitle() + "] recipient_private_key=[" + args[1] +
	"] sender_public_key=[" + args[2] + "] output_file=[" + args[3] + "]");
row = newRow(first, "Secure Transfer Decrypt");
result = "sha256=" + medcryptString("sha256", row) + " sender=" + medcryptString("sender", row) + " identifier=" +
	medcryptString("identifier", row) + " created=" + medcryptString("created", row) + " opened_before=" +
	medcryptString("opened_before", row);
print("Decrypted and verified " + args[0] + " into " + args[3] + " (" + result + ")");
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
