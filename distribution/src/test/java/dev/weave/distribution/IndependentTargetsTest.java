package dev.weave.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import static dev.weave.distribution.CliHarness.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19.9: a PostgreSQL folder whose database does not exist must not stop the targets that do not depend
 * on it; and on a local store of {@code weave dev} that database is created on migrate.
 */
class IndependentTargetsTest {

    @TempDir
    Path project;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(project);
    }

    @Test
    void aTargetThatCannotConnectStopsOnlyTheTargetsThatDependOnIt() throws Exception {
        cli.server.dropDatabase("it_missing");
        write(project.resolve(".weave/migrations/it_missing/V1__first.sql"), "CREATE TABLE m1 (id INT);");
        Path independent = cli.database("it_independent");
        // slow enough to be mid-way when the missing database is found: before the fix it stopped after V1
        write(independent.resolve("V1__slow.sql"), "SELECT pg_sleep(1);\nCREATE TABLE i1 (id INT);");
        write(independent.resolve("V2__next.sql"), "CREATE TABLE i2 (id INT);");
        Path dependent = cli.database("it_dependent");
        write(dependent.resolve("V1__first.sql"), "CREATE TABLE d1 (id INT);");
        write(dependent.resolve("V2__needs_missing.sql"), "-- depends-on: it_missing:1\nCREATE TABLE d2 (id INT);");

        CliHarness.Run run = cli.weave("db", "migrate-all", "--json");

        assertEquals(4, run.exit(), run.all());
        Map<String, JsonNode> targets = targets(run);
        assertEquals("FAILED", targets.get("it_missing").path("status").asText(), run.out());
        assertEquals(4, targets.get("it_missing").path("exitCode").asInt(), run.out());
        assertTrue(targets.get("it_missing").path("error").asText().contains("database 'it_missing' does not exist"), run.out());
        assertEquals("APPLIED", targets.get("it_independent").path("status").asText(), run.out());
        assertEquals(2, targets.get("it_independent").path("applied").size(), run.out());
        assertEquals("BLOCKED", targets.get("it_dependent").path("status").asText(), run.out());
        assertEquals(1, targets.get("it_dependent").path("applied").size(), run.out());
        assertEquals(1, cli.count("it_independent", "SELECT count(*) FROM pg_tables WHERE tablename = 'i2'"));
        assertEquals(0, cli.count("it_dependent", "SELECT count(*) FROM pg_tables WHERE tablename = 'd2'"));
        assertEquals(1, cli.count("it_dependent", "SELECT count(*) FROM weave_schema_history"), "only d1 recorded");
    }

    /** The environment {@code weave dev up} writes, from a real dev PostgreSQL: a database missing there is created. */
    @Test
    void onTheDevPostgresMigrateCreatesAMissingDatabaseAndSaysSo() throws Exception {
        write(project.resolve(".weave/migrations/late_folder/V1__first.sql"), "CREATE TABLE late (id INT);");
        try (DevStores dev = DevStores.temporary(EnumSet.of(DevStores.Kind.POSTGRES))) {
            Map<String, String> devEnv = dev.environment();
            assertTrue(devEnv.containsKey("WEAVE_DEV_POSTGRES"), devEnv.keySet().toString());
            Map<String, String> shared = new HashMap<>(cli.env);

            // the same variables pointing at another server: a missing database there stays exit 4
            cli.env.put("WEAVE_DEV_POSTGRES", devEnv.get("WEAVE_DEV_POSTGRES"));
            cli.server.dropDatabase("late_folder");
            CliHarness.Run elsewhere = cli.weave("db", "migrate", "late_folder");
            assertEquals(4, elsewhere.exit(), elsewhere.all());
            assertTrue(elsewhere.all().contains("database 'late_folder' does not exist"), elsewhere.all());

            cli.env.putAll(devEnv);
            CliHarness.Run run = cli.weave("db", "migrate-all");
            assertEquals(0, run.exit(), run.all());
            assertTrue(run.out().contains("late_folder: created database 'late_folder' on the local postgres at "
                    + devEnv.get("WEAVE_DEV_POSTGRES") + " (started by weave dev up)"), run.out());
            assertTrue(run.out().matches("(?s).*late_folder\\s+postgres\\s+APPLIED.*"), run.out());
            assertEquals(0, cli.weave("db", "validate", "late_folder").exit(), "the ledger is in the new database");
            cli.env.clear();
            cli.env.putAll(shared);
        }
    }

    private static Map<String, JsonNode> targets(CliHarness.Run run) throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode t : new ObjectMapper().readTree(run.out()).path("targets")) {
            byName.put(t.path("target").asText(), t);
        }
        return byName;
    }
}
