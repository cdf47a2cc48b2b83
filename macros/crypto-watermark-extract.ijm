// MedCrypt, STUDY ONLY: Puech 2008 section 2, recipient side (Plugins > MedCrypt > Transfer (study only) >
// Crypto-Watermark Extract). Extracts K'' from the watermarked encrypted image, recovers K with the recipient's
// private key and the sender's public key, checks it and decrypts. A changed carrier pixel, a cropped image or
// a wrong key stops the macro with "Key check failed"; changes to other pixels are NOT detected.
// Argument (optional): "watermarked.tif|recipient_private.pem|sender_public.pem" or with "|original" appended.
// Returns "key=<fingerprint>" or, with an original, "key=<fingerprint> psnr=<dB> psnr_modular=<dB> wrapped=<n>".
args = split(getArgument(), "|");
if (args.length < 3) {
	args = newArray(File.openDialog("Watermarked encrypted image (TIFF)"), File.openDialog("Recipient's private key (.pem)"),
		File.openDialog("Sender's public key (.pem)"));
}
open(args[0]);
options = "imp=[" + getTitle() + "] recipient_private_key=[" + args[1] + "] sender_public_key=[" + args[2] + "]";
// original_file=[] when there is none: SciJava would otherwise ask for the only unset file input
original = "";
if (args.length > 3) original = args[3];
options = options + " original_file=[" + original + "]";
first = medcryptRows();
run("Crypto-Watermark Extract", options);
row = newRow(first, "Crypto-Watermark Extract");
result = "key=" + medcryptString("key", row);
if (args.length > 3) {
	result = result + " psnr=" + d2s(medcryptNumber("psnr_original", row), 2) + " psnr_modular=" +
		d2s(medcryptNumber("psnr_modular", row), 2) + " wrapped=" + medcryptNumber("wrapped", row);
}
print("Decrypted " + args[0] + ": " + result + " (study only)");
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
