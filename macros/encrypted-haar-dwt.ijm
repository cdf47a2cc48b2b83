// MedCrypt: the Haar wavelet transform of an encrypted image, computed on ciphertexts
// (Plugins > MedCrypt > Retrieval > Encrypted Haar DWT).
// Argument (optional): "encrypted_file|key_file". With the private key (.paillier.key) the decomposition is
// shown (LL, HL, LH, HH per level, seed paper 1 figure 1); with the public key only, what the server holds.
// Returns "<width>x<height> LL=<top-left coefficient>" for the decomposition, or the server view's title.
args = split(getArgument(), "|");
if (args.length < 2) {
	args = newArray(File.openDialog("Encrypted image (.mcimg)"), File.openDialog("Key file"));
}
isPrivate = endsWith(args[1], ".paillier.key");
serverView = "true";
if (isPrivate) serverView = "false";
first = medcryptRows();
run("Encrypted Haar DWT", "encrypted_file=[" + args[0] + "] key_file=[" + args[1] + "] levels=3 plane=1 show_server_view=" + serverView);
newRow(first, "Encrypted Haar DWT");
if (isPrivate) {
	result = "" + getWidth() + "x" + getHeight() + " LL=" + getPixel(0, 0);
} else {
	result = getTitle();
}
print(result);
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
