// MedCrypt, STUDY ONLY: break the paper's stream cipher (Plugins > MedCrypt > Transfer (study only) >
// Stream Cipher Key Recovery). The cipher is linear: a black row of the image, or the first 136 pixels of the
// original (64 for the IV, 72 for the 64 coefficients of a 128-bit key), give the key; the whole image is then
// decrypted with it.
// Argument (optional): "encrypted.tif|black" or "encrypted.tif|known|original" (or "encrypted.tif|black|original"
// to count exact pixels).
// Returns "key=<key bytes, hex> black_row=<row or -1> iv=<yes|no> exact=<pixels equal to the original or -1>".
args = split(getArgument(), "|");
if (args.length < 2) args = newArray(File.openDialog("Stream-encrypted image (TIFF)"), "black");
open(args[0]);
mode = "[Black background]";
if (args[1] == "known") mode = "[First pixels of the original]";
original = "";
if (args.length > 2) original = args[2];
first = medcryptRows();
run("Stream Cipher Key Recovery", "imp=[" + getTitle() + "] key_bits=128 known_plaintext=" + mode +
	" known_pixels=136 original_file=[" + original + "]");
row = newRow(first, "Stream Cipher Key Recovery");
result = "key=" + medcryptString("key_bytes", row) + " black_row=" + medcryptNumber("black_row", row) + " iv=" +
	medcryptString("iv_recovered", row) + " exact=" + medcryptNumber("pixels_exact", row);
print("Recovered the stream cipher key of " + args[0] + ": " + result + " (study only: never use this cipher)");
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
