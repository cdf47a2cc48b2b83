#@ MedCryptService medcrypt
#@ File[] (label = "Party certificates (.pem): the researcher first, then the labs", style = "files") certificates
#@ String (label = "Host of every party, then NAME=HOST for those elsewhere (comma-separated)", value = "localhost") hosts
#@ Integer (label = "First port (the next parties take the next ones)", value = 47001) firstPort
#@ Integer (label = "Algorithm 1 window size", value = 3) window
#@ File (label = "Session file to write", style = "save") sessionFile
#@output String sessionId
#@output String checkValue

// MedCrypt example: the researcher's session file of an Algorithm 1 study across labs (Vaidya & Tulpule):
// every party's name, address and pinned certificate fingerprint, additive secret sharing, the window size.
// Send the file to every lab; each runs Plugins > MedCrypt > Collaboration > Secure Sum Party with it, and
// checks the check value with the researcher over the phone.

import org.medcrypt.securesum.Protocol
import org.medcrypt.groundtruth.DeviationFeature

def items = hosts.split(",")*.trim()
def defaultHost = items.find { !it.contains("=") } ?: "localhost"
def hostOf = { String name ->
	def entry = items.find { it.startsWith(name + "=") }
	entry ? entry.substring(name.length() + 1) : defaultHost
}
def parties = certificates.toList().withIndex().collect { file, i ->
	def name = file.name.replaceAll(/\.pem$/, "")
	"${name},${hostOf(name)},${firstPort + i},${file.path}".toString()
}
def created = medcrypt.newStudySession(sessionFile, Protocol.ADDITIVE_SHARING, window,
	DeviationFeature.PIXEL_INTENSITY, parties)
created.warnings.each { println "warning: " + it }
sessionId = created.id()
checkValue = created.session.digest()
println "session ${sessionId} written to ${sessionFile}, check value ${checkValue}"
