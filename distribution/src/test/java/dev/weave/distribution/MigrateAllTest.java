package dev.weave.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import static dev.weave.distribution.CliHarness.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code migrate-all}, {@code validate-all} and {@code sum} over several real databases. */
class MigrateAllTest {

    @TempDir
    Path project;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(project);
    }

    @Test
    void migratesEveryTargetAndPrintsASummary() {
        write(cli.database("all_a").resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
        write(cli.database("all_b").resolve("V1__b.sql"), "CREATE TABLE b (id INT);");
        write(cli.database("all_b").resolve("V2__b2.sql"), "CREATE TABLE b2 (id INT);");

        CliHarness.Run run = cli.weave("db", "migrate-all");

        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().matches("(?s).*all_a\\s+postgres\\s+APPLIED\\s+-\\s+1\\s+1.*"), run.out());
        assertTrue(run.out().matches("(?s).*all_b\\s+postgres\\s+APPLIED\\s+-\\s+2\\s+2.*"), run.out());
        assertTrue(run.out().contains("migrate-all: ok, 2 targets: 3 applied, 3 total"), run.out());

        write(cli.project.resolve(".weave/migrations/all_b/V3__b3.sql"), "CREATE TABLE b3 (id INT);");
        CliHarness.Run again = cli.weave("db", "migrate-all");
        assertTrue(again.out().matches("(?s).*all_a\\s+postgres\\s+UP_TO_DATE\\s+1\\s+1\\s+0\\s+1\\s+1\\s.*"), again.out());
        assertTrue(again.out().matches("(?s).*all_b\\s+postgres\\s+APPLIED\\s+2\\s+3\\s+1\\s+2\\s+3\\s.*"), again.out());
        assertTrue(again.out().contains("migrate-all: ok, 2 targets: 1 applied, 3 skipped (already applied), 4 total"),
                again.out());
    }

    @Test
    void aCrossTargetDependencyRunsAfterItsDependency() throws SQLException {
        Path app = cli.database("dep_app");
        Path billing = cli.database("dep_billing");
        write(app.resolve("V1__users.sql"), "CREATE TABLE users (id INT);");
        write(app.resolve("V2__slow_backfill.sql"), "SELECT pg_sleep(1.5);\nCREATE TABLE backfilled (id INT);");
        write(billing.resolve("V1__plans.sql"), "CREATE TABLE plans (id INT);");
        write(billing.resolve("V2__invoices.sql"), "-- depends-on: dep_app:2\nCREATE TABLE invoices (id INT);");

        CliHarness.Run run = cli.weave("db", "migrate-all", "--parallel", "4");

        assertEquals(0, run.exit(), run.all());
        Timestamp appV2 = installedOn("dep_app", "2");
        Timestamp billingV2 = installedOn("dep_billing", "2");
        assertTrue(billingV2.getTime() >= appV2.getTime() + 1400,
                "billing V2 started at " + billingV2 + ", before app V2 (started " + appV2 + ", 1.5 s) had finished");
    }

    @Test
    void dependenciesBothWaysDoNotDeadlockWithOneRunner() {
        Path a = cli.database("dl_a");
        Path b = cli.database("dl_b");
        write(a.resolve("V1__a1.sql"), "CREATE TABLE a1 (id INT);");
        write(a.resolve("V2__a2.sql"), "-- depends-on: dl_b:1\nCREATE TABLE a2 (id INT);");
        write(b.resolve("V1__b1.sql"), "CREATE TABLE b1 (id INT);");
        write(b.resolve("V2__b2.sql"), "-- depends-on: dl_a:2\nCREATE TABLE b2 (id INT);");

        CliHarness.Run run = cli.weave("db", "migrate-all", "--parallel", "1");

        assertEquals(0, run.exit(), run.all());
        assertEquals(1, cli.count("dl_b", "SELECT count(*) FROM pg_tables WHERE tablename = 'b2'"));
    }

    @Test
    void aDependencyCycleIsRefusedBeforeAnythingRuns() {
        Path a = cli.database("cyc_a");
        Path b = cli.database("cyc_b");
        write(a.resolve("V1__a1.sql"), "-- depends-on: cyc_b:1\nCREATE TABLE a1 (id INT);");
        write(b.resolve("V1__b1.sql"), "-- depends-on: cyc_a:1\nCREATE TABLE b1 (id INT);");

        CliHarness.Run run = cli.weave("db", "migrate-all");

        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("cycle"), run.err());
        assertTrue(run.err().contains("cyc_a:1") && run.err().contains("cyc_b:1"), run.err());
        assertEquals(0, cli.count("cyc_a", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    @Test
    void aDependencyOnAVersionThatDoesNotExistIsRefused() {
        Path a = cli.database("dne_a");
        cli.database("dne_b");
        write(cli.database("dne_b").resolve("V1__b1.sql"), "CREATE TABLE b1 (id INT);");
        write(a.resolve("V1__a1.sql"), "-- depends-on: dne_b:9\nCREATE TABLE a1 (id INT);");

        CliHarness.Run run = cli.weave("db", "migrate-all");

        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("V1__a1.sql:1") && run.err().contains("dne_b does not have"), run.err());
    }

    @Test
    void aFailureStopsTheOthersUnlessKeepGoing() {
        Path bad = cli.database("kg_bad");
        Path good = cli.database("kg_good");
        write(bad.resolve("V1__broken.sql"), "CREATE TABLE broken (id INT;");
        write(good.resolve("V1__g1.sql"), "SELECT pg_sleep(0.5);");
        write(good.resolve("V2__g2.sql"), "CREATE TABLE g2 (id INT);");
        write(good.resolve("V3__g3.sql"), "CREATE TABLE g3 (id INT);");

        CliHarness.Run stopped = cli.weave("db", "migrate-all");
        assertEquals(1, stopped.exit(), stopped.all());
        assertTrue(stopped.out().matches("(?s).*kg_bad\\s+postgres\\s+FAILED.*"), stopped.out());
        assertTrue(stopped.out().matches("(?s).*kg_good\\s+postgres\\s+STOPPED.*"), stopped.out());
        assertEquals(0, cli.count("kg_good", "SELECT count(*) FROM pg_tables WHERE tablename = 'g3'"));

        CliHarness.Run kept = cli.weave("db", "migrate-all", "--keep-going");
        assertEquals(1, kept.exit(), kept.all());
        assertTrue(kept.out().matches("(?s).*kg_good\\s+postgres\\s+APPLIED.*"), kept.out());
        assertEquals(1, cli.count("kg_good", "SELECT count(*) FROM pg_tables WHERE tablename = 'g3'"));
    }

    @Test
    void noIncludeAndOnlyLeaveTargetsOut() {
        write(cli.database("sel_a").resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
        write(cli.database("sel_b").resolve("V1__b.sql"), "CREATE TABLE b (id INT);");

        CliHarness.Run none = cli.weave("db", "migrate-all", "--no-include-postgres");
        assertEquals(2, none.exit(), none.all());
        assertTrue(none.err().contains("no targets left"), none.err());

        CliHarness.Run only = cli.weave("db", "migrate-all", "--only", "sel_b");
        assertEquals(0, only.exit(), only.all());
        assertFalse(only.out().contains("sel_a"), only.out());
        assertEquals(0, cli.count("sel_a", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    @Test
    void dryRunShowsTheCrossTargetScheduleAndChangesNothing() {
        write(cli.database("dry_a").resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
        write(cli.database("dry_b").resolve("V1__b.sql"), "-- depends-on: dry_a:1\nCREATE TABLE b (id INT);");

        CliHarness.Run run = cli.weave("db", "migrate-all", "--dry-run");

        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().contains("1. dry_a V1 a"), run.out());
        assertTrue(run.out().contains("2. dry_b V1 b  (after dry_a:1)"), run.out());
        assertEquals(0, cli.count("dry_a", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    @Test
    void validateAllOnlineReportsEveryTargetWithExitCodes() throws Exception {
        write(cli.database("va_a").resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
        write(cli.database("va_b").resolve("V1__b.sql"), "CREATE TABLE b (id INT);");
        cli.weave("db", "migrate-all");
        assertEquals(0, cli.weave("db", "validate-all").exit());

        write(project.resolve(".weave/migrations/va_b/V1__b.sql"), "CREATE TABLE b (id BIGINT);");
        write(project.resolve(".weave/migrations/va_a/V2__a2.sql"), "CREATE TABLE a2 (id INT);");
        CliHarness.Run run = cli.weave("db", "validate-all", "--json");

        assertEquals(3, run.exit(), run.all());
        JsonNode targets = new ObjectMapper().readTree(run.out()).get("targets");
        assertEquals("PENDING", targets.get(0).get("result").get("outcome").asText());
        assertEquals("INVALID", targets.get(1).get("result").get("outcome").asText());
        assertEquals("CHECKSUM_MISMATCH", targets.get(1).get("result").get("problems").get(0).get("kind").asText());
    }

    @Test
    void validateAllOfflineChecksTheFilesAgainstWeaveSumWithoutADatabase() throws Exception {
        Path a = project.resolve(".weave/migrations/off_a");
        write(a.resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
        write(a.resolve("V2__a2.sql"), "CREATE TABLE a2 (id INT);");
        cli.env.put("POSTGRES_PORT", "1"); // no database is needed, and none is reachable

        CliHarness.Run sum = cli.weave("db", "sum");
        assertEquals(0, sum.exit(), sum.all());
        assertTrue(Files.readString(project.resolve("weave.sum")).contains("off_a/V1__a.sql sha256:"));
        assertEquals(0, cli.weave("db", "validate-all", "--offline").exit());

        write(a.resolve("V3__new.sql"), "CREATE TABLE a3 (id INT);");
        assertEquals(0, cli.weave("db", "validate-all", "--offline").exit(), "a new migration is fine");

        write(a.resolve("V1__a.sql"), "CREATE TABLE a (id BIGINT);");
        Files.delete(a.resolve("V2__a2.sql"));
        CliHarness.Run edited = cli.weave("db", "validate-all", "--offline");
        assertEquals(3, edited.exit(), edited.all());
        assertTrue(edited.out().contains("V1__a.sql was edited after it was released"), edited.out());
        assertTrue(edited.out().contains("V2__a2.sql is listed in"), edited.out());
    }

    @Test
    void aFanOutTargetMigratesEveryTenantDatabaseFromOneFolder() {
        for (String tenant : new String[]{"fan_t_1", "fan_t_2", "fan_t_3"}) {
            cli.server.dropDatabase(tenant);
            cli.server.createDatabase(tenant);
        }
        cli.server.dropDatabase("fan_other");
        cli.server.createDatabase("fan_other");
        write(project.resolve("db/tenant/V1__accounts.sql"), "CREATE TABLE accounts (id INT);");
        write(project.resolve("db/tenant/V2__invoices.sql"), "CREATE TABLE invoices (id INT);");
        write(project.resolve("weave.yaml"), """
                location: db
                targets:
                  tenants:
                    store: postgres
                    folder: tenant
                    databases: "fan_t_*"
                """);

        CliHarness.Run run = cli.weave("db", "migrate-all", "--parallel", "2");

        assertEquals(0, run.exit(), run.all());
        for (String tenant : new String[]{"fan_t_1", "fan_t_2", "fan_t_3"}) {
            assertTrue(run.out().matches("(?s).*tenants\\." + tenant + "\\s+postgres\\s+APPLIED\\s+-\\s+2\\s+2.*"), run.out());
            assertEquals(2, cli.count(tenant, "SELECT count(*) FROM weave_schema_history"));
        }
        assertFalse(run.out().contains("fan_other"), run.out());
        assertEquals(0, cli.count("fan_other", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        CliHarness.Run one = cli.weave("db", "info", "tenants.fan_t_2");
        assertEquals(0, one.exit(), one.all());
        CliHarness.Run group = cli.weave("db", "info", "tenants");
        assertEquals(2, group.exit(), group.all());
        assertTrue(group.err().contains("fan-out of 3 targets"), group.err());
    }

    @Test
    void aFanOutCanListItsDatabases() {
        cli.server.dropDatabase("fan_list_a");
        cli.server.createDatabase("fan_list_a");
        cli.server.dropDatabase("fan_list_b");
        cli.server.createDatabase("fan_list_b");
        write(project.resolve("db/tenant/V1__accounts.sql"), "CREATE TABLE accounts (id INT);");
        write(project.resolve("weave.yaml"), """
                location: db
                targets:
                  t:
                    store: postgres
                    folder: tenant
                    databases: [fan_list_a, fan_list_b]
                """);

        CliHarness.Run run = cli.weave("db", "migrate-all", "--only", "t");

        assertEquals(0, run.exit(), run.all());
        assertEquals(1, cli.count("fan_list_b", "SELECT count(*) FROM weave_schema_history"));
    }

    private Timestamp installedOn(String database, String version) throws SQLException {
        try (Connection c = DriverManager.getConnection(cli.server.jdbcUrl(database), cli.server.user(), cli.server.password());
             PreparedStatement ps = c.prepareStatement("SELECT installed_on FROM weave_schema_history WHERE version = ?")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no ledger row for " + database + " V" + version);
                return rs.getTimestamp(1);
            }
        }
    }
}
