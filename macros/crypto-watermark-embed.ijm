// MedCrypt, STUDY ONLY: Puech 2008 section 2, sender side (Plugins > MedCrypt > Transfer (study only) >
// Crypto-Watermark Embed). Encrypts the image with the pixel stream cipher under a new 128-bit session key K
// (or a key file), encrypts K with textbook RSA (sender's private key, then recipient's public key) and embeds
// K'' in the least significant bits of the encrypted image. Textbook RSA and an LSB watermark: never for
// patient data.
// Argument (optional): "image|sender_private.pem|recipient_public.pem|output.tif" or with "|key_file" appended.
// Returns "bits=<L> pixels_per_bit=<B> changed=<carriers changed> psnr=<encrypted vs watermarked, dB>".
args = split(getArgument(), "|");
if (args.length < 4) {
	args = newArray("", File.openDialog("Sender's private key (.pem)"), File.openDialog("Recipient's public key (.pem)"),
		"");
	args[3] = getDirectory("image") + getTitle() + ".watermarked.tif";
} else {
	open(args[0]);
}
image = getTitle();
// key_file=[] even when unused: SciJava would otherwise ask for the only unset file input
options = "key_source=[New session key] key_bits=128 key_file=[]";
if (args.length > 4) options = "key_source=[Key file] key_file=[" + args[4] + "]";
first = medcryptRows();
run("Crypto-Watermark Embed", "imp=[" + image + "] " + options + " sender_private_key=[" + args[1] +
	"] recipient_public_key=[" + args[2] + "]");
row = newRow(first, "Crypto-Watermark Embed");
saveAs("Tiff", args[3]);
result = "bits=" + medcryptNumber("bits", row) + " pixels_per_bit=" + medcryptNumber("pixels_per_bit", row) + " changed=" +
	medcryptNumber("carriers_changed", row) + " psnr=" + d2s(medcryptNumber("psnr_encrypted", row), 2);
print("Watermarked " + image + " into " + args[3] + ": " + result + " (study only)");
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
