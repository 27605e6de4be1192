package dev.weave.distribution;

import dev.weave.cli.CliContext;
import dev.weave.cli.WeaveCli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's settings tables are what the adapters declare — the same declarations every {@code --set} and
 * weave.yaml key is checked against — so the documentation cannot drift from what Weave accepts.
 */
class ReadmeSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "neo4j", "elasticsearch"})
    void theReadmeShowsExactlyTheSettingsTheStoreDeclares(String store) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = WeaveCli.run(new CliContext(print, print, Map.of(), Path.of("."), false), "db", "settings", store, "--markdown");
        String table = out.toString(StandardCharsets.UTF_8).strip();
        assertEquals(0, exit, table);

        String readme = Files.readString(Path.of("..", "README.md"));

        assertTrue(readme.contains(table), "README.md must hold this table for " + store
                + " (from `weave db settings " + store + " --markdown`):\n" + table);
    }
}
