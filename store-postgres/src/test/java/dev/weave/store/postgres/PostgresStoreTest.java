package dev.weave.store.postgres;

import dev.weave.api.CleanResult;
import dev.weave.api.MigrateResult;
import dev.weave.api.MigrationFailedException;
import dev.weave.api.TargetConfig;
import dev.weave.api.ValidationFailedException;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.error.ExitCode;
import dev.weave.error.MigrationSourceException;
import dev.weave.error.WeaveException;
import dev.weave.model.LedgerEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL-specific behaviour of the adapter, through the public {@link Weave} API against a real
 * PostgreSQL 17, checked the way a user would: the schema over JDBC, the ledger rows, the exception
 * type, exit code and message. Each test gets a database of its own.
 */
class PostgresStoreTest {

    private static final PostgresFixture FIXTURE = PostgresFixture.INSTANCE;
    private static final AtomicInteger TARGETS = new AtomicInteger();

    @TempDir
    Path folder;

    private String target;
    private Map<String, String> settings;

    @BeforeEach
    void freshTarget(TestInfo info) {
        target = "ps" + TARGETS.incrementAndGet() + "_" + info.getTestMethod().orElseThrow().getName()
                .replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        if (target.length() > 40) {
            target = target.substring(0, 40);
        }
        settings = FIXTURE.freshTarget(target);
    }

    // ---------------------------------------------------------------- 1. scripts PostgreSQL must run as written

    @Test
    void dollarQuotesCommentsStringsAndBeginAtomicRunAsWritten() throws SQLException {
        write("V1__tricky_sql", """
                -- V1: semicolons; 'quotes' and "double quotes" -- everywhere
                /* a block comment; with 'a quote' and -- dashes /* nested; */ still comment */
                CREATE TABLE account (
                    id bigint PRIMARY KEY,
                    email text NOT NULL, -- the login; unique below
                    note text DEFAULT 'it''s; -- not a comment /* nor this */',
                    updated_at timestamptz
                );

                CREATE FUNCTION add_tax(amount numeric) RETURNS numeric LANGUAGE plpgsql AS $$
                DECLARE
                    rate numeric := 0.2; -- a comment; inside the body
                BEGIN
                    IF amount < 0 THEN
                        RAISE EXCEPTION 'negative amount; got %', amount;
                    END IF;
                    RETURN amount * (1 + rate);
                END;
                $$;

                CREATE FUNCTION touch_account() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    -- '$$' and "quotes" inside a tagged body mean nothing; neither does this ;
                    NEW.updated_at := '2020-01-02T03:04:05Z'::timestamptz;
                    NEW.note := NEW.note || '; touched';
                    RETURN NEW;
                END;
                $fn$;

                CREATE TRIGGER account_touch BEFORE UPDATE ON account
                    FOR EACH ROW EXECUTE FUNCTION touch_account();

                DO $$
                BEGIN
                    INSERT INTO account (id, email) VALUES (1, 'a@example.com; x');
                    PERFORM 1; -- another semicolon
                END
                $$;

                INSERT INTO account (id, email, note)
                    VALUES (2, E'b\\'s@example.com', E'line1\\nline2;\\t-- not a comment');

                CREATE FUNCTION double_it(x int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                    SELECT x * 2;
                END;

                CREATE FUNCTION classify(x int) RETURNS text LANGUAGE sql
                BEGIN ATOMIC
                    SELECT CASE WHEN x < 0 THEN 'negative;' ELSE 'positive' END;
                END;

                CREATE FUNCTION add2(a int, b int) RETURNS int LANGUAGE sql AS $body1$ SELECT $1 + $2; $body1$;
                """);

        MigrateResult result = weave().migrate(target);

        assertEquals("1", result.finalVersion());
        assertEquals(List.of("1:true"), ledgerRows(target, "weave_schema_history"));
        try (Connection c = FIXTURE.connect(target)) {
            assertEquals("120.0", scalar(c, "SELECT add_tax(100)"));
            SQLException raised = assertThrows(SQLException.class, () -> scalar(c, "SELECT add_tax(-1)"));
            assertTrue(raised.getMessage().contains("negative amount; got -1"), raised.getMessage());

            assertEquals("a@example.com; x", scalar(c, "SELECT email FROM account WHERE id = 1"));
            assertEquals("it's; -- not a comment /* nor this */", scalar(c, "SELECT note FROM account WHERE id = 1"));
            assertNull(scalar(c, "SELECT updated_at FROM account WHERE id = 1"));
            execute(c, "UPDATE account SET email = 'changed' WHERE id = 1");
            assertEquals("it's; -- not a comment /* nor this */; touched", scalar(c, "SELECT note FROM account WHERE id = 1"));
            assertEquals("2020-01-02 03:04:05+00", scalar(c, "SELECT updated_at AT TIME ZONE 'UTC' || '+00' FROM account WHERE id = 1"));

            assertEquals("b's@example.com", scalar(c, "SELECT email FROM account WHERE id = 2"));
            assertEquals("line1\nline2;\t-- not a comment", scalar(c, "SELECT note FROM account WHERE id = 2"));

            assertEquals("42", scalar(c, "SELECT double_it(21)"));
            assertEquals("negative;", scalar(c, "SELECT classify(-5)"));
            assertEquals("positive", scalar(c, "SELECT classify(5)"));
            assertEquals("5", scalar(c, "SELECT add2(2, 3)"));
            // a SQL-standard body is stored parsed, not as a string: proof it reached the server whole
            assertEquals("2", scalar(c, "SELECT count(*) FROM pg_proc WHERE proname IN ('double_it', 'classify')"
                    + " AND prosqlbody IS NOT NULL"));
        }
    }

    // ---------------------------------------------------------------- 2. -- weave:no-transaction

    @Test
    void createIndexConcurrentlyRunsInANoTransactionFile() throws SQLException {
        write("V1__items", "CREATE TABLE items (id int PRIMARY KEY, name text);\nINSERT INTO items VALUES (1, 'one');\n");
        write("V2__index_items", """
                -- weave:no-transaction
                -- CREATE INDEX CONCURRENTLY cannot run inside a transaction block
                CREATE INDEX CONCURRENTLY items_name_idx ON items (name);
                """);

        MigrateResult result = weave().migrate(target);

        assertEquals("2", result.finalVersion());
        assertEquals(List.of("1:true", "2:true"), ledgerRows(target, "weave_schema_history"));
        try (Connection c = FIXTURE.connect(target)) {
            assertEquals("t", scalar(c, "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = 'items_name_idx'::regclass"));
        }
    }

    @Test
    void createIndexConcurrentlyWithoutTheHeaderFailsAndTellsToAddIt() throws SQLException {
        write("V1__items", "CREATE TABLE items (id int PRIMARY KEY, name text);\n");
        write("V2__index_items", """
                CREATE TABLE items_extra (id int);

                CREATE INDEX CONCURRENTLY items_name_idx ON items (name);
                """);

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> weave().migrate(target));

        assertEquals(1, e.exitCode());
        assertEquals(ExitCode.MIGRATION_FAILED, e.kind());
        String m = e.getMessage();
        assertTrue(m.contains("V2__index_items.sql:3"), m);
        assertTrue(m.contains("cannot run inside a transaction block"), m);
        assertTrue(m.contains("25001"), m);
        assertTrue(m.contains("-- weave:no-transaction"), m);
        assertNoPassword(e);
        assertEquals(List.of("1:true"), ledgerRows(target, "weave_schema_history"), "nothing of V2 is recorded");
        assertFalse(relationExists(target, "items_name_idx"));
        assertFalse(relationExists(target, "items_extra"), "V2 rolled back as a whole");
        assertTrue(relationExists(target, "items"), "V1 committed before V2 ran");
    }

    @Test
    void aNoTransactionFileFailingHalfwayIsRecordedAsFailedAndBlocksUntilRepaired() throws SQLException {
        write("V1__half", """
                -- weave:no-transaction
                CREATE TABLE nt_first (id int);
                INSERT INTO no_such_table VALUES (1);
                CREATE TABLE nt_third (id int);
                """);

        MigrationFailedException failed = assertThrows(MigrationFailedException.class, () -> weave().migrate(target));

        assertEquals(ExitCode.MIGRATION_FAILED, failed.kind());
        assertTrue(failed.getMessage().contains("V1__half.sql:3"), failed.getMessage());
        assertTrue(failed.getMessage().contains("no_such_table"), failed.getMessage());
        assertTrue(failed.getMessage().contains("42P01"), failed.getMessage());
        assertTrue(failed.getMessage().contains("recorded as failed"), failed.getMessage());
        assertNoPassword(failed);
        assertEquals(List.of("1:false"), ledgerRows(target, "weave_schema_history"));
        assertTrue(relationExists(target, "nt_first"), "the statement before the failing one stays applied");
        assertFalse(relationExists(target, "nt_third"), "nothing after the failing statement ran");

        ValidationFailedException refused = assertThrows(ValidationFailedException.class, () -> weave().migrate(target));
        assertEquals(3, refused.exitCode());
        assertTrue(refused.getMessage().contains("repair"), refused.getMessage());
        assertTrue(refused.getMessage().contains("V1__half.sql"), refused.getMessage());
        assertEquals(List.of("1:false"), ledgerRows(target, "weave_schema_history"));

        write("V1__half", """
                -- weave:no-transaction
                CREATE TABLE IF NOT EXISTS nt_first (id int);
                CREATE TABLE nt_second (id int);
                CREATE TABLE nt_third (id int);
                """);
        assertEquals(1, weave().repair(target).actions().size());
        MigrateResult fixed = weave().migrate(target);

        assertEquals(List.of("1"), fixed.applied().stream().map(a -> a.version()).toList());
        assertEquals(List.of("1:true"), ledgerRows(target, "weave_schema_history"));
        assertTrue(relationExists(target, "nt_second"));
        assertTrue(relationExists(target, "nt_third"));
    }

    // ---------------------------------------------------------------- 3. scripts refused before anything runs

    @Test
    void commitInATransactionalFileIsRefusedBeforeAnythingOfTheRunIsApplied() throws SQLException {
        write("V1__first", "CREATE TABLE tc_first (id int);\n");
        write("V2__commits", """
                CREATE TABLE tc_second (id int);
                INSERT INTO tc_second VALUES (1);
                COMMIT;
                CREATE TABLE tc_third (id int);
                """);

        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> weave().migrate(target));

        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("V2__commits.sql:3"), e.getMessage());
        assertTrue(e.getMessage().contains("COMMIT"), e.getMessage());
        assertTrue(e.getMessage().contains("weave:no-transaction"), e.getMessage());
        assertEquals(3, e.line());
        assertEquals("V2__commits.sql", e.file().getFileName().toString());
        assertNoPassword(e);
        assertFalse(relationExists(target, "tc_first"), "V1 was pending and must not be applied either");
        assertFalse(relationExists(target, "tc_second"));
        assertTrue(ledgerRows(target, "weave_schema_history").isEmpty());
    }

    @Test
    void beginInATransactionalFileIsRefusedWithItsLine() throws SQLException {
        write("V1__first", "CREATE TABLE tb_first (id int);\n");
        write("V2__begins", """
                -- opens its own transaction
                begin transaction;
                CREATE TABLE tb_second (id int);
                END;
                """);

        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> weave().migrate(target));

        assertEquals(ExitCode.USAGE_OR_CONFIGURATION, e.kind());
        assertTrue(e.getMessage().contains("V2__begins.sql:2"), e.getMessage());
        assertTrue(e.getMessage().contains("begin transaction"), e.getMessage());
        assertFalse(relationExists(target, "tb_first"));
        assertFalse(relationExists(target, "tb_second"));
        assertTrue(ledgerRows(target, "weave_schema_history").isEmpty());
    }

    @Test
    void anUnterminatedDollarQuoteIsASourceErrorWithItsLine() throws SQLException {
        write("V1__first", "CREATE TABLE ud_first (id int);\n");
        write("V2__unterminated", """
                CREATE TABLE ud_second (id int);

                CREATE FUNCTION broken() RETURNS int LANGUAGE plpgsql AS $$
                BEGIN
                    RETURN 1;
                END;
                $;
                """);

        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> weave().migrate(target));

        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("V2__unterminated.sql:3"), e.getMessage());
        assertTrue(e.getMessage().contains("$$"), e.getMessage());
        assertFalse(relationExists(target, "ud_first"));
        assertFalse(relationExists(target, "ud_second"));
        assertTrue(ledgerRows(target, "weave_schema_history").isEmpty());
    }

    // ---------------------------------------------------------------- 4. error lines

    @Test
    void aSyntaxErrorIsReportedAtItsLineWithTheServersMessage() throws SQLException {
        write("V1__x", """
                CREATE TABLE se_a (id int);

                CREATE TABLE se_b (
                    id int
                );
                -- the typo is on the next line
                CREAT TABLE se_c (id int);
                CREATE TABLE se_d (id int);
                """);

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> weave().migrate(target));

        assertEquals(ExitCode.MIGRATION_FAILED, e.kind());
        String m = e.getMessage();
        assertTrue(m.contains("V1__x.sql:7"), m);
        assertTrue(m.contains("syntax error at or near \"CREAT\""), m);
        assertTrue(m.contains("42601"), m);
        assertTrue(m.contains("statement 3"), m);
        assertNoPassword(e);
        assertFalse(relationExists(target, "se_a"), "rolled back");
        assertTrue(ledgerRows(target, "weave_schema_history").isEmpty());
    }

    @Test
    void anErrorInsideAMultiLineStatementIsReportedAtTheLineOfThePosition() {
        write("V1__x", """
                CREATE TABLE ml (id int, label text);
                INSERT INTO ml (id, label)
                    SELECT 1, 'emoji 😀 and ü take one position each'
                    FROM ml
                    WHERE no_such_column = 1
                    AND id > 0;
                """);

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> weave().migrate(target));

        String m = e.getMessage();
        assertTrue(m.contains("V1__x.sql:5"), m);
        assertTrue(m.contains("column \"no_such_column\" does not exist"), m);
        assertTrue(m.contains("42703"), m);
    }

    @Test
    void anErrorInsideAFunctionBodyIsReportedAtItsLineInTheFile() throws SQLException {
        write("V1__x", """
                CREATE TABLE fb (id int);

                CREATE FUNCTION broken_body() RETURNS int LANGUAGE plpgsql AS $$
                DECLARE
                    n int;
                BEGIN
                    SELEC 1 INTO n;
                    RETURN n;
                END;
                $$;
                """);

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> weave().migrate(target));

        assertTrue(e.getMessage().contains("V1__x.sql:7"), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error at or near \"SELEC\""), e.getMessage());
        assertFalse(relationExists(target, "fb"));
    }

    @Test
    void aConnectionCutMidMigrationSaysSoAndIsExitFourNotAFileToFix() throws Exception {
        write("V1__slow", "CREATE TABLE cut_short (id int);\nSELECT pg_sleep(30);\n");
        Thread killer = new Thread(() -> {
            try (Connection c = FIXTURE.connect(target)) {
                for (int i = 0; i < 200; i++) { // the migration's session, once it sleeps
                    String pid = scalar(c, "SELECT coalesce(max(pid)::text, '') FROM pg_stat_activity"
                            + " WHERE query LIKE 'SELECT pg_sleep(30)%' AND pid <> pg_backend_pid()");
                    if (!pid.isEmpty()) {
                        scalar(c, "SELECT pg_terminate_backend(" + pid + ")::text");
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        killer.start();

        WeaveException e = assertThrows(WeaveException.class, () -> weave().migrate(target));
        killer.join();

        assertEquals(ExitCode.STORE_UNREACHABLE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("V1__slow.sql:2"), e.getMessage());
        assertTrue(e.getMessage().contains("the connection to the store broke"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing of it was applied"), e.getMessage());
        assertTrue(e.getMessage().contains("run migrate again once the store is back"), e.getMessage());
        assertFalse(e.getMessage().contains("fix the file"), e.getMessage());
        assertNoPassword(e);
        assertEquals(List.of(), ledgerRows(target, "weave_schema_history"), "nothing recorded");
        assertFalse(relationExists(target, "cut_short"), "rolled back");
    }

    @Test
    void aDeferredConstraintFailingAtCommitRecordsNothing() throws SQLException {
        write("V1__parent", "CREATE TABLE parent (id int PRIMARY KEY);\n");
        write("V2__child", """
                CREATE TABLE child (
                    parent_id int REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED
                );
                INSERT INTO child VALUES (42);
                """);

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> weave().migrate(target));

        assertEquals(ExitCode.MIGRATION_FAILED, e.kind());
        assertTrue(e.getMessage().contains("V2__child.sql"), e.getMessage());
        assertTrue(e.getMessage().contains("violates foreign key constraint"), e.getMessage());
        assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
        assertNoPassword(e);
        assertEquals(List.of("1:true"), ledgerRows(target, "weave_schema_history"), "V2's row went with the commit");
        assertFalse(relationExists(target, "child"));
    }

    // ---------------------------------------------------------------- 4b. pg_dump's COPY ... FROM stdin

    @Test
    void aPgDumpStyleCopyFromStdinLoadsItsRowsInTheMigration() throws SQLException {
        write("V1__dump", """
                SET client_encoding = 'UTF8';
                SET standard_conforming_strings = on;
                SELECT pg_catalog.set_config('search_path', '', false);
                CREATE TABLE public.account (id integer NOT NULL, email text, note text);

                COPY public.account (id, email, note) FROM stdin;
                1\ta@example.com\tline1\\nline2; -- not sql
                2\t\\N\ttab\\there
                3\tc@example.com\tback\\\\slash
                \\.

                ALTER TABLE ONLY public.account ADD CONSTRAINT account_pkey PRIMARY KEY (id);
                """);

        assertEquals("1", weave().migrate(target).finalVersion());

        assertEquals(List.of("1:true"), ledgerRows(target, "weave_schema_history"));
        assertTrue(weave().validate(target, false).isValid(), "the checksum of the file with its data matches");
        try (Connection c = FIXTURE.connect(target)) {
            assertEquals("3", scalar(c, "SELECT count(*) FROM public.account"));
            assertEquals("line1\nline2; -- not sql", scalar(c, "SELECT note FROM public.account WHERE id = 1"));
            assertNull(scalar(c, "SELECT email FROM public.account WHERE id = 2"));
            assertEquals("tab\there", scalar(c, "SELECT note FROM public.account WHERE id = 2"));
            assertEquals("back\\slash", scalar(c, "SELECT note FROM public.account WHERE id = 3"));
            assertEquals("1", scalar(c, "SELECT count(*) FROM pg_constraint WHERE conname = 'account_pkey'"));
        }
    }

    @Test
    void aFailingCopyRowRollsBackTheWholeMigrationAndNamesItsLine() throws SQLException {
        write("V1__dump", """
                CREATE TABLE cp_account (id integer NOT NULL, email text);
                COPY cp_account (id, email) FROM stdin;
                1\ta@example.com
                two\tb@example.com
                \\.
                """);

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> weave().migrate(target));

        assertEquals(ExitCode.MIGRATION_FAILED, e.kind());
        assertTrue(e.getMessage().contains("V1__dump.sql:4"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid input syntax for type integer"), e.getMessage());
        assertFalse(e.getMessage().contains("CopyManager"), e.getMessage());
        assertFalse(relationExists(target, "cp_account"), "rolled back");
        assertTrue(ledgerRows(target, "weave_schema_history").isEmpty());
    }

    @Test
    void copyDataWithoutItsTerminatorIsASourceErrorNamingTheCopyLine() throws SQLException {
        write("V1__dump", """
                CREATE TABLE ct_account (id integer);
                COPY ct_account (id) FROM stdin;
                1
                2
                """);

        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> weave().migrate(target));

        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("V1__dump.sql:2"), e.getMessage());
        assertTrue(e.getMessage().contains("\\."), e.getMessage());
        assertFalse(relationExists(target, "ct_account"));
        assertTrue(ledgerRows(target, "weave_schema_history").isEmpty());
    }

    // ---------------------------------------------------------------- 4c. the session a migration leaves behind

    @Test
    void aMigrationThatSetsRoleStillHasItsLedgerRowWrittenAsTheConnectingUser() throws SQLException {
        String owner = target + "_owner";
        try (Connection c = FIXTURE.connect(target)) {
            execute(c, "DROP ROLE IF EXISTS " + owner);
            execute(c, "CREATE ROLE " + owner + " NOLOGIN");
            execute(c, "GRANT CREATE, USAGE ON SCHEMA public TO " + owner);
            execute(c, "CREATE SCHEMA elsewhere");
        }
        write("V1__as_owner", "SET ROLE " + owner + ";\n"
                + "CREATE TABLE owned_by_role (id int);\n"
                + "SET search_path TO elsewhere;\n");
        write("V2__after", "CREATE TABLE created_after (id int);\n");

        assertEquals("2", weave().migrate(target).finalVersion());

        assertEquals(List.of("1:true", "2:true"), ledgerRows(target, "weave_schema_history"));
        try (Connection c = FIXTURE.connect(target)) {
            assertEquals(owner, scalar(c, "SELECT tableowner FROM pg_tables WHERE tablename = 'owned_by_role'"));
            assertEquals(FIXTURE.server.user(), scalar(c,
                    "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'created_after'"));
            assertEquals(FIXTURE.server.user(), scalar(c,
                    "SELECT installed_by FROM weave_schema_history WHERE version = '1'"));
        }
    }

    // ---------------------------------------------------------------- 4d. a database set up before Weave

    @Test
    void anExistingSchemaWithAnEmptyLedgerPointsToBaseline() throws SQLException {
        try (Connection c = FIXTURE.connect(target)) {
            execute(c, "CREATE TABLE pre_weave (id int)");
        }
        write("V1__init", "CREATE TABLE pre_weave (id int);\n");

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> weave().migrate(target));

        assertEquals(ExitCode.MIGRATION_FAILED, e.kind());
        String m = e.getMessage();
        assertTrue(m.contains("already exists"), m);
        assertTrue(m.contains("the database already holds objects that V1 creates"), m);
        assertTrue(m.contains("weave db baseline " + target + " --version <n>"), m);
        assertTrue(ledgerRows(target, "weave_schema_history").isEmpty());
    }

    @Test
    void alreadyExistsAfterEarlierMigrationsGivesNoBaselineHint() throws SQLException {
        write("V1__init", "CREATE TABLE twice (id int);\n");
        write("V2__again", "CREATE TABLE twice (id int);\n");

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> weave().migrate(target));

        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertFalse(e.getMessage().contains("baseline"), e.getMessage());
        assertEquals(List.of("1:true"), ledgerRows(target, "weave_schema_history"));
    }

    // ---------------------------------------------------------------- 5. schema and table settings

    @Test
    void theSchemaSettingHoldsTheLedgerAndTheMigrations() throws SQLException {
        Map<String, String> inSchema = with(settings, "schema", "inventory");
        write("V1__things", "CREATE TABLE things (id int);\nINSERT INTO things VALUES (1), (2);\n");
        write("V2__count", "CREATE VIEW thing_count AS SELECT count(*) AS n FROM things;\n");

        weave(inSchema, b -> { }).migrate(target);

        assertTrue(relationExists(target, "inventory.weave_schema_history"));
        assertFalse(relationExists(target, "public.weave_schema_history"));
        assertTrue(relationExists(target, "inventory.things"), "migrations run with search_path = inventory");
        assertFalse(relationExists(target, "public.things"));
        assertTrue(relationExists(target, "inventory.thing_count"));
        assertEquals(List.of("1:true", "2:true"), ledgerRows(target, "inventory.weave_schema_history"));
        assertEquals(2, weave(inSchema, b -> { }).history(target).entries().size());
        assertEquals("2", weave(inSchema, b -> { }).currentVersion(target));
        assertEquals(LEDGER_COLUMNS, columns(target, "inventory", "weave_schema_history"));
        // the default schema still has no ledger: a weave without the setting sees an empty history
        assertTrue(weave().history(target).entries().isEmpty());
    }

    @Test
    void theTableSettingRenamesTheLedger() throws SQLException {
        Map<String, String> renamed = with(settings, "table", "db_history");
        write("V1__things", "CREATE TABLE things (id int);\n");

        weave(renamed, b -> { }).migrate(target);

        assertTrue(relationExists(target, "public.db_history"));
        assertFalse(relationExists(target, "public.weave_schema_history"));
        assertEquals(List.of("1:true"), ledgerRows(target, "db_history"));
        assertEquals(LEDGER_COLUMNS, columns(target, "public", "db_history"));
        try (Connection c = FIXTURE.connect(target)) {
            assertEquals("V1__things.sql|things|VERSIONED", scalar(c,
                    "SELECT script || '|' || description || '|' || type FROM db_history"));
            assertTrue(scalar(c, "SELECT checksum FROM db_history").startsWith("sha256:"));
            assertEquals(FIXTURE.server.user(), scalar(c, "SELECT installed_by FROM db_history"));
        }
    }

    private static final List<String> LEDGER_COLUMNS = List.of("installed_rank", "version", "description", "type",
            "script", "checksum", "installed_by", "installed_on", "execution_time", "success");

    // ---------------------------------------------------------------- 6. several databases, default layout

    @Test
    void eachFolderOfTheDefaultLayoutIsADatabaseWithItsOwnLedger() throws IOException, SQLException {
        FIXTURE.freshTarget("app");
        FIXTURE.freshTarget("billing");
        Path root = folder.resolve("migrations");
        Files.createDirectories(root.resolve("app"));
        Files.createDirectories(root.resolve("billing"));
        Files.writeString(root.resolve("app/V1__users.sql"), "CREATE TABLE users (id int);\n");
        Files.writeString(root.resolve("app/V2__posts.sql"), "CREATE TABLE posts (id int);\n");
        Files.writeString(root.resolve("billing/V1__invoices.sql"), "CREATE TABLE invoices (id int);\n");
        Weave weave = Weave.create(WeaveConfig.builder()
                .location(root)
                .environment(Map.of(
                        "POSTGRES_HOST", FIXTURE.server.host(),
                        "POSTGRES_PORT", String.valueOf(FIXTURE.server.port()),
                        "POSTGRES_USER", FIXTURE.server.user(),
                        "POSTGRES_PASSWORD", FIXTURE.server.password()))
                .lockTimeout(Duration.ofSeconds(10))
                .build());

        assertEquals(List.of("app", "billing"), weave.targets());
        assertEquals("postgres", weave.storeType("app"));
        assertEquals("2", weave.migrate("app").finalVersion());
        assertEquals("1", weave.migrate("billing").finalVersion());

        assertTrue(relationExists("app", "users"));
        assertTrue(relationExists("app", "posts"));
        assertFalse(relationExists("app", "invoices"));
        assertTrue(relationExists("billing", "invoices"));
        assertFalse(relationExists("billing", "users"));
        assertEquals(List.of("1:true", "2:true"), ledgerRows("app", "weave_schema_history"));
        assertEquals(List.of("1:true"), ledgerRows("billing", "weave_schema_history"));
        assertEquals(List.of("V1__invoices.sql"),
                weave.history("billing").entries().stream().map(LedgerEntry::script).toList());
    }

    // ---------------------------------------------------------------- 9. clean

    @Test
    void cleanEverythingDropsEveryKindOfObjectAndKeepsTheSchema() throws SQLException {
        write("V1__everything", """
                CREATE TYPE mood AS ENUM ('sad', 'happy');
                CREATE TYPE pair AS (a int, b text);
                CREATE TYPE float_range AS RANGE (subtype = float8);
                CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);
                CREATE SEQUENCE standalone_seq;
                CREATE TABLE person (id serial PRIMARY KEY, m mood, p pair, n positive_int,
                    code int GENERATED ALWAYS AS IDENTITY);
                CREATE TABLE child (id int REFERENCES person (id));
                CREATE TABLE measurement (at date NOT NULL, v int) PARTITION BY RANGE (at);
                CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE INDEX person_m_idx ON person (m);
                CREATE VIEW person_view AS SELECT id, m FROM person;
                CREATE MATERIALIZED VIEW person_mv AS SELECT id FROM person;
                CREATE FUNCTION f_one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
                CREATE FUNCTION f_mood(m mood) RETURNS text LANGUAGE sql AS $$ SELECT m::text $$;
                CREATE FUNCTION f_overloaded(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;
                CREATE FUNCTION f_overloaded(x text) RETURNS text LANGUAGE sql AS $$ SELECT x $$;
                CREATE PROCEDURE p_noop() LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;
                CREATE AGGREGATE my_sum(int) (sfunc = int4pl, stype = int);
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER person_touch BEFORE UPDATE ON person FOR EACH ROW EXECUTE FUNCTION touch();
                """);
        weave().migrate(target);
        try (Connection c = FIXTURE.connect(target)) {
            assertTrue(Integer.parseInt(scalar(c, PUBLIC_RELATIONS)) > 5);
            // 7 routines of ours, plus the constructors PostgreSQL made for the range and its multirange
            assertEquals("12", scalar(c, PUBLIC_ROUTINES));
        }

        CleanResult result = weave().clean(target, true, true);

        assertFalse(result.removed().isEmpty());
        try (Connection c = FIXTURE.connect(target)) {
            String left = scalar(c, LEFT_IN_PUBLIC);
            assertEquals("0", scalar(c, PUBLIC_RELATIONS), "tables, views, materialized views, sequences, indexes: " + left);
            assertEquals("0", scalar(c, PUBLIC_ROUTINES), "functions, procedures, aggregates: " + left);
            assertEquals("0", scalar(c, "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE n.nspname = 'public'"), "enum, composite, range and domain types: " + left);
            assertEquals("public", scalar(c, "SELECT nspname FROM pg_namespace WHERE nspname = 'public'"),
                    "the schema itself stays");
        }
        assertTrue(weave().history(target).entries().isEmpty());
        assertEquals("1", weave().migrate(target).finalVersion(), "the migrations run again on the cleaned schema");
    }

    @Test
    void cleanEverythingDropsForeignTables() throws SQLException {
        write("V1__foreign", """
                CREATE FOREIGN DATA WRAPPER weave_dummy_fdw;
                CREATE SERVER weave_dummy_server FOREIGN DATA WRAPPER weave_dummy_fdw;
                CREATE FOREIGN TABLE remote_items (id int) SERVER weave_dummy_server;
                CREATE TABLE local_items (id int);
                """);
        weave().migrate(target);

        CleanResult result = weave().clean(target, true, true);

        assertTrue(result.removed().stream().anyMatch(r -> r.contains("remote_items")), result.removed().toString());
        assertFalse(relationExists(target, "remote_items"));
        assertFalse(relationExists(target, "local_items"));
    }

    @Test
    void plainCleanDropsOnlyTheLedger() throws SQLException {
        write("V1__objects", """
                CREATE TABLE kept (id int);
                CREATE VIEW kept_view AS SELECT id FROM kept;
                CREATE FUNCTION kept_fn() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
                """);
        weave().migrate(target);

        CleanResult result = weave().clean(target, true, false);

        assertEquals(List.of("ledger table public.weave_schema_history"), result.removed());
        assertFalse(relationExists(target, "weave_schema_history"));
        assertTrue(relationExists(target, "kept"));
        assertTrue(relationExists(target, "kept_view"));
        try (Connection c = FIXTURE.connect(target)) {
            assertEquals("1", scalar(c, "SELECT kept_fn()"));
        }
    }

    @Test
    void cleanEverythingInAConfiguredSchemaKeepsThatSchemaAndLeavesOthersAlone() throws SQLException {
        Map<String, String> inSchema = with(settings, "schema", "inventory");
        try (Connection c = FIXTURE.connect(target)) {
            execute(c, "CREATE TABLE public.outside (id int)");
        }
        write("V1__things", """
                CREATE TABLE things (id int);
                CREATE TYPE colour AS ENUM ('red');
                CREATE FUNCTION thing_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM things $$;
                """);
        weave(inSchema, b -> { }).migrate(target);

        weave(inSchema, b -> { }).clean(target, true, true);

        try (Connection c = FIXTURE.connect(target)) {
            assertEquals("0", scalar(c, "SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                    + " WHERE n.nspname = 'inventory'"));
            assertEquals("0", scalar(c, "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE n.nspname = 'inventory'"));
            assertEquals("0", scalar(c, "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE n.nspname = 'inventory'"));
            assertEquals("inventory", scalar(c, "SELECT nspname FROM pg_namespace WHERE nspname = 'inventory'"));
        }
        assertTrue(relationExists(target, "public.outside"), "clean touches only the configured schema");
    }

    private static final String PUBLIC_RELATIONS = "SELECT count(*) FROM pg_class c JOIN pg_namespace n"
            + " ON n.oid = c.relnamespace WHERE n.nspname = 'public'";
    private static final String PUBLIC_ROUTINES = "SELECT count(*) FROM pg_proc p JOIN pg_namespace n"
            + " ON n.oid = p.pronamespace WHERE n.nspname = 'public'";
    /** What is left in the schema, for the failure message. */
    private static final String LEFT_IN_PUBLIC = "SELECT 'relations: ' || coalesce((SELECT string_agg(c.relname || '/' || c.relkind::text, ', ')"
            + " FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace), '')"
            + " || '; routines: ' || coalesce((SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p"
            + " WHERE p.pronamespace = 'public'::regnamespace), '')"
            + " || '; types: ' || coalesce((SELECT string_agg(t.typname || '/' || t.typtype::text, ', ') FROM pg_type t"
            + " WHERE t.typnamespace = 'public'::regnamespace), '')";

    // ---------------------------------------------------------------- helpers

    private Weave weave() {
        return weave(settings, b -> { });
    }

    private Weave weave(Map<String, String> targetSettings, Consumer<WeaveConfig.Builder> tweak) {
        WeaveConfig.Builder b = WeaveConfig.builder()
                .environment(Map.of())
                .location(folder)
                .lockTimeout(Duration.ofSeconds(10))
                .target(new TargetConfig(target, "postgres", folder, targetSettings, false));
        tweak.accept(b);
        return Weave.create(b.build());
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private void write(String base, String text) {
        try {
            Files.writeString(folder.resolve(base + ".sql"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "version:success" per ledger row, by rank; empty when the ledger table does not exist. */
    static List<String> ledgerRows(String database, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = FIXTURE.connect(database)) {
            if (scalar(c, "SELECT to_regclass('" + table + "')") == null) {
                return rows;
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version, success FROM " + table + " ORDER BY installed_rank")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + ":" + rs.getBoolean(2));
                }
            }
        }
        return rows;
    }

    static boolean relationExists(String database, String name) throws SQLException {
        try (Connection c = FIXTURE.connect(database)) {
            return scalar(c, "SELECT to_regclass('" + name + "')") != null;
        }
    }

    private static List<String> columns(String database, String schema, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = FIXTURE.connect(database);
             PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                     + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Neither the message nor anything in the cause chain carries the server's password. */
    static void assertNoPassword(Throwable e, String... more) {
        List<String> secrets = new ArrayList<>(List.of(FIXTURE.server.password()));
        secrets.addAll(List.of(more));
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                assertFalse(String.valueOf(t).contains(secret), "a password leaked into: " + t);
            }
        }
        assertNotNull(e.getMessage());
        assertTrue(e instanceof WeaveException, "a user-facing WeaveException, not " + e.getClass());
    }
}
