package dev.weave;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the layers honest: the model and the store port stay small and free of the engine and the CLI,
 * and the orchestrator never depends on a store. Read from the sources, so a newcomer's wrong import
 * fails the build with the rule it broke.
 */
class PackageStructureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/weave");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?dev\\.weave\\.(\\w+)\\.");
    private static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.weave\\.(\\w+)\\.[A-Z]");

    /** Which packages each package may use (besides itself). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "model", Set.of(),
            "spi", Set.of("model", "api"),
            "discovery", Set.of("model", "api"),
            "plan", Set.of("model", "discovery"),
            "config", Set.of("api", "spi"),
            "engine", Set.of("api", "model", "discovery", "plan", "spi", "config"),
            "api", Set.of("model", "config", "engine"),
            "cli", Set.of("api", "config", "model", "spi"));

    @Test
    void packagesOnlyUseTheLayersBelowThem() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                Set<String> allowed = ALLOWED.get(pkg);
                assertTrue(allowed != null, "package dev.weave." + pkg + " has no rule in " + getClass().getSimpleName());
                String text = Files.readString(file);
                for (Pattern p : List.of(IMPORT, QUALIFIED)) {
                    Matcher m = p.matcher(text);
                    while (m.find()) {
                        String used = m.group(1);
                        if (!used.equals(pkg) && !allowed.contains(used)) {
                            violations.add(file + " (dev.weave." + pkg + ") uses dev.weave." + used);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theOrchestratorNamesNoStoreInItsCode() throws IOException {
        List<String> violations = new ArrayList<>();
        Pattern storeName = Pattern.compile("(?i)\"[^\"]*(postgres|neo4j|elasticsearch)[^\"]*\"");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String code = line.trim();
                    if (code.startsWith("*") || code.startsWith("/") || code.startsWith("description =")) {
                        continue;
                    }
                    if (storeName.matcher(code).find()) {
                        violations.add(file + ": " + code);
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "the orchestrator must find stores through the SPI, not by name");
    }
}
