package dev.weave.store.postgres;

import dev.weave.api.AutoCreateResult;
import dev.weave.api.DiffResult;
import dev.weave.api.MigrationFailedException;
import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import dev.weave.error.MigrationSourceException;
import dev.weave.spi.schema.SchemaDifference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code weave db create --auto} and {@code weave db diff} on the real PostgreSQL: a declared schema with every kind
 * of object the reader covers is generated, migrated and then compared equal; drift made by hand is found and named;
 * the scratch databases are dropped also when a replay or a declared schema fails.
 */
class PostgresSchemaTest {

    private static final PostgresFixture PG = PostgresFixture.INSTANCE;

    /** Every kind of object the snapshot covers, in one declared schema. */
    private static final String DECLARED = """
            CREATE EXTENSION IF NOT EXISTS citext;
            CREATE SCHEMA billing;
            COMMENT ON SCHEMA billing IS 'money';
            CREATE TYPE mood AS ENUM ('happy', 'sad');
            CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
            CREATE SEQUENCE invoice_numbers START WITH 1000 INCREMENT BY 10;
            CREATE TABLE users (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              address email NOT NULL UNIQUE,
              name varchar(80) NOT NULL DEFAULT '',
              mood mood,
              nick citext,
              name_length int GENERATED ALWAYS AS (length(name)) STORED
            );
            COMMENT ON COLUMN users.name IS 'as they sign';
            CREATE TABLE documents (
              id serial PRIMARY KEY,
              owner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
              title text NOT NULL CHECK (length(title) > 0),
              created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX documents_by_owner ON documents (owner_id) WHERE owner_id > 0;
            CREATE INDEX documents_title_lower ON documents (lower(title));
            CREATE TABLE billing.bookings (
              id int PRIMARY KEY,
              during tsrange NOT NULL,
              EXCLUDE USING gist (during WITH &&)
            );
            CREATE TABLE billing.events (at date NOT NULL, kind text) PARTITION BY RANGE (at);
            CREATE TABLE billing.events_2026 PARTITION OF billing.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            CREATE VIEW user_titles AS SELECT u.name, d.title FROM users u JOIN documents d ON d.owner_id = u.id;
            CREATE MATERIALIZED VIEW title_counts AS SELECT owner_id, count(*) AS n FROM documents GROUP BY owner_id;
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
            CREATE PROCEDURE billing.close_month(m int) LANGUAGE sql AS $$ SELECT m $$;
            CREATE TRIGGER documents_touch BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION touch();
            """;

    @TempDir
    Path root;

    @Test
    void aDeclaredSchemaIsGeneratedMigratedAndThenEqual() throws Exception {
        Weave weave = project("schema_round", Map.of("V1__users.sql",
                "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);\n"), DECLARED);

        AutoCreateResult created = weave.createAuto("schema_round", "declared model");
        assertEquals("V2__declared_model.sql", created.file().getFileName().toString());
        String text = Files.readString(created.file());
        assertTrue(text.indexOf("CREATE TYPE public.mood") < text.indexOf("ADD COLUMN mood"), "types before the columns using them:\n" + text);
        assertTrue(text.indexOf("CREATE EXTENSION IF NOT EXISTS citext") < text.indexOf("ADD COLUMN nick citext"), text);
        assertTrue(text.indexOf("CREATE TABLE public.documents") < text.indexOf("documents_owner_id_fkey"), text);
        assertTrue(text.indexOf("CREATE TABLE billing.events ") < text.indexOf("PARTITION OF billing.events"), text);
        assertTrue(text.contains("ALTER TABLE public.users ALTER COLUMN name TYPE character varying(80)"),
                "text to varchar(80) may cut values: " + text);
        assertTrue(text.contains("-- weave:review column public.users.name changes type from text to character varying(80)"), text);
        assertEquals(1, created.toReview(), text);

        // the reviewed step, uncommented as a user would after reading it
        Files.writeString(created.file(), text.replace("-- ALTER TABLE public.users ALTER COLUMN name TYPE",
                "ALTER TABLE public.users ALTER COLUMN name TYPE"));
        assertEquals(2, weave.migrate("schema_round").applied().size(), "V1 and the generated V2 both apply");

        DiffResult desired = weave.diff("schema_round", true);
        assertEquals(List.of(), described(desired), "after the generated migration, the migrations make the declared schema");
        assertTrue(desired.objects() > 40, "objects compared: " + desired.objects());
        DiffResult drift = weave.diff("schema_round", false);
        assertEquals(List.of(), described(drift), "the live database is what the migrations make");

        AutoCreateResult again = weave.createAuto("schema_round", "nothing left");
        assertNull(again.file(), "no difference, nothing written");
        assertEquals(2, Files.list(root.resolve("schema_round")).count());
        assertEquals(List.of(), scratchDatabases("schema_round"), "every scratch database dropped again");
    }

    @Test
    void driftMadeByHandIsFoundAndNamed() throws Exception {
        Weave weave = project("schema_drift", Map.of("V1__users.sql", """
                CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
                CREATE INDEX users_email ON users (email);
                """), null);
        weave.migrate("schema_drift");
        assertTrue(weave.diff("schema_drift", false).equal());

        execute("schema_drift", "ALTER TABLE users ADD COLUMN rogue int; DROP INDEX users_email;"
                + " ALTER TABLE users ALTER COLUMN email DROP NOT NULL");
        DiffResult drift = weave.diff("schema_drift", false);
        assertEquals(List.of("changed column public.users.email (notNull: true → false)",
                "missing index public.users_email", "extra column public.users.rogue"), described(drift));
        assertEquals("integer", drift.differences().get(2).actual().get("type"));
        assertTrue(drift.expected().contains("scratch database weave_scratch_schema_drift_"), drift.expected());
        assertEquals(List.of(), scratchDatabases("schema_drift"));
    }

    @Test
    void destructiveStepsAreWrittenCommentedOutForReview() throws Exception {
        Weave weave = project("schema_destroy", Map.of("V1__tables.sql", """
                CREATE TABLE users (id int PRIMARY KEY, legacy text, age bigint);
                CREATE TABLE old_audit (id int);
                """), "CREATE TABLE users (id int PRIMARY KEY, age int);\n");
        AutoCreateResult created = weave.createAuto("schema_destroy", "drop legacy");
        String text = Files.readString(created.file());
        assertEquals(3, created.toReview(), text);
        assertEquals(3, created.steps(), text);
        for (String step : List.of("ALTER TABLE public.users DROP COLUMN legacy;", "DROP TABLE public.old_audit;",
                "ALTER TABLE public.users ALTER COLUMN age TYPE integer USING age::integer;")) {
            assertTrue(text.contains("-- " + step), step + " commented out in:\n" + text);
        }
        assertTrue(text.contains("-- weave:review dropping column public.users.legacy destroys its data"), text);
    }

    @Test
    void aFailingReplayStillDropsItsScratchDatabase() throws Exception {
        Weave weave = project("schema_fails", Map.of("V1__bad.sql", "CREATE TABLE t (id int);\nSELECT 1/0;\n"), "CREATE TABLE t (id int);\n");
        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> weave.diff("schema_fails", false));
        assertTrue(e.getMessage().contains("replaying the migrations into the scratch database weave_scratch_schema_fails_"),
                e.getMessage());
        assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
        assertEquals(List.of(), scratchDatabases("schema_fails"));
    }

    @Test
    void aDeclaredSchemaThatDoesNotLoadNamesItsFileAndLine() throws Exception {
        Weave weave = project("schema_bad", Map.of("V1__t.sql", "CREATE TABLE t (id int);\n"),
                "CREATE TABLE t (id int);\n\nCREATE TABEL u (id int);\n");
        MigrationSourceException e = assertThrows(MigrationSourceException.class,
                () -> weave.createAuto("schema_bad", "more"));
        assertTrue(e.getMessage().contains("schema_bad.sql:3"), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
        assertEquals(1, Files.list(root.resolve("schema_bad")).count(), "nothing written");
        assertEquals(List.of(), scratchDatabases("schema_bad"));

        Files.delete(root.resolve("schema").resolve("schema_bad.sql"));
        ConfigurationException none = assertThrows(ConfigurationException.class, () -> weave.createAuto("schema_bad", "more"));
        assertTrue(none.getMessage().contains("target schema_bad declares no schema: " + root.resolve("schema")
                .resolve("schema_bad.sql") + " does not exist"), none.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> described(DiffResult result) {
        return result.differences().stream().map(SchemaDifference::describe).toList();
    }

    private Weave project(String database, Map<String, String> files, String declared) throws Exception {
        PG.freshTarget(database);
        Path folder = Files.createDirectories(root.resolve(database));
        for (var f : files.entrySet()) {
            Files.writeString(folder.resolve(f.getKey()), f.getValue());
        }
        Path schema = Files.createDirectories(root.resolve("schema"));
        if (declared != null) {
            Files.writeString(schema.resolve(database + ".sql"), declared);
        }
        return Weave.create(WeaveConfig.builder().environment(Map.of()).location(root).schemaLocation(schema)
                .target(new TargetConfig(database, "postgres", folder, PG.settings(database), false)).build());
    }

    private void execute(String database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG.server.jdbcUrl(database), PG.server.user(), PG.server.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private List<String> scratchDatabases(String target) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(PG.server.jdbcUrl("postgres"), PG.server.user(), PG.server.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'weave\\_scratch\\_"
                     + target + "\\_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
