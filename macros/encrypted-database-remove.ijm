// MedCrypt: remove an image from an encrypted store by its id (Plugins > MedCrypt > Retrieval > Encrypted
// Database Remove); encrypted-database-list.ijm shows the ids. An unknown id stops with a message naming it.
// Argument (optional): "store|private_key|id"; without it the command asks.
// Returns "removed=<name> left=<images now in the store>".
args = split(getArgument(), "|");
if (args.length < 3) {
	run("Encrypted Database Remove");
} else {
	run("Encrypted Database Remove", "store=[" + args[0] + "] private_key=[" + args[1] + "] id=[" + args[2] + "]");
}
result = "removed=" + getResultString("name", nResults - 1) + " left=" + getResult("images_in_store", nResults - 1);
print(result);
return result;
