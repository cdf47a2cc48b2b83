package org.medcrypt.macro;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every shipped macro is run by some test through {@link MacroHarness}: a macro
 * test (a {@link ShippedMacroTest} or one using the harness directly) names the
 * file in quotes. This catches a macro added without a test.
 */
class MacroCoverageTest {

	@Test
	void everyShippedMacroIsNamedByAMacroTest() throws IOException {
		final List<Path> macros;
		try (Stream<Path> s = Files.list(Paths.get("macros"))) {
			macros = s.filter(p -> p.toString().endsWith(".ijm")).collect(Collectors.toList());
		}
		assertFalse(macros.isEmpty());
		final StringBuilder tests = new StringBuilder();
		try (Stream<Path> s = Files.walk(Paths.get("src/test/java"))) {
			for (final Path p : s.filter(f -> f.toString().endsWith("Test.java")).collect(Collectors.toList())) {
				final String source = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
				if (source.contains("MacroHarness") || source.contains("extends ShippedMacroTest")) tests.append(source);
			}
		}
		for (final Path macro : macros) {
			final String name = macro.getFileName().toString();
			assertTrue(tests.indexOf("\"" + name + "\"") >= 0, name + " is shipped but no macro test runs it");
		}
	}
}
