// MedCrypt, STUDY ONLY: what block ciphers in ECB mode leak on images with large homogeneous zones
// (Puech 2008, sections 1.1 and 1.3; Plugins > MedCrypt > Transfer (study only) > Cipher Leakage Study).
// Argument (optional): an 8-bit image file (an ultrasound shows the effect best); default: the active image.
// Encrypts it with DES-ECB, AES-ECB, AES-OFB and the paper's stream cipher (fresh random keys), shows a montage
// of the encrypted images over their histograms, fills the Results table (entropy, adjacent-pixel correlation,
// NPCR/UACI, distinct 16-pixel blocks) and returns "SCHEME=entropy ..." for each scheme.
if (getArgument() != "") open(getArgument());
image = getTitle();
first = nResults;
run("Cipher Leakage Study", "imp=[" + image + "] show_encrypted=false");
summary = "";
for (row = first; row < nResults; row++) {
	summary = summary + getResultString("scheme", row) + "=" + d2s(getResult("entropy", row), 4) + " ";
	print(getResultString("label", row) + ": entropy " + d2s(getResult("entropy", row), 4) + " bits/pixel, " +
		"correlation h " + d2s(getResult("corr_h", row), 4) + " v " + d2s(getResult("corr_v", row), 4) +
		", NPCR " + d2s(getResult("npcr", row), 4) + "%, UACI " + d2s(getResult("uaci", row), 4) + "%");
}
return substring(summary, 0, lengthOf(summary) - 1);
