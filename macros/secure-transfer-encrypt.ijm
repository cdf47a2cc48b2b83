// MedCrypt: send an image safely (Plugins > MedCrypt > Transfer > Secure Transfer Encrypt). AES-256-GCM over
// the pixels, a fresh session key wrapped for the recipient (RSA-OAEP) and signed by you (RSA-PSS), all inside
// the encrypted image, which keeps the size and type of the original. Send the TIFF it writes.
// Argument (optional): "image|sender_private.pem|recipient_public.pem|output.tif".
// Returns "sha256=<digest of the original pixels> bits=<envelope bits> touched=<samples carrying them>
// identifier=<the image's identifier, signed; tell the recipient>". The encrypted image is titled
// "MedCrypt sealed <identifier>": the original title travels encrypted.
args = split(getArgument(), "|");
if (args.length < 4) {
	args = newArray("", File.openDialog("Your private key (.pem)"), File.openDialog("Recipient's public key (.pem)"),
		"");
	args[3] = getDirectory("image") + getTitle() + ".encrypted.tif";
} else {
	open(args[0]);
}
image = getTitle();
run("Secure Transfer Encrypt", "imp=[" + image + "] sender_private_key=[" + args[1] + "] recipient_public_key=[" +
	args[2] + "] output_file=[" + args[3] + "]");
row = nResults - 1;
result = "sha256=" + getResultString("sha256", row) + " bits=" + getResult("payload_bits", row) + " touched=" +
	getResult("samples_touched", row) + " identifier=" + getResultString("identifier", row);
print("Encrypted " + image + " as " + getResultString("identifier", row) + " for " + getResultString("recipient", row) +
	" into " + args[3]);
return result;
