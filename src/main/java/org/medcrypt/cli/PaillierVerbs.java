package org.medcrypt.cli;

import java.nio.file.Path;
import java.security.SecureRandom;

import ij.ImagePlus;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PackingParameters;
import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.PaillierImages;
import org.medcrypt.ij.RetrievalImages;
import org.medcrypt.io.AtomicFiles;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.paillier.PaillierKeyGenerator;
import org.medcrypt.paillier.PaillierKeyPair;
import org.medcrypt.retrieval.SignatureParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The Paillier subcommands: keys, encrypt, decrypt, the Haar view, signatures (Fiji: Paillier and Retrieval menus). */
final class PaillierVerbs {

	private PaillierVerbs() {}

	@Command(name = "keygen", sortOptions = false, description = "A physician's Paillier key pair: writes " +
		"DIR/NAME.paillier.pub (share it) and DIR/NAME.paillier.key (keep it; owner-only).")
	static final class Keygen extends Verb {

		@Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the key files")
		Path dir;

		@Option(names = "--name", paramLabel = "NAME", description = "file name stem (default: ${DEFAULT-VALUE})")
		String name = "medcrypt";

		@Option(names = "--bits", paramLabel = "BITS", description = "3072 (default) or 2048")
		int bits = PaillierKeyGenerator.DEFAULT_BITS;

		@Override
		protected int execute() throws MedCryptException {
			checkNew(dir.resolve(name + PaillierKeyFiles.PUBLIC_SUFFIX)); // before the seconds of key generation
			checkNew(dir.resolve(name + PaillierKeyFiles.PRIVATE_SUFFIX));
			final PaillierKeyPair pair = PaillierKeyGenerator.generate(bits, new SecureRandom());
			final Path[] files = PaillierKeyFiles.writePair(dir, name, pair);
			out().println("public key:  " + files[0] + "  (share it)");
			out().println("private key: " + files[1] + "  (keep it; owner-only permissions)");
			out().println("fingerprint: " + pair.publicKey().fingerprint());
			return 0;
		}
	}

	@Command(name = "encrypt", sortOptions = false, description = "Encrypts an 8/16-bit or RGB image or stack " +
		"(TIFF, PNG, JPEG, DICOM) into a .mcimg file under a Paillier key, its calibration and header encrypted " +
		"inside.")
	static final class Encrypt extends Verb {

		@Option(names = "--key", required = true, paramLabel = "KEY", description = "the recipient's .paillier.pub " +
			"(or the owner's .paillier.key: faster)")
		Path key;

		@Option(names = "--in", required = true, paramLabel = "IMAGE", description = "the image file")
		Path in;

		@Option(names = "--out", required = true, paramLabel = "FILE.mcimg", description = "the encrypted file")
		Path file;

		@Option(names = "--view", paramLabel = "VIEW.png", description = "also write what an attacker sees")
		Path view;

		@Option(names = "--levels", paramLabel = "L", description = "Haar levels the layout aligns " +
			"(default: ${DEFAULT-VALUE})")
		int levels = PackingParameters.DEFAULT_LEVELS;

		@Option(names = "--slot-bits", paramLabel = "BITS", description = "slot width (default 0: automatic; 24 " +
			"for an RGB image a store server should index by its luma)")
		int slotBits;

		@Override
		protected int execute() throws MedCryptException {
			try (AtomicFiles.Outputs outputs = outputs(file, view)) {
				final PaillierImages.Encrypted e = PaillierImages.encrypt(ImageFiles.open(in), key, file, levels,
					slotBits, progress());
				outputs.written(file);
				if (view != null) ImageFiles.savePng(e.ciphertextView("ciphertext"), view);
				outputs.commit();
				out().printf("%s -> %s: %d ciphertexts, %.2fx expansion, %.2f s%n", in, file, e.image.ciphertexts()
					.length, e.image.expansion(), e.seconds);
			}
			return 0;
		}
	}

	@Command(name = "decrypt", sortOptions = false, description = "Decrypts a .mcimg file with the private key " +
		"into a TIFF, bit-exact, with its calibration, header and C/Z/T restored.")
	static final class Decrypt extends Verb {

		@Option(names = "--key", required = true, paramLabel = "KEY.paillier.key", description = "the private key")
		Path key;

		@Option(names = "--in", required = true, paramLabel = "FILE.mcimg", description = "the encrypted file")
		Path in;

		@Option(names = "--out", required = true, paramLabel = "IMAGE.tif", description = "the decrypted image")
		Path file;

		@Override
		protected int execute() throws MedCryptException {
			checkNew(file);
			final PaillierImages.Decrypted d = PaillierImages.decrypt(in, key, progress());
			if (d.notice() != null) err().println("note: " + d.notice());
			final ImagePlus imp = d.image;
			ImageFiles.saveTiff(imp, file);
			out().printf("%s -> %s: %dx%dx%d, %d-bit, %.2f s%n", in, file, imp.getWidth(), imp.getHeight(), imp
				.getStackSize(), imp.getBitDepth(), d.seconds);
			return 0;
		}
	}

	@Command(name = "haar", sortOptions = false, description = { "The Haar transform of a .mcimg computed on its " +
		"ciphertexts with the public key, as the server does; with the private key, the classic LL/HL/LH/HH " +
		"decomposition (paper 1, figure 1). Give --out, --server-view or both." })
	static final class Haar extends Verb {

		@Option(names = "--in", required = true, paramLabel = "FILE.mcimg", description = "the encrypted file")
		Path in;

		@Option(names = "--key", required = true, paramLabel = "KEY", description = ".paillier.key for the " +
			"decomposition, or .paillier.pub for the server's view only")
		Path key;

		@Option(names = "--levels", paramLabel = "L", description = "levels (default: ${DEFAULT-VALUE})")
		int levels = 3;

		@Option(names = "--plane", paramLabel = "N", description = "plane of a stack, from 1 (default: " +
			"${DEFAULT-VALUE})")
		int plane = 1;

		@Option(names = "--out", paramLabel = "HAAR.tif|.png", description = "the decomposition (private key): " +
			"32-bit TIFF, or PNG as a figure")
		Path decomposition;

		@Option(names = "--server-view", paramLabel = "VIEW.png", description = "what the server holds: " +
			"ciphertext noise")
		Path serverView;

		@Override
		protected int execute() throws MedCryptException {
			if (decomposition == null && serverView == null) throw new picocli.CommandLine.ParameterException(spec
				.commandLine(), "give --out (with the private key), --server-view, or both");
			try (AtomicFiles.Outputs outputs = outputs(decomposition, serverView)) {
				final boolean privateKey = PaillierKeyFiles.holdsPrivateKey(key);
				if (decomposition != null && !privateKey) throw new MedCryptException("The decomposition needs the " +
					"private key (.paillier.key); with a public key only --server-view can be written.");
				final PaillierImages.Haar h = PaillierImages.haar(in, key, levels, plane, serverView != null);
				if (decomposition != null) {
					save(h.decomposition, decomposition);
					outputs.written(decomposition);
				}
				if (serverView != null) save(h.serverView, serverView);
				outputs.commit();
				out().printf("%s: %d levels, %d bands on ciphertexts in %.2f s%s%n", in, levels, 3 * levels + 1,
					h.serverSeconds, decomposition != null ? ", decrypted to " + decomposition : "");
			}
			return 0;
		}
	}

	@Command(name = "signature", sortOptions = false, description = { "An image's encrypted wavelet signature " +
		"(.mcsig): from an image by its owner, or from a .mcimg through the key-holder protocol that replaces " +
		"the paper's eq. 4; both equal the plaintext signature." })
	static final class Signature extends Verb {

		@Option(names = "--key", required = true, paramLabel = "KEY.paillier.key", description = "the private key")
		Path key;

		@Option(names = "--in", required = true, paramLabel = "IMAGE|FILE.mcimg", description = "an image file, or " +
			"an encrypted file")
		Path in;

		@Option(names = "--out", required = true, paramLabel = "FILE.mcsig", description = "the signature file")
		Path file;

		@Option(names = "--signature", paramLabel = "paper|spatial|spatial2", description = "which signature (default: " +
			"${DEFAULT-VALUE}; spatial, spatial2: 8x8 grid of subband energies of levels 1-3 and the level-1 " +
			"histograms, spatial2 with a root norm, docs/RETRIEVAL.md)")
		String signature = "spatial2";

		@Option(names = "--levels", paramLabel = "L", description = "Haar levels of the paper's signature, 1-3 " +
			"(default: ${DEFAULT-VALUE})")
		int levels = 1;

		@Option(names = "--delta", paramLabel = "D", description = "interval width (default 0: from --k)")
		int delta;

		@Option(names = "--k", paramLabel = "K", description = "intervals per level-1 band (default 0: from " +
			"--delta; both 0: 64)")
		int k;

		@Override
		protected int execute() throws MedCryptException {
			final SignatureParameters.Method method = SignatureParameters.Method.named(signature);
			checkNew(file);
			final boolean encrypted = in.toString().endsWith(EncryptedImageFile.SUFFIX);
			final RetrievalImages.Signature s = RetrievalImages.signature(encrypted ? null : ImageFiles.open(in),
				encrypted ? in : null, key, method, levels, delta, k, file, progress());
			final SignatureParameters p = s.signature.parameters();
			out().printf("%s -> %s: %s %s signature, %d levels, delta %d, %d values, %d ciphertexts, %.2f s%n", in,
				file, s.protocol ? "protocol" : "owner", p.method().label(), p.levels(), p.delta(), p.length(), s
					.signature.ciphertextCount(), s.seconds);
			return 0;
		}
	}
}
