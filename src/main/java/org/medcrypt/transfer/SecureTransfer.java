package org.medcrypt.transfer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.medcrypt.image.PixelPlanes;
import org.medcrypt.io.AuthenticationFailedException;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.Hex;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.RefusedByPolicyException;
import org.medcrypt.io.UnsupportedImageException;
import org.medcrypt.io.WrongKeyException;
import org.medcrypt.keys.Fingerprints;
import org.medcrypt.keys.RsaKeyFiles;

/**
 * The default way to send an image: authenticated encryption of the pixels,
 * the key wrapped for the recipient and signed by the sender, all inside an
 * image of the same size and type. JDK primitives only.
 *
 * <h2>Sender ({@link #seal})</h2>
 * <ol>
 * <li>A fresh 256-bit AES key and 96-bit nonce from {@code SecureRandom}.</li>
 * <li>The key is wrapped with RSA-OAEP (SHA-256) under the recipient's public
 * key.</li>
 * <li>The error map of {@link MsbPredictionWatermark} is computed on the
 * plaintext for the envelope's size (a few iterations: the envelope holds the
 * error map).</li>
 * <li>AES-256-GCM encrypts the pixel stream ({@link PixelBytes}) followed by
 * the tail (metadata, error map), with the envelope header and wrapped key as
 * associated data. GCM is counter mode, so each ciphertext byte is the
 * plaintext byte XOR a keystream byte: the encrypted image is still an
 * image, and its top bits can be predicted after decryption.</li>
 * <li>The sender signs header, tag, wrapped key and encrypted tail with
 * RSASSA-PSS (SHA-256), and the envelope ({@link TransferEnvelope}) replaces
 * the top bits of the first samples of the encrypted image. The header
 * (version 2, issue 10) states the sender's {@link Label}: identifier,
 * creation time and C/Z/T, besides both full key fingerprints and the
 * geometry, so a swapped, replayed, re-addressed or re-arranged image is
 * told apart from the one sent ({@link OpenedRegister} keeps the openings).
 * The metadata (the image's description) is zlib-compressed in the tail.</li>
 * </ol>
 * <p>Keys below {@link RsaKeyFiles#MIN_BITS} are refused on both sides; the
 * paper's 1024-bit keys belong to the study-only crypto-watermark.</p>
 *
 * <h2>Recipient ({@link #open})</h2>
 * Reads the header from the image and checks format, geometry and both key
 * fingerprints; verifies the sender's signature; unwraps the key; decrypts the
 * tail and the low bits of the marked samples with the GCM keystream (JDK
 * AES-CTR from the counter block GCM uses, nonce || 2); predicts their top bits
 * back, which rebuilds the exact GCM ciphertext; then decrypts it and checks
 * the tag ({@link #decryptInChunks}: JDK AES-CTR, and JDK AES-GCM re-encryption
 * for the tag). Nothing is returned unless every check passed, so any
 * change of a pixel, of the envelope, of the size, or the wrong keys gives a
 * {@link MedCryptException} that says which, never a wrong image.
 */
public final class SecureTransfer {

	/** AES key bytes. */
	static final int KEY_BYTES = 32;
	private static final byte[] OAEP_LABEL = "MedCrypt secure transfer v1".getBytes(StandardCharsets.US_ASCII);

	private SecureTransfer() {}

	/**
	 * What the sender states in the signed header besides the keys (issue 10):
	 * an identifier, the creation time and the hyperstack arrangement. The
	 * recipient is shown them, refuses an image whose arrangement or recipient
	 * differs, and looks the identifier up in its {@link OpenedRegister}.
	 */
	public static final class Label {

		/** 1 to 32 characters of A-Z a-z 0-9 . _ : - ; public (in the header in clear): never a name. */
		public final String identifier;
		/** Milliseconds since 1970-01-01 UTC. */
		public final long created;
		/** Channels, slices, frames (C·Z·T = planes). */
		public final int channels, slices, frames;

		/**
		 * @param identifier the sender's identifier, or null or empty for 32 random hex digits
		 * @throws IllegalArgumentException if the identifier has other characters or more than 32
		 */
		public Label(final String identifier, final long created, final int channels, final int slices,
			final int frames, final SecureRandom random)
		{
			if (identifier == null || identifier.isEmpty()) {
				final byte[] id = new byte[16];
				random.nextBytes(id);
				this.identifier = Hex.of(id);
			}
			else if (!TransferEnvelope.validIdentifier(identifier)) {
				throw new IllegalArgumentException("an identifier has 1 to " + TransferEnvelope.IDENTIFIER_BYTES +
					" characters among A-Z a-z 0-9 . _ : - (it is public: never a patient's name or number), not '" +
					identifier + "'");
			}
			else this.identifier = identifier;
			if (channels < 1 || slices < 1 || frames < 1) throw new IllegalArgumentException("C, Z, T must be >= 1");
			this.created = created;
			this.channels = channels;
			this.slices = slices;
			this.frames = frames;
		}
	}

	/** What the sender made. */
	public static final class Sealed {

		/** The encrypted, marked planes (new arrays, same kind and size as the originals). */
		public final PixelPlanes planes;
		/** What the signed header states. */
		public final Label label;
		/** Envelope bits embedded, samples whose top bits carry them, mispredicted samples listed. */
		public final long payloadBits;
		public final int touchedSamples, errors;
		/** Full SHA-256 fingerprint of the recipient's public key (64 hex digits). */
		public final String recipient;

		Sealed(final PixelPlanes planes, final Label label, final long payloadBits, final int touchedSamples,
			final int errors, final String recipient)
		{
			this.planes = planes;
			this.label = label;
			this.payloadBits = payloadBits;
			this.touchedSamples = touchedSamples;
			this.errors = errors;
			this.recipient = recipient;
		}
	}

	/** What the recipient got: the original planes, bit-exact, and what the sender signed. */
	public static final class Opened {

		public final PixelPlanes planes;
		public final byte[] metadata;
		/** Fingerprint of the sender's key whose signature verified (full SHA-256, 64 hex digits). */
		public final String sender;
		/** Fingerprint of the recipient's key the image was sealed for (full SHA-256). */
		public final String recipient;
		public final long payloadBits;
		/** Envelope version: 1 (no identifier, time or arrangement) or 2. */
		public final int version;
		/** The sender's identifier; "" for version 1. */
		public final String identifier;
		/** Creation time (ms since the epoch); -1 for version 1. */
		public final long created;
		/** The signed hyperstack arrangement; 0 for version 1 (not recorded). */
		public final int channels, slices, frames;

		Opened(final PixelPlanes planes, final byte[] metadata, final String sender, final String recipient,
			final TransferEnvelope env)
		{
			this.planes = planes;
			this.metadata = metadata;
			this.sender = sender;
			this.recipient = recipient;
			this.payloadBits = env.payloadBits;
			this.version = env.version;
			this.identifier = env.identifier;
			this.created = env.created;
			this.channels = env.channels;
			this.slices = env.slices;
			this.frames = env.frames;
		}

		/** Creation time as ISO-8601 UTC, or "not recorded (version 1)". */
		public String createdText() {
			return created < 0 ? "not recorded (version 1)" : java.time.Instant.ofEpochMilli(created).toString();
		}
	}

	/** {@link #seal(PixelPlanes, Label, byte[], RSAPrivateCrtKey, RSAPublicKey, SecureRandom)} with a random identifier, now, one channel and frame. */
	public static Sealed seal(final PixelPlanes planes, final byte[] metadata, final RSAPrivateCrtKey sender,
		final RSAPublicKey recipient, final SecureRandom random) throws MedCryptException
	{
		return seal(planes, new Label(null, System.currentTimeMillis(), 1, planes.planes(), 1, random), metadata,
			sender, recipient, random);
	}

	/**
	 * Encrypts 8-bit, 16-bit or RGB planes (left untouched) for
	 * {@code recipient}, signed by {@code sender}, under a version-2 envelope
	 * that states {@code label}; {@code metadata} (e.g. the image's description)
	 * travels compressed, encrypted and authenticated with them.
	 */
	public static Sealed seal(final PixelPlanes planes, final Label label, final byte[] metadata,
		final RSAPrivateCrtKey sender, final RSAPublicKey recipient, final SecureRandom random)
		throws MedCryptException
	{
		final PixelBytes g = PixelBytes.of(planes);
		if ((long) label.channels * label.slices * label.frames != g.planes) {
			throw new IllegalArgumentException("C x Z x T = " + label.channels + "x" + label.slices + "x" +
				label.frames + " is not the " + g.planes + " planes");
		}
		RsaKeyFiles.requireStrength(sender, "Your (the sender's) private key");
		RsaKeyFiles.requireStrength(recipient, "The recipient's public key");
		RsaKeyFiles.checkPrivate(sender, "Your (the sender's) private key");
		RsaKeyFiles.checkPublic(recipient, "The recipient's public key");
		final RSAPublicKey senderPublic = publicKey(sender);
		if (senderPublic.getModulus().equals(recipient.getModulus())) {
			throw new RefusedByPolicyException("The sender's and the recipient's RSA keys are the same key pair; " +
				"use the recipient's public key.");
		}
		final byte[] keyBytes = new byte[KEY_BYTES], nonce = new byte[TransferEnvelope.NONCE_BYTES];
		random.nextBytes(keyBytes);
		random.nextBytes(nonce);
		final SecretKey key = new SecretKeySpec(keyBytes, "AES");
		Arrays.fill(keyBytes, (byte) 0);
		try {
			final Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
			oaep.init(Cipher.WRAP_MODE, recipient, oaepParameters(), random);
			final byte[] wrapped = oaep.wrap(key);
			final int signatureLength = (sender.getModulus().bitLength() + 7) / 8;
			final byte[] pixels = g.toBytes(planes, 0);
			// The envelope carries the error map, whose size depends on the envelope's: iterate to a fixed point
			// (the map only grows with the payload, so this ends; a bound guards against pathological cases).
			final byte[] head = metadataHead(deflate(metadata));
			long bits = 8L * TransferEnvelope.bytes(wrapped.length, head.length, signatureLength);
			byte[] map = new byte[0];
			for (int round = 0;; round++) {
				if (bits > MsbPredictionWatermark.maxBits(g)) throw tooSmall(g, bits);
				final byte[] m = MsbPredictionWatermark.errorMap(pixels, g, bits);
				final long need = 8L * TransferEnvelope.bytes(wrapped.length, head.length + m.length, signatureLength);
				if (need <= bits) {
					map = m;
					break;
				}
				if (round > 64) throw tooSmall(g, need);
				bits = need;
			}
			final int tailLength = head.length + map.length;
			final String recipientFingerprint = Fingerprints.of(recipient);
			final TransferEnvelope env = new TransferEnvelope(g, label.channels, label.slices, label.frames, bits, Hex
				.parse(recipientFingerprint), Hex.parse(Fingerprints.of(senderPublic)), nonce, label.created,
				label.identifier, wrapped.length, signatureLength, tailLength);
			final byte[] header = env.header();
			// One buffer: pixels, tail, room for the tag; GCM encrypts it in place.
			final byte[] buf = Arrays.copyOf(pixels, pixels.length + tailLength + TransferEnvelope.TAG_BYTES);
			System.arraycopy(head, 0, buf, pixels.length, head.length);
			System.arraycopy(map, 0, buf, pixels.length + head.length, map.length);
			final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
			gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(8 * TransferEnvelope.TAG_BYTES, nonce));
			gcm.updateAAD(header);
			gcm.updateAAD(wrapped);
			encryptInChunks(gcm, buf, pixels.length + tailLength);
			final byte[] envelope = new byte[(int) ((bits + 7) / 8)];
			int o = 0;
			System.arraycopy(header, 0, envelope, o, header.length);
			o += header.length;
			System.arraycopy(buf, pixels.length + tailLength, envelope, o, TransferEnvelope.TAG_BYTES);
			o += TransferEnvelope.TAG_BYTES;
			System.arraycopy(wrapped, 0, envelope, o, wrapped.length);
			o += wrapped.length;
			System.arraycopy(buf, pixels.length, envelope, o, tailLength);
			o += tailLength;
			final Signature pss = pss();
			pss.initSign(sender, random);
			pss.update(envelope, 0, o);
			final byte[] signature = pss.sign();
			System.arraycopy(signature, 0, envelope, o, signature.length);
			MsbPredictionWatermark.embed(buf, g, envelope, bits);
			return new Sealed(g.toPlanes(buf), label, bits, MsbPredictionWatermark.touched(g, bits),
				MsbPredictionWatermark.countEntries(map), recipientFingerprint);
		}
		catch (final java.security.InvalidKeyException | java.security.SignatureException e) {
			// Both keys passed their checks above: an RSA failure here is not a missing algorithm either.
			throw new DamagedFileException("The RSA keys could not seal the image (" + e.getMessage() + "): one of " +
				"them is damaged; use backup copies of your private key and the recipient's public key.", e);
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("The JDK lacks AES-GCM, RSA-OAEP or RSASSA-PSS: " + e.getMessage(), e);
		}
	}

	/**
	 * Checks and decrypts an image made by {@link #seal} (envelope version 1 or
	 * 2) for {@code recipient} by {@code sender}; the planes are left untouched.
	 * Keys below {@link RsaKeyFiles#MIN_BITS} are refused. A version-2 image
	 * sealed for another key is refused before anything else is done, naming
	 * both full fingerprints.
	 */
	public static Opened open(final PixelPlanes planes, final RSAPrivateCrtKey recipient,
		final RSAPublicKey sender) throws MedCryptException
	{
		final PixelBytes g = PixelBytes.of(planes);
		RsaKeyFiles.requireStrength(recipient, "Your (the recipient's) private key");
		RsaKeyFiles.requireStrength(sender, "The sender's public key");
		RsaKeyFiles.checkPrivate(recipient, "Your (the recipient's) private key");
		RsaKeyFiles.checkPublic(sender, "The sender's public key");
		if (g.samples() < 8 * TransferEnvelope.HEADER_BYTES_V1) {
			throw new DamagedFileException("The image (" + g + ") is too small to be a secure-transfer image.");
		}
		final TransferEnvelope env;
		final byte[] buf;
		{
			final byte[] marked = g.toBytes(planes, 0);
			final int version = TransferEnvelope.version(MsbPredictionWatermark.extract(marked, g, 0,
				TransferEnvelope.HEADER_BYTES_V1));
			final int headerBytes = version == TransferEnvelope.VERSION_1 ? TransferEnvelope.HEADER_BYTES_V1
				: TransferEnvelope.HEADER_BYTES;
			if (g.samples() < 8 * headerBytes) {
				throw new DamagedFileException("The image (" + g + ") is too small to be a secure-transfer image.");
			}
			env = TransferEnvelope.parse(MsbPredictionWatermark.extract(marked, g, 0, headerBytes), g);
			buf = Arrays.copyOf(marked, marked.length + env.tailLength + TransferEnvelope.TAG_BYTES);
		}
		final String mine = Fingerprints.of(publicKey(recipient)), theirs = Fingerprints.of(sender);
		final String sealedFor = Hex.of(env.recipient), signedBy = Hex.of(env.sender);
		if (!mine.startsWith(sealedFor)) {
			throw new WrongKeyException("Fingerprint mismatch: this image was sealed for the RSA key " + sealedFor +
				", not for yours (" + mine.substring(0, sealedFor.length()) + "): it is not addressed to you. Choose " +
				"the matching private key, or ask the sender to seal it for your public key.");
		}
		if (!theirs.startsWith(signedBy)) {
			throw new WrongKeyException("This image was signed by the RSA key " + signedBy + ", not by the sender's " +
				"public key you chose (" + theirs.substring(0, signedBy.length()) + "): choose the right sender key; " +
				"if you did, the image does not come from that sender.");
		}
		final byte[] envelope = MsbPredictionWatermark.extract(buf, g, 0, env.bytes());
		try {
			final Signature pss = pss();
			pss.initVerify(sender);
			pss.update(envelope, 0, env.signedBytes());
			if (!pss.verify(envelope, env.signedBytes(), env.signatureLength)) {
				throw new AuthenticationFailedException("The sender's signature does not verify: the envelope " +
					"carried in the image (key, tag or error map) was altered after encryption. Nothing was decrypted.");
			}
		}
		catch (final java.security.SignatureException e) {
			throw new AuthenticationFailedException("The sender's signature is malformed: the image was altered " +
				"after encryption. Nothing was decrypted.", e);
		}
		catch (final java.security.InvalidKeyException e) {
			throw new DamagedFileException("The sender's public key cannot verify signatures (" + e.getMessage() +
				"): it is damaged; use a backup copy of it.", e);
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("The JDK lacks RSASSA-PSS: " + e.getMessage(), e);
		}
		final int tagAt = env.headerBytes(), wrappedAt = tagAt + TransferEnvelope.TAG_BYTES,
			tailAt = wrappedAt + env.wrappedLength;
		final SecretKey key;
		try {
			final Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
			oaep.init(Cipher.UNWRAP_MODE, recipient, oaepParameters());
			key = (SecretKey) oaep.unwrap(Arrays.copyOfRange(envelope, wrappedAt, tailAt), "AES", Cipher.SECRET_KEY);
			if (key.getEncoded().length != KEY_BYTES) throw new java.security.InvalidKeyException("not AES-256");
		}
		catch (final java.security.InvalidKeyException e) {
			throw new PeerFailureException("The session key does not decrypt with your private key although the " +
				"sender signed it for your public key: the sender made an invalid image. Nothing was decrypted.", e);
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("The JDK lacks RSA-OAEP: " + e.getMessage(), e);
		}
		final int pixelBytes = g.bytes();
		final byte[] tail = Arrays.copyOfRange(envelope, tailAt, tailAt + env.tailLength);
		xor(tail, keystream(key, env.nonce, pixelBytes, tail.length));
		final int[] metadataEnd = new int[1];
		final byte[] metadata;
		try {
			metadata = readMetadata(tail, metadataEnd);
			final int touched = MsbPredictionWatermark.touched(g, env.payloadBits);
			MsbPredictionWatermark.restore(buf, keystream(key, env.nonce, 0, touched * (g.bitsPerSample / 8)), g,
				env.payloadBits, Arrays.copyOfRange(tail, metadataEnd[0], tail.length));
		}
		catch (final MsbPredictionWatermark.BadErrorMapException e) {
			throw new PeerFailureException("The image's error map is invalid (" + e.getMessage() + ") although the " +
				"sender signed it: the sender made an invalid image. Nothing was decrypted.", e);
		}
		System.arraycopy(envelope, tailAt, buf, pixelBytes, env.tailLength);
		System.arraycopy(envelope, tagAt, buf, pixelBytes + env.tailLength, TransferEnvelope.TAG_BYTES);
		final byte[] plain;
		try {
			plain = decryptInChunks(key, env.nonce, buf, buf.length, Arrays.copyOfRange(envelope, 0,
				tagAt), Arrays.copyOfRange(envelope, wrappedAt, tailAt));
		}
		catch (final AEADBadTagException e) {
			throw new AuthenticationFailedException("The pixels were altered after encryption (the AES-GCM " +
				"authentication tag does not match): the image is not the one the sender sent. Nothing was " +
				"decrypted; ask the sender to send it again.", e);
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("The JDK lacks AES-GCM: " + e.getMessage(), e);
		}
		final byte[] inflated;
		try {
			// Only now, with every byte authenticated: an invalid compressed metadata is the sender's doing.
			inflated = env.version == TransferEnvelope.VERSION_1 ? metadata : inflate(metadata);
		}
		catch (final MsbPredictionWatermark.BadErrorMapException e) {
			Arrays.fill(plain, (byte) 0);
			throw new PeerFailureException("The image's sealed metadata is invalid (" + e.getMessage() + ") although " +
				"the sender signed it: the sender made an invalid image. Nothing was decrypted.", e);
		}
		return new Opened(g.toPlanes(plain), inflated, theirs, sealedFor.length() == mine.length() ? sealedFor : mine,
			env);
	}

	/**
	 * Bytes given to one JDK AES-GCM or AES-CTR call. HotSpot runs GCM with its
	 * AES-NI/carry-less-multiply intrinsic only in C2-compiled code, and the JDK
	 * splits calls above 1 MiB in a branch that small calls never take: a C2
	 * version compiled on small calls hits an uncommon trap on the first large
	 * one, is thrown away, and the next images run interpreted at ~80-100 MB/s
	 * until it is recompiled (seen with -XX:+PrintCompilation on JDK 17 and 25:
	 * "implGCMCrypt ... made not entrant: uncommon trap"). Encrypting in
	 * {@code update} calls of one fixed size keeps every image, small or large, on
	 * the same compiled path. JDK GCM decryption cannot stream (it buffers the
	 * whole input until the tag is checked), so {@link #decryptInChunks} does not
	 * use it. The ciphertext and tag are the same as with one call.
	 */
	static final int GCM_CHUNK = 64 << 10;

	/** GCM-encrypts {@code buf[0 .. length)} in place and writes the tag after it. */
	static void encryptInChunks(final Cipher gcm, final byte[] buf, final int length)
		throws GeneralSecurityException
	{
		int out = 0;
		for (int off = 0; off < length; off += GCM_CHUNK)
			out += gcm.update(buf, off, Math.min(GCM_CHUNK, length - off), buf, out);
		gcm.doFinal(buf, 0, 0, buf, out);
	}

	/**
	 * AES-256-GCM decryption (128-bit tag, 96-bit nonce) of {@code in[0 .. length)},
	 * the ciphertext followed by its tag, with the associated data {@code aad}
	 * in order: the result and the accept/refuse decision of JDK
	 * {@code Cipher "AES/GCM/NoPadding"} {@code doFinal} in {@code DECRYPT_MODE},
	 * but in {@link #GCM_CHUNK} calls that stay on the JDK's compiled fast paths
	 * (one 8 MiB GCM decryption ran at ~90 MB/s on JDK 17). {@code in} is left
	 * untouched; the plaintext is a new array, returned only if the tag matched.
	 *
	 * <p>Two passes per chunk, JDK primitives only (NIST SP 800-38D):
	 * <ol>
	 * <li>Decrypt with AES-CTR from the counter block inc32(J0), J0 = nonce ||
	 * 0x00000001: this is GCM's keystream (GCTR), so P = C XOR KS is the
	 * plaintext GCM would give.</li>
	 * <li>GCM-<em>encrypt</em> P with a fresh cipher (same key, nonce and AAD).
	 * Encryption uses the same keystream, so the ciphertext it computes is P XOR
	 * KS = C, the received ciphertext, byte for byte; GCM's tag is a function of
	 * (key, nonce, AAD, ciphertext) only, so the tag it computes is the tag GCM
	 * decryption would compute over the received ciphertext. Comparing it to the
	 * received tag in constant time ({@code MessageDigest.isEqual}) is therefore
	 * exactly GCM's check.</li>
	 * </ol>
	 * The nonce is used for encryption a second time, but only to recompute
	 * ciphertext that is already public; nothing new is encrypted under it and
	 * the recomputed ciphertext and tag never leave this method. The JDK
	 * increments the CTR counter over 128 bits, GCM over the low 32: they agree
	 * below 2^32 blocks (64 GiB), far above any Java array.
	 *
	 * @throws AEADBadTagException if the tag does not match or the input is
	 *             shorter than a tag, as {@code doFinal} does; the partial plaintext
	 *             is then zeroed and dropped
	 */
	public static byte[] decryptInChunks(final SecretKey key, final byte[] nonce, final byte[] in, final int length,
		final byte[]... aad) throws GeneralSecurityException
	{
		if (nonce.length != TransferEnvelope.NONCE_BYTES) throw new IllegalArgumentException("96-bit nonces only");
		final int tag = TransferEnvelope.TAG_BYTES;
		if (length < tag) throw new AEADBadTagException("input shorter than the " + tag + "-byte tag");
		final int n = length - tag;
		final byte[] j1 = Arrays.copyOf(nonce, 16);
		j1[15] = 2; // inc32(J0), J0 = nonce || 0x00000001
		final Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
		ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(j1));
		final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
		gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(8 * tag, nonce));
		for (final byte[] a : aad)
			gcm.updateAAD(a);
		final byte[] plain = new byte[n], scratch = new byte[GCM_CHUNK + 2 * tag];
		// Chunk by chunk, so that the GCM pass reads the plaintext while it is still in cache.
		for (int off = 0; off < n; off += GCM_CHUNK) {
			final int len = Math.min(GCM_CHUNK, n - off);
			ctr.update(in, off, len, plain, off);
			gcm.update(plain, off, len, scratch, 0);
		}
		final int last = gcm.doFinal(scratch, 0);
		if (!MessageDigest.isEqual(Arrays.copyOfRange(scratch, last - tag, last), Arrays.copyOfRange(in, n, length))) {
			Arrays.fill(plain, (byte) 0);
			throw new AEADBadTagException("Tag mismatch");
		}
		return plain;
	}

	/** Bytes {@code offset .. offset + length} of the GCM keystream of (key, 96-bit nonce). */
	static byte[] keystream(final SecretKey key, final byte[] nonce, final long offset, final int length) {
		// GCM's keystream is AES-CTR from the counter block nonce || 2 (NIST SP 800-38D, J0 + 1); images stay
		// far below 2^32 blocks, so the JDK's 128-bit counter increment equals GCM's 32-bit one.
		final byte[] counter = Arrays.copyOf(nonce, 16);
		final long block = 2 + offset / 16;
		for (int i = 0; i < 4; i++)
			counter[15 - i] = (byte) (block >>> (8 * i));
		final int skip = (int) (offset % 16);
		try {
			final Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
			ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counter));
			return Arrays.copyOfRange(ctr.doFinal(new byte[skip + length]), skip, skip + length);
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("The JDK lacks AES-CTR: " + e.getMessage(), e);
		}
	}

	private static void xor(final byte[] a, final byte[] b) {
		for (int i = 0; i < a.length; i++)
			a[i] ^= b[i];
	}

	/** The metadata as the tail starts with it: its length (varint), then the bytes. */
	private static byte[] metadataHead(final byte[] metadata) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		int v = metadata.length;
		while (v >= 0x80) {
			out.write(v & 0x7F | 0x80);
			v >>>= 7;
		}
		out.write(v);
		out.write(metadata, 0, metadata.length);
		return out.toByteArray();
	}

	private static byte[] readMetadata(final byte[] tail, final int[] end)
		throws MsbPredictionWatermark.BadErrorMapException
	{
		int length = 0, pos = 0;
		for (int shift = 0;; shift += 7) {
			if (pos >= tail.length || shift > 28) {
				throw new MsbPredictionWatermark.BadErrorMapException("metadata length out of range");
			}
			final int x = tail[pos++];
			length |= (x & 0x7F) << shift;
			if ((x & 0x80) == 0) break;
		}
		if (length < 0 || length > tail.length - pos) {
			throw new MsbPredictionWatermark.BadErrorMapException("metadata length out of range");
		}
		end[0] = pos + length;
		return Arrays.copyOfRange(tail, pos, pos + length);
	}

	private static UnsupportedImageException tooSmall(final PixelBytes g, final long bits) {
		return new UnsupportedImageException("The image (" + g + ") is too small or too noisy to carry the " + bits +
			"-bit secure-transfer envelope at most " + MsbPredictionWatermark.maxPlanes(g) + " bits per sample (it " +
			"has " + MsbPredictionWatermark.maxBits(g) + "); images of 128x128 pixels or more fit with 3072-bit keys.");
	}

	private static OAEPParameterSpec oaepParameters() {
		return new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(OAEP_LABEL));
	}

	private static Signature pss() throws GeneralSecurityException {
		final Signature s = Signature.getInstance("RSASSA-PSS");
		s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
		return s;
	}

	/** The public half of an RSA private key (modulus and public exponent). */
	static RSAPublicKey publicKey(final RSAPrivateCrtKey key) {
		try {
			return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(key.getModulus(),
				key.getPublicExponent()));
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Largest metadata (the image's description) a version-2 envelope opens: 16 MiB, against a bomb. */
	static final int MAX_METADATA = 16 << 20;

	/** zlib (RFC 1950, best compression): DICOM header text shrinks 3-4 times. */
	static byte[] deflate(final byte[] data) {
		final Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
		try {
			d.setInput(data);
			d.finish();
			final ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
			final byte[] chunk = new byte[8192];
			while (!d.finished())
				out.write(chunk, 0, d.deflate(chunk));
			return out.toByteArray();
		}
		finally {
			d.end();
		}
	}

	/** The inverse of {@link #deflate}, at most {@link #MAX_METADATA} bytes. */
	static byte[] inflate(final byte[] data) throws MsbPredictionWatermark.BadErrorMapException {
		final Inflater in = new Inflater();
		try {
			in.setInput(data);
			final ByteArrayOutputStream out = new ByteArrayOutputStream(4 * data.length + 16);
			final byte[] chunk = new byte[8192];
			while (!in.finished()) {
				final int n = in.inflate(chunk);
				if (n == 0 && !in.finished() && (in.needsInput() || in.needsDictionary())) {
					throw new MsbPredictionWatermark.BadErrorMapException("truncated");
				}
				out.write(chunk, 0, n);
				if (out.size() > MAX_METADATA) {
					throw new MsbPredictionWatermark.BadErrorMapException("larger than " + MAX_METADATA + " bytes");
				}
			}
			if (in.getRemaining() != 0) throw new MsbPredictionWatermark.BadErrorMapException("bytes after its end");
			return out.toByteArray();
		}
		catch (final java.util.zip.DataFormatException e) {
			throw new MsbPredictionWatermark.BadErrorMapException("not zlib: " + e.getMessage());
		}
		finally {
			in.end();
		}
	}

	/** SHA-256 of the pixel stream of planes: the same for the original and the decrypted image. */
	public static String digest(final PixelPlanes planes) {
		return Fingerprints.sha256(PixelBytes.of(planes).toBytes(planes, 0));
	}
}
