package org.medcrypt.ij;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.TiffDecoder;
import org.medcrypt.io.DamagedFileException;
import org.medcrypt.io.MedCryptException;
import org.medcrypt.io.UnsupportedImageException;

/**
 * What an image file declares (its directory, geometry, strips) checked against
 * the file's size, before and after ImageJ decodes it. ImageJ trusts the
 * declarations: it reads a TIFF field of ten million strip offsets one value at a
 * time (minutes for a 33 KB file), checks only a quarter of the declared pixels
 * of an uncompressed image against the file's length (none at all when the pixels
 * start in the first 1000 bytes) and fills what is missing with zeros, so a 33 KB
 * TIFF that claims width 65536 opens as a 16 MB image, mostly black.
 * <p>
 * TIFF: every directory and every field must lie inside the file (checked from
 * the raw directory entries, before ImageJ reads any), then the
 * {@link FileInfo}s of {@link TiffDecoder#getTiffInfo()} must fit: uncompressed
 * pixels in full, compressed ones within {@link #MAX_COMPRESSION} times their
 * stored strips. PNG: the header's geometry within the deflate bound. DICOM and
 * other raw formats: checked after decoding from the image's original
 * {@link FileInfo}, which ImageJ only builds while decoding.
 */
final class DeclaredGeometry {

	/**
	 * No TIFF or PNG compression gives more: deflate at most about 1032:1, LZW about
	 * 1365:1, PackBits 64:1. Generous, so no real image is refused.
	 */
	static final int MAX_COMPRESSION = 2048;
	/** Bytes of each TIFF field type (1 to 13); other types count as bytes. */
	private static final int[] TIFF_TYPE_BYTES = { 1, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4 };

	private DeclaredGeometry() {}

	/** Checks a file before it is decoded; returns quietly for formats it does not know. */
	static void checkBeforeDecoding(final Path file) throws MedCryptException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			final long length = ch.size();
			final ByteBuffer head = read(ch, 0, (int) Math.min(length, 132));
			// ImageJ takes a DICOM first (its preamble may start like a TIFF): checked after decoding
			if (isDicom(file, head)) return;
			if (isTiff(head)) checkTiff(file, ch, length, head);
			else if (isPng(head)) checkPng(file, length, head);
			else if (isJpeg(head)) checkJpeg(file);
		}
		catch (final IOException e) {
			throw new MedCryptException("Could not read the image file " + file + ": " + e.getMessage(), e);
		}
	}

	/** Whether the file starts like an image ImageJ reads: its failure then means damage, not another format. */
	static boolean looksLikeAnImage(final Path file) {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			final ByteBuffer head = read(ch, 0, (int) Math.min(ch.size(), 132));
			final byte[] b = new byte[head.remaining()];
			head.get(b);
			final boolean jpeg = isJpeg(ByteBuffer.wrap(b));
			final boolean dicom = isDicom(file, ByteBuffer.wrap(b));
			final boolean gifOrBmp = b.length > 3 && (b[0] == 'G' && b[1] == 'I' && b[2] == 'F' || b[0] == 'B' &&
				b[1] == 'M');
			return isTiff(ByteBuffer.wrap(b)) || isPng(ByteBuffer.wrap(b)) || jpeg || dicom || gifOrBmp;
		}
		catch (final IOException e) {
			return false;
		}
	}

	/**
	 * After decoding: an uncompressed image (DICOM, raw, TIFF) whose declared
	 * pixels run past the end of its file was padded with zeros by ImageJ.
	 */
	static void checkDecoded(final Path file, final ImagePlus imp, final long length) throws MedCryptException {
		final FileInfo fi = imp.getOriginalFileInfo();
		if (fi == null || fi.compression != FileInfo.COMPRESSION_NONE || fi.fileFormat == FileInfo.GIF_OR_JPG ||
			fi.fileFormat == FileInfo.IMAGEIO || fi.fileFormat == FileInfo.BMP)
		{
			return;
		}
		final long needed = fi.getOffset() + pixelBytes(fi);
		if (needed > length) throw truncated(file, fi, needed, length);
	}

	private static void checkTiff(final Path file, final FileChannel ch, final long length, final ByteBuffer head)
		throws IOException, MedCryptException
	{
		final ByteOrder order = head.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		if (length < 8 || (head.order(order).getShort(2) & 0xffff) != 42) {
			return; // BigTIFF or not TIFF at all: ImageJ declines it, and that failure is named
		}
		final Set<Long> seen = new HashSet<>();
		long ifd = head.getInt(4) & 0xffffffffL;
		do {
			if (ifd < 8 || ifd + 2 > length || !seen.add(ifd)) {
				throw damaged(file, "its image directory at byte " + ifd + (ifd + 2 > length
					? " lies beyond the end of the file" : " is not valid"));
			}
			final int entries = read(ch, ifd, 2).order(order).getShort() & 0xffff;
			if (ifd + 2 + 12L * entries + 4 > length) {
				throw damaged(file, "its image directory of " + entries + " fields runs past the end of the file");
			}
			final ByteBuffer dir = read(ch, ifd + 2, 12 * entries + 4).order(order);
			for (int i = 0; i < entries; i++) {
				final int tag = dir.getShort(12 * i) & 0xffff;
				final int type = dir.getShort(12 * i + 2) & 0xffff;
				final long count = dir.getInt(12 * i + 4) & 0xffffffffL;
				final long bytes = count * (type < TIFF_TYPE_BYTES.length ? TIFF_TYPE_BYTES[type] : 1);
				final long at = dir.getInt(12 * i + 8) & 0xffffffffL;
				if (bytes > 4 && at + bytes > length) {
					throw damaged(file, "its field " + tag + " declares " + count + " values (" + bytes +
						" bytes) that do not fit in the file");
				}
			}
			ifd = dir.getInt(12 * entries) & 0xffffffffL;
		}
		while (ifd != 0);
		final FileInfo[] infos;
		try {
			final Path dir = file.toAbsolutePath().getParent();
			infos = new TiffDecoder(dir.toString() + java.io.File.separator, file.getFileName().toString())
				.getTiffInfo();
		}
		catch (final IOException | RuntimeException e) {
			throw damaged(file, "ImageJ cannot read its directory (" + e + ")");
		}
		if (infos == null) return;
		long total = 0;
		for (final FileInfo fi : infos) total += checkTiffImage(file, fi, length);
		checkMemory(file, total);
	}

	/** The decoded bytes of one TIFF directory, once they are known to fit the file. */
	private static long checkTiffImage(final Path file, final FileInfo fi, final long length)
		throws MedCryptException
	{
		if (fi.width <= 0 || fi.height <= 0 || fi.nImages <= 0) {
			throw damaged(file, "it declares an image of " + fi.width + "x" + fi.height + " pixels and " + fi.nImages +
				" slices");
		}
		long stored = 0;
		if (fi.stripOffsets != null) {
			for (int i = 0; i < fi.stripOffsets.length; i++) {
				final long offset = fi.stripOffsets[i] & 0xffffffffL;
				final long size = fi.stripLengths != null && i < fi.stripLengths.length ? fi.stripLengths[i] &
					0xffffffffL : 0;
				if (offset + size > length) {
					throw damaged(file, "its pixel strip " + (i + 1) + " runs past the end of the file (truncated, " +
						"or a damaged header)");
				}
				stored += size;
			}
		}
		final long pixels = pixelBytes(fi);
		if (fi.compression == FileInfo.COMPRESSION_NONE) {
			final long needed = fi.getOffset() + pixels;
			if (needed > length) throw truncated(file, fi, needed, length);
		}
		else {
			final long compressed = stored > 0 ? stored : length - fi.getOffset();
			if (pixels > MAX_COMPRESSION * compressed) {
				throw damaged(file, "it declares " + describe(fi) + " (" + pixels + " bytes) compressed into " +
					compressed + " bytes, more than any compression gives");
			}
		}
		return pixels;
	}

	private static void checkPng(final Path file, final long length, final ByteBuffer head)
		throws MedCryptException
	{
		if (length < 33) throw damaged(file, "it is truncated (" + length + " bytes)");
		final long width = head.getInt(16) & 0xffffffffL, height = head.getInt(20) & 0xffffffffL;
		final int depth = head.get(24) & 0xff, colour = head.get(25) & 0xff;
		final int channels = colour == 2 ? 3 : colour == 4 ? 2 : colour == 6 ? 4 : 1;
		if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
			throw damaged(file, "it declares an image of " + width + "x" + height + " pixels");
		}
		final long raw = height * (1 + (width * depth * channels + 7) / 8);
		if (raw > MAX_COMPRESSION * length) {
			throw damaged(file, "it declares " + width + "x" + height + " pixels (" + raw + " bytes) compressed " +
				"into " + length + " bytes, more than any compression gives");
		}
		checkMemory(file, width * height * 4);
	}

	/**
	 * Walks a JPEG's markers to its end-of-image marker: Java's decoder fills a
	 * truncated JPEG with grey without a word. Segments are skipped by their
	 * lengths (an embedded thumbnail's markers are inside one), entropy-coded data
	 * up to the next marker. The end of the file before the end-of-image marker
	 * means a truncated file.
	 */
	private static void checkJpeg(final Path file) throws IOException, MedCryptException {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
			in.readUnsignedShort(); // SOI
			int b = in.read();
			while (true) {
				if (b != 0xff) throw damaged(file, "its JPEG structure is broken");
				int marker;
				do {
					marker = in.readUnsignedByte();
				}
				while (marker == 0xff);
				if (marker == 0xd9) return;
				if (marker == 0x01 || marker >= 0xd0 && marker <= 0xd7) {
					b = in.read();
					continue;
				}
				final int segment = in.readUnsignedShort();
				if (segment < 2 || in.skipBytes(segment - 2) != segment - 2) throw new EOFException();
				b = in.read();
				if (marker == 0xda) {
					// entropy-coded data: up to a marker other than a stuffed zero or a restart
					while (true) {
						while (b != 0xff) {
							if (b < 0) throw new EOFException();
							b = in.read();
						}
						in.mark(1);
						final int next = in.readUnsignedByte();
						in.reset();
						if (next != 0 && (next < 0xd0 || next > 0xd7)) break;
						in.read();
						b = in.read();
					}
				}
			}
		}
		catch (final EOFException e) {
			throw damaged(file, "it ends before the end of its JPEG data (truncated)");
		}
	}

	/** Bytes of the declared pixels of all slices, as ImageJ lays them out in the file. */
	private static long pixelBytes(final FileInfo fi) {
		final long slice = fi.fileType == FileInfo.BITMAP ? (fi.width + 7L) / 8 * fi.height : (long) fi.width *
			fi.height * fi.getBytesPerPixel();
		return slice * fi.nImages + Math.max(0, fi.getGap()) * (fi.nImages - 1);
	}

	private static void checkMemory(final Path file, final long bytes) throws MedCryptException {
		final Runtime rt = Runtime.getRuntime();
		final long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (bytes > available) {
			throw new UnsupportedImageException(file + " needs about " + (bytes >> 20) + " MB of memory to open; " +
				"this Java has " + (available >> 20) + " MB free. Give Java more memory (Fiji: Edit > Options > " +
				"Memory & Threads; command line: java -Xmx...).");
		}
	}

	private static String describe(final FileInfo fi) {
		return fi.width + "x" + fi.height + " pixels" + (fi.nImages > 1 ? " x " + fi.nImages + " slices" : "") +
			" of " + fi.getBytesPerPixel() + " byte(s)";
	}

	private static DamagedFileException truncated(final Path file, final FileInfo fi, final long needed,
		final long length)
	{
		return damaged(file, "it declares " + describe(fi) + ", which need " + needed + " bytes, but the file " +
			"has " + length + " (truncated, or a damaged header)");
	}

	static DamagedFileException damaged(final Path file, final String why) {
		return new DamagedFileException(file + " is a damaged image: " + why + ". Ask for the file again or use " +
			"a backup copy.");
	}

	/** As ImageJ's {@code Opener.getFileType}: "DICM" at byte 128, or a name ending in ".dcm". */
	private static boolean isDicom(final Path file, final ByteBuffer b) {
		return b.limit() >= 132 && b.get(128) == 'D' && b.get(129) == 'I' && b.get(130) == 'C' && b.get(131) == 'M' ||
			file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".dcm");
	}

	private static boolean isTiff(final ByteBuffer b) {
		return b.limit() >= 4 && (b.get(0) == 'I' && b.get(1) == 'I' || b.get(0) == 'M' && b.get(1) == 'M');
	}

	private static boolean isJpeg(final ByteBuffer b) {
		return b.limit() >= 3 && (b.get(0) & 0xff) == 0xff && (b.get(1) & 0xff) == 0xd8 && (b.get(2) & 0xff) == 0xff;
	}

	private static boolean isPng(final ByteBuffer b) {
		return b.limit() >= 8 && (b.get(0) & 0xff) == 0x89 && b.get(1) == 'P' && b.get(2) == 'N' && b.get(3) == 'G';
	}

	/** Up to {@code size} bytes at {@code position} (fewer at the end of the file), big-endian. */
	private static ByteBuffer read(final FileChannel ch, final long position, final int size) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(size);
		while (b.hasRemaining() && ch.read(b, position + b.position()) >= 0) {
			// read on until full or at the end
		}
		b.flip();
		return b;
	}
}
