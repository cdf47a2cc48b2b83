// MedCrypt: decrypt a .mcimg file with the private key (Plugins > MedCrypt > Paillier > Paillier Decrypt Image).
// Argument (optional): "encrypted_file|private_key" or "encrypted_file|private_key|original_image";
// with an original, the decrypted image is compared to it pixel by pixel.
// Returns "bit-exact", "differs" or the decrypted image's title.
args = split(getArgument(), "|");
if (args.length < 2) {
	args = newArray(File.openDialog("Encrypted image (.mcimg)"), File.openDialog("Private key (.paillier.key)"));
}
run("Paillier Decrypt Image", "encrypted_file=[" + args[0] + "] private_key=[" + args[1] + "]");
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
