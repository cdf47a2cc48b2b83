package org.medcrypt.commands;

import ij.ImagePlus;

/** The pixel arrays of every slice, in stack order (shared, not copied). */
final class WatermarkImages {

	private WatermarkImages() {}

	static Object[] planes(final ImagePlus imp) {
		final Object[] p = new Object[imp.getStackSize()];
		for (int i = 0; i < p.length; i++)
			p[i] = imp.getStack().getPixels(i + 1);
		return p;
	}
}
