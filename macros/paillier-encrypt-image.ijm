// MedCrypt: Paillier-encrypt an image into a .mcimg file (Plugins > MedCrypt > Paillier > Paillier Encrypt Image).
// Argument (optional): "image|public_key|output_file", separated by '|'. Without one, the active image is
// encrypted and the key and output file are asked for. The original image is never modified.
// Shows what an attacker sees (the ciphertext bytes) and returns "ciphertexts=<n> expansion=<x>".
args = split(getArgument(), "|");
if (args.length == 3) {
	open(args[0]);
	key = args[1];
	output = args[2];
} else {
	key = File.openDialog("Public key (.paillier.pub)");
	output = File.directory + getTitle() + ".mcimg";
}
image = getTitle();
first = medcryptRows();
run("Paillier Encrypt Image", "imp=[" + image + "] public_key=[" + key + "] output_file=[" + output + "] haar_levels=3 slot_bits=0 show_ciphertext=true");
row = newRow(first, "Paillier Encrypt Image");
summary = "ciphertexts=" + medcryptNumber("ciphertexts", row) + " expansion=" + d2s(medcryptNumber("expansion", row), 2);
print("Encrypted " + image + " into " + output + ": " + summary + " (window: " + getTitle() + ")");
return summary;

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
