package dev.weave.distribution;

import dev.weave.local.SharedPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static dev.weave.distribution.CliHarness.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad input gets one clear message (naming the file, the line where it helps, and the rule)
 * and its documented exit code, and never leaves a success in the ledger for something that did not
 * commit.
 */
class BadInputTest {

    @TempDir
    Path project;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(project);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "V1_create_users.sql  | two underscores",
            "v1__create_users.sql | upper-case 'V'",
            "V__create_users.sql  | missing version",
            "V1__.sql             | missing description",
            "Vx1__users.sql       | is not a version",
            "V1__users.sqk        | unknown extension",
            "create_users.sql     | not a migration file name",
    })
    void malformedFileNamesAreErrorsNamingTheFileAndTheRule(String fileName, String rule) {
        Path db = cli.database("bad_names");
        write(db.resolve("V0__ok.sql"), "CREATE TABLE ok (id INT);");
        write(db.resolve(fileName), "CREATE TABLE users (id INT);");

        CliHarness.Run run = cli.weave("db", "migrate", "bad_names");

        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains(fileName), run.err());
        assertTrue(run.err().contains(rule), run.err());
        assertEquals(0, cli.count("bad_names", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
                "nothing ran: files are checked before anything is applied");
    }

    /**
     * The connection flags are settings the stores declare: --database is read by PostgreSQL and Neo4j, so on an
     * Elasticsearch target it is a mistake (exit 2, naming the setting and the store's own), not silently
     * dropped; a misspelt --set is an error too. Nothing is sent to the store.
     */
    @Test
    void aFlagOrSettingTheTargetsStoreDoesNotReadIsAUsageError() {
        write(project.resolve(".weave/migrations/elasticsearch/scripts/V1__index.http"), "PUT /flags_never_created\n");

        CliHarness.Run database = cli.weave("db", "migrate", "elasticsearch", "--database", "shop");
        assertEquals(2, database.exit(), database.all());
        assertTrue(database.err().contains("target elasticsearch (--set or a flag): unknown elasticsearch setting"
                + " 'database'; elasticsearch settings are host, port"), database.err());

        CliHarness.Run typo = cli.weave("db", "migrate", "elasticsearch", "--set", "ledgerIndx=x");
        assertEquals(2, typo.exit(), typo.all());
        assertTrue(typo.err().contains("unknown setting 'ledgerIndx'") && typo.err().contains("did you mean 'ledgerIndex'?"),
                typo.err());

        CliHarness.Run help = cli.weave("db", "migrate", "--help");
        assertTrue(help.out().matches("(?s).*--database=DATABASE\\s+The database setting \\(as --set database=…\\) of"
                + "\\s+neo4j,\\s+postgres\\s+targets.*"), help.out());
        assertTrue(help.out().contains("--port=PORT"), help.out());
    }

    /** weave db adopt as a user types it: the dry run's mapping, the adoption, info's ADOPTED, an unknown tool. */
    @Test
    void adoptOnTheCommandLineShowsTheMappingThenAdoptsAndRefusesAnUnknownTool() throws Exception {
        Path db = cli.database("cli_adopt");
        write(db.resolve("V1__init.sql"), "CREATE TABLE a (id INT);");
        write(db.resolve("V2__more.sql"), "CREATE TABLE b (id INT);");
        try (Connection c = DriverManager.getConnection(cli.server.jdbcUrl("cli_adopt"), cli.server.user(), cli.server.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE a (id INT); CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);"
                    + " INSERT INTO schema_migrations VALUES (1, false)");
        }

        CliHarness.Run dry = cli.weave("db", "adopt", "cli_adopt", "--from", "schema-migrations", "--dry-run");
        assertEquals(0, dry.exit(), dry.all());
        assertTrue(dry.out().contains("schema_migrations row 1 (version 1) -> ADOPTED V1 init  [NOT_RECORDED]"), dry.out());
        assertTrue(dry.out().contains("cli_adopt: would adopt 1 entries from schema-migrations (schema_migrations)"), dry.out());

        CliHarness.Run adopt = cli.weave("db", "adopt", "cli_adopt", "--from", "schema-migrations");
        assertEquals(0, adopt.exit(), adopt.all());
        CliHarness.Run info = cli.weave("db", "info", "cli_adopt");
        assertTrue(info.out().matches("(?s).*1\\s+init.*ADOPTED.*2\\s+more.*PENDING.*"), info.out());
        assertEquals(0, cli.weave("db", "migrate", "cli_adopt").exit());
        assertEquals(1, cli.count("cli_adopt", "SELECT count(*) FROM pg_tables WHERE tablename = 'b'"));

        CliHarness.Run unknown = cli.weave("db", "adopt", "cli_adopt", "--from", "liquibase");
        assertEquals(2, unknown.exit(), unknown.all());
        assertTrue(unknown.err().contains("--from liquibase is not a history the postgres store can adopt; use one of"
                + " alembic, flyway, schema-migrations"), unknown.err());

        CliHarness.Run noMap = cli.weave("db", "adopt", "cli_adopt", "--from", "schema-migrations", "--map", "versions.map");
        assertEquals(2, noMap.exit(), noMap.all());
        assertTrue(noMap.err().contains("the version map ") && noMap.err().contains("versions.map does not exist"),
                noMap.err());
    }

    @Test
    void duplicateVersionsNameBothFiles() {
        Path db = cli.database("bad_dup");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT);");
        write(db.resolve("V1.0__create_orders.sql"), "CREATE TABLE orders (id INT);");

        CliHarness.Run run = cli.weave("db", "migrate", "bad_dup");

        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("duplicate version 1"), run.err());
        assertTrue(run.err().contains("V1__create_users.sql") && run.err().contains("V1.0__create_orders.sql"), run.err());
    }

    @Test
    void invalidUtf8NamesTheFileAndLine() throws IOException {
        Path db = cli.database("bad_utf8");
        Files.write(db.resolve("V1__latin1.sql"),
                "-- first line\nINSERT INTO t VALUES ('caf\u00e9');\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        CliHarness.Run run = cli.weave("db", "migrate", "bad_utf8");

        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("V1__latin1.sql:2"), run.err());
        assertTrue(run.err().contains("invalid UTF-8"), run.err());
    }

    @Test
    void anSqlErrorNamesFileLineAndStatementAndRecordsNothing() {
        Path db = cli.database("bad_sql");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        write(db.resolve("V2__broken.sql"), "CREATE TABLE orders (id INT);\n\nINSERT INTO missing_table VALUES (1);\n");

        CliHarness.Run run = cli.weave("db", "migrate", "bad_sql");

        assertEquals(1, run.exit(), run.all());
        assertTrue(run.err().contains("V2__broken.sql:3"), run.err());
        assertTrue(run.err().contains("at statement 2"), run.err());
        assertTrue(run.err().contains("relation \"missing_table\" does not exist"), run.err());
        assertTrue(run.err().contains("rolled back"), run.err());
        assertEquals(1, cli.count("bad_sql", "SELECT count(*) FROM weave_schema_history"));
        assertEquals(0, cli.count("bad_sql", "SELECT count(*) FROM pg_tables WHERE tablename = 'orders'"));
    }

    @Test
    void anEditedAppliedMigrationIsRefusedWithExitThree() {
        Path db = cli.database("bad_edit");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        cli.weave("db", "migrate", "bad_edit");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id BIGINT PRIMARY KEY);");

        CliHarness.Run run = cli.weave("db", "migrate", "bad_edit");

        assertEquals(3, run.exit(), run.all());
        assertTrue(run.err().contains("V1__create_users.sql"), run.err());
        assertTrue(run.err().contains("edited after it was applied"), run.err());
        assertTrue(run.err().contains("weave db repair bad_edit"), run.err());
    }

    @Test
    void aMissingFileThatTheLedgerListsIsReported() throws IOException {
        Path db = cli.database("bad_missing");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        write(db.resolve("V2__create_orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY);");
        cli.weave("db", "migrate", "bad_missing");
        Files.delete(db.resolve("V2__create_orders.sql"));

        CliHarness.Run run = cli.weave("db", "validate", "bad_missing");

        assertEquals(3, run.exit(), run.all());
        assertTrue(run.out().contains("MISSING"), run.out());
        assertTrue(run.out().contains("V2__create_orders.sql"), run.out());
    }

    @Test
    void anUnreachableServerIsExitFour() throws IOException {
        cli.database("bad_unreachable");
        write(project.resolve(".weave/migrations/bad_unreachable/V1__x.sql"), "SELECT 1;");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        CliHarness.Run run = cli.weave("db", "migrate", "bad_unreachable", "--host", "127.0.0.1", "--port", String.valueOf(port));

        assertEquals(4, run.exit(), run.all());
        assertTrue(run.err().contains("cannot reach PostgreSQL at postgresql://127.0.0.1:" + port + "/bad_unreachable"), run.err());
    }

    @Test
    void waitingForAServerSaysSoWithTheAttemptAndTheTimeLeft() throws IOException {
        Path db = cli.database("bad_waiting");
        write(db.resolve("V1__x.sql"), "SELECT 1;");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String address = "postgresql://127.0.0.1:" + port + "/bad_waiting";

        CliHarness.Run run = cli.weave("db", "migrate", "bad_waiting", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--wait", "2s");

        assertEquals(4, run.exit(), run.all());
        assertTrue(run.out().contains("bad_waiting: waiting for postgres at " + address + " (attempt 1, 0 s of 2 s): "),
                run.all());
        // one line, not one per attempt: the next comes after 10 s when no terminal watches
        assertEquals(1, run.out().split("waiting for postgres", -1).length - 1, run.out());
        assertTrue(run.err().contains("cannot reach PostgreSQL at " + address + ": "), run.err());
        assertTrue(run.err().strip().endsWith("(waited 2 s)"), run.err());

        // the same wait as events beside the JSON result: one per failed attempt, stdout stays one JSON document
        CliHarness.Run json = cli.weave("db", "info", "bad_waiting", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--wait", "2s", "--json");
        assertEquals(4, json.exit(), json.all());
        java.util.List<String> events = json.err().lines().filter(l -> l.startsWith("{\"event\":\"waiting\"")).toList();
        assertTrue(events.size() >= 2, "several attempts in 2 s, each an event:\n" + json.err());
        assertTrue(events.get(0).startsWith("{\"event\":\"waiting\",\"target\":\"bad_waiting\",\"store\":\"postgres\","
                + "\"address\":\"" + address + "\",\"attempt\":1,"), events.get(0));
        assertTrue(events.get(0).contains("\"limitSeconds\":2.0,"), events.get(0));
        assertTrue(events.get(1).contains("\"attempt\":2,"), events.get(1));
        assertTrue(json.out().contains("\"exitCode\" : 4"), json.out());
    }

    @Test
    void aBadFileIsReportedAtOnceEvenWhileTheServerIsWaitedFor() throws IOException {
        cli.database("bad_name_waiting");
        write(project.resolve(".weave/migrations/bad_name_waiting/V1_x.sql"), "SELECT 1;");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();

        // the connection is made while the files are read; a bad file must not wait for the server first
        CliHarness.Run run = cli.weave("db", "migrate", "bad_name_waiting", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--wait", "60s");

        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("V1_x.sql"), run.err());
        assertTrue(run.err().contains("two underscores"), run.err());
        assertTrue(seconds < 30, "reported after " + seconds + " s: it waited for the unreachable server");
    }

    @Test
    void wrongCredentialsAreExitFourAndNeverPrintThePassword() {
        Path db = cli.database("bad_login");
        write(db.resolve("V1__x.sql"), "SELECT 1;");
        String wrong = "not-the-password-9c1e";

        CliHarness.Run run = cli.weave("db", "migrate", "bad_login", "--password", wrong);

        assertEquals(4, run.exit(), run.all());
        assertTrue(run.err().contains("refused the credentials"), run.err());
        assertTrue(!run.all().contains(wrong), run.all());
    }

    @Test
    void cleanWithoutForceIsExitTwo() {
        Path db = cli.database("bad_clean");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        cli.weave("db", "migrate", "bad_clean");

        CliHarness.Run run = cli.weave("db", "clean", "bad_clean", "--all");

        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("--force"), run.err());
        assertEquals(1, cli.count("bad_clean", "SELECT count(*) FROM pg_tables WHERE tablename = 'users'"));
    }

    @Test
    void anUnknownTargetListsTheKnownOnes() {
        cli.database("bad_known");
        write(project.resolve(".weave/migrations/bad_known/V1__x.sql"), "SELECT 1;");

        CliHarness.Run run = cli.weave("db", "migrate", "no_such_db");

        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("unknown target 'no_such_db'"), run.err());
        assertTrue(run.err().contains("bad_known"), run.err());
    }

    @Test
    void aMissingPlaceholderValueNamesFileAndLine() {
        Path db = cli.database("bad_placeholder");
        write(db.resolve("V1__x.sql"), "-- uses a placeholder\nCREATE TABLE ${tbl} (id INT);");

        CliHarness.Run run = cli.weave("db", "migrate", "bad_placeholder");

        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("V1__x.sql:2"), run.err());
        assertTrue(run.err().contains("${tbl} has no value"), run.err());
    }

    @Test
    void usageErrorsAreExitTwo() {
        CliHarness.Run run = cli.weave("db", "migrate", "x", "--no-such-flag");
        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("--no-such-flag"), run.err());
    }

    @Test
    void aBadConfigurationValueIsExitTwo() {
        cli.database("bad_config");
        write(project.resolve(".weave/migrations/bad_config/V1__x.sql"), "SELECT 1;");
        write(project.resolve("weave.yaml"), "lockTimout: 5s\n");

        CliHarness.Run run = cli.weave("db", "migrate", "bad_config");

        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("weave.yaml") && run.err().contains("unknown key 'lockTimout'"), run.err());
    }

    @Test
    void aLockHeldByAnotherRunnerIsExitFive() throws Exception {
        Path db = cli.database("bad_lock");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        var server = SharedPostgres.get();
        try (Connection holder = DriverManager.getConnection(server.jdbcUrl("bad_lock"), server.user(), server.password());
             Statement st = holder.createStatement()) {
            // the same key Weave uses: class "Weav", object the hash of schema.table
            st.execute("SELECT pg_advisory_lock(" + 0x57656176 + ", " + "public.weave_schema_history".hashCode() + ")");

            CliHarness.Run run = cli.weave("db", "migrate", "bad_lock", "--lock-timeout", "1s");

            assertEquals(5, run.exit(), run.all());
            assertTrue(run.err().contains("holds the lock"), run.err());
        }
        assertEquals(0, cli.count("bad_lock", "SELECT count(*) FROM pg_tables WHERE tablename = 'users'"));
    }
}
