package org.medcrypt.image;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * De-identification of a DICOM header as ImageJ shows it (the {@code Info}
 * property and the DICOM slice labels: one attribute per line,
 * {@code "0010,0010  Patient's Name: X"}, nested items prefixed by
 * {@code '>'}), after DICOM PS3.15 Annex E, the <em>Basic Application Level
 * Confidentiality Profile</em> (Table E.1-1, Basic Profile column): each
 * attribute of {@link #ACTIONS} that a header text can show is
 *
 * <ul>
 * <li><b>X</b>: removed (the line goes);</li>
 * <li><b>Z</b> or <b>D</b>: emptied (the line stays, with no value: the
 * text is for reading, so a zero-length value serves as the dummy);</li>
 * <li><b>U</b>: a UID replaced by a new one, {@code 2.25.<decimal>}
 * (ISO/IEC 9834-8, as PS3.5 B.2 allows) computed as HMAC-SHA256 under a
 * key of this instance of the original UID, so that one UID is replaced by
 * the same new UID everywhere in the texts one instance de-identifies
 * (references stay consistent) and nobody without the key can link it back.</li>
 * </ul>
 * Private attributes (odd group numbers, ImageJ's {@code "---:"} lines) are
 * removed, as the profile requires without the Retain Safe Private Option,
 * and the two attributes the profile asks to add are appended: Patient
 * Identity Removed (0012,0062) = YES and De-identification Method
 * (0012,0063). Lines that are not attributes (a slice label's first line, the
 * file name) are kept. What the profile also requires but a text cannot do
 * (burnt-in annotations in the pixels, the options that retain some dates or
 * UIDs) is outside this class: see docs/TRANSFER.md. Knows nothing of Fiji.
 */
public final class DicomDeidentification {

	/** What the profile does to an attribute. */
	public enum Action {
		/** Remove. */
		X,
		/** Replace by a zero-length value. */
		Z,
		/** Replace by a dummy value (here: zero-length). */
		D,
		/** Replace the UID by a new one, consistently. */
		U
	}

	/**
	 * The attributes of PS3.15 Table E.1-1 (Basic Profile) that an ImageJ DICOM
	 * header can show, tag ("gggg,eeee", upper-case hex) to action, in tag order;
	 * docs/TRANSFER.md lists them with their names.
	 */
	public static final Map<String, Action> ACTIONS;

	static {
		final Map<String, Action> m = new LinkedHashMap<>();
		final Object[] table = {
			// File meta information: the SOP instance UID again, and the sending station
			"0002,0003", Action.U, "0002,0016", Action.X,
			// General study, series, equipment, SOP common
			"0008,0012", Action.X, "0008,0013", Action.X, "0008,0014", Action.U, "0008,0018", Action.U,
			"0008,0020", Action.Z, "0008,0021", Action.X, "0008,0022", Action.X, "0008,0023", Action.Z,
			"0008,0024", Action.X, "0008,0025", Action.X, "0008,002A", Action.X, "0008,0030", Action.Z,
			"0008,0031", Action.X, "0008,0032", Action.X, "0008,0033", Action.Z, "0008,0034", Action.X,
			"0008,0035", Action.X, "0008,0050", Action.Z, "0008,0054", Action.X, "0008,0055", Action.X,
			"0008,0080", Action.X, "0008,0081", Action.X, "0008,0082", Action.X, "0008,0090", Action.Z,
			"0008,0092", Action.X, "0008,0094", Action.X, "0008,0096", Action.X, "0008,0201", Action.X,
			"0008,1010", Action.X, "0008,1030", Action.X, "0008,103E", Action.X, "0008,1040", Action.X,
			"0008,1048", Action.X, "0008,1049", Action.X, "0008,1050", Action.X, "0008,1052", Action.X,
			"0008,1060", Action.X, "0008,1062", Action.X, "0008,1070", Action.X, "0008,1072", Action.X,
			"0008,1080", Action.X, "0008,1084", Action.X, "0008,1110", Action.X, "0008,1111", Action.X,
			"0008,1120", Action.X, "0008,1140", Action.X, "0008,1155", Action.U, "0008,1195", Action.U,
			"0008,4000", Action.X,
			// Patient
			"0010,0010", Action.Z, "0010,0020", Action.Z, "0010,0021", Action.X, "0010,0030", Action.Z,
			"0010,0032", Action.X, "0010,0040", Action.Z, "0010,0050", Action.X, "0010,1000", Action.X,
			"0010,1001", Action.X, "0010,1002", Action.X, "0010,1005", Action.X, "0010,1010", Action.X,
			"0010,1020", Action.X, "0010,1030", Action.X, "0010,1040", Action.X, "0010,1060", Action.X,
			"0010,1080", Action.X, "0010,1081", Action.X, "0010,1090", Action.X, "0010,2000", Action.X,
			"0010,2110", Action.X, "0010,2150", Action.X, "0010,2152", Action.X, "0010,2154", Action.X,
			"0010,2160", Action.X, "0010,2180", Action.X, "0010,21A0", Action.X, "0010,21B0", Action.X,
			"0010,21C0", Action.X, "0010,21D0", Action.X, "0010,21F0", Action.X, "0010,4000", Action.X,
			// Acquisition: devices, protocols, comments
			"0018,1000", Action.X, "0018,1004", Action.X, "0018,1005", Action.X, "0018,1007", Action.X,
			"0018,100B", Action.U, "0018,1030", Action.X, "0018,1200", Action.X, "0018,1201", Action.X,
			"0018,1400", Action.X, "0018,4000", Action.X, "0018,700A", Action.X, "0018,9424", Action.X,
			// Relationship: instance UIDs, study ID, comments
			"0020,000D", Action.U, "0020,000E", Action.U, "0020,0010", Action.Z, "0020,0052", Action.U,
			"0020,0200", Action.U, "0020,3401", Action.X, "0020,3404", Action.X, "0020,3406", Action.X,
			"0020,4000", Action.X, "0020,9158", Action.X, "0020,9161", Action.U, "0020,9164", Action.U,
			"0028,1199", Action.U, "0028,1214", Action.U, "0028,4000", Action.X,
			// Study, visit, procedure, request
			"0032,0012", Action.X, "0032,1032", Action.X, "0032,1033", Action.X, "0032,1060", Action.X,
			"0032,1070", Action.X, "0032,4000", Action.X, "0038,0010", Action.X, "0038,0011", Action.X,
			"0038,0300", Action.X, "0038,0400", Action.X, "0038,0500", Action.X, "0038,1234", Action.X,
			"0038,4000", Action.X, "0040,0241", Action.X, "0040,0242", Action.X, "0040,0243", Action.X,
			"0040,0244", Action.X, "0040,0245", Action.X, "0040,0250", Action.X, "0040,0251", Action.X,
			"0040,0253", Action.X, "0040,0254", Action.X, "0040,0275", Action.X, "0040,0280", Action.X,
			"0040,0555", Action.X, "0040,1001", Action.X, "0040,1004", Action.X, "0040,1005", Action.X,
			"0040,1010", Action.X, "0040,1101", Action.X, "0040,1102", Action.X, "0040,1103", Action.X,
			"0040,1400", Action.X, "0040,2001", Action.X, "0040,2008", Action.X, "0040,2009", Action.X,
			"0040,2010", Action.X, "0040,2016", Action.Z, "0040,2017", Action.Z, "0040,2400", Action.X,
			"0040,3001", Action.X, "0040,A027", Action.X, "0040,A073", Action.D, "0040,A075", Action.D,
			"0040,A088", Action.Z, "0040,A123", Action.D, "0040,A124", Action.U, "0040,A730", Action.X,
			"0040,DB0C", Action.U, "0040,DB0D", Action.U,
			// Presentation, media, radiotherapy, interpretation
			"0070,0084", Action.Z, "0070,0086", Action.X, "0088,0140", Action.U, "3006,0024", Action.U,
			"3006,00C2", Action.U, "300A,0013", Action.U, "4000,0010", Action.X, "4000,4000", Action.X,
			"4008,0042", Action.X, "4008,0102", Action.X, "4008,010A", Action.X, "4008,010B", Action.X,
			"4008,010C", Action.X, "4008,0111", Action.X, "4008,0114", Action.X, "4008,0115", Action.X,
			"4008,0118", Action.X, "4008,0119", Action.X, "4008,011A", Action.X, "4008,0202", Action.X,
			"4008,0300", Action.X, "4008,4000", Action.X };
		for (int i = 0; i < table.length; i += 2)
			m.put((String) table[i], (Action) table[i + 1]);
		ACTIONS = Collections.unmodifiableMap(m);
	}

	/** Groups whose every element the profile removes: curves (50xx) and overlay comments/data (60xx). */
	private static final Pattern REMOVED_GROUPS = Pattern.compile("50[0-9A-F]{2},[0-9A-F]{4}|60[0-9A-F]{2},(4000|3000)");
	/** An attribute line: optional '>' nesting, tag, two spaces, name, ": ", value. */
	private static final Pattern LINE = Pattern.compile("^(>*)([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})(\\s+)([^:]*):(.*)$");
	/** The lines appended (PS3.15 E.1.1: Patient Identity Removed, De-identification Method). */
	static final String ADDED = "0012,0062  Patient Identity Removed: YES\n0012,0063  De-identification Method: " +
		"DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile (MedCrypt)";

	private final Mac uidMac;

	/** A de-identifier whose new UIDs are keyed by a fresh random key (one per image sent, or per batch). */
	public DicomDeidentification(final SecureRandom random) {
		final byte[] key = new byte[32];
		random.nextBytes(key);
		try {
			uidMac = Mac.getInstance("HmacSHA256");
			uidMac.init(new SecretKeySpec(key, "HmacSHA256"));
		}
		catch (final GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
		}
	}

	/** Whether {@code text} holds at least one DICOM attribute line. */
	public static boolean isDicomHeader(final String text) {
		if (text == null) return false;
		for (final String line : text.split("\n", -1))
			if (LINE.matcher(line).matches()) return true;
		return false;
	}

	/**
	 * The de-identified text: the profile's actions on each attribute line,
	 * private attributes removed, other lines kept; if the text held any
	 * attribute, the two "identity removed" attributes are appended. A text
	 * without attributes (null, a plain title) comes back unchanged.
	 */
	public String apply(final String text) {
		if (!isDicomHeader(text)) return text;
		final StringBuilder out = new StringBuilder(text.length());
		final String[] lines = text.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			final String line = lines[i];
			final Matcher m = LINE.matcher(line);
			if (!m.matches()) {
				if (i < lines.length - 1 || !line.isEmpty()) out.append(line).append('\n');
				continue;
			}
			final String group = m.group(2).toUpperCase(Locale.ROOT), tag = group + "," + m.group(3).toUpperCase(
				Locale.ROOT);
			if ((Integer.parseInt(group, 16) & 1) == 1 || REMOVED_GROUPS.matcher(tag).matches()) continue;
			final Action a = ACTIONS.get(tag);
			if (a == null) out.append(line).append('\n');
			else if (a == Action.Z || a == Action.D) out.append(prefix(m)).append(" \n");
			else if (a == Action.U) out.append(prefix(m)).append(' ').append(newUid(m.group(6).trim())).append('\n');
			// X: the line goes
		}
		return out.append(ADDED).append('\n').toString();
	}

	/**
	 * The description with its {@code Info} text and its slice labels
	 * de-identified ({@link #apply(String)}) and its title replaced by
	 * {@code title}: the title of a DICOM image is its file name, which can be
	 * a patient's name, and a DICOM slice label starts with that file name,
	 * which goes too. Calibration, C/Z/T, colour tables and display ranges are
	 * kept (they identify no one).
	 */
	public ImageDescription apply(final ImageDescription d, final String title) {
		final String[] labels = new String[d.planes()];
		for (int i = 0; i < labels.length; i++) {
			String label = d.label(i);
			if (label != null && label.startsWith(d.title() + "\n")) label = label.substring(d.title().length() + 1);
			else if (label != null && label.equals(d.title())) label = null;
			labels[i] = apply(label);
		}
		final byte[][] luts = new byte[d.channelTables()][];
		final double[] min = new double[luts.length], max = new double[luts.length];
		for (int i = 0; i < luts.length; i++) {
			luts[i] = d.lut(i);
			min[i] = d.displayMin(i);
			max[i] = d.displayMax(i);
		}
		return ImageDescription.builder(d.kind(), d.width(), d.height(), d.channels(), d.slices(), d.frames()).title(
			title).hyperStack(d.hyperStack()).compositeMode(d.compositeMode()).pixelSize(d.pixelWidth(), d
				.pixelHeight(), d.pixelDepth()).units(d.xUnit(), d.yUnit(), d.zUnit()).origin(d.xOrigin(), d
					.yOrigin(), d.zOrigin()).frameInterval(d.frameInterval(), d.timeUnit()).invertY(d.invertY())
			.valueCalibration(d.function(), d.coefficients(), d.valueUnit(), d.zeroClip()).channelTables(luts, min,
				max).labels(labels).info(apply(d.info())).build();
	}

	private static String prefix(final Matcher m) {
		return m.group(1) + m.group(2) + "," + m.group(3) + m.group(4) + m.group(5) + ":";
	}

	/** 2.25.(first 128 bits of HMAC-SHA256(key, uid)) in decimal: at most 44 characters, below 64. */
	private String newUid(final String uid) {
		if (uid.isEmpty()) return "";
		final byte[] h;
		synchronized (uidMac) {
			h = uidMac.doFinal(uid.getBytes(StandardCharsets.US_ASCII));
		}
		return "2.25." + new BigInteger(1, java.util.Arrays.copyOf(h, 16)).toString();
	}
}
