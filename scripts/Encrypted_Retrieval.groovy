#@ MedCryptService medcrypt
#@ File (label = "Store folder (created on first use)", style = "directory") store
#@ File (label = "Private key (.paillier.key)", style = "open") privateKey
#@ File[] (label = "8-bit images to add", style = "files") images
#@ ImagePlus (label = "Query image (8-bit)") query
#@ Integer (label = "Images to return", value = 3) d
#@output String ranking
#@output ImagePlus montage

// MedCrypt example: an encrypted image store (paper 1, Bellafqira et al.). Each image is encrypted here by
// its owner with its encrypted wavelet signature; the query leaves encrypted, the store ranks with the key
// holder's help and never learns the distances. Then the store is listed, and the first entry removed.

import ij.IJ
import net.imglib2.img.array.ArrayImgs

images.eachWithIndex { file, i ->
	def imp = IJ.openImage(file.path)
	def label = file.name.replaceAll(/\..*$/, "")
	if (i == 0) {
		// An ImgLib2 image (as a pipeline would hold it) goes in the same way.
		def img = ArrayImgs.unsignedBytes((byte[]) imp.getProcessor().getPixels(), imp.getWidth(), imp.getHeight())
		medcrypt.storeAdd(store.path, privateKey, img, file.name, label)
	}
	else medcrypt.storeAdd(store.path, privateKey, imp, label)
}

def matches = medcrypt.storeQuery(store.path, privateKey, query, d)
ranking = matches.collect { "${it.rank}\t${it.entry.name}\t${it.entry.label}" }.join("\n")
montage = medcrypt.montage("Most similar to " + query.getTitle(), matches)
println ranking

def entries = medcrypt.storeList(store.path, privateKey)
def removed = medcrypt.storeRemove(store.path, privateKey, entries[0].id)
println "removed ${removed.name}; ${medcrypt.storeList(store.path, privateKey).size()} entries left"
