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
first = nResults;
run("Retrieval Evaluation", "images_folder=[" + folder + "] deltas=[" + deltas + "] d=5 encrypted=" + encrypted + " key_bits=2048 protocol_queries=5 compare_signatures=false");
result = "";
for (row = first; row < nResults; row++) {
	result = result + getResult("delta", row) + "=" + d2s(getResult("plaintext_precision", row), 4) + "/" + d2s(getResult("encrypted_precision", row), 4) + " ";
}
print(result);
return substring(result, 0, lengthOf(result) - 1);
