// MedCrypt: the stored images most similar to a query (Plugins > MedCrypt > Retrieval > Encrypted Database Query).
// Argument (optional): "store|private_key|query_image[|d]" (store: a folder or host:port of a store server;
// for a server, add credentials_file=[...] password=[...] server_fingerprint=[...] to the run() options below).
// Without an argument the active image is the query and the store and key are asked for.
// The query leaves as an encrypted signature; the server never learns distances. Shows a montage of the results'
// previews and returns the names of the returned images, nearest first, separated by commas.
args = split(getArgument(), "|");
if (args.length >= 3) {
	store = args[0];
	key = args[1];
	open(args[2]);
} else {
	store = getDirectory("Store folder");
	key = File.openDialog("Private key (.paillier.key)");
}
d = 5;
if (args.length >= 4) d = args[3];
query = getTitle();
first = medcryptRows();
run("Encrypted Database Query", "store=[" + store + "] private_key=[" + key + "] imp=[" + query + "] results=" + d);
newRow(first, "Encrypted Database Query");
names = "";
for (row = first; row < medcryptRows(); row++) {
	if (names != "") names = names + ",";
	names = names + medcryptString("name", row);
}
print("Most similar to " + query + ": " + names);
return names;

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
