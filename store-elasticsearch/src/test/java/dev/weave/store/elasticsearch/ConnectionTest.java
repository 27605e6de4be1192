package dev.weave.store.elasticsearch;

import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.cli.CliContext;
import dev.weave.cli.WeaveCli;
import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import dev.weave.error.ExitCode;
import dev.weave.error.StoreUnreachableException;
import dev.weave.spi.Layout;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.TargetSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reaching the cluster: settings and environment, waiting for a starting cluster, clear errors, the CLI. */
class ConnectionTest {

    private static final String PASSWORD = "s3cret-Pa55word-9f1";

    @TempDir
    Path work;
    private TargetOnNode t;
    private final StoreAdapter adapter = Weave.installedStore("elasticsearch", "test");

    @BeforeEach
    void target(TestInfo info) {
        t = new TargetOnNode(info.getTestMethod().orElseThrow().getName(), work.resolve(".weave/migrations/elasticsearch/scripts"));
    }

    @Test
    void theCliMigratesTheDefaultFolderWithTheEnvironmentsConnection() {
        t.write("V1__create_orders.http", "PUT /${p}orders\n");
        Map<String, String> env = Map.of("ELASTICSEARCH_HOST", t.server.host(), "ELASTICSEARCH_PORT",
                String.valueOf(t.server.port()));

        Run migrate = cli(env, "db", "migrate-elasticsearch", "migrate", "--set", "indexPrefix=" + t.prefix,
                "--placeholder", "p=" + t.prefix);

        assertEquals(0, migrate.code, migrate.err);
        assertTrue(t.exists("/" + t.prefix + "orders"));
        Run current = cli(env, "db", "current", "elasticsearch", "--set", "indexPrefix=" + t.prefix);
        assertEquals(0, current.code, current.err);
        assertEquals("1", current.out.strip());
    }

    @Test
    void anUnreachableClusterIsExitFourWithoutTheSecret() {
        t.write("V1__create_orders.http", "PUT /${p}orders\n");
        int port = ElasticsearchFixture.freePort();
        Map<String, String> env = Map.of("ELASTICSEARCH_HOST", "127.0.0.1", "ELASTICSEARCH_PORT", String.valueOf(port),
                "ELASTICSEARCH_USER", "admin", "ELASTICSEARCH_PASSWORD", PASSWORD);

        Run run = cli(env, "db", "migrate-elasticsearch", "migrate", "--placeholder", "p=x");

        assertEquals(4, run.code, run.out + run.err);
        assertTrue(run.err.contains("cannot reach Elasticsearch at http://127.0.0.1:" + port), run.err);
        assertTrue(run.err.contains("--wait"), run.err);
        assertFalse((run.out + run.err).contains(PASSWORD), "the password is never printed");
    }

    @Test
    void waitsForAClusterThatIsStillStarting() throws Exception {
        t.write("V1__create_orders.http", "PUT /${p}orders\n");
        int port = ElasticsearchFixture.freePort();
        try (LateListener starting = new LateListener(port, t.server.host(), t.server.port(), 1_500)) {
            Map<String, String> settings = new HashMap<>(t.settings());
            settings.put("port", String.valueOf(port));
            long start = System.nanoTime();

            weave(settings, Duration.ofSeconds(30)).migrate(t.name);

            assertTrue((System.nanoTime() - start) / 1_000_000 >= 1_400, "it had to wait for the port");
            assertTrue(t.exists("/" + t.prefix + "orders"));
        }
    }

    @Test
    void givesUpAfterTheWaitWithAClearMessage() {
        t.write("V1__create_orders.http", "PUT /${p}orders\n");
        Map<String, String> settings = new HashMap<>(t.settings());
        settings.put("port", String.valueOf(ElasticsearchFixture.freePort()));
        settings.put("password", PASSWORD);
        settings.put("user", "admin");

        StoreUnreachableException e = assertThrows(StoreUnreachableException.class,
                () -> weave(settings, Duration.ofSeconds(1)).migrate(t.name));

        assertEquals(ExitCode.STORE_UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("(waited 1 s)"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD));
    }

    @Test
    void settingsThatCannotWorkAreConfigurationErrors() throws Exception {
        assertConfigError(Map.of("scheme", "ftp"), "scheme must be http or https");
        assertConfigError(Map.of("apiKey", "k", "user", "u"), "either user and password or apiKey");
        assertConfigError(Map.of("password", PASSWORD), "a password needs a user");
        assertConfigError(Map.of("caCertificate", "/etc/ca.pem"), "caCertificate is for https");
        assertConfigError(Map.of("ledgerIndex", "Weave_History"), "not a valid index name");
        assertConfigError(Map.of("lockLease", "soon"), "lockLease 'soon' is not a duration");
        assertConfigError(Map.of("port", "99999"), "not a TCP port");
        Path missing = work.resolve("missing-ca.pem");
        assertConfigError(Map.of("scheme", "https", "caCertificate", missing.toString()), "caCertificate file " + missing + " does not exist");
        Path garbage = Files.writeString(work.resolve("garbage.pem"), "not a certificate");
        assertConfigError(Map.of("scheme", "https", "caCertificate", garbage.toString()),
                "caCertificate file " + garbage + " is not a PEM certificate");
    }

    @Test
    void environmentSecretsAndLayoutAreDeclared() {
        Map<String, String> env = Map.of("ELASTICSEARCH_HOST", "es.internal", "ELASTICSEARCH_PORT", "9243",
                "ELASTICSEARCH_SCHEME", "https", "ELASTICSEARCH_USER", "weave", "ELASTICSEARCH_PASSWORD", PASSWORD,
                "ELASTICSEARCH_API_KEY", "", "POSTGRES_HOST", "db");
        assertEquals(Map.of("host", "es.internal", "port", "9243", "scheme", "https", "user", "weave", "password", PASSWORD),
                adapter.environmentSettings(env));
        assertEquals(Set.of("password", "apiKey"), adapter.secretSettings());
        assertEquals(new Layout.FixedFolder("elasticsearch/scripts", "elasticsearch"), adapter.layout());
        assertEquals(Set.of(".http"), adapter.extensions());
    }

    private void assertConfigError(Map<String, String> extra, String expected) {
        Map<String, String> settings = new HashMap<>(t.settings());
        settings.putAll(extra);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> adapter.connect(new TargetSettings(t.name, "elasticsearch", settings, Duration.ZERO)).close());
        assertEquals(ExitCode.USAGE_OR_CONFIGURATION, e.kind());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }

    private Weave weave(Map<String, String> settings, Duration wait) {
        return Weave.create(WeaveConfig.builder().environment(Map.of()).location(t.folder).connectWait(wait)
                .placeholder("p", t.prefix).target(new TargetConfig(t.name, "elasticsearch", t.folder, settings, false)).build());
    }

    private Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WeaveCli.run(new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, work, false), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }
}
