package org.medcrypt.retrieval;

import java.nio.file.Path;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.IntegerType;

import org.medcrypt.ij.ImageFiles;
import org.medcrypt.ij.ImagePlusImgs;

/** Real images for retrieval tests, as the commands open them. */
final class RetrievalImages {

	private RetrievalImages() {}

	static Img<? extends IntegerType<?>> load(final Path file) throws Exception {
		return ImagePlusImgs.wrap(ImageFiles.open(file));
	}
}
