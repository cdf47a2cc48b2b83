package org.medcrypt.transfer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.PeerFailureException;
import org.medcrypt.io.Wire;

/**
 * What travels encrypted with the pixels in a version-2 envelope (the
 * metadata of {@link SecureTransfer#seal}): the image's original title, its
 * colour table and its description (calibration, units, display range, C/Z/T,
 * slice labels, Info header: issue 11). Nothing of it is in clear: the carrier
 * image gets a neutral title (issue 10).
 *
 * <pre>
 * magic "MCSM", version u16 = 1, then fields until the end, each:
 *   u8 tag (1 title: UTF-8; 2 colour table: 768 bytes, 256 reds, greens, blues;
 *           3 description: an encoded org.medcrypt.image description), u32 length, bytes
 * </pre>
 * Unknown tags are skipped (a later version may add fields); the whole is
 * signed by the sender and authenticated by GCM, and read with bounds.
 */
public final class SealedMetadata {

	private static final byte[] MAGIC = { 'M', 'C', 'S', 'M' };
	private static final int VERSION = 1, TITLE = 1, LUT = 2, DESCRIPTION = 3;
	/** Bytes of a colour table. */
	public static final int LUT_BYTES = 768;

	/** The original title ("" if none). */
	public final String title;
	/** The colour table of an indexed-colour image, or an empty array. */
	public final byte[] lut;
	/** The encoded description, or an empty array. */
	public final byte[] description;

	public SealedMetadata(final String title, final byte[] lut, final byte[] description) {
		if (lut.length != 0 && lut.length != LUT_BYTES) throw new IllegalArgumentException("a LUT has 768 bytes");
		this.title = title == null ? "" : title;
		this.lut = lut;
		this.description = description;
	}

	/** The bytes to seal. */
	public byte[] encode() {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.write(MAGIC);
			out.writeShort(VERSION);
			field(out, TITLE, title.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			if (lut.length > 0) field(out, LUT, lut);
			if (description.length > 0) field(out, DESCRIPTION, description);
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory cannot fail", e);
		}
		return bytes.toByteArray();
	}

	private static void field(final DataOutputStream out, final int tag, final byte[] b) throws IOException {
		out.writeByte(tag);
		Wire.writeBytes(out, b);
	}

	/**
	 * Decodes what a sender sealed. It was signed, so a malformed one is the
	 * sender's fault ({@link PeerFailureException}).
	 */
	public static SealedMetadata decode(final byte[] bytes) throws MedCryptException {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			final byte[] magic = new byte[MAGIC.length];
			in.readFully(magic);
			if (!java.util.Arrays.equals(magic, MAGIC) || in.readUnsignedShort() != VERSION) {
				throw new IOException("not sealed metadata version " + VERSION);
			}
			String title = "";
			byte[] lut = new byte[0], description = new byte[0];
			while (in.available() > 0) {
				final int tag = in.readUnsignedByte();
				final byte[] b = Wire.readBytes(in, bytes.length);
				if (tag == TITLE) title = new String(b, java.nio.charset.StandardCharsets.UTF_8);
				else if (tag == LUT) {
					if (b.length != LUT_BYTES) throw new IOException("a colour table of " + b.length + " bytes");
					lut = b;
				}
				else if (tag == DESCRIPTION) description = b;
			}
			return new SealedMetadata(title, lut, description);
		}
		catch (final EOFException e) {
			throw invalid("cut short", e);
		}
		catch (final IOException | IllegalArgumentException e) {
			throw invalid(e.getMessage(), e);
		}
	}

	private static PeerFailureException invalid(final String why, final Exception e) {
		return new PeerFailureException("The image's sealed description is invalid (" + why + ") although the " +
			"sender signed it: the sender made an invalid image.", e);
	}
}
