// MedCrypt: one party of an Algorithm 1 study across labs (Plugins > MedCrypt > Collaboration > Secure Sum Party),
// Vaidya & Tulpule. Each lab sums its own images and ground truth locally and joins the others over pinned mutual
// TLS; the researcher obtains the global mean and standard deviation over every lab's ground truth, each lab only
// the mean. Every party runs this (or the command) at about the same time with the researcher's session file.
// Argument (optional): "session|party_name|keystore.p12|password" (the researcher) or
// "session|party_name|keystore.p12|password|protocol|image_folder" (a lab: images with NAME.mask.png or NAME.roi
// beside each). protocol: Additive sharing (default), Permuted rings or Ring; it must match the session file.
// Without an argument the command asks (the password hidden).
// Returns "n=<n> mean=<mean> sigma=<sigma>" for the researcher, "mean=<mean>" for a lab.
args = split(getArgument(), "|");
first = medcryptRows();
if (args.length < 4) {
	run("Secure Sum Party");
} else {
	protocol = "Additive sharing";
	if (args.length > 4) protocol = args[4];
	folder = "";
	if (args.length > 5) folder = args[5];
	run("Secure Sum Party", "session_file=[" + args[0] + "] party_name=[" + args[1] + "] credentials_file=[" + args[2] +
		"] password=[" + args[3] + "] image_folder=[" + folder + "] protocol=[" + protocol + "]");
}
row = newRow(first, "Secure Sum Party");
result = "mean=" + d2s(medcryptNumber("mean", row), 10);
role = medcryptString("role", row);
if (role == "researcher")
	result = "n=" + d2s(medcryptNumber("n", row), 0) + " " + result + " sigma=" + d2s(medcryptNumber("sigma", row), 10);
print(medcryptString("party", row) + " (" + role + "): " + result);
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
