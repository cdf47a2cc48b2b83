// MedCrypt: a secure-collaboration party's key and certificate (Plugins > MedCrypt > Collaboration >
// Generate Party Certificate). Every party of a study (the researcher and each lab) runs it once: the .p12 keystore
// (owner-only, password-protected) stays on this machine; the .pem certificate goes to the researcher, who lists
// its fingerprint in the session file. Existing files are never overwritten.
// Argument (optional): "party_name|keystore.p12|certificate.pem|password"; without it the command asks.
// Returns the certificate's SHA-256 fingerprint (64 hex digits), to compare with the session file by phone.
args = split(getArgument(), "|");
if (args.length < 4) {
	run("Generate Party Certificate");
} else {
	run("Generate Party Certificate", "party_name=[" + args[0] + "] keystore_file=[" + args[1] + "] certificate_file=[" +
		args[2] + "] password=[" + args[3] + "]");
}
fingerprint = getResultString("fingerprint", nResults - 1);
print("Party " + getResultString("party", nResults - 1) + ": certificate fingerprint " + fingerprint);
return fingerprint;
