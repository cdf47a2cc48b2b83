// MedCrypt: make a physician's Paillier key pair (Plugins > MedCrypt > Paillier > Paillier Generate Keys).
// Writes <folder>/physician.paillier.pub (share it) and physician.paillier.key (keep it private).
// Argument (optional): the folder; without one, a folder is asked for.
// Returns the key fingerprint, which every encrypted file records.
folder = getArgument();
if (folder == "") folder = getDirectory("Folder for the MedCrypt keys");
first = medcryptRows();
run("Paillier Generate Keys", "key_bits=3072 output_folder=[" + folder + "] key_name=physician");
fingerprint = medcryptString("fingerprint", newRow(first, "Paillier Generate Keys"));
print("MedCrypt key " + fingerprint + " written to " + folder);
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
