// MedCrypt: the researcher's session file of an Algorithm 1 study across labs (Plugins > MedCrypt > Collaboration >
// Create Session File), Vaidya & Tulpule. Parties are NAME,HOST,PORT,CERT.pem separated by ';' (the researcher
// first, then at least 3 labs); each certificate is the .pem the party made with Generate Party Certificate.
// Send the file to every lab and read them the check value. An existing file is never overwritten.
// Argument (optional): "session_file|parties|window[|protocol]" (protocol: Additive sharing (default), Permuted
// rings or Ring); without it the command asks.
// Returns "session=<id> check=<check value>".
args = split(getArgument(), "|");
if (args.length < 3) {
	run("Create Session File");
} else {
	protocol = "Additive sharing";
	if (args.length > 3) protocol = args[3];
	run("Create Session File", "session_file=[" + args[0] + "] parties=[" + args[1] + "] protocol=[" + protocol +
		"] kind=[Algorithm 1 study] window=" + args[2] + " feature=PIXEL_INTENSITY width=0 bound=[] " +
		"hop_timeout_ms=10000 connect_timeout_ms=120000");
}
result = "session=" + getResultString("session", nResults - 1) + " check=" + getResultString("check_value", nResults - 1);
print(result);
return result;
