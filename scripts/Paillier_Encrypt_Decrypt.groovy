#@ MedCryptService medcrypt
#@ ImagePlus (label = "Image to encrypt (8- or 16-bit)") imp
#@ File (label = "Public key (.paillier.pub)", style = "open") publicKey
#@ File (label = "Private key (.paillier.key)", style = "open") privateKey
#@ File (label = "Encrypted file to write (.mcimg)", style = "save") encryptedFile
#@output net.imglib2.img.Img decrypted
#@output ImagePlus haar
#@output String report

// MedCrypt example: Paillier encryption of an image into a .mcimg file (paper 1, Bellafqira et al.), the
// Haar transform computed on the ciphertexts, and decryption back into an ImgLib2 image, checked bit-exact.
// In Fiji: open an 8- or 16-bit image, then run this script from the script editor (language Groovy).

import net.imglib2.view.Views

// Encrypt under the public key (1 Haar level packed; the file is never overwritten).
def encrypted = medcrypt.paillierEncrypt(imp, publicKey, encryptedFile, 1)

// What the server can do with the public key alone: the Haar transform on the ciphertexts; the key holder
// (private key) sees the classic LL/HL/LH/HH decomposition.
haar = medcrypt.haar(encryptedFile, privateKey, 1, false).decomposition

// Decrypt as an ImgLib2 image and compare every pixel with the original, plane by plane.
decrypted = medcrypt.paillierDecryptImg(encryptedFile, privateKey)
def differing = 0
def cursor = Views.flatIterable(decrypted).cursor()
for (int z = 1; z <= imp.getStackSize(); z++) {
	def ip = imp.getStack().getProcessor(z)
	for (int y = 0; y < imp.getHeight(); y++)
		for (int x = 0; x < imp.getWidth(); x++)
			if (cursor.next().getInteger() != ip.get(x, y)) differing++
}
report = "key ${encrypted.key.fingerprint()}; ${encrypted.image.ciphertexts().length} ciphertexts; " +
	"decrypted ${differing == 0 ? 'bit-exact' : differing + ' pixels differ'}; " +
	"Haar ${haar.getWidth()}x${haar.getHeight()}"
println report
