package org.medcrypt.securesum;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One secure-sum message and its wire format, version {@value #VERSION}. All
 * integers are big-endian; a frame is exactly:
 *
 * <pre>
 * size  field
 * 4     magic "MCSS"
 * 1     version = 1
 * 1     type: 1 RING_PASS, 2 RING_TOTAL, 3 SHARE, 4 PARTIAL_SUM, 5 RESULT, 6 ABORT
 * 8     session id (the researcher's random id of this run)
 * 4     sender node (0 = researcher, 1..k = labs); must match the authenticated channel
 * 4     round: ring index (0-based) for RING_PASS and RING_TOTAL, 0 otherwise
 * 4     culprit node for ABORT, -1 otherwise
 * 2     L, length of the note (at most 1024)
 * L     note, UTF-8: for ABORT the step name, a line feed, then the reason; empty otherwise
 * 4     N, number of values (at most 65536)
 * N ×   value: 4-byte length ℓ (at most 8193), then ℓ bytes, unsigned magnitude
 * </pre>
 *
 * Nothing may follow the last value. Decoding checks the layout only; whether
 * a message is expected, and whether its values lie in [0, M), is the state
 * machine's business.
 */
public final class Message {

	public static final int VERSION = 1;
	static final int NO_CULPRIT = Nodes.NOBODY;
	private static final byte[] MAGIC = { 'M', 'C', 'S', 'S' };
	private static final int MAX_NOTE_BYTES = 1024;
	private static final int MAX_VALUE_BYTES = SumDomain.MAX_MODULUS_BITS / 8 + 1;

	private final MessageType type;
	private final long session;
	private final int sender;
	private final int round;
	private final int culprit;
	private final String note;
	private final BigInteger[] values;

	private Message(final MessageType type, final long session, final int sender, final int round,
		final int culprit, final String note, final BigInteger[] values)
	{
		this.type = type;
		this.session = session;
		this.sender = sender;
		this.round = round;
		this.culprit = culprit;
		this.note = note;
		this.values = values.clone();
	}

	/** A protocol message carrying values. */
	public static Message of(final MessageType type, final long session, final int sender, final int round,
		final BigInteger... values)
	{
		if (type == MessageType.ABORT) throw new IllegalArgumentException("use abort(...) for ABORT");
		return new Message(type, session, sender, round, NO_CULPRIT, "", values);
	}

	/** An ABORT blaming {@code culprit} (or {@link #NO_CULPRIT}) for a fault at {@code step}. */
	public static Message abort(final long session, final int sender, final int culprit, final String step,
		final String reason)
	{
		return new Message(MessageType.ABORT, session, sender, 0, culprit, truncate(step.replace('\n', ' ') + "\n" +
			reason), new BigInteger[0]);
	}

	public MessageType type() {
		return type;
	}

	public long session() {
		return session;
	}

	public int sender() {
		return sender;
	}

	public int round() {
		return round;
	}

	public int culprit() {
		return culprit;
	}

	/** For ABORT: the step at which the culprit failed. */
	public String abortedStep() {
		final int lf = note.indexOf('\n');
		return lf < 0 ? note : note.substring(0, lf);
	}

	/** For ABORT: what the culprit did wrong. */
	public String abortReason() {
		final int lf = note.indexOf('\n');
		return lf < 0 ? "" : note.substring(lf + 1);
	}

	public BigInteger[] values() {
		return values.clone();
	}

	/** The step this message belongs to, as named in error messages. */
	String step() {
		return type == MessageType.RING_PASS || type == MessageType.RING_TOTAL ? type.step() + " (ring " +
			(round + 1) + ")" : type.step();
	}

	public byte[] encode() {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.write(MAGIC);
			out.writeByte(VERSION);
			out.writeByte(type.code());
			out.writeLong(session);
			out.writeInt(sender);
			out.writeInt(round);
			out.writeInt(culprit);
			final byte[] noteBytes = note.getBytes(StandardCharsets.UTF_8);
			out.writeShort(noteBytes.length);
			out.write(noteBytes);
			out.writeInt(values.length);
			for (final BigInteger v : values) {
				if (v.signum() < 0) throw new IllegalArgumentException("values are unsigned; got " + v);
				final byte[] magnitude = unsignedBytes(v);
				if (magnitude.length > MAX_VALUE_BYTES) throw new IllegalArgumentException("value too large");
				out.writeInt(magnitude.length);
				out.write(magnitude);
			}
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	public static Message decode(final byte[] frame) throws MalformedMessageException {
		final ByteBuffer in = ByteBuffer.wrap(frame);
		try {
			final byte[] magic = new byte[MAGIC.length];
			in.get(magic);
			if (!Arrays.equals(magic, MAGIC)) throw new MalformedMessageException("not a secure-sum message (bad magic)");
			final int version = in.get() & 0xff;
			if (version != VERSION) {
				throw new MalformedMessageException("message version " + version + ", this MedCrypt speaks version " +
					VERSION + "; all parties must run compatible MedCrypt versions");
			}
			final int code = in.get() & 0xff;
			final MessageType type = MessageType.ofCode(code);
			if (type == null) throw new MalformedMessageException("unknown message type " + code);
			final long session = in.getLong();
			final int sender = in.getInt(), round = in.getInt(), culprit = in.getInt();
			final int noteLength = in.getShort() & 0xffff;
			if (noteLength > MAX_NOTE_BYTES) throw new MalformedMessageException("note too long: " + noteLength);
			final byte[] noteBytes = new byte[noteLength];
			in.get(noteBytes);
			final String note = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(noteBytes)).toString();
			final int count = in.getInt();
			if (count < 0 || count > SumDomain.MAX_WIDTH) throw new MalformedMessageException("bad value count " + count);
			final BigInteger[] values = new BigInteger[count];
			for (int i = 0; i < count; i++) {
				final int length = in.getInt();
				if (length < 0 || length > MAX_VALUE_BYTES) {
					throw new MalformedMessageException("bad length " + length + " of value " + i);
				}
				if (length > in.remaining()) {
					throw new MalformedMessageException("truncated message: value " + i + " needs " + length +
						" bytes, " + in.remaining() + " remain");
				}
				final byte[] magnitude = new byte[length];
				in.get(magnitude);
				values[i] = new BigInteger(1, magnitude);
			}
			if (in.hasRemaining()) throw new MalformedMessageException(in.remaining() + " unexpected trailing bytes");
			if (type == MessageType.ABORT ? count != 0 : culprit != NO_CULPRIT || noteLength != 0) {
				throw new MalformedMessageException("fields inconsistent with message type " + type);
			}
			return new Message(type, session, sender, round, culprit, note, values);
		}
		catch (final BufferUnderflowException e) {
			throw new MalformedMessageException("truncated message (" + frame.length + " bytes)");
		}
		catch (final CharacterCodingException e) {
			throw new MalformedMessageException("note is not UTF-8");
		}
	}

	private static byte[] unsignedBytes(final BigInteger v) {
		final byte[] twos = v.toByteArray();
		return twos.length > 1 && twos[0] == 0 ? Arrays.copyOfRange(twos, 1, twos.length) : twos;
	}

	private static String truncate(final String reason) {
		String s = reason;
		while (s.getBytes(StandardCharsets.UTF_8).length > MAX_NOTE_BYTES) s = s.substring(0, s.length() - 1);
		return s;
	}

	@Override
	public String toString() {
		return type + " from " + Nodes.name(sender) + " (session " + Long.toHexString(session) + ", round " + round +
			")";
	}
}
