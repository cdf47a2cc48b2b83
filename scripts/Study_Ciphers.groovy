#@ MedCryptService medcrypt
#@ ImagePlus (label = "8-bit image") imp
#@ String (label = "Passphrase (stream cipher)", style = "password") passphrase
#@ File (label = "Sender's private key (.key.pem)", style = "open") senderKey
#@ File (label = "Recipient's public key (.pub.pem)", style = "open") recipientPublic
#@ File (label = "Recipient's private key (.key.pem)", style = "open") recipientKey
#@ File (label = "Sender's public key (.pub.pem)", style = "open") senderPublic
#@output ImagePlus leakageMontage
#@output String report

// MedCrypt example, STUDY ONLY (paper 2, Puech et al.): the paper's pixel stream cipher under a passphrase,
// the hybrid crypto-watermark (session key wrapped with textbook RSA and embedded by LSB substitution), and
// the block-cipher leakage study (ECB shows the image's structure, the stream cipher does not). None of these
// protects a real transfer: use Secure_Transfer.groovy for that.

def stream = medcrypt.streamEncrypt(imp, passphrase, 128)
def back = medcrypt.streamDecrypt(stream.image, passphrase)
def streamExact = Arrays.equals((byte[]) back.image.getProcessor().getPixels(), (byte[]) imp.getProcessor().getPixels())

def embedded = medcrypt.watermarkEmbed(imp, 128, senderKey, recipientPublic)
def extracted = medcrypt.watermarkExtract(embedded.image, recipientKey, senderPublic)

def study = medcrypt.leakage(imp)
leakageMontage = study.montage
def entropies = study.rows.collect { "${it.scheme.name()}=${String.format('%.2f', it.entropy)}" }.join(" ")

report = "stream cipher: ${streamExact ? 'bit-exact' : 'DIFFERENT'} (key checked: ${back.keyChecked}); " +
	"watermark: key ${extracted.key.fingerprint() == embedded.key.fingerprint() ? 'recovered' : 'WRONG'}; " +
	"entropy ${entropies}"
println report
