// MedCrypt: an image's encrypted wavelet signature (Plugins > MedCrypt > Retrieval > Build Wavelet Signature).
// Argument (optional): "source|private_key|output_file[|delta|levels[|signature]]" where source is an image file (the owner
// computes the signature while it has the plaintext) or a .mcimg file (the server computes the encrypted bands and
// this key holder answers the interval tests: the protocol replacing the paper's eq. 4). Both give the same
// signature. signature is Paper (this macro's default, as its delta is the paper's), Spatial or Spatial2 (the commands' default; delta then 0). Without an argument, the active image is used and the files are asked for.
// Returns "k=<intervals per level-1 band> intervals=<signature length> ciphertexts=<n>".
args = split(getArgument(), "|");
if (args.length >= 3) {
	source = args[0];
	key = args[1];
	output = args[2];
} else {
	source = "";
	key = File.openDialog("Private key (.paillier.key)");
	output = File.directory + getTitle() + ".mcsig";
}
delta = 0;
levels = 1;
signature = "Paper"; // or "Spatial" or "Spatial2" (then delta must stay 0; docs/RETRIEVAL.md)
if (args.length >= 5) {
	delta = args[3];
	levels = args[4];
}
if (args.length >= 6) signature = args[5];
first = medcryptRows();
if (endsWith(source, ".mcimg")) {
	run("Build Wavelet Signature", "source=[Encrypted file (key-holder protocol)] encrypted_file=[" + source + "] private_key=[" + key + "] signature=" + signature + " levels=" + levels + " delta=" + delta + " k=0 output_file=[" + output + "] show_histograms=false");
} else {
	if (source != "") open(source);
	run("Build Wavelet Signature", "source=[Open image (owner's fast path)] imp=[" + getTitle() + "] encrypted_file=[] private_key=[" + key + "] signature=" + signature + " levels=" + levels + " delta=" + delta + " k=0 output_file=[" + output + "] show_histograms=false");
}
row = newRow(first, "Build Wavelet Signature");
result = "k=" + medcryptNumber("k", row) + " intervals=" + medcryptNumber("intervals", row) + " ciphertexts=" + medcryptNumber("ciphertexts", row);
print("Signature written to " + output + ": " + result);
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
