// MedCrypt, STUDY ONLY: decrypt an image encrypted by stream-cipher-encrypt.ijm
// (Plugins > MedCrypt > Transfer (study only) > Stream Cipher Decrypt). The cipher has no integrity: a wrong
// key is reported only if the image still carries its key fingerprint (TIFF); otherwise it decrypts to noise.
// Argument (optional): "encrypted_image|key" or "encrypted_image|key|original_image"; key is a key file or
// "passphrase:<text>" (the salt is read from the encrypted TIFF). With an original, the decrypted image is
// compared with it pixel by pixel. Returns "bit-exact", "differs" or the decrypted image's title.
args = split(getArgument(), "|");
if (args.length < 2) {
	args = newArray(File.openDialog("Encrypted image (TIFF)"), File.openDialog("Key file (.mcstream.key)"));
}
open(args[0]);
if (startsWith(args[1], "passphrase:")) {
	options = "key_source=Passphrase passphrase=[" + substring(args[1], 11) + "]";
} else {
	options = "key_source=[Key file] key_file=[" + args[1] + "]";
}
first = medcryptRows();
run("Stream Cipher Decrypt", "imp=[" + getTitle() + "] " + options);
newRow(first, "Stream Cipher Decrypt");
decrypted = getTitle();
decryptedId = getImageID();
result = decrypted;
if (args.length == 3) {
	open(args[2]);
	original = getTitle();
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
