package org.medcrypt.retrieval.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.medcrypt.io.Wire;
import org.medcrypt.paillier.PaillierPrivateKey;

/**
 * The key holder's authentication of store entries: an HMAC-SHA-256 tag over
 * an entry's public description (id, name, label, width, height, planes, bit
 * depth) and the SHA-256 of each of its encrypted signatures' bytes, under a key only
 * the key holder can compute.
 *
 * <p>The key is HKDF-SHA-256 (RFC 5869) of the Paillier private key's primes
 * with a fixed label and the public key's fingerprint, so no key file is added
 * and a store made for one key pair is tagged under that pair only. The key
 * holder tags an entry when it adds it (it made the signature's ciphertexts,
 * or checked the server's band request against its own,
 * {@code RetrievalClient#add}); at a query it checks the tag of every entry the
 * server sends <em>before</em> decrypting any of its ciphertexts (encrypt then
 * MAC). A server therefore cannot have the key holder decrypt anything but the
 * signatures it stored, bound to the entries and sizes they were added with.
 * The tag covers whatever signature encoding {@code signatureBytes} is, so any
 * signature kind is authenticated the same way.
 */
public final class EntryTags {

	/** Tag length: a full HMAC-SHA-256. */
	public static final int BYTES = 32;
	private static final String LABEL = "MedCrypt retrieval entry tag v1 ";

	private final byte[] key;

	private EntryTags(final byte[] key) {
		this.key = key;
	}

	/** The tagging key of this private key (one HKDF; cheap). */
	public static EntryTags of(final PaillierPrivateKey privateKey) {
		return new EntryTags(privateKey.derivedKey(LABEL));
	}

	/**
	 * The tag of {@code entry} holding the encrypted signatures encoded as
	 * {@code signatures} (one per signature kind the entry has, in a fixed
	 * order: today the wavelet signature's {@code .mcsig} bytes).
	 */
	public byte[] tag(final StoreEntry entry, final byte[]... signatures) {
		final HMac mac = new HMac(new SHA256Digest());
		mac.init(new KeyParameter(key));
		final byte[] input = describe(entry, signatures);
		mac.update(input, 0, input.length);
		final byte[] out = new byte[BYTES];
		mac.doFinal(out, 0);
		return out;
	}

	/** True if {@code tag} is this key holder's tag of the entry and signatures (compared in constant time). */
	public boolean verify(final StoreEntry entry, final byte[] tag, final byte[]... signatures) {
		return tag != null && MessageDigest.isEqual(tag(entry, signatures), tag);
	}

	/** An unambiguous encoding: every text length-prefixed, every number fixed-width. */
	private static byte[] describe(final StoreEntry e, final byte[][] signatures) {
		try {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			final DataOutputStream out = new DataOutputStream(bytes);
			Wire.writeBytes(out, LABEL.getBytes(StandardCharsets.US_ASCII));
			Wire.writeBytes(out, e.id.getBytes(StandardCharsets.UTF_8));
			Wire.writeBytes(out, e.name.getBytes(StandardCharsets.UTF_8));
			Wire.writeBytes(out, e.label.getBytes(StandardCharsets.UTF_8));
			out.writeInt(e.width);
			out.writeInt(e.height);
			out.writeInt(e.planes);
			out.writeInt(e.bitDepth);
			out.writeInt(signatures.length);
			for (final byte[] signature : signatures) out.write(Wire.sha256().digest(signature));
			out.flush();
			return bytes.toByteArray();
		}
		catch (final IOException x) {
			throw new IllegalStateException("writing to memory cannot fail", x);
		}
	}
}
