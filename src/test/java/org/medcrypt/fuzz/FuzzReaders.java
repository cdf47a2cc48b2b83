package org.medcrypt.fuzz;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.medcrypt.encimage.EncryptedImage;
import org.medcrypt.encimage.EncryptedImageFile;
import org.medcrypt.encimage.PaillierImageCipher;
import org.medcrypt.groundtruth.DeviationFeature;
import org.medcrypt.groundtruth.StudySession;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.Progress;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.PaillierKeyFiles;
import org.medcrypt.keys.PartyCredentialFiles;
import org.medcrypt.keys.RsaKeyFiles;
import org.medcrypt.keys.StreamCipherKeyFile;
import org.medcrypt.paillier.PaillierPrivateKey;
import org.medcrypt.paillier.PaillierPublicKey;
import org.medcrypt.retrieval.EncryptedSignature;
import org.medcrypt.retrieval.SignatureParameters;
import org.medcrypt.retrieval.SignatureProtocol;
import org.medcrypt.retrieval.WaveletSignature;
import org.medcrypt.retrieval.index.IndexManifest;
import org.medcrypt.retrieval.index.IndexRecord;
import org.medcrypt.retrieval.index.IndexSegment;
import org.medcrypt.retrieval.index.SealedPreview;
import org.medcrypt.retrieval.net.Candidates;
import org.medcrypt.retrieval.net.RetrievalMessage;
import org.medcrypt.retrieval.store.EncryptedStore;
import org.medcrypt.retrieval.store.StoreEntry;
import org.medcrypt.transfer.SecureTransfer;
import org.medcrypt.image.PixelPlanes;
import org.medcrypt.securesum.Protocol;
import org.medcrypt.securesum.net.NetworkSession;

import ij.ImagePlus;
import net.imglib2.img.array.ArrayImgs;

/**
 * Every reader of MedCrypt that takes bytes from outside, each with valid
 * seed inputs made by the writers of this build (or committed test files),
 * what counts as its clean refusal, and a canonical form of what it decoded
 * (to tell a mutation it accepted unchanged from one it silently accepted
 * changed). {@code integrity} marks formats that carry a checksum or tag, where
 * a silently accepted change is a finding.
 */
final class FuzzReaders {

	/** One reader under test. */
	abstract static class Reader {

		final String name;
		final boolean integrity, text;
		final List<byte[]> seeds = new ArrayList<>();
		/** Inputs in the default sample, and this reader's share (weight) of a full run: by cost per input. */
		int sample = 100, weight = 10;

		Reader(final String name, final boolean integrity, final boolean text) {
			this.name = name;
			this.integrity = integrity;
			this.text = text;
		}

		/** Reads {@code input}; returns a canonical form of what was decoded. */
		abstract String read(byte[] input) throws Exception;

		/** The reader's documented refusal: a MedCryptException unless said otherwise. */
		boolean clean(final Throwable t) {
			return t instanceof MedCryptException;
		}
	}

	private FuzzReaders() {}

	/** Every reader, with seeds; {@code work} is a scratch folder for readers of files. */
	static List<Reader> all(final Path work) throws Exception {
		final Path root = Path.of(System.getProperty("user.dir"));
		final Path keys = root.resolve("src/test/resources/testkeys");
		final PaillierPublicKey pub = PaillierKeyFiles.readPublic(keys.resolve("test-a.paillier.pub"));
		final PaillierPrivateKey priv = PaillierKeyFiles.readPrivate(keys.resolve("test-a.paillier.key"));
		final Random random = new Random(14);
		final List<Reader> readers = new ArrayList<>();

		// ----- images through the one guarded reader
		final Reader images = new Reader("images (ImageFiles.open: TIFF, PNG, DICOM)", false, false) {

			@Override
			String read(final byte[] input) throws Exception {
				// The suffix follows the seed the input came from (its magic decides for ImageJ anyway).
				final String suffix = input.length > 4 && (input[0] == 'I' && input[1] == 'I' || input[0] == 'M' && input[1] == 'M') ? ".tif" : input.length > 1 &&
					input[1] == 'P' ? ".png" : ".dcm";
				final Path f = work.resolve("image" + suffix);
				Files.write(f, input);
				final ImagePlus imp = org.medcrypt.ij.ImageFiles.open(f);
				final StringBuilder s = new StringBuilder(imp.getWidth() + "x" + imp.getHeight() + "x" + imp
					.getStackSize() + " " + imp.getBitDepth());
				for (int z = 1; z <= imp.getStackSize(); z++) {
					final Object pixels = imp.getStack().getPixels(z);
					s.append(' ').append(pixels instanceof byte[] ? Arrays.hashCode((byte[]) pixels) : pixels instanceof short[]
						? Arrays.hashCode((short[]) pixels) : pixels instanceof int[] ? Arrays.hashCode((int[]) pixels)
							: pixels instanceof float[] ? Arrays.hashCode((float[]) pixels) : 0);
				}
				return s.toString();
			}
		};
		for (final String f : new String[] { "microaneurysms.png", "FatMRISlice.png", "MR_small.dcm", "CT_small.dcm" }) {
			images.seeds.add(Files.readAllBytes(root.resolve("test-images").resolve(f)));
		}
		{
			final ImagePlus small = ij.IJ.openImage(root.resolve("test-images/microaneurysms.png").toString());
			final Path tif = work.resolve("seed.tif");
			org.medcrypt.ij.ImageFiles.saveTiff(small, tif);
			images.seeds.add(Files.readAllBytes(tif));
		}
		readers.add(costly(images, 20, 1));

		// ----- .mcimg
		final int[] plane = new int[16 * 16];
		for (int i = 0; i < plane.length; i++) plane[i] = (i * 37 + i / 16 * 11) & 0xff;
		// The owner's private key encrypts (CRT: faster seeds); the files are the same as with the public key.
		final EncryptedImage encrypted = PaillierImageCipher.encrypt(ArrayImgs.unsignedBytes(toBytes(plane), 16, 16),
			priv, Progress.NONE);
		readers.add(withSeeds(new Reader(".mcimg (EncryptedImageFile)", true, false) {

			@Override
			String read(final byte[] input) throws Exception {
				return Fingerprints.sha256(EncryptedImageFile.toBytes(EncryptedImageFile.parse("fuzz.mcimg", input)));
			}
		}, EncryptedImageFile.toBytes(encrypted)));

		// ----- keys
		readers.add(costly(withSeeds(new Reader("Paillier public key (PaillierKeyFiles.readPublic)", false, true) {

			@Override
			String read(final byte[] input) throws Exception {
				final Path f = work.resolve("k.paillier.pub");
				Files.write(f, input);
				return PaillierKeyFiles.readPublic(f).fingerprint();
			}
		}, Files.readAllBytes(keys.resolve("test-a.paillier.pub")), Files.readAllBytes(keys.resolve(
			"test-b.paillier.pub"))), 40, 2));
		readers.add(costly(withSeeds(new Reader("Paillier private key (PaillierKeyFiles.readPrivate)", false, true) {

			@Override
			String read(final byte[] input) throws Exception {
				final Path f = work.resolve("k.paillier.key");
				Files.write(f, input);
				final PaillierPrivateKey k = PaillierKeyFiles.readPrivate(f);
				return k.publicKey().fingerprint() + " " + k.p() + " " + k.q();
			}
		}, Files.readAllBytes(keys.resolve("test-a.paillier.key"))), 30, 2));
		readers.add(costly(withSeeds(new Reader("RSA private key (RsaKeyFiles.readPrivate)", false, true) {

			@Override
			String read(final byte[] input) throws Exception {
				final Path f = work.resolve("k.key.pem");
				Files.write(f, input);
				final RSAPrivateCrtKey k = RsaKeyFiles.readPrivate(f);
				return k.getModulus() + " " + k.getPrivateExponent() + " " + k.getPrimeP() + " " + k.getPrimeQ() + " " + k
					.getPublicExponent() + " " + k.getCrtCoefficient();
			}
		}, Files.readAllBytes(keys.resolve("rsa-a.key.pem"))), 60, 4));
		readers.add(withSeeds(new Reader("RSA public key (RsaKeyFiles.readPublic)", false, true) {

			@Override
			String read(final byte[] input) throws Exception {
				final Path f = work.resolve("k.pub.pem");
				Files.write(f, input);
				final RSAPublicKey k = RsaKeyFiles.readPublic(f);
				return k.getModulus() + " " + k.getPublicExponent();
			}
		}, Files.readAllBytes(keys.resolve("rsa-a.pub.pem")), Files.readAllBytes(keys.resolve("rsa-b.pub.pem"))));
		readers.add(withSeeds(new Reader("stream cipher key (StreamCipherKeyFile)", true, false) {

			@Override
			String read(final byte[] input) throws Exception {
				return Fingerprints.sha256(StreamCipherKeyFile.encode(StreamCipherKeyFile.decode(input, "fuzz.key")));
			}
		}, StreamCipherKeyFile.encode(org.medcrypt.cipher.StreamCipherKey.generate(64, random)),
			StreamCipherKeyFile.encode(org.medcrypt.cipher.StreamCipherKey.generate(128, random))));
		final Path credentials = work.resolve("cred");
		Files.createDirectories(credentials);
		org.medcrypt.tls.PartyCredentials.generate("fuzz-lab", "pw".toCharArray(), new SecureRandom()).save(credentials
			.resolve("fuzz.p12"), credentials.resolve("fuzz.pem"));
		readers.add(costly(withSeeds(new Reader("certificate (PartyCredentialFiles.readCertificate)", false, true) {

			@Override
			String read(final byte[] input) throws Exception {
				final Path f = work.resolve("c.pem");
				Files.write(f, input);
				return Fingerprints.of(PartyCredentialFiles.readCertificate(f));
			}
		}, Files.readAllBytes(credentials.resolve("fuzz.pem"))), 60, 4));

		// ----- the image's description (sealed in .mcimg and transfer; decoded after authentication there, and
		// decoded here as it is, so that its own bounds are what stands)
		final ImagePlus ct = org.medcrypt.ij.ImageFiles.open(root.resolve("test-images/CT_small.dcm"));
		final ImagePlus hyperstack = ij.IJ.createHyperStack("hs", 8, 6, 2, 3, 2, 16);
		readers.add(withSeeds(new Reader("image description (ImageDescription.decode)", true, false) {

			@Override
			String read(final byte[] input) throws Exception {
				return Fingerprints.sha256(org.medcrypt.image.ImageDescription.decode(input).encode());
			}
		}, org.medcrypt.ij.ImageDescriptions.of(ct).encode(), org.medcrypt.ij.ImageDescriptions.of(hyperstack)
			.encode()));

		// ----- signatures and the key holder's protocol formats
		final SignatureParameters parameters = SignatureParameters.of(8, 16, 1);
		final EncryptedSignature sig1 = EncryptedSignature.encrypt(WaveletSignature.of(plane, 16, 16, parameters, 8),
			priv, random);
		final int[] other = plane.clone();
		for (int i = 0; i < other.length; i += 3) other[i] = 255 - other[i];
		final EncryptedSignature sig2 = EncryptedSignature.encrypt(WaveletSignature.of(other, 16, 16, parameters, 8),
			priv, random);
		readers.add(withSeeds(new Reader(".mcsig (EncryptedSignature.fromBytes)", false, false) {

			@Override
			String read(final byte[] input) throws Exception {
				return Fingerprints.sha256(EncryptedSignature.fromBytes("fuzz.mcsig", input, pub).toBytes(pub));
			}
		}, sig1.toBytes(pub), sig2.toBytes(pub)));
		readers.add(withSeeds(new Reader("candidates (Candidates.fromBytes)", false, false) {

			@Override
			String read(final byte[] input) throws Exception {
				return Fingerprints.sha256(Candidates.fromBytes("fuzz", input, pub).toBytes(pub));
			}
		}, new Candidates(List.of(new StoreEntry("0123456789abcdef", "a", "tumour", 16, 16, 1, 8, new byte[32]),
			new StoreEntry("fedcba9876543210", "b", "", 16, 16, 1, 8, null)), List.of(sig1, sig2)).toBytes(pub)));
		// ----- the key holder's sealed index (issue 15): segments, manifest, sealed previews
		final byte[] previewKey = SealedPreview.newKey(new SecureRandom());
		final String imageSha = Fingerprints.sha256("image".getBytes(StandardCharsets.UTF_8));
		final List<IndexRecord> records = List.of(new IndexRecord(new StoreEntry("0123456789abcdef", "a", "tumour",
			16, 16, 1, 8), imageSha, WaveletSignature.of(plane, 16, 16, parameters, 8), previewKey), new IndexRecord(
				new StoreEntry("fedcba9876543210", "b", "", 16, 16, 1, 8), imageSha, WaveletSignature.of(other, 16, 16,
					parameters, 8)));
		readers.add(costly(withSeeds(new Reader("sealed index segment (IndexSegment.open)", true, false) {

			@Override
			String read(final byte[] input) throws Exception {
				final StringBuilder canonical = new StringBuilder(IndexSegment.parametersOf(input).toString());
				for (final IndexRecord r : IndexSegment.open("fuzz", input, priv)) {
					canonical.append('|').append(r.entry).append(r.entry.planes).append(r.entry.bitDepth).append(
						r.imageSha256).append(Arrays.toString(r.signature.counts())).append(Arrays.toString(
							r.previewKey));
				}
				return canonical.toString();
			}
		}, IndexSegment.seal(records, parameters, pub, new SecureRandom())), 50, 5));
		final IndexManifest manifest = IndexManifest.first(priv, parameters, List.of(IndexSegment.sha256(
			IndexSegment.seal(records, parameters, pub, new SecureRandom()))), java.util.Map.of("0123456789abcdef",
				imageSha, "fedcba9876543210", imageSha));
		readers.add(withSeeds(new Reader("sealed index manifest (IndexManifest.open)", true, false) {

			@Override
			String read(final byte[] input) throws Exception {
				return Fingerprints.sha256(IndexManifest.open("fuzz", input, priv).toBytes(priv));
			}
		}, manifest.toBytes(priv)));
		readers.add(withSeeds(new Reader("sealed preview (SealedPreview.open)", true, false) {

			@Override
			String read(final byte[] input) throws Exception {
				final SealedPreview.Pixels p = SealedPreview.open(input, previewKey, "0123456789abcdef", imageSha);
				// its documented refusal is null (the caller names the server that sent it)
				if (p == null) throw new org.medcrypt.io.DamagedFileException("refused");
				return p.width + "x" + p.height + "x" + p.bitDepth + Arrays.toString(p.pixels);
			}
		}, SealedPreview.seal(new SealedPreview.Pixels(4, 3, 8, new int[] { 0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254,
			255 }), previewKey, "0123456789abcdef", imageSha, new SecureRandom())));
		readers.add(withSeeds(new Reader("band request (SignatureProtocol.BandRequest.fromBytes)", false, false) {

			@Override
			String read(final byte[] input) throws Exception {
				return Fingerprints.sha256(SignatureProtocol.BandRequest.fromBytes("fuzz", input, pub).toBytes(pub));
			}
		}, SignatureProtocol.request(encrypted, pub, parameters).toBytes(pub)));

		// ----- the store's index and properties
		final Path store = work.resolve("store-seed");
		EncryptedStore.create(store, pub, parameters).add("mri", "tumour", encrypted, sig1);
		for (final String file : new String[] { "index.tsv", "store.properties" }) {
			if (!Files.exists(store.resolve(file))) continue;
			readers.add(costly(withSeeds(new Reader("store " + file + " (EncryptedStore.open)", false, true) {

				@Override
				String read(final byte[] input) throws Exception {
					final Path dir = work.resolve("store");
					if (!Files.exists(dir)) copy(store, dir);
					Files.write(dir.resolve(file), input);
					try {
						final EncryptedStore s = EncryptedStore.open(dir);
						final StringBuilder b = new StringBuilder(s.key().fingerprint() + " " + s.parameters());
						for (final StoreEntry e : s.list()) b.append('\n').append(e.id).append('|').append(e.name).append('|')
							.append(e.label).append('|').append(e.width).append('x').append(e.height).append('x').append(
								e.planes).append('|').append(e.bitDepth);
						return b.toString();
					}
					finally {
						// Opening may collect or rewrite files: start every input from the seed store.
						deleteTree(dir);
					}
				}
			}, Files.readAllBytes(store.resolve(file))), 40, 2));
		}

		// ----- session files
		final List<NetworkSession.Node> nodes = new ArrayList<>();
		for (int n = 0; n <= 3; n++) {
			nodes.add(new NetworkSession.Node(n, n == 0 ? "researcher" : "lab-" + n, "10.0.0." + (n + 1), 47000 + n,
				Fingerprints.sha256(new byte[] { (byte) n })));
		}
		readers.add(withSeeds(new Reader("session file (NetworkSession.parse)", false, true) {

			@Override
			String read(final byte[] input) throws Exception {
				return NetworkSession.parse(new String(input, StandardCharsets.UTF_8)).format();
			}

			@Override
			boolean clean(final Throwable t) {
				return t instanceof IllegalArgumentException || t instanceof MedCryptException;
			}
		}, NetworkSession.create(Protocol.ADDITIVE_SHARING, 2, BigInteger.valueOf(1000), Duration.ofSeconds(10),
			Duration.ofSeconds(60), nodes, new SecureRandom()).format().getBytes(StandardCharsets.UTF_8), NetworkSession
				.create(Protocol.PERMUTED_RINGS, 3, BigInteger.valueOf(65536), Duration.ofSeconds(10), Duration.ofSeconds(60),
					nodes, new SecureRandom()).format().getBytes(StandardCharsets.UTF_8)));
		readers.add(withSeeds(new Reader("study session (StudySession.of)", false, true) {

			@Override
			String read(final byte[] input) throws Exception {
				final StudySession s = StudySession.of(NetworkSession.parse(new String(input, StandardCharsets.UTF_8)));
				return s.network().format() + s.study().maxPixelsPerLab();
			}

			@Override
			boolean clean(final Throwable t) {
				return t instanceof IllegalArgumentException || t instanceof MedCryptException;
			}
		}, StudySession.create(Protocol.ADDITIVE_SHARING, 5, DeviationFeature.PIXEL_INTENSITY, Duration.ofSeconds(10),
			Duration.ofSeconds(60), nodes, new SecureRandom()).network().format().getBytes(StandardCharsets.UTF_8)));

		// ----- the sealed transfer (envelope version 2 in the image's MSB-predicted bits)
		{
			final RSAPrivateCrtKey sender = RsaKeyFiles.readPrivate(keys.resolve("rsa-a.key.pem"));
			final RSAPrivateCrtKey recipient = RsaKeyFiles.readPrivate(keys.resolve("rsa-b.key.pem"));
			final RSAPublicKey senderPublic = RsaKeyFiles.readPublic(keys.resolve("rsa-a.pub.pem"));
			final RSAPublicKey recipientPublic = RsaKeyFiles.readPublic(keys.resolve("rsa-b.pub.pem"));
			// A real image, cropped to 128 x 128: room for the envelope with 3072-bit signatures.
			final ImagePlus mri = ij.IJ.openImage(root.resolve("test-images/FatMRISlice.png").toString());
			mri.setRoi(0, 0, 128, 128);
			final byte[] pixels = (byte[]) mri.crop().getProcessor().convertToByte(false).getPixels();
			final byte[] description = "{\"title\":\"fuzz\"}".getBytes(StandardCharsets.UTF_8);
			final SecureTransfer.Sealed sealed = SecureTransfer.seal(PixelPlanes.ofBytes(128, 128, pixels.clone()),
				description, sender, recipientPublic, new SecureRandom());
			readers.add(costly(withSeeds(new Reader("sealed transfer (SecureTransfer.open, envelope v2)", true, false) {

				@Override
				String read(final byte[] input) throws Exception {
					// The input is the sealed image's pixels, 128 wide; a shorter last row is cut off.
					final int height = input.length / 128;
					// no image has no rows: what a truncation to under one row would be in Fiji
					if (height == 0) throw new org.medcrypt.io.DamagedFileException("no image");
					final SecureTransfer.Opened o = SecureTransfer.open(PixelPlanes.ofBytes(128, height, Arrays
						.copyOf(input, 128 * height)), recipient, senderPublic);
					return SecureTransfer.digest(o.planes) + " " + Fingerprints.sha256(o.metadata) + " " + o.identifier +
						" " + o.created + " " + o.channels + "x" + o.slices + "x" + o.frames + " " + o.sender;
				}
			}, (byte[]) sealed.planes.array(0)), 20, 2));
		}

		// ----- protocol messages
		readers.add(withSeeds(new Reader("secure-sum message (Message.decode)", false, false) {

			@Override
			String read(final byte[] input) throws Exception {
				return Fingerprints.sha256(org.medcrypt.securesum.Message.decode(input).encode());
			}

			@Override
			boolean clean(final Throwable t) {
				return t.getClass().getSimpleName().equals("MalformedMessageException") || t instanceof MedCryptException;
			}
		}, org.medcrypt.securesum.Message.of(org.medcrypt.securesum.MessageType.SHARE, 0x1234L, 1, 0, BigInteger
			.valueOf(77), BigInteger.valueOf(123456789)).encode(), org.medcrypt.securesum.Message.abort(0x1234L, 2, 3,
				"share", "sent nothing within 3.0 s").encode()));
		readers.add(withSeeds(new Reader("retrieval message (RetrievalMessage.parse)", false, false) {

			@Override
			String read(final byte[] input) throws Exception {
				return Fingerprints.sha256(RetrievalMessage.parse(input).toBytes());
			}
		}, RetrievalMessage.of(RetrievalMessage.Type.HELLO, "client", 1L).toBytes(), RetrievalMessage.of(
			RetrievalMessage.Type.ADD, "mri", "tumour", EncryptedImageFile.toBytes(encrypted)).toBytes(),
			RetrievalMessage.of(RetrievalMessage.Type.QUERY, sig1.toBytes(pub), 5L).toBytes()));
		return readers;
	}

	private static Reader withSeeds(final Reader r, final byte[]... seeds) {
		r.seeds.addAll(Arrays.asList(seeds));
		return r;
	}

	/** A reader that costs more per input (ImageJ, key validation, a store on disk): fewer inputs. */
	private static Reader costly(final Reader r, final int sample, final int weight) {
		r.sample = sample;
		r.weight = weight;
		return r;
	}

	private static byte[] toBytes(final int[] plane) {
		final byte[] b = new byte[plane.length];
		for (int i = 0; i < b.length; i++) b[i] = (byte) plane[i];
		return b;
	}

	static void copy(final Path from, final Path to) throws java.io.IOException {
		try (java.util.stream.Stream<Path> s = Files.walk(from)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				final Path target = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target);
			}
		}
	}

	static void deleteTree(final Path dir) throws java.io.IOException {
		if (!Files.exists(dir)) return;
		try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
			final List<Path> all = new ArrayList<>();
			s.forEach(all::add);
			for (int i = all.size() - 1; i >= 0; i--) Files.deleteIfExists(all.get(i));
		}
	}
}
