// MedCrypt: remove an image from an encrypted store by its id (Plugins > MedCrypt > Retrieval > Encrypted
// Database Remove); encrypted-database-list.ijm shows the ids. An unknown id stops with a message naming it.
// Argument (optional): "store|private_key|id"; without it the command asks.
// Returns "removed=<name> left=<images now in the store>".
args = split(getArgument(), "|");
first = medcryptRows();
if (args.length < 3) {
	run("Encrypted Database Remove");
} else {
	run("Encrypted Database Remove", "store=[" + args[0] + "] private_key=[" + args[1] + "] id=[" + args[2] + "]");
}
row = newRow(first, "Encrypted Database Remove");
result = "removed=" + medcryptString("name", row) + " left=" + medcryptNumber("images_in_store", row);
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
