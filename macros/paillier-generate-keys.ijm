// MedCrypt: make a physician's Paillier key pair (Plugins > MedCrypt > Paillier > Paillier Generate Keys).
// Writes <folder>/physician.paillier.pub (share it) and physician.paillier.key (keep it private).
// Argument (optional): the folder; without one, a folder is asked for.
// Returns the key fingerprint, which every encrypted file records.
folder = getArgument();
if (folder == "") folder = getDirectory("Folder for the MedCrypt keys");
run("Paillier Generate Keys", "key_bits=3072 output_folder=[" + folder + "] key_name=physician");
fingerprint = getResultString("fingerprint", nResults - 1);
print("MedCrypt key " + fingerprint + " written to " + folder);
return fingerprint;
