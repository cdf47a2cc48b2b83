// MedCrypt: make an RSA key pair for the crypto-watermark (Plugins > MedCrypt > Transfer > RSA Generate Keys).
// Argument (optional): "private.pem|public.pem" or "private.pem|public.pem|bits" (default 3072; the paper's
// experiment, 1 bit of K'' per 256 pixels on a 512x512 image, needs 1024-bit keys: study only, below 2048 bits
// Secure Transfer refuses them). Existing files are never
// overwritten; the private key file is readable by its owner only.
// Returns the public key fingerprint.
args = split(getArgument(), "|");
if (args.length < 2) {
	args = newArray(File.openDialog("Private key file to create (.pem)"), File.openDialog("Public key file to create (.pem)"));
}
bits = 3072;
if (args.length > 2) bits = parseInt(args[2]);
study = "";
if (bits < 2048) study = " study_only=true";
first = medcryptRows();
run("RSA Generate Keys", "key_bits=" + bits + study + " private_key_file=[" + args[0] + "] public_key_file=[" + args[1] + "]");
fingerprint = medcryptString("fingerprint", newRow(first, "RSA Generate Keys"));
print("RSA key pair " + fingerprint + " (" + bits + " bits) written to " + args[0] + " and " + args[1]);
return fingerprint;

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
