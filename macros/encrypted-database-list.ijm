// MedCrypt: list an encrypted store (Plugins > MedCrypt > Retrieval > Encrypted Database List): one Results row
// per stored image with its id, name, label and size (public to the store; nothing is decrypted).
// Argument (optional): "store|private_key" where store is a folder or host:port of a store server (over TLS: add
// credentials_file=[...] password=[...] server_fingerprint=[...] to the run() options below).
// Without an argument the command asks.
// Returns "n=<entries> ids=<id1>:<name1>,<id2>:<name2>,...".
args = split(getArgument(), "|");
first = medcryptRows(); // an empty store lists no row: no newRow check here
if (args.length < 2) {
	run("Encrypted Database List");
} else {
	run("Encrypted Database List", "store=[" + args[0] + "] private_key=[" + args[1] + "]");
}
ids = "";
for (i = first; i < medcryptRows(); i++) {
	if (ids != "") ids = ids + ",";
	ids = ids + medcryptString("id", i) + ":" + medcryptString("name", i);
}
result = "n=" + (medcryptRows() - first) + " ids=" + ids;
print(result);
return result;

// MedCrypt writes its values to its own table, "MedCrypt Results" (never the user's Results table), read here the
// same way with or without a display. A MedCrypt command that fails stops this macro at its run(...) line with its
// message.
function medcryptRows() { return parseInt(call("org.medcrypt.ij.MedCryptResults.rows")); }
function medcryptString(column, row) { return call("org.medcrypt.ij.MedCryptResults.get", column, "" + row); }
function medcryptNumber(column, row) { return parseFloat(medcryptString(column, row)); }
