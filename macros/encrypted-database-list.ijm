// MedCrypt: list an encrypted store (Plugins > MedCrypt > Retrieval > Encrypted Database List): one Results row
// per stored image with its id, name, label and size (public to the store; nothing is decrypted).
// Argument (optional): "store|private_key" where store is a folder or host:port of a store server (over TLS: add
// credentials_file=[...] password=[...] server_fingerprint=[...] to the run() options below).
// Without an argument the command asks.
// Returns "n=<entries> ids=<id1>:<name1>,<id2>:<name2>,...".
args = split(getArgument(), "|");
first = nResults;
if (args.length < 2) {
	run("Encrypted Database List");
} else {
	run("Encrypted Database List", "store=[" + args[0] + "] private_key=[" + args[1] + "]");
}
ids = "";
for (i = first; i < nResults; i++) {
	if (ids != "") ids = ids + ",";
	ids = ids + getResultString("id", i) + ":" + getResultString("name", i);
}
result = "n=" + (nResults - first) + " ids=" + ids;
print(result);
return result;
