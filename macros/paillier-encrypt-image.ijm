// MedCrypt: Paillier-encrypt an image into a .mcimg file (Plugins > MedCrypt > Paillier > Paillier Encrypt Image).
// Argument (optional): "image|public_key|output_file", separated by '|'. Without one, the active image is
// encrypted and the key and output file are asked for. The original image is never modified.
// Shows what an attacker sees (the ciphertext bytes) and returns "ciphertexts=<n> expansion=<x>".
args = split(getArgument(), "|");
if (args.length == 3) {
	open(args[0]);
	key = args[1];
	output = args[2];
} else {
	key = File.openDialog("Public key (.paillier.pub)");
	output = File.directory + getTitle() + ".mcimg";
}
image = getTitle();
run("Paillier Encrypt Image", "imp=[" + image + "] public_key=[" + key + "] output_file=[" + output + "] haar_levels=3 slot_bits=0 show_ciphertext=true");
row = nResults - 1;
summary = "ciphertexts=" + getResult("ciphertexts", row) + " expansion=" + d2s(getResult("expansion", row), 2);
print("Encrypted " + image + " into " + output + ": " + summary + " (window: " + getTitle() + ")");
return summary;
