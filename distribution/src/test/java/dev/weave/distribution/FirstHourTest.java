package dev.weave.distribution;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.weave.distribution.CliHarness.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's quick start, walked as a new user does it, from an empty folder and without a single mkdir:
 * create → migrate → create in a new database → create for Neo4j and Elasticsearch → migrate-all → migrate-all
 * again. The servers stand in for {@code weave dev up}'s: {@code WEAVE_DEV_POSTGRES} names the PostgreSQL one,
 * so a database for a new folder is created on the first migrate, as after {@code weave dev up}.
 */
class FirstHourTest {

    @TempDir
    Path project;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(project);
        cli.env.put("WEAVE_DEV_POSTGRES", cli.server.host() + ":" + cli.server.port());
        cli.server.dropDatabase("fh_app");
        cli.server.dropDatabase("fh_reports");
        dev.weave.local.neo4j.SharedNeo4j.get().reset();
    }

    @Test
    void theQuickStartFromAnEmptyFolder() throws IOException {
        // 1. the first migration of the first database: the folders are made, the file is a template
        CliHarness.Run created = cli.weave("db", "create", "fh_app", "create users");
        assertEquals(0, created.exit(), created.all());
        Path v1 = project.resolve(".weave/migrations/fh_app/V1__create_users.sql");
        assertTrue(Files.isRegularFile(v1), created.all());
        assertTrue(created.out().contains("created folder .weave/migrations/fh_app for the new postgres target 'fh_app'"),
                created.out());
        assertTrue(created.out().contains("created .weave/migrations/fh_app/V1__create_users.sql"), created.out());
        String template = Files.readString(v1);
        assertTrue(template.startsWith("-- V1__create_users.sql: write this migration's SQL below"), template);

        // 2. migrating the untouched template is refused: nothing applied, nothing recorded, the file named
        CliHarness.Run untouched = cli.weave("db", "migrate", "fh_app");
        assertEquals(2, untouched.exit(), untouched.all());
        assertTrue(untouched.err().contains("V1__create_users.sql: holds no statement, only blanks and comments"),
                untouched.err());
        assertTrue(untouched.err().contains("it would use up version 1 for nothing"), untouched.err());
        assertEquals(0, cli.count("fh_app", "SELECT count(*) FROM weave_schema_history"),
                "an empty migration must not be recorded");
        CliHarness.Run pending = cli.weave("db", "info", "fh_app");
        assertTrue(pending.out().matches("(?s).*\\b1\\b.*create users.*PENDING.*"), pending.out());

        // 3. with SQL written into it, it migrates
        Files.writeString(v1, template + "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL);\n");
        CliHarness.Run first = cli.weave("db", "migrate", "fh_app");
        assertEquals(0, first.exit(), first.all());
        assertTrue(first.out().contains("1 applied"), first.out());
        assertEquals(1, cli.count("fh_app", "SELECT count(*) FROM weave_schema_history WHERE version = '1' AND success"));
        assertEquals(1, cli.count("fh_app", "SELECT count(*) FROM pg_tables WHERE tablename = 'users'"));

        // 4. the next migration of it, and a second database that has no folder yet
        assertEquals(0, cli.weave("db", "create", "fh_app", "add users name").exit());
        Path v2 = project.resolve(".weave/migrations/fh_app/V2__add_users_name.sql");
        Files.writeString(v2, Files.readString(v2) + "ALTER TABLE users ADD COLUMN name TEXT;\n");

        CliHarness.Run reports = cli.weave("db", "create", "fh_reports", "create daily totals");
        assertEquals(0, reports.exit(), reports.all());
        assertTrue(reports.out().contains("created folder .weave/migrations/fh_reports"), reports.out());
        Path r1 = project.resolve(".weave/migrations/fh_reports/V1__create_daily_totals.sql");
        Files.writeString(r1, Files.readString(r1) + "CREATE TABLE daily_totals (day DATE PRIMARY KEY, total BIGINT);\n");

        // 5. the other stores: their fixed folders are made too, with templates in their own comment syntax
        CliHarness.Run graph = cli.weave("db", "create", "neo4j", "person email unique");
        assertEquals(0, graph.exit(), graph.all());
        assertTrue(graph.out().contains("created folder .weave/migrations/neo4j/cypher for the new neo4j target 'neo4j'"),
                graph.out());
        Path g1 = project.resolve(".weave/migrations/neo4j/cypher/V1__person_email_unique.cypher");
        assertTrue(Files.readString(g1).startsWith("// V1__person_email_unique.cypher"), Files.readString(g1));
        Files.writeString(g1, Files.readString(g1)
                + "CREATE CONSTRAINT fh_person_email IF NOT EXISTS FOR (p:FhPerson) REQUIRE p.email IS UNIQUE;\n");

        CliHarness.Run search = cli.weave("db", "create", "elasticsearch", "users index");
        assertEquals(0, search.exit(), search.all());
        Path e1 = project.resolve(".weave/migrations/elasticsearch/scripts/V1__users_index.http");
        assertTrue(Files.readString(e1).startsWith("# V1__users_index.http"), Files.readString(e1));
        Files.writeString(e1, Files.readString(e1) + "PUT /fh_users\nContent-Type: application/json\n\n"
                + "{\"mappings\": {\"properties\": {\"email\": {\"type\": \"keyword\"}}}}\n");

        // 6. everything at once; the new database is created on the dev server as it is first migrated
        CliHarness.Run all = cli.weave("db", "migrate-all", "--set", "indexPrefix=fh_");
        assertEquals(0, all.exit(), all.all());
        assertTrue(all.all().contains("created database 'fh_reports'"), all.all());
        assertEquals(2, cli.count("fh_app", "SELECT count(*) FROM weave_schema_history WHERE success"));
        assertEquals(1, cli.count("fh_app", "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'users' AND column_name = 'name'"));
        assertEquals(1, cli.count("fh_reports", "SELECT count(*) FROM pg_tables WHERE tablename = 'daily_totals'"));
        for (String target : new String[] {"fh_app", "fh_reports", "neo4j", "elasticsearch"}) {
            assertTrue(all.out().matches("(?s).*\\b" + target + "\\b.*APPLIED.*"), target + " in:\n" + all.out());
        }
        CliHarness.Run graphInfo = cli.weave("db", "info", "neo4j");
        assertTrue(graphInfo.out().contains("person email unique"), graphInfo.out());

        // 7. and again: nothing to do, nothing failed
        CliHarness.Run again = cli.weave("db", "migrate-all", "--set", "indexPrefix=fh_");
        assertEquals(0, again.exit(), again.all());
        assertFalse(again.out().contains("APPLIED"), again.out());
        CliHarness.Run validate = cli.weave("db", "validate-all", "--set", "indexPrefix=fh_");
        assertEquals(0, validate.exit(), validate.all());
    }
}
