// MedCrypt: the researcher's session file of an Algorithm 1 study across labs (Plugins > MedCrypt > Collaboration >
// Create Session File), Vaidya & Tulpule. Parties are NAME,HOST,PORT,CERT.pem separated by ';' (the researcher
// first, then at least 3 labs); each certificate is the .pem the party made with Generate Party Certificate.
// Send the file to every lab and read them the check value. An existing file is never overwritten.
// Argument (optional): "session_file|parties|window[|protocol]" (protocol: Additive sharing (default), Permuted
// rings or Ring); without it the command asks.
// Returns "session=<id> check=<check value>".
args = split(getArgument(), "|");
first = medcryptRows();
if (args.length < 3) {
	run("Create Session File");
} else {
	protocol = "Additive sharing";
	if (args.length > 3) protocol = args[3];
	run("Create Session File", "session_file=[" + args[0] + "] parties=[" + args[1] + "] protocol=[" + protocol +
		"] kind=[Algorithm 1 study] window=" + args[2] + " feature=PIXEL_INTENSITY width=0 bound=[] " +
		"hop_timeout_ms=10000 connect_timeout_ms=120000");
}
row = newRow(first, "Create Session File");
result = "session=" + medcryptString("session", row) + " check=" + medcryptString("check_value", row);
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
