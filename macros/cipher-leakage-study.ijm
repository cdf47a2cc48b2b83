// MedCrypt, STUDY ONLY: what block ciphers in ECB mode leak on images with large homogeneous zones
// (Puech 2008, sections 1.1 and 1.3; Plugins > MedCrypt > Transfer (study only) > Cipher Leakage Study).
// Argument (optional): an 8-bit image file (an ultrasound shows the effect best); default: the active image.
// Encrypts it with DES-ECB, AES-ECB, AES-OFB and the paper's stream cipher (fresh random keys), shows a montage
// of the encrypted images over their histograms, fills the Results table (entropy, adjacent-pixel correlation,
// NPCR/UACI, distinct 16-pixel blocks) and returns "SCHEME=entropy ..." for each scheme.
if (getArgument() != "") open(getArgument());
image = getTitle();
first = medcryptRows();
run("Cipher Leakage Study", "imp=[" + image + "] show_encrypted=false");
newRow(first, "Cipher Leakage Study");
summary = "";
for (row = first; row < medcryptRows(); row++) {
	summary = summary + medcryptString("scheme", row) + "=" + d2s(medcryptNumber("entropy", row), 4) + " ";
	print(medcryptString("label", row) + ": entropy " + d2s(medcryptNumber("entropy", row), 4) + " bits/pixel, " +
		"correlation h " + d2s(medcryptNumber("corr_h", row), 4) + " v " + d2s(medcryptNumber("corr_v", row), 4) +
		", NPCR " + d2s(medcryptNumber("npcr", row), 4) + "%, UACI " + d2s(medcryptNumber("uaci", row), 4) + "%");
}
return substring(summary, 0, lengthOf(summary) - 1);

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
