package org.medcrypt.cli;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;

import ij.ImagePlus;
import org.medcrypt.cipher.LeakageStudy;
import org.medcrypt.cipher.StreamCipherKey;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.LeakageImages;
import org.medcrypt.ij.StreamCipherImages;
import org.medcrypt.ij.TransferImages;
import org.medcrypt.ij.WatermarkImages;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.SecureRandoms;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.keys.StreamCipherKeyFile;
import org.medcrypt.transfer.OpenedRegister;
import org.medcrypt.transfer.SecureTransfer;
import org.medcrypt.watermark.CryptoWatermark;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Sending images (Fiji: Transfer menus): the default secure transfer, and the
 * paper's stream cipher, crypto-watermark, key recovery and leakage study
 * (study only). Images are read as files and written as TIFF, which keeps the
 * pixels and the properties the stream cipher records.
 */
final class TransferVerbs {

	private TransferVerbs() {}

	/** A group of subcommands: only its subcommands do work. */
	abstract static class Group implements Runnable {

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this text")
		boolean help;

		@Override
		public void run() {
			throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
		}
	}

	@Command(name = "transfer", description = { "The default way to send an image: AES-256-GCM over the pixels, " +
		"the key wrapped for the recipient (RSA-OAEP) and signed (RSA-PSS), carried inside the image." },
		subcommands = { Transfer.Keygen.class, Transfer.Seal.class, Transfer.Open.class })
	static final class Transfer extends Group {

		@Command(name = "keygen", sortOptions = false, description = "An RSA key pair as PEM files: the private " +
			"one (PKCS#8) owner-only, the public one to share.")
		static final class Keygen extends Verb {

			@Option(names = "--private-key", required = true, paramLabel = "NAME.key.pem", description = "keep it")
			Path privateKey;

			@Option(names = "--public-key", required = true, paramLabel = "NAME.pub.pem", description = "share it")
			Path publicKey;

			@Option(names = "--bits", paramLabel = "BITS", description = "modulus size (default: ${DEFAULT-VALUE}; " +
				"2048 at least; the paper's watermark experiment used 1024: --study-only)")
			int bits = RsaKeyFiles.DEFAULT_BITS;

			@Option(names = "--study-only", description = "allow 1024 to 2047 bits, for the study-only " +
				"crypto-watermark (secure transfer refuses such keys)")
			boolean studyOnly;

			@Override
			protected int execute() throws MedCryptException {
				RsaKeyFiles.checkBits(bits, studyOnly);
				checkNew(privateKey); // before the key generation
				checkNew(publicKey);
				final KeyPair pair = RsaKeyFiles.generateForStudy(bits, SecureRandoms.forThisThread());
				RsaKeyFiles.write(pair, privateKey, publicKey);
				out().println("private key: " + privateKey + "  (keep it; owner-only permissions)");
				out().println("public key:  " + publicKey + "  (share it)");
				out().println("fingerprint: " + Fingerprints.of((RSAPublicKey) pair.getPublic()));
				if (bits < RsaKeyFiles.MIN_BITS) out().println("STUDY ONLY: a " + bits + "-bit key; secure transfer " +
					"refuses it");
				return 0;
			}
		}

		@Command(name = "seal", sortOptions = false, description = "Seals an image (8/16-bit, RGB, indexed colour, " +
			"stacks) for a recipient into a TIFF of the same size and type.")
		static final class Seal extends Verb {

			@Option(names = "--in", required = true, paramLabel = "IMAGE", description = "the image to send")
			Path in;

			@Option(names = "--sender-key", required = true, paramLabel = "YOU.key.pem", description = "your private " +
				"key (signs)")
			Path senderKey;

			@Option(names = "--recipient-key", required = true, paramLabel = "THEM.pub.pem", description = "the " +
				"recipient's public key")
			Path recipientKey;

			@Option(names = "--out", required = true, paramLabel = "OUT.tif", description = "the sealed image (TIFF: " +
				"only lossless TIFF keeps it decryptable)")
			Path file;

			@Option(names = "--id", paramLabel = "ID", description = "identifier of this image: 1 to 32 of A-Z a-z " +
				"0-9 . _ : - (default: 32 random hex digits); signed and shown to the recipient, PUBLIC: never a " +
				"patient's name or number")
			String identifier;

			@Option(names = "--deidentify", description = "de-identify the DICOM header before sealing (PS3.15 " +
				"Basic Application Level Confidentiality Profile; list in docs/TRANSFER.md)")
			boolean deidentify;

			@Override
			protected int execute() throws MedCryptException {
				final RSAPrivateCrtKey sender = RsaKeyFiles.readPrivate(senderKey);
				final RSAPublicKey recipient = RsaKeyFiles.readPublic(recipientKey);
				final TransferImages.Sealed s = TransferImages.seal(ImageFiles.open(in), identifier, deidentify, sender,
					recipient, SecureRandoms.forThisThread(), file.toFile());
				out().printf(Locale.ROOT, "%s -> %s: sealed for %s, %d-bit envelope in %d samples, %.3f s%n", in, file,
					s.sealed.recipient, s.sealed.payloadBits, s.sealed.touchedSamples, s.seconds);
				out().println("identifier: " + s.sealed.label.identifier);
				out().println("created: " + java.time.Instant.ofEpochMilli(s.sealed.label.created));
				if (deidentify) out().println("DICOM header: de-identified (PS3.15 Basic Profile)");
				out().println("sha256: " + s.digest);
				return 0;
			}
		}

		@Command(name = "open", sortOptions = false, description = "Checks the sender's signature and every pixel, " +
			"then decrypts bit-exactly into a TIFF; any alteration or a wrong key stops it and nothing is written.")
		static final class Open extends Verb {

			@Option(names = "--in", required = true, paramLabel = "SEALED.tif", description = "the sealed image")
			Path in;

			@Option(names = "--recipient-key", required = true, paramLabel = "YOU.key.pem", description = "your " +
				"private key")
			Path recipientKey;

			@Option(names = "--sender-key", required = true, paramLabel = "THEM.pub.pem", description = "the " +
				"sender's public key")
			Path senderKey;

			@Option(names = "--out", required = true, paramLabel = "IMAGE.tif", description = "the decrypted image")
			Path file;

			@Option(names = "--expect-id", paramLabel = "ID", description = "the identifier the sender announced: " +
				"another image (a swap) is refused")
			String expectedIdentifier;

			@Option(names = "--refuse-replay", description = "refuse an image whose identifier was opened before " +
				"(default: open it with a warning); the register is transfer-opened.tsv in ~/.medcrypt (or -D" +
				OpenedRegister.HOME_PROPERTY + "=FOLDER)")
			boolean refuseReplay;

			@Override
			protected int execute() throws MedCryptException {
				final RSAPrivateCrtKey recipient = RsaKeyFiles.readPrivate(recipientKey);
				final RSAPublicKey sender = RsaKeyFiles.readPublic(senderKey);
				final TransferImages.Opened o = TransferImages.open(ImageFiles.open(in), recipient, sender,
					OpenedRegister.inUserFolder(), refuseReplay, expectedIdentifier, file.toFile());
				final SecureTransfer.Opened x = o.opened;
				out().printf(Locale.ROOT, "%s -> %s: verified (signed by %s), %.3f s%n", in, file, x.sender, o.seconds);
				out().println("title: " + o.image.getTitle());
				out().println("identifier: " + (x.version == 1 ? "none (envelope version 1)" : x.identifier));
				out().println("created: " + x.createdText());
				out().println("recipient: " + x.recipient);
				out().printf(Locale.ROOT, "C/Z/T: %d/%d/%d%n", o.image.getNChannels(), o.image.getNSlices(), o.image
					.getNFrames());
				if (o.replayOf != null) {
					out().println("WARNING: already opened on " + o.replayOf.openedText() + ": a replay or a copy; " +
						"check with the sender");
				}
				out().println("sha256: " + o.digest);
				return 0;
			}
		}
	}

	/** Where a stream-cipher key comes from: exactly one. */
	static final class StreamKey {

		@Option(names = "--key-file", paramLabel = "FILE.mcstream.key", description = "an existing key file")
		Path keyFile;

		@Option(names = "--passphrase-env", paramLabel = "VAR", description = "environment variable with the " +
			"passphrase (PBKDF2-HMAC-SHA256)")
		String passphraseEnv;

		@Option(names = "--passphrase", description = "type the passphrase at the prompt")
		boolean prompt;
	}

	@Command(name = "stream", description = { "STUDY ONLY: the paper's pixel stream cipher (Puech 2008, " +
		"eqs. 1-4): linear, no integrity; never for patient data." }, subcommands = { Stream.Encrypt.class,
			Stream.Decrypt.class, Stream.RecoverKey.class })
	static final class Stream extends Group {

		@Command(name = "encrypt", sortOptions = false, description = "Encrypts an 8/16-bit image or stack into a " +
			"TIFF of the same size and type that records the key's fingerprint (and a passphrase's salt).")
		static final class Encrypt extends Verb {

			@Option(names = "--in", required = true, paramLabel = "IMAGE", description = "the image")
			Path in;

			@Option(names = "--out", required = true, paramLabel = "OUT.tif", description = "the encrypted image")
			Path file;

			@ArgGroup(exclusive = true, multiplicity = "1")
			Source source;

			static final class Source {

				@Option(names = "--new-key-file", paramLabel = "FILE.mcstream.key", description = "write a new " +
					"random key here (owner-only)")
				Path newKeyFile;

				@ArgGroup(exclusive = true, multiplicity = "1")
				StreamKey key;
			}

			@Option(names = "--key-bits", paramLabel = "BITS", description = "new keys and passphrases: key length " +
				"(default: ${DEFAULT-VALUE})")
			int keyBits = StreamCipherKey.DEFAULT_BITS;

			@Override
			protected int execute() throws MedCryptException {
				// A new key file and the image are one unit: a key without its image (or the reverse) is useless.
				try (AtomicFiles.Outputs outputs = outputs(file, source.newKeyFile)) {
					final ImagePlus imp = ImageFiles.open(in);
					final StreamCipherImages.Encrypted e;
					final StreamKey k = source.key;
					if (k != null && k.keyFile == null) e = StreamCipherImages.encryptWithPassphrase(imp, secret(
						k.passphraseEnv, "--passphrase-env", "passphrase", true), keyBits, progress());
					else if (k == null) {
						final StreamCipherKey key = StreamCipherImages.newKeyFile(keyBits, source.newKeyFile);
						outputs.written(source.newKeyFile);
						e = StreamCipherImages.encrypt(imp, key, progress());
					}
					else e = StreamCipherImages.encrypt(imp, StreamCipherKeyFile.read(k.keyFile), progress());
					ImageFiles.saveTiff(e.image, file);
					outputs.commit();
					out().printf(Locale.ROOT, "%s -> %s: %d pixels, %.3f s, key %s (study only: weak, no integrity)%n",
						in, file, e.pixels, e.seconds, e.key.fingerprint());
					if (!e.salt.isEmpty()) out().println("salt: " + e.salt);
				}
				return 0;
			}
		}

		@Command(name = "decrypt", sortOptions = false, description = "Decrypts an image made by stream encrypt; " +
			"a wrong key is reported only if the image still carries the key's fingerprint (TIFF does).")
		static final class Decrypt extends Verb {

			@Option(names = "--in", required = true, paramLabel = "ENCRYPTED.tif", description = "the encrypted image")
			Path in;

			@Option(names = "--out", required = true, paramLabel = "OUT.tif", description = "the decrypted image")
			Path file;

			@ArgGroup(exclusive = true, multiplicity = "1")
			StreamKey key;

			@Option(names = "--salt", paramLabel = "RECORD", description = "passphrase only: the salt record " +
				"reported at encryption (default: from the image)")
			String salt = "";

			@Override
			protected int execute() throws MedCryptException {
				checkNew(file);
				final ImagePlus imp = ImageFiles.open(in);
				final StreamCipherKey k = key.keyFile != null ? StreamCipherKeyFile.read(key.keyFile) : StreamCipherImages
					.passphraseKey(imp, secret(key.passphraseEnv, "--passphrase-env", "passphrase", false), salt);
				final StreamCipherImages.Decrypted d = StreamCipherImages.decrypt(imp, k, progress());
				ImageFiles.saveTiff(d.image, file);
				out().printf(Locale.ROOT, "%s -> %s: key %s %s, %.3f s%n", in, file, k.fingerprint(), d.keyChecked
					? "checked" : "not checked (no fingerprint in the image)", d.seconds);
				return 0;
			}
		}

		@Command(name = "recover-key", sortOptions = false, description = { "The known-plaintext attack on the " +
			"paper's cipher: from a black row of the encrypted image, or from the first pixels of the original " +
			"(--known-pixels), recovers the key and decrypts the whole image with it." })
		static final class RecoverKey extends Verb {

			@Option(names = "--in", required = true, paramLabel = "ENCRYPTED.tif", description = "the " +
				"stream-encrypted image")
			Path in;

			@Option(names = "--out", required = true, paramLabel = "OUT.tif", description = "the image decrypted " +
				"with the recovered key")
			Path file;

			@Option(names = "--key-bits", paramLabel = "BITS", description = "key length (default: ${DEFAULT-VALUE})")
			int keyBits = StreamCipherKey.DEFAULT_BITS;

			@Option(names = "--original", paramLabel = "IMAGE", description = "the original: its first pixels are " +
				"the known plaintext with --known-pixels; else only to count exact pixels")
			Path original;

			@Option(names = "--known-pixels", paramLabel = "N", description = "use the first N pixels of --original " +
				"instead of a black row")
			Integer knownPixels;

			@Override
			protected int execute() throws MedCryptException {
				checkNew(file);
				final StreamCipherImages.Recovered r = StreamCipherImages.recoverKey(ImageFiles.open(in), original == null
					? null : ImageFiles.open(original), keyBits, knownPixels == null, knownPixels == null ? 0
						: knownPixels);
				ImageFiles.saveTiff(r.image, file);
				out().printf(Locale.ROOT, "recovered the %d-bit key %s from %s (%d equations)%s%n", keyBits, Hex.of(
					r.recovered.key.keyBytes()), knownPixels == null ? "black row " + r.blackRow : knownPixels +
						" known pixels", r.recovered.alphaEquations, r.ivRecovered() ? " and the IV" : ", not the IV " +
							"(the first " + keyBits / 2 + " pixels stay wrong)");
				out().println(file + ": " + (r.exact < 0 ? "no original to compare" : r.exact + " of " + r.pixels +
					" pixels exact"));
				return 0;
			}
		}
	}

	@Command(name = "watermark", description = { "STUDY ONLY: the paper's hybrid crypto-watermark (Puech 2008, " +
		"section 2): textbook RSA, LSB watermark." }, subcommands = { Watermark.Embed.class,
			Watermark.Extract.class })
	static final class Watermark extends Group {

		@Command(name = "embed", sortOptions = false, description = { "Encrypts an image with the stream cipher " +
			"under a session key K, wraps K with raw RSA (sender's private key, then recipient's public key) and " +
			"embeds it by LSB substitution." })
		static final class Embed extends Verb {

			@Option(names = "--in", required = true, paramLabel = "IMAGE", description = "the image")
			Path in;

			@Option(names = "--out", required = true, paramLabel = "OUT.tif", description = "the watermarked " +
				"encrypted image")
			Path file;

			@Option(names = "--sender-key", required = true, paramLabel = "YOU.key.pem", description = "your RSA " +
				"private key")
			Path senderKey;

			@Option(names = "--recipient-key", required = true, paramLabel = "THEM.pub.pem", description = "the " +
				"recipient's RSA public key")
			Path recipientKey;

			@Option(names = "--key-file", paramLabel = "FILE.mcstream.key", description = "a stream-cipher key " +
				"file (default: a new session key)")
			Path keyFile;

			@Option(names = "--key-bits", paramLabel = "BITS", description = "new session keys: length (default: " +
				"${DEFAULT-VALUE})")
			int keyBits = StreamCipherKey.DEFAULT_BITS;

			@Override
			protected int execute() throws MedCryptException {
				checkNew(file);
				final RSAPrivateCrtKey sender = RsaKeyFiles.readPrivate(senderKey);
				final RSAPublicKey recipient = RsaKeyFiles.readPublic(recipientKey);
				final WatermarkImages.Embedded w = WatermarkImages.embed(ImageFiles.open(in), keyFile == null ? null
					: StreamCipherKeyFile.read(keyFile), keyBits, sender, recipient);
				ImageFiles.saveTiff(w.image, file);
				final CryptoWatermark.Embedding e = w.embedding;
				out().printf(Locale.ROOT, "%s -> %s: key %s, %d-bit K'' (1 bit per %d pixels, %d carriers changed, " +
					"PSNR %.2f dB), %.3f s (study only)%n", in, file, w.key.fingerprint(), e.bits, e.pixelsPerBit,
					e.carriersChanged, w.comparison.psnr, w.seconds);
				return 0;
			}
		}

		@Command(name = "extract", sortOptions = false, description = { "Extracts K'' from a watermarked encrypted " +
			"image, recovers K (recipient's private key, then sender's public key), checks it and decrypts." })
		static final class Extract extends Verb {

			@Option(names = "--in", required = true, paramLabel = "WATERMARKED.tif", description = "the watermarked " +
				"encrypted image")
			Path in;

			@Option(names = "--out", required = true, paramLabel = "OUT.tif", description = "the decrypted image")
			Path file;

			@Option(names = "--recipient-key", required = true, paramLabel = "YOU.key.pem", description = "your RSA " +
				"private key")
			Path recipientKey;

			@Option(names = "--sender-key", required = true, paramLabel = "THEM.pub.pem", description = "the " +
				"sender's RSA public key")
			Path senderKey;

			@Option(names = "--original", paramLabel = "IMAGE", description = "the original, for PSNR (optional)")
			Path original;

			@Override
			protected int execute() throws MedCryptException {
				checkNew(file);
				final RSAPrivateCrtKey recipient = RsaKeyFiles.readPrivate(recipientKey);
				final RSAPublicKey sender = RsaKeyFiles.readPublic(senderKey);
				final WatermarkImages.Extracted x = WatermarkImages.extract(ImageFiles.open(in), recipient, sender,
					original == null ? null : ImageFiles.open(original));
				ImageFiles.saveTiff(x.image, file);
				out().println(in + " -> " + file + ": key " + x.key.fingerprint() + " checked, sender " + Fingerprints
					.of(sender));
				if (x.comparison != null) out().println("decrypted vs original: " + x.comparison);
				return 0;
			}
		}
	}

	@Command(name = "leakage", sortOptions = false, description = { "STUDY ONLY: DES/AES-ECB, AES-OFB and the " +
		"stream cipher on an 8-bit image (Puech 2008, figures 1-3): a table of entropy, correlation, NPCR/UACI " +
		"and repeated blocks, and a montage of the encrypted images over their histograms." })
	static final class Leakage extends Verb {

		@Option(names = "--in", required = true, paramLabel = "IMAGE", description = "an 8-bit image (first slice)")
		Path in;

		@Option(names = "--out", required = true, paramLabel = "MONTAGE.png", description = "the montage")
		Path montage;

		@Option(names = "--encrypted", paramLabel = "STACK.tif", description = "also the encrypted images as a stack")
		Path stack;

		@Override
		protected int execute() throws MedCryptException {
			try (AtomicFiles.Outputs outputs = outputs(montage, stack)) {
				final ImagePlus imp = ImageFiles.open(in);
				final LeakageImages.Study study = LeakageImages.run(imp);
				out().printf("%-10s %-18s %8s %8s %8s %8s %8s %s%n", "scheme", "label", "entropy", "corr_h", "corr_v",
					"npcr", "uaci", "distinct 16-pixel blocks");
				for (final LeakageStudy.Row r : study.rows) {
					out().printf(Locale.ROOT, "%-10s %-18s %8.3f %8.3f %8.3f %8.2f %8.2f %d of %d%n", r.scheme.name(),
						r.scheme.label, r.entropy, r.correlationH, r.correlationV, r.npcr, r.uaci, r.distinctBlocks,
						r.blocks);
				}
				ImageFiles.savePng(study.montage, montage);
				outputs.written(montage);
				if (stack != null) ImageFiles.saveTiff(study.encryptedStack("Encryptions of " + imp.getTitle()), stack);
				outputs.commit();
			}
			out().println("wrote " + montage + (stack != null ? " and " + stack : ""));
			return 0;
		}
	}
}
