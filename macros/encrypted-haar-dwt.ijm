// MedCrypt: the Haar wavelet transform of an encrypted image, computed on ciphertexts
// (Plugins > MedCrypt > Retrieval > Encrypted Haar DWT).
// Argument (optional): "encrypted_file|key_file". With the private key (.paillier.key) the decomposition is
// shown (LL, HL, LH, HH per level, seed paper 1 figure 1); with the public key only, what the server holds.
// Returns "<width>x<height> LL=<top-left coefficient>" for the decomposition, or the server view's title.
args = split(getArgument(), "|");
if (args.length < 2) {
	args = newArray(File.openDialog("Encrypted image (.mcimg)"), File.openDialog("Key file"));
}
isPrivate = endsWith(args[1], ".paillier.key");
serverView = "true";
if (isPrivate) serverView = "false";
run("Encrypted Haar DWT", "encrypted_file=[" + args[0] + "] key_file=[" + args[1] + "] levels=3 plane=1 show_server_view=" + serverView);
if (isPrivate) {
	result = "" + getWidth() + "x" + getHeight() + " LL=" + getPixel(0, 0);
} else {
	result = getTitle();
}
print(result);
return result;
