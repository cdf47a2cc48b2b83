// MedCrypt: make an RSA key pair for the crypto-watermark (Plugins > MedCrypt > Transfer > RSA Generate Keys).
// Argument (optional): "private.pem|public.pem" or "private.pem|public.pem|bits" (default 3072; the paper's
// experiment, 1 bit of K'' per 256 pixels on a 512x512 image, needs 1024-bit keys: study only, below 2048 bits
// Secure Transfer refuses them). Existing files are never
// overwritten; the private key file is readable by its owner only.
// Returns the public key fingerprint.
args = split(getArgument(), "|");
if (args.length < 2) {
	args = newArray(File.openDialog("Private key file to create (.pem)"), File.openDialog("Public key file to create (.pem)"));
}
bits = 3072;
if (args.length > 2) bits = parseInt(args[2]);
study = "";
if (bits < 2048) study = " study_only=true";
run("RSA Generate Keys", "key_bits=" + bits + study + " private_key_file=[" + args[0] + "] public_key_file=[" + args[1] + "]");
fingerprint = getResultString("fingerprint", nResults - 1);
print("RSA key pair " + fingerprint + " (" + bits + " bits) written to " + args[0] + " and " + args[1]);
return fingerprint;
