package dev.weave.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --log-format json} as a CI log collector reads it: one JSON object per migration on stderr (target, store,
 * version, script, outcome, millis, the failure's message), the summary still on stdout, against the real PostgreSQL.
 */
class LogFormatTest {

    @TempDir
    Path project;

    @Test
    void eachMigrationIsOneJsonEventOnStderr() throws Exception {
        CliHarness cli = new CliHarness(project);
        Path folder = cli.database("log_events");
        Files.writeString(folder.resolve("V1__users.sql"), "CREATE TABLE users (id int);\n");
        Files.writeString(folder.resolve("V2__broken.sql"), "CREATE TABLE orders (id int);\nSELECT 1/0;\n");

        CliHarness.Run run = cli.weave("db", "migrate", "log_events", "--log-format", "json");
        assertEquals(1, run.exit(), run.all());
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.err().split("\n")) {
            if (line.startsWith("{")) {
                events.add(new ObjectMapper().readTree(line));
            }
        }
        assertEquals(2, events.size(), run.err());
        JsonNode applied = events.get(0);
        assertEquals("migration", applied.path("event").asText());
        assertEquals("log_events", applied.path("target").asText());
        assertEquals("postgres", applied.path("store").asText());
        assertEquals("1", applied.path("version").asText());
        assertEquals("V1__users.sql", applied.path("script").asText());
        assertEquals("APPLIED", applied.path("outcome").asText());
        assertTrue(applied.path("millis").isNumber());
        JsonNode failed = events.get(1);
        assertEquals("FAILED", failed.path("outcome").asText());
        assertEquals("V2__broken.sql", failed.path("script").asText());
        assertTrue(failed.path("message").asText().contains("division by zero"), failed.toString());
        assertFalse(run.out().contains("V1 users ("), "no progress line beside the event: " + run.out());

        CliHarness.Run bad = cli.weave("db", "migrate", "log_events", "--log-format", "yaml");
        assertEquals(2, bad.exit(), bad.all());
        assertTrue(bad.err().contains("--log-format yaml: use text or json"), bad.err());
    }
}
