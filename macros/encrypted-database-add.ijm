// MedCrypt: add images to an encrypted store (Plugins > MedCrypt > Retrieval > Encrypted Database Add).
// Argument (optional): "store|private_key|image1,image2,...[|label[|signature]]" where store is a folder (created if new) or
// host:port of a store server ('medcrypt store-server'; over TLS: add credentials_file=[...] password=[...]
// server_fingerprint=[...] to the run() options below), and each image is an image file (encrypted here by its
// owner, with its signature) or a .mcimg file (its signature is built by the key-holder protocol).
// signature (Paper, Spatial or Spatial2) applies to a store created by this add; an existing store keeps its own.
// Without an argument, the active image is added to a store folder that is asked for.
// Returns "added=<n> store=<images now in the store>".
args = split(getArgument(), "|");
if (args.length >= 3) {
	store = args[0];
	key = args[1];
	files = split(args[2], ",");
} else {
	store = getDirectory("Store folder");
	key = File.openDialog("Private key (.paillier.key)");
	files = newArray("");
}
label = "";
if (args.length >= 4) label = args[3];
signature = "Paper"; // or "Spatial" or "Spatial2": the signature of a store created by this add (docs/RETRIEVAL.md)
if (args.length >= 5) signature = args[4];
first = medcryptRows();
for (i = 0; i < files.length; i++) {
	if (endsWith(files[i], ".mcimg")) {
		run("Encrypted Database Add", "store=[" + store + "] private_key=[" + key + "] source=[Encrypted file (signature by the key-holder protocol)] encrypted_file=[" + files[i] + "] label=[" + label + "] signature=" + signature + " delta=0 k=0 levels=1");
	} else {
		if (files[i] != "") open(files[i]);
		run("Encrypted Database Add", "store=[" + store + "] private_key=[" + key + "] source=[Open image (encrypt as owner)] imp=[" + getTitle() + "] encrypted_file=[] label=[" + label + "] signature=" + signature + " delta=0 k=0 levels=1");
		if (files[i] != "") close();
	}
	newRow(first + i, "Encrypted Database Add");
}
last = medcryptRows() - 1;
added = last + 1 - first;
result = "added=" + added + " store=" + medcryptNumber("images_in_store", last);
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
