package dev.weave.store.neo4j;

import dev.weave.cli.CliContext;
import dev.weave.cli.WeaveCli;
import dev.weave.error.ConfigurationException;
import dev.weave.error.ExitCode;
import dev.weave.error.StoreUnreachableException;
import dev.weave.spi.Layout;
import dev.weave.spi.TargetSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reaching Neo4j: what the user sees (exit code, message) when the server is away or refuses them; never the password. */
class Neo4jConnectionTest {

    private static final String SECRET = "s3cret-Pa55-not-shown";

    @TempDir
    Path dir;

    private final Neo4jFixture fixture = Neo4jFixture.NODES;

    @BeforeEach
    void migrations() throws IOException {
        fixture.server.reset();
        Path cypher = dir.resolve(".weave/migrations/neo4j/cypher");
        Files.createDirectories(cypher);
        Files.writeString(cypher.resolve("V1__create_a.cypher"), "CREATE (:A {name: 'a'});\n");
    }

    @Test
    void theCliMigratesWithTheNeo4jEnvironment() {
        Cli run = cli(Map.of("NEO4J_URI", fixture.server.boltUri(), "NEO4J_USER", fixture.server.user(),
                "NEO4J_PASSWORD", fixture.server.password(), "NEO4J_DATABASE", "neo4j"), "db", "migrate-neo4j", "migrate");

        assertEquals(0, run.exit, run.all());
        assertTrue(run.out.contains("neo4j"), run.all());
        assertEquals(1L, fixture.driver().session().run("MATCH (a:A) RETURN count(a)").single().get(0).asLong());
        assertFalse(run.all().contains(fixture.server.password()));
    }

    @Test
    void anUnreachableServerExitsWithFourAndNamesTheAddress() {
        int port = Neo4jFixture.freePort();
        Cli run = cli(Map.of("NEO4J_URI", "bolt://127.0.0.1:" + port, "NEO4J_PASSWORD", SECRET), "db", "migrate", "neo4j");

        assertEquals(ExitCode.STORE_UNREACHABLE.code(), run.exit, run.all());
        assertTrue(run.err.contains("cannot reach Neo4j at bolt://127.0.0.1:" + port), run.all());
        assertTrue(run.err.contains("--wait"), run.all());
        assertFalse(run.all().contains(SECRET), run.all());
    }

    @Test
    void wrongCredentialsExitWithFourAndNeverShowThePassword() {
        Cli run = cli(Map.of("NEO4J_URI", fixture.server.boltUri(), "NEO4J_PASSWORD", SECRET), "db", "migrate", "neo4j");

        assertEquals(ExitCode.STORE_UNREACHABLE.code(), run.exit, run.all());
        assertTrue(run.err.contains("cannot log in to " + fixture.server.boltUri() + " as user 'neo4j': the server refused"
                + " the credentials"), run.all());
        assertFalse(run.all().contains(SECRET), run.all());

        Cli json = cli(Map.of("NEO4J_URI", fixture.server.boltUri()), "db", "info", "neo4j", "--json", "--password", SECRET);
        assertEquals(ExitCode.STORE_UNREACHABLE.code(), json.exit, json.all());
        assertFalse(json.all().contains(SECRET), json.all());
    }

    @Test
    void aServerThatIsNotUpYetIsWaitedForUpToTheWait() {
        Map<String, String> nowhere = Map.of("uri", "bolt://127.0.0.1:" + Neo4jFixture.freePort());
        long t0 = System.nanoTime();

        StoreUnreachableException e = assertThrows(StoreUnreachableException.class,
                () -> new Neo4jStore().connect(new TargetSettings("neo4j", "neo4j", nowhere, Duration.ofSeconds(2))));

        assertTrue(System.nanoTime() - t0 >= Duration.ofSeconds(2).toNanos());
        assertTrue(e.getMessage().contains("(waited 2 s)"), e.getMessage());
    }

    @Test
    void routingUrisWorkAsGiven() {
        Map<String, String> routing = new HashMap<>(fixture.settings());
        routing.put("uri", fixture.server.boltUri().replace("bolt://", "neo4j://"));
        try (var connection = new Neo4jStore().connect(new TargetSettings("neo4j", "neo4j", routing, Duration.ZERO))) {
            assertTrue(connection.describe().startsWith("neo4j://127.0.0.1:"), connection.describe());
            assertEquals("neo4j", connection.currentUser());
        }
    }

    @Test
    void tlsToAPlainServerFailsWithExitFour() {
        Map<String, String> tls = new HashMap<>(fixture.settings());
        tls.put("uri", fixture.server.boltUri().replace("bolt://", "bolt+s://"));

        StoreUnreachableException e = assertThrows(StoreUnreachableException.class,
                () -> new Neo4jStore().connect(new TargetSettings("neo4j", "neo4j", tls, Duration.ZERO)));

        assertEquals(ExitCode.STORE_UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("bolt+s://127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("is TLS enabled for Bolt on that server?"), e.getMessage());
        assertFalse(e.getMessage().contains(fixture.server.password()));
    }

    @Test
    void aMissingDatabaseIsNamed() {
        Map<String, String> missing = new HashMap<>(fixture.settings());
        missing.put("database", "nosuchdb");

        StoreUnreachableException e = assertThrows(StoreUnreachableException.class,
                () -> new Neo4jStore().connect(new TargetSettings("neo4j", "neo4j", missing, Duration.ofSeconds(5))));

        assertTrue(e.getMessage().contains("database 'nosuchdb' does not exist"), e.getMessage());
    }

    @Test
    void malformedSettingsAreConfigurationErrorsWithoutSecrets() {
        ConfigurationException scheme = assertThrows(ConfigurationException.class, () -> new Neo4jStore().connect(
                new TargetSettings("neo4j", "neo4j", Map.of("uri", "http://localhost:7474"), Duration.ZERO)));
        assertTrue(scheme.getMessage().contains("must start with one of bolt://"), scheme.getMessage());

        ConfigurationException inline = assertThrows(ConfigurationException.class, () -> new Neo4jStore().connect(
                new TargetSettings("neo4j", "neo4j", Map.of("uri", "bolt://neo4j:" + SECRET + "@localhost"), Duration.ZERO)));
        assertTrue(inline.getMessage().contains("not in the uri"), inline.getMessage());
        assertFalse(inline.getMessage().contains(SECRET));

        assertThrows(ConfigurationException.class, () -> new Neo4jStore().connect(
                new TargetSettings("neo4j", "neo4j", Map.of("lockLease", "soon"), Duration.ZERO)));
    }

    @Test
    void hostAndPortFlagsReplaceThoseOfTheUri() {
        Map<String, String> settings = new HashMap<>(fixture.settings());
        settings.put("uri", "bolt://db.invalid:1");
        String port = fixture.server.boltUri().substring(fixture.server.boltUri().lastIndexOf(':') + 1);
        settings.put("host", "127.0.0.1");
        settings.put("port", port);
        try (var connection = new Neo4jStore().connect(new TargetSettings("neo4j", "neo4j", settings, Duration.ZERO))) {
            assertTrue(connection.describe().startsWith("bolt://127.0.0.1:" + port + ", database neo4j"), connection.describe());
        }
    }

    @Test
    void fanOutListsTheUserDatabases() {
        Map<String, String> group = new HashMap<>(fixture.settings());
        group.put("database", "ignored_for_listing");
        TargetSettings settings = new TargetSettings("tenants", "neo4j", group, Duration.ZERO);
        assertEquals(java.util.List.of("neo4j"), new Neo4jStore().listDatabases(settings, "*"));
        assertEquals(java.util.List.of("neo4j"), new Neo4jStore().listDatabases(settings, "neo*"));
        assertEquals(java.util.List.of(), new Neo4jStore().listDatabases(settings, "sys*"));
    }

    @Test
    void theAdapterDeclaresItsFilesEnvironmentAndSecrets() {
        Neo4jStore store = new Neo4jStore();
        assertEquals("neo4j", store.storeType());
        assertEquals(java.util.Set.of(".cypher"), store.extensions());
        assertEquals(new Layout.FixedFolder("neo4j/cypher", "neo4j"), store.layout());
        assertEquals(java.util.Set.of("password"), store.secretSettings());
        assertEquals(Map.of("uri", "neo4j+s://db:7687", "user", "app", "password", "pw", "database", "graph",
                        "caCertificate", "/etc/ca.pem"),
                store.environmentSettings(Map.of("NEO4J_URI", "neo4j+s://db:7687", "NEO4J_USER", "app",
                        "NEO4J_PASSWORD", "pw", "NEO4J_DATABASE", "graph", "NEO4J_CA_CERTIFICATE", "/etc/ca.pem",
                        "NEO4J_OTHER", "x", "POSTGRES_HOST", "y")));
    }

    private Cli cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = WeaveCli.run(new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, dir, false), args);
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Cli(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
