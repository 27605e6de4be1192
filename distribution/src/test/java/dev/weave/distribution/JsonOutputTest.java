package dev.weave.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.weave.distribution.CliHarness.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code --json} output of each command is a documented contract: the README's "JSON output" block lists
 * every field path of every command, and this test compares it with what the real commands print against the
 * real PostgreSQL. A field renamed or dropped (a break for scripts that read it) fails here, and so does one
 * added without being documented. Paths: {@code a.b} for a field of an object, {@code a[].b} for one of the
 * objects in an array.
 */
class JsonOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path project;

    static CliHarness cli;
    static final Map<String, TreeSet<String>> actual = new LinkedHashMap<>();

    @BeforeAll
    static void runEveryCommand() throws IOException {
        cli = new CliHarness(project);
        Path db = cli.database("json_shape");
        write(db.resolve("V1__one.sql"), "CREATE TABLE one (id INT);");
        write(db.resolve("V2__two.sql"), "CREATE TABLE two (id INT);");
        write(db.resolve("R__view.sql"), "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;");
        Path other = cli.database("json_other");
        write(other.resolve("V1__needs.sql"), "-- depends-on: json_shape:1\nCREATE TABLE needs (id INT);");
        // each command once, where its arrays are not empty (an empty array shows none of its fields)
        record("migrate", "db", "migrate", "json_shape", "--target", "1", "--json");
        write(db.resolve("V3__pending.sql"), "CREATE TABLE three (id INT);");
        record("validate", "db", "validate", "json_shape", "--json");
        record("migrate-all --dry-run", "db", "migrate-all", "--dry-run", "--json");
        record("migrate-all", "db", "migrate-all", "--json");
        record("info", "db", "info", "json_shape", "--json");
        record("history", "db", "history", "json_shape", "--json");
        record("current", "db", "current", "json_shape", "--json");
        record("validate-all", "db", "validate-all", "--json");
        record("error", "db", "migrate", "no_such_target", "--json");
    }

    private static void record(String name, String... args) throws IOException {
        CliHarness.Run run = cli.weave(args);
        TreeSet<String> paths = new TreeSet<>();
        collect(JSON.readTree(run.out()), "", paths);
        actual.put(name, paths);
    }

    private static void collect(JsonNode node, String prefix, TreeSet<String> paths) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                String path = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
                paths.add(path);
                collect(f.getValue(), path, paths);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, prefix + "[]", paths));
        }
    }

    @Test
    void theReadmeDocumentsEveryFieldOfEveryCommandsJson() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String start = "<!-- json-fields: generated from the real output, checked by JsonOutputTest -->\n```text\n";
        int from = readme.indexOf(start);
        String documented = from < 0 ? "" : readme.substring(from + start.length(), readme.indexOf("```", from + start.length()));
        StringBuilder expected = new StringBuilder();
        actual.forEach((command, paths) -> expected.append(command).append(": ").append(String.join(" ", paths)).append('\n'));
        assertEquals(expected.toString(), documented, "README.md's JSON output block must be, after the line\n"
                + start + expected);
        List<String> errorFields = List.copyOf(actual.get("error"));
        assertEquals(List.of("error", "error.exitCode", "error.kind", "error.message"), errorFields);
    }
}
