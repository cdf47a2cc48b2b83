// MedCrypt: a secure-collaboration party's key and certificate (Plugins > MedCrypt > Collaboration >
// Generate Party Certificate). Every party of a study (the researcher and each lab) runs it once: the .p12 keystore
// (owner-only, password-protected) stays on this machine; the .pem certificate goes to the researcher, who lists
// its fingerprint in the session file. Existing files are never overwritten.
// Argument (optional): "party_name|keystore.p12|certificate.pem|password"; without it the command asks.
// Returns the certificate's SHA-256 fingerprint (64 hex digits), to compare with the session file by phone.
args = split(getArgument(), "|");
first = medcryptRows();
if (args.length < 4) {
	run("Generate Party Certificate");
} else {
	run("Generate Party Certificate", "party_name=[" + args[0] + "] keystore_file=[" + args[1] + "] certificate_file=[" +
		args[2] + "] password=[" + args[3] + "]");
}
row = newRow(first, "Generate Party Certificate");
fingerprint = medcryptString("fingerprint", row);
print("Party " + medcryptString("party", row) + ": certificate fingerprint " + fingerprint);
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
