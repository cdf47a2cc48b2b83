package org.medcrypt.macro;

import ij.ImagePlus;
import net.imglib2.Cursor;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.IntegerType;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.ij.ImagePlusImgs;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Test-only command that proves {@link MacroHarness}: inverts a copy of an
 * 8-bit or 16-bit image, {@code result = max - value + offset}, wrapping
 * around the type's range unless {@code clamp} is set. Uses
 * {@link ImagePlusImgs} on the copy, so the output is written through the
 * ImgLib2 view.
 */
@Plugin(type = Command.class,
	menuPath = "Plugins>MedCrypt>Test>MedCrypt Test Invert")
public class InvertTestCommand implements Command {

	@Parameter
	private LogService log;

	@Parameter
	private ImagePlus imp;

	@Parameter
	private int offset;

	@Parameter(required = false)
	private String title = "inverted";

	@Parameter(required = false)
	private boolean clamp;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Override
	public void run() {
		final ImagePlus copy = imp.duplicate();
		copy.setTitle(title);
		final PlanarImg<?, ?> img;
		try {
			img = ImagePlusImgs.wrap(copy);
		}
		catch (final MedCryptException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
		final long max = imp.getBitDepth() == 8 ? 255 : 65535;
		@SuppressWarnings("unchecked")
		final Cursor<? extends IntegerType<?>> c =
			(Cursor<? extends IntegerType<?>>) img.cursor();
		while (c.hasNext()) {
			final IntegerType<?> t = c.next();
			long v = max - t.getIntegerLong() + offset;
			if (clamp) v = Math.max(0, Math.min(max, v));
			else v = Math.floorMod(v, max + 1);
			t.setInteger(v);
		}
		log.debug("inverted " + imp.getTitle() + " into " + title);
		result = copy;
	}
}
