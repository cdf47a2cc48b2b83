// MedCrypt, STUDY ONLY: encrypt an image with the pixel stream cipher of Puech 2008
// (Plugins > MedCrypt > Transfer (study only) > Stream Cipher Encrypt). The cipher is weak (a linear
// recurrence: one known plaintext reveals the key) and has no integrity: never use it for patient data.
// Argument (optional): "image|key|output_tiff", separated by '|'. key is a key file (.mcstream.key; created
// with a fresh random 128-bit key if it does not exist yet) or "passphrase:<text>" (a new salt is drawn and
// stored in the TIFF). Without an argument, the active image is encrypted with a key file asked for.
// Saves the encrypted image as TIFF (which keeps the key fingerprint and salt) and returns the key fingerprint.
args = split(getArgument(), "|");
if (args.length == 3) {
	open(args[0]);
	key = args[1];
	output = args[2];
} else {
	key = File.openDialog("Key file (.mcstream.key)");
	output = File.directory + getTitle() + ".stream.tif";
}
image = getTitle();
if (startsWith(key, "passphrase:")) {
	options = "key_source=Passphrase passphrase=[" + substring(key, 11) + "]";
} else if (File.exists(key)) {
	options = "key_source=[Key file] key_file=[" + key + "]";
} else {
	options = "key_source=[New key file] key_file=[" + key + "] key_bits=128";
}
first = medcryptRows();
run("Stream Cipher Encrypt", "imp=[" + image + "] " + options);
row = newRow(first, "Stream Cipher Encrypt");
saveAs("Tiff", output);
fingerprint = medcryptString("key", row);
print("Encrypted " + image + " into " + output + " with key " + fingerprint + " (study only)");
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
