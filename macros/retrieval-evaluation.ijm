// MedCrypt: mean precision of retrieval over a labelled folder, plaintext and encrypted side by side
// (Plugins > MedCrypt > Retrieval > Retrieval Evaluation; seed paper 1, figure 2).
// Argument (optional): "folder[|deltas|encrypted]" with folder holding labels.csv (path,label), deltas like
// "4,16,64,256" and encrypted "true" or "false" (encrypting every image takes minutes on large sets).
// Returns "delta=plaintext/encrypted ..." for each interval width. compare_signatures=true also shows the Paper and
// Spatial signatures side by side (tables "Signature precision at d" and "... per class", plot "Precision by signature").
args = split(getArgument(), "|");
if (args.length >= 1 && args[0] != "") folder = args[0];
else folder = getDirectory("Folder with labels.csv");
deltas = "4,16,64,256";
encrypted = "false";
if (args.length >= 2) deltas = args[1];
if (args.length >= 3) encrypted = args[2];
first = medcryptRows();
run("Retrieval Evaluation", "images_folder=[" + folder + "] deltas=[" + deltas + "] d=5 encrypted=" + encrypted + " key_bits=2048 protocol_queries=5 compare_signatures=false");
newRow(first, "Retrieval Evaluation");
result = "";
for (row = first; row < medcryptRows(); row++) {
	result = result + medcryptNumber("delta", row) + "=" + d2s(medcryptNumber("plaintext_precision", row), 4) + "/" + d2s(medcryptNumber("encrypted_precision", row), 4) + " ";
}
print(result);
return substring(result, 0, lengthOf(result) - 1);

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
