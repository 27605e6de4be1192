package dev.weave.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.weave.distribution.CliHarness.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code weave db} commands end to end: what they print and the exit codes they return. */
class WeaveCliTest {

    @TempDir
    Path project;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(project);
    }

    @Test
    void versionNamesTheCommitTheBuildWasMadeFrom() throws Exception {
        CliHarness.Run run = cli.weave("--version");
        assertEquals(0, run.exit(), run.all());
        Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes()).strip();
        assertTrue(run.out().matches("weave \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{12}\\)\\s*"), run.out());
        assertEquals(0, git.waitFor(), head);
        assertTrue(run.out().contains("(commit " + head + ")"), "built from this checkout's HEAD " + head + ": " + run.out());
    }

    /** The generated script, sourced by a real bash, completes commands and options as a user's TAB would. */
    @Test
    void completionCompletesCommandsAndOptionsInARealBash() throws Exception {
        CliHarness.Run script = cli.weave("completion", "bash");
        assertEquals(0, script.exit(), script.all());
        Path file = project.resolve("weave.bash");
        java.nio.file.Files.writeString(file, script.out());
        for (String[] typed : new String[][] {{"weave db migrate-a", "migrate-all"}, {"weave db diff app --des", "--desired"},
                {"weave db create app x --au", "--auto"}}) {
            String words = typed[0];
            Process bash = new ProcessBuilder("bash", "-c", "source " + file + " 2>/dev/null; COMP_LINE='" + words
                    + "'; COMP_WORDS=(" + words + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_POINT=${#COMP_LINE};"
                    + " _complete_weave 2>/dev/null; echo \"${COMPREPLY[@]}\"").redirectErrorStream(true).start();
            String out = new String(bash.getInputStream().readAllBytes()).strip();
            assertEquals(0, bash.waitFor(), out);
            assertEquals(typed[1], out, "completing '" + words + "'");
        }
        assertEquals(2, cli.weave("completion", "fish").exit());
    }

    @Test
    void migrateTwiceAppliesThenReportsUpToDate() {
        Path db = cli.database("cli_twice");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        write(db.resolve("V2__create_orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY);");

        CliHarness.Run first = cli.weave("db", "migrate", "cli_twice");
        assertEquals(0, first.exit(), first.all());
        assertTrue(first.out().contains("cli_twice: 2 applied, 2 total; now at version 2"), first.out());
        assertTrue(first.out().contains("[1/2] V1 create users"), first.out());

        CliHarness.Run second = cli.weave("db", "migrate", "cli_twice");
        assertEquals(0, second.exit(), second.all());
        assertTrue(second.out().contains("cli_twice: up to date at version 2; 0 applied, 2 skipped (already applied), 2 total"), second.out());
        assertEquals(2, cli.count("cli_twice", "SELECT count(*) FROM weave_schema_history WHERE success"));
    }

    @Test
    void infoCurrentHistoryAndValidateDescribeTheTarget() {
        Path db = cli.database("cli_info");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        cli.weave("db", "migrate", "cli_info");
        write(db.resolve("V2__create_orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY);");

        CliHarness.Run info = cli.weave("db", "info", "cli_info");
        assertEquals(0, info.exit(), info.all());
        assertTrue(info.out().matches("(?s).*1\\s+create users\\s+versioned\\s+APPLIED.*"), info.out());
        assertTrue(info.out().matches("(?s).*2\\s+create orders\\s+versioned\\s+PENDING.*"), info.out());

        assertEquals("1", cli.weave("db", "current", "cli_info").out().trim());
        assertTrue(cli.weave("db", "history", "cli_info").out().contains("V1__create_users.sql"));

        CliHarness.Run validate = cli.weave("db", "validate", "cli_info");
        assertEquals(3, validate.exit(), validate.all());
        assertTrue(validate.out().contains("PENDING"), validate.out());
        assertEquals(0, cli.weave("db", "validate", "cli_info", "--ignore-pending").exit());
    }

    @Test
    void jsonOutputCarriesTheSameFacts() throws Exception {
        Path db = cli.database("cli_json");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        CliHarness.Run migrate = cli.weave("db", "migrate", "cli_json", "--json");
        JsonNode result = new ObjectMapper().readTree(migrate.out());
        assertEquals("1", result.get("finalVersion").asText());
        assertEquals("V1__create_users.sql", result.get("applied").get(0).get("script").asText());

        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id BIGINT PRIMARY KEY);");
        CliHarness.Run validate = cli.weave("db", "validate", "cli_json", "--json");
        assertEquals(3, validate.exit());
        JsonNode problems = new ObjectMapper().readTree(validate.out()).get("problems");
        assertEquals("CHECKSUM_MISMATCH", problems.get(0).get("kind").asText());

        CliHarness.Run refused = cli.weave("db", "migrate", "cli_json", "--json");
        assertEquals(3, refused.exit());
        assertEquals(3, new ObjectMapper().readTree(refused.out()).get("error").get("exitCode").asInt());
    }

    @Test
    void migrateSaysWhatItAppliedWhatItSkippedAndWhy() throws Exception {
        Path db = cli.database("cli_counts");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        write(db.resolve("V2__create_orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY);");
        assertEquals(0, cli.weave("db", "migrate", "cli_counts").exit());
        write(db.resolve("V3__create_items.sql"), "CREATE TABLE items (id INT PRIMARY KEY);");
        write(db.resolve("V4__create_notes.sql"), "CREATE TABLE notes (id INT PRIMARY KEY);");

        CliHarness.Run run = cli.weave("db", "migrate", "cli_counts", "--target", "3");

        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().contains("cli_counts: 1 applied, 2 skipped (already applied), 1 above --target (not run),"
                + " 4 total; now at version 3"), run.out());

        CliHarness.Run json = cli.weave("db", "migrate", "cli_counts", "--json");
        assertEquals(0, json.exit(), json.all());
        JsonNode counts = new ObjectMapper().readTree(json.out()).get("counts");
        assertEquals(1, counts.get("applied").asInt(), json.out());
        assertEquals(3, counts.get("alreadyApplied").asInt(), json.out());
        assertEquals(0, counts.get("aboveTarget").asInt(), json.out());
        assertEquals(4, counts.get("total").asInt(), json.out());
        assertEquals(4, cli.count("cli_counts", "SELECT count(*) FROM weave_schema_history WHERE success"));
    }

    @Test
    void validateCallsAnEditedRepeatableOutdatedAsInfoDoes() {
        Path db = cli.database("cli_outdated");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        write(db.resolve("R__user_count.sql"), "CREATE OR REPLACE VIEW user_count AS SELECT count(*) AS n FROM users;");
        assertEquals(0, cli.weave("db", "migrate", "cli_outdated").exit());
        write(db.resolve("R__user_count.sql"), "CREATE OR REPLACE VIEW user_count AS SELECT count(*) AS n, 1 AS v FROM users;");

        CliHarness.Run info = cli.weave("db", "info", "cli_outdated");
        assertTrue(info.out().matches("(?s).*user count\\s+repeatable\\s+OUTDATED.*"), info.out());
        CliHarness.Run validate = cli.weave("db", "validate", "cli_outdated");

        assertEquals(3, validate.exit(), validate.all());
        assertTrue(validate.out().contains("OUTDATED R user count (R__user_count.sql) changed since it was applied;"
                + " migrate applies it again"), validate.out());
        assertFalse(validate.out().contains("PENDING"), "not applied yet is another state: " + validate.out());
        assertEquals(0, cli.weave("db", "validate", "cli_outdated", "--ignore-pending").exit());

        CliHarness.Run migrate = cli.weave("db", "migrate", "cli_outdated");
        assertTrue(migrate.out().contains("cli_outdated: 1 applied, 1 skipped (already applied), 2 total"), migrate.out());
        assertEquals(0, cli.weave("db", "validate", "cli_outdated").exit());
    }

    @Test
    void dryRunPrintsTheScriptsAndChangesNothing() {
        Path db = cli.database("cli_dry");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE ${table} (id INT PRIMARY KEY);");

        CliHarness.Run dry = cli.weave("db", "migrate", "cli_dry", "--dry-run", "--placeholder", "table=people");

        assertEquals(0, dry.exit(), dry.all());
        assertTrue(dry.out().contains("-- V1__create_users.sql"), dry.out());
        assertTrue(dry.out().contains("CREATE TABLE people (id INT PRIMARY KEY);"), dry.out());
        assertTrue(dry.out().contains("would go from an empty ledger to version 1"), dry.out());
        assertEquals(0, cli.count("cli_dry", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    @Test
    void createWritesTheNextFileWithTheProjectsPadding() {
        Path db = cli.database("cli_create");
        write(db.resolve("V0007__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");

        CliHarness.Run created = cli.weave("db", "create", "cli_create", "add user preferences");

        assertEquals(0, created.exit(), created.all());
        assertTrue(Files.exists(db.resolve("V0008__add_user_preferences.sql")), created.out());
        assertTrue(created.out().contains("V0008__add_user_preferences.sql"), created.out());
    }

    @Test
    void undoRepairBaselineAndCleanWorkFromTheCommandLine() {
        Path db = cli.database("cli_ops");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        write(db.resolve("V2__create_orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY);");
        write(db.resolve("U2__drop_orders.sql"), "DROP TABLE orders;");
        cli.weave("db", "migrate", "cli_ops");

        CliHarness.Run undo = cli.weave("db", "undo", "cli_ops");
        assertEquals(0, undo.exit(), undo.all());
        assertTrue(undo.out().contains("undid 1 version(s), now at version 1"), undo.out());
        assertEquals(0, cli.count("cli_ops", "SELECT count(*) FROM pg_tables WHERE tablename = 'orders'"));

        assertEquals(0, cli.weave("db", "repair", "cli_ops").exit());

        CliHarness.Run noForce = cli.weave("db", "clean", "cli_ops");
        assertEquals(2, noForce.exit());
        assertTrue(noForce.err().contains("--force"), noForce.err());

        CliHarness.Run clean = cli.weave("db", "clean", "cli_ops", "--all", "--force");
        assertEquals(0, clean.exit(), clean.all());
        assertTrue(clean.out().contains("removed table public.users"), clean.out());

        CliHarness.Run baseline = cli.weave("db", "baseline", "cli_ops", "--version", "1");
        assertEquals(0, baseline.exit(), baseline.all());
        CliHarness.Run after = cli.weave("db", "migrate", "cli_ops");
        assertTrue(after.out().contains("cli_ops: 1 applied, 1 below the baseline (counted as applied), 2 total; now at version 2"), after.out());
    }

    @Test
    void aWeaveYamlNamesTargetsAndReadsThePasswordFromTheEnvironment() {
        cli.server.dropDatabase("cli_yaml_db");
        cli.server.createDatabase("cli_yaml_db");
        write(project.resolve("db/main/V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        cli.env.put("APP_DB_PASSWORD", cli.server.password());
        cli.env.remove("POSTGRES_PASSWORD");
        write(project.resolve("weave.yaml"), """
                location: db
                targets:
                  main:
                    store: postgres
                    folder: main
                    cleanDisabled: true
                    settings:
                      database: cli_yaml_db
                      password: ${env:APP_DB_PASSWORD}
                """);

        CliHarness.Run migrate = cli.weave("db", "migrate", "main");
        assertEquals(0, migrate.exit(), migrate.all());
        assertEquals(1, cli.count("cli_yaml_db", "SELECT count(*) FROM weave_schema_history"));

        CliHarness.Run clean = cli.weave("db", "clean", "main", "--force");
        assertEquals(2, clean.exit());
        assertTrue(clean.err().contains("clean is disabled"), clean.err());
    }

    @Test
    void theStoreFamilyCommandRunsAnActionOnEveryTargetOfTheStore() {
        write(cli.database("cli_family_a").resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
        write(cli.database("cli_family_b").resolve("V1__b.sql"), "CREATE TABLE b (id INT);");

        CliHarness.Run all = cli.weave("db", "migrate-postgres", "migrate");
        assertEquals(0, all.exit(), all.all());
        assertTrue(all.out().contains("cli_family_a: 1 applied, 1 total"), all.out());
        assertTrue(all.out().contains("cli_family_b: 1 applied, 1 total"), all.out());

        CliHarness.Run one = cli.weave("db", "migrate-postgres", "info", "--only", "cli_family_b");
        assertEquals(0, one.exit(), one.all());
        assertTrue(one.out().contains("cli_family_b") && !one.out().contains("cli_family_a"), one.out());

        CliHarness.Run refused = cli.weave("db", "migrate-postgres", "clean", "--only", "cli_family_a");
        assertEquals(2, refused.exit(), refused.all());
        assertTrue(refused.err().contains("target cli_family_a: clean destroys") && refused.err().contains("--force"),
                "an action's error reads as it does from weave db clean: " + refused.err());

        CliHarness.Run unknown = cli.weave("db", "migrate-postgres", "explode");
        assertEquals(2, unknown.exit(), unknown.all());
        assertTrue(unknown.err().contains("unknown action 'explode'"), unknown.err());
    }

    @Test
    void outputHasNoColourCodesWhenNotOnATerminal() {
        Path db = cli.database("cli_colour");
        write(db.resolve("V1__create_users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        CliHarness.Run run = cli.weave("db", "migrate", "cli_colour");
        assertFalse(run.all().contains("\u001B["), run.all());
    }
}
