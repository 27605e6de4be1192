package dev.weave.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code weave db lint} as typed on the command line: findings as file:line, exit 3 on an error-level rule and 0 on
 * warnings only, a suppression with its reason, the JSON and the SARIF a code-scanning upload reads. Offline: the
 * targets' databases do not exist.
 */
class LintCommandTest {

    @TempDir
    Path project;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(project);
    }

    @Test
    void findingsNameFileLineAndRuleAndAnErrorRuleFailsTheCommand() throws Exception {
        Path shop = Files.createDirectories(project.resolve(".weave/migrations/lint_shop"));
        Files.writeString(shop.resolve("V1__create.sql"), "CREATE TABLE users (id int);\nCREATE INDEX ON users (id);\n");
        Files.writeString(shop.resolve("V2__add_age.sql"), "SET lock_timeout = '5s';\n"
                + "ALTER TABLE users ADD COLUMN age int NOT NULL;\n");

        CliHarness.Run run = cli.weave("db", "lint");
        assertEquals(3, run.exit(), run.all());
        assertTrue(run.out().contains(".weave/migrations/lint_shop/V2__add_age.sql:2: error PG003"
                + " add-column-not-null-without-default: ADD COLUMN age … NOT NULL without a DEFAULT fails on users"), run.out());
        assertTrue(run.out().contains("lint: 2 files, 1 error, 0 warnings"), run.out());

        Files.writeString(shop.resolve("V2__add_age.sql"), "SET lock_timeout = '5s';\n"
                + "ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;\nCREATE INDEX users_age ON users (age);\n");
        CliHarness.Run warning = cli.weave("db", "lint", "lint_shop");
        assertEquals(0, warning.exit(), "warnings only: " + warning.all());
        assertTrue(warning.out().contains("V2__add_age.sql:3: warning PG001"), warning.out());

        JsonNode json = new ObjectMapper().readTree(cli.weave("db", "lint", "--json").out());
        assertEquals(0, json.path("errors").asInt());
        assertEquals("PG001", json.path("findings").get(0).path("rule").asText());
        assertEquals(3, json.path("findings").get(0).path("line").asInt());

        JsonNode sarif = new ObjectMapper().readTree(cli.weave("db", "lint", "--sarif").out());
        assertEquals("2.1.0", sarif.path("version").asText());
        JsonNode result = sarif.path("runs").get(0).path("results").get(0);
        assertEquals("PG001", result.path("ruleId").asText());
        assertEquals(".weave/migrations/lint_shop/V2__add_age.sql", result.path("locations").get(0)
                .path("physicalLocation").path("artifactLocation").path("uri").asText());
        assertEquals(3, result.path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt());

        Files.writeString(shop.resolve("V2__add_age.sql"), "SET lock_timeout = '5s';\n"
                + "-- weave:lint-ignore PG001 users has ten rows\nCREATE INDEX users_age ON users (id);\n");
        CliHarness.Run quiet = cli.weave("db", "lint");
        assertEquals(0, quiet.exit(), quiet.all());
        assertTrue(quiet.out().contains("lint: 2 files, 0 errors, 0 warnings"), quiet.out());

        CliHarness.Run unknown = cli.weave("db", "lint", "no_such_target");
        assertEquals(2, unknown.exit(), unknown.all());
        assertTrue(unknown.err().contains("there is no target 'no_such_target' to lint"), unknown.err());
    }
}
