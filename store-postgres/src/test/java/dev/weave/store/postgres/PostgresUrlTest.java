package dev.weave.store.postgres;

import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import dev.weave.error.StoreUnreachableException;
import dev.weave.local.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.weave.store.postgres.PostgresStoreTest.assertNoPassword;
import static dev.weave.store.postgres.PostgresStoreTest.ledgerRows;
import static dev.weave.store.postgres.PostgresStoreTest.relationExists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The url setting, DATABASE_URL and POSTGRES_DB against the real server, through the public API. */
class PostgresUrlTest {

    private static final PostgresFixture FIXTURE = PostgresFixture.INSTANCE;
    private static final AtomicInteger TARGETS = new AtomicInteger();

    @TempDir
    Path root;

    private String database;
    private PostgresServer server;

    @BeforeEach
    void freshDatabase(TestInfo info) {
        database = "pu" + TARGETS.incrementAndGet() + "_" + info.getTestMethod().orElseThrow().getName()
                .replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        database = database.substring(0, Math.min(40, database.length()));
        FIXTURE.freshTarget(database);
        server = FIXTURE.server;
    }

    private String password() {
        return URLEncoder.encode(server.password(), StandardCharsets.UTF_8);
    }

    @Test
    void migratesThroughAPostgresUrlWithUserAndPassword() throws Exception {
        String url = "postgres://" + server.user() + ":" + password() + "@" + server.host() + ":" + server.port()
                + "/" + database + "?sslmode=disable";
        Path folder = migration("app", "CREATE TABLE via_url (id int);\n");

        weave(b -> b.target(new TargetConfig("app", "postgres", folder, Map.of("url", url), false))).migrate("app");

        assertEquals(List.of("1:true"), ledgerRows(database, "weave_schema_history"));
        assertTrue(relationExists(database, "via_url"));
    }

    @Test
    void migratesThroughAJdbcUrlWithItsParameters() throws Exception {
        String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database
                + "?user=" + server.user() + "&password=" + password() + "&ApplicationName=weave-url-test";
        Path folder = migration("app", "CREATE TABLE via_jdbc (id int);\n");

        weave(b -> b.target(new TargetConfig("app", "postgres", folder, Map.of("url", url), false))).migrate("app");

        assertEquals(List.of("1:true"), ledgerRows(database, "weave_schema_history"));
        assertTrue(relationExists(database, "via_jdbc"));
    }

    @Test
    void databaseUrlInTheEnvironmentServesTheSingleTarget() throws Exception {
        migration("app", "CREATE TABLE via_env (id int);\n");
        String url = "postgresql://" + server.user() + ":" + password() + "@" + server.host() + ":" + server.port()
                + "/" + database;

        // a POSTGRES_HOST left in the environment does not redirect the url
        weave(b -> b.environment(Map.of("DATABASE_URL", url, "POSTGRES_HOST", "host.invalid",
                "POSTGRES_DB", "not_this_one"))).migrate("app");

        assertEquals(List.of("1:true"), ledgerRows(database, "weave_schema_history"));
    }

    @Test
    void withSeveralTargetsDatabaseUrlGivesOnlyTheServer() throws Exception {
        String second = database + "_b";
        FIXTURE.freshTarget(second);
        migration(database, "CREATE TABLE first_db (id int);\n");
        migration(second, "CREATE TABLE second_db (id int);\n");
        String url = "postgres://" + server.user() + ":" + password() + "@" + server.host() + ":" + server.port()
                + "/postgres";

        Weave weave = weave(b -> b.environment(Map.of("DATABASE_URL", url)));
        weave.migrate(database);
        weave.migrate(second);

        assertTrue(relationExists(database, "first_db"));
        assertTrue(relationExists(second, "second_db"));
        assertEquals(List.of("1:true"), ledgerRows(second, "weave_schema_history"));
    }

    @Test
    void postgresDbNamesTheDatabaseOfTheSingleTarget() throws Exception {
        migration("app", "CREATE TABLE via_postgres_db (id int);\n");

        weave(b -> b.environment(Map.of("POSTGRES_HOST", server.host(), "POSTGRES_PORT", String.valueOf(server.port()),
                "POSTGRES_USER", server.user(), "POSTGRES_PASSWORD", server.password(), "POSTGRES_DB", database)))
                .migrate("app");

        assertTrue(relationExists(database, "via_postgres_db"));
    }

    @Test
    void aMalformedUrlIsExitTwoNamingTheSettingNeverItsPassword() throws Exception {
        Path folder = migration("app", "CREATE TABLE never (id int);\n");
        String secret = "s3cret-in-url";

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> weave(b -> b.target(
                new TargetConfig("app", "postgres", folder, Map.of("url", "postgres://u:" + secret + "@host:99999/db"),
                        false))).migrate("app"));

        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("setting 'url'"), e.getMessage());
        assertTrue(e.getMessage().contains("port"), e.getMessage());
        assertNoPassword(e, secret);

        ConfigurationException scheme = assertThrows(ConfigurationException.class, () -> weave(b -> b.environment(
                Map.of("DATABASE_URL", "mysql://u:" + secret + "@h/db"))).migrate("app"));
        assertTrue(scheme.getMessage().contains("DATABASE_URL"), scheme.getMessage());
        assertNoPassword(scheme, secret);
    }

    @Test
    void aWrongPasswordInTheUrlIsNeverShown() throws Exception {
        Path folder = migration("app", "CREATE TABLE never (id int);\n");
        String wrong = "wrong-pw-8c1d";
        String url = "postgres://" + server.user() + ":" + wrong + "@" + server.host() + ":" + server.port() + "/" + database;
        Weave weave = weave(b -> b.target(new TargetConfig("app", "postgres", folder, Map.of("url", url), false)));

        StoreUnreachableException e = assertThrows(StoreUnreachableException.class, () -> weave.migrate("app"));

        assertEquals(4, e.exitCode());
        assertNoPassword(e, wrong);
        assertFalse(weave.secretMask().mask("connecting with " + url).contains(wrong));
        assertFalse(relationExists(database, "never"));
    }

    @Test
    void parsesEveryPartAndDecodesThem() {
        PostgresUrl url = PostgresUrl.parse("postgresql://us%40er:p%3Ass@[::1]:6543/my%20db?sslmode=require&a=b", "t");
        assertEquals(new PostgresUrl("::1", 6543, "my db", "us@er", "p:ss", Map.of("sslmode", "require", "a", "b")), url);
        assertEquals(new PostgresUrl("h", null, null, null, null, Map.of()), PostgresUrl.parse("postgres://h", "t"));
        assertEquals("postgres://u:p@h:1?x=y", PostgresUrl.withoutDatabase("postgres://u:p@h:1/db?x=y"));
        assertThrows(ConfigurationException.class, () -> PostgresUrl.parse("jdbc:postgresql://a:1,b:2/db", "t"));
    }

    private Path migration(String folderName, String sql) throws IOException {
        Path folder = root.resolve(folderName);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("V1__init.sql"), sql);
        return folder;
    }

    private Weave weave(java.util.function.Consumer<WeaveConfig.Builder> tweak) {
        WeaveConfig.Builder b = WeaveConfig.builder().environment(Map.of()).location(root)
                .lockTimeout(Duration.ofSeconds(10));
        tweak.accept(b);
        return Weave.create(b.build());
    }
}
