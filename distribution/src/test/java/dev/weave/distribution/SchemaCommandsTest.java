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
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code weave db create --auto}, {@code weave db diff} and {@code validate-all --drift --lint} as typed on the
 * command line against the real PostgreSQL: seed 003's {@code weave db create slack "add new table" --auto}, the
 * round trip to "equal", drift made by hand (exit 6, and 3 from validate-all), a new target's first migration,
 * a target without a declared schema.
 */
class SchemaCommandsTest {

    @TempDir
    Path project;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(project);
    }

    @Test
    void createAutoWritesTheNextMigrationAndDiffThenSaysEqual() throws Exception {
        Path slack = cli.database("slack");
        Files.writeString(slack.resolve("V1__channels.sql"), "CREATE TABLE channels (id int PRIMARY KEY, name text NOT NULL);\n");
        CliHarness.write(project.resolve(".weave/schema/slack.sql"), """
                CREATE TABLE channels (id int PRIMARY KEY, name text NOT NULL);
                CREATE TABLE messages (
                  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                  channel_id int NOT NULL REFERENCES channels (id),
                  body text NOT NULL,
                  sent_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX messages_by_channel ON messages (channel_id, sent_at);
                """);

        CliHarness.Run created = cli.weave("db", "create", "slack", "add new table", "--auto");
        assertEquals(0, created.exit(), created.all());
        assertTrue(created.out().contains("created .weave/migrations/slack/V2__add_new_table.sql from .weave/schema/slack.sql:"
                + " 8 differences, 4 steps"), created.out());
        assertTrue(created.out().contains("missing table public.messages"), created.out());
        String v2 = Files.readString(slack.resolve("V2__add_new_table.sql"));
        assertTrue(v2.contains("CREATE TABLE public.messages (\n    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,"), v2);

        assertEquals(0, cli.weave("db", "migrate", "slack").exit());
        CliHarness.Run desired = cli.weave("db", "diff", "slack", "--desired");
        assertEquals(0, desired.exit(), desired.all());
        assertTrue(desired.out().startsWith("slack: equal"), desired.out());
        CliHarness.Run again = cli.weave("db", "create", "slack", "more", "--auto");
        assertEquals(0, again.exit(), again.all());
        assertTrue(again.out().contains("slack: no difference between .weave/schema/slack.sql and the migrations"), again.out());
        assertFalse(Files.exists(slack.resolve("V3__more.sql")));

        CliHarness.Run clean = cli.weave("db", "validate-all", "--drift", "--lint");
        assertEquals(0, clean.exit(), clean.all());

        try (Connection c = DriverManager.getConnection(cli.server.jdbcUrl("slack"), cli.server.user(), cli.server.password());
             Statement st = c.createStatement()) {
            st.execute("ALTER TABLE messages ADD COLUMN rogue int; DROP INDEX messages_by_channel");
        }
        CliHarness.Run drift = cli.weave("db", "diff", "slack");
        assertEquals(6, drift.exit(), drift.all());
        assertTrue(drift.out().contains("slack: 2 differences"), drift.out());
        assertTrue(drift.out().contains("missing index public.messages_by_channel"), drift.out());
        assertTrue(drift.out().contains("extra column public.messages.rogue (type: integer)"), drift.out());

        JsonNode json = new ObjectMapper().readTree(cli.weave("db", "diff", "slack", "--json").out());
        assertFalse(json.path("equal").asBoolean());
        JsonNode rogue = json.path("differences").get(1);
        assertEquals("extra", rogue.path("difference").asText());
        assertEquals("column", rogue.path("kind").asText());
        assertEquals("public.messages.rogue", rogue.path("name").asText());
        assertTrue(rogue.path("before").isNull());
        assertEquals("integer", rogue.path("after").path("type").asText());

        CliHarness.Run ci = cli.weave("db", "validate-all", "--drift");
        assertEquals(3, ci.exit(), "drift is a problem for CI: " + ci.all());
        assertTrue(ci.out().contains("extra column public.messages.rogue"), ci.out());
    }

    @Test
    void aNewTargetGetsItsFolderAndFirstMigrationAndATargetWithoutASchemaIsTold() throws Exception {
        cli.server.dropDatabase("schema_new");
        CliHarness.write(project.resolve(".weave/schema/schema_new.sql"), "CREATE TABLE things (id int PRIMARY KEY);\n");
        CliHarness.Run created = cli.weave("db", "create", "schema_new", "init", "--auto");
        assertEquals(0, created.exit(), created.all());
        assertTrue(created.out().contains("created folder .weave/migrations/schema_new for the new postgres target 'schema_new'"),
                created.out());
        assertTrue(Files.readString(project.resolve(".weave/migrations/schema_new/V1__init.sql"))
                .contains("CREATE TABLE public.things (\n    id integer NOT NULL\n);"));

        CliHarness.Run none = cli.weave("db", "create", "schema_none", "init", "--auto");
        assertEquals(2, none.exit(), none.all());
        assertTrue(none.err().contains("target schema_none declares no schema: ") && none.err().contains(
                "schema_none.sql does not exist; write the schema you want there"), none.err());
        assertFalse(Files.exists(project.resolve(".weave/migrations/schema_none")), "no folder left behind");
    }
}
