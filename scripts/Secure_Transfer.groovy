#@ MedCryptService medcrypt
#@ ImagePlus (label = "Image to send") imp
#@ File (label = "Your private key (sender, .key.pem)", style = "open") senderKey
#@ File (label = "Recipient's public key (.pub.pem)", style = "open") recipientPublic
#@ File (label = "Recipient's private key (.key.pem), to check the round trip", style = "open") recipientKey
#@ File (label = "Sender's public key (.pub.pem)", style = "open") senderPublic
#@output ImagePlus received
#@output String report

// MedCrypt example: the default secure transfer (paper 2, Puech et al., made authenticated): AES-256-GCM
// over the pixels, the key wrapped with RSA-OAEP for the recipient and signed with RSA-PSS, all inside the
// encrypted image. The recipient checks the signature and every pixel before decrypting; an altered pixel
// is refused (AuthenticationFailedException) and nothing is decrypted.

import org.medcrypt.io.MedCryptException

def sealed = medcrypt.transferSeal(imp, senderKey, recipientPublic, null)
def opened = medcrypt.transferOpen(sealed.image, recipientKey, senderPublic, null)
received = opened.image

// An attacker flips one bit of one pixel of the encrypted image on the way.
def tampered = sealed.image.duplicate()
def ip = tampered.getProcessor()
ip.set(3, 5, ip.get(3, 5) ^ 1)
def refusal
try {
	medcrypt.transferOpen(tampered, recipientKey, senderPublic, null)
	refusal = "NOT REFUSED"
}
catch (MedCryptException e) {
	refusal = e.getClass().getSimpleName() + ": " + e.getMessage()
}
report = "sent ${sealed.digest}; received ${opened.digest}; " +
	"${sealed.digest == opened.digest ? 'bit-exact' : 'DIFFERENT'}; tampered copy: ${refusal}"
println report
