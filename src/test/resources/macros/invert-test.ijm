// Test macro for MacroHarness: runs a SciJava command by its leaf label, as a
// shipped MedCrypt macro would in Fiji. Argument: path of an 8-bit image.
path = getArgument();
open(path);
input = getTitle();
before = getPixel(10, 20);
run("MedCrypt Test Invert", "imp=[" + input + "] offset=5 title=[inverted copy] clamp=true");
// The output is shown: it is the active image and can be found by title.
active = getTitle();
selectImage(input);
selectImage("inverted copy");
after = getPixel(10, 20);
call("org.medcrypt.macro.MacroHarness.report", "input", input);
call("org.medcrypt.macro.MacroHarness.report", "active", active);
call("org.medcrypt.macro.MacroHarness.report", "before", "" + before);
call("org.medcrypt.macro.MacroHarness.report", "after", "" + after);
call("java.lang.System.setProperty", "medcrypt.report.bitDepth", "" + bitDepth());
call("java.lang.System.setProperty", "medcrypt.report.images", "" + nImages);
return "done";
