// MedCrypt: decrypt a .mcimg file with the private key (Plugins > MedCrypt > Paillier > Paillier Decrypt Image).
// Argument (optional): "encrypted_file|private_key" or "encrypted_file|private_key|original_image";
// with an original, the decrypted image is compared to it pixel by pixel.
// Returns "bit-exact", "differs" or the decrypted image's title.
args = split(getArgument(), "|");
if (args.length < 2) {
	args = newArray(File.openDialog("Encrypted image (.mcimg)"), File.openDialog("Private key (.paillier.key)"));
}
first = medcryptRows();
run("Paillier Decrypt Image", "encrypted_file=[" + args[0] + "] private_key=[" + args[1] + "]");
newRow(first, "Paillier Decrypt Image");
decrypted = getTitle();
decryptedId = getImageID();
result = decrypted;
if (args.length == 3) {
	open(args[2]);
	original = getTitle();
	// by ID: the decrypted image and its original may carry the same title
	imageCalculator("Difference create stack", decryptedId, getImageID());
	maxDifference = 0;
	for (z = 1; z <= nSlices; z++) {
		setSlice(z);
		getStatistics(area, mean, min, max);
		maxDifference = maxOf(maxDifference, max);
	}
	close();
	if (maxDifference == 0) result = "bit-exact";
	else result = "differs";
	print(decrypted + " compared with " + original + ": " + result + " (largest difference " + maxDifference + ")");
}
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
