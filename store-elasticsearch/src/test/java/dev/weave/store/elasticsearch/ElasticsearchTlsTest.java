package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.cli.CliContext;
import dev.weave.cli.WeaveCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS, basic auth and API keys as a user meets them: the {@code weave} command line (in this JVM) against the
 * secured node of {@link SecuredNode} (security on, HTTPS only, a certificate signed by a test CA), settings from
 * the environment as in CI. Each case checks the exit code, the message (which node, what is wrong, what to do),
 * that no stack trace and no secret is printed (for an API key: neither the encoded key nor its id, secret or
 * id:secret pair), and what the node holds afterwards.
 */
class ElasticsearchTlsTest {

    private static final AtomicInteger TARGETS = new AtomicInteger();

    @TempDir
    Path project;

    private final SecuredNode secured = SecuredNode.get();
    private String prefix;

    @BeforeEach
    void freshTarget(TestInfo info) throws IOException {
        prefix = "tls" + TARGETS.incrementAndGet() + "_";
        Path folder = Files.createDirectories(project.resolve(".weave/migrations/elasticsearch/scripts"));
        Files.writeString(folder.resolve("V1__orders.http"), "PUT /" + prefix + "orders\n");
    }

    @Test
    void basicAuthOverHttpsWithTheTestCaMigratesAndTheLedgerNamesTheUser() {
        Run run = weave(secured.withBasicAuth(), "db", "migrate", "elasticsearch");

        assertEquals(0, run.exit, run.toString());
        run.assertClean();
        JsonNode entry = secured.client().json("GET", "/" + prefix + "weave_schema_history/_doc/1", null).path("_source");
        assertEquals(SecuredNode.USER, entry.path("installed_by").asText(), "installed by the authenticated user");
        assertTrue(entry.path("success").asBoolean());
        assertEquals(200, secured.client().status("HEAD", "/" + prefix + "orders"));
    }

    @Test
    void aRealApiKeyOverHttpsMigrates() {
        Run run = weave(secured.withApiKey(), "db", "migrate", "elasticsearch");

        assertEquals(0, run.exit, run.toString());
        run.assertClean();
        JsonNode entry = secured.client().json("GET", "/" + prefix + "weave_schema_history/_doc/1", null).path("_source");
        assertTrue(entry.path("success").asBoolean(), entry.toString());
        assertEquals(200, secured.client().status("HEAD", "/" + prefix + "orders"));
    }

    @Test
    void aCaThatDidNotSignTheNodesCertificateIsExitFourAndSaysWhatToDo() {
        Map<String, String> settings = secured.withBasicAuth();
        settings.put("caCertificate", secured.otherCaCertificate.toString());

        Run run = weave(settings, "db", "migrate", "elasticsearch");

        assertEquals(4, run.exit, run.toString());
        run.assertSays("cannot connect securely to Elasticsearch at https://" + secured.host() + ":" + secured.port(),
                "target elasticsearch",
                "the node's certificate is not trusted by the CA in caCertificate " + secured.otherCaCertificate,
                "set caCertificate (ELASTICSEARCH_CA_CERTIFICATE) to the PEM file of the CA that signed the node's certificate");
        run.assertClean();
        assertNothingCreated();
    }

    @Test
    void withoutACaTheJvmsCasRefuseTheTestCertificate() {
        Map<String, String> settings = secured.withBasicAuth();
        settings.remove("caCertificate");

        Run run = weave(settings, "db", "migrate", "elasticsearch");

        assertEquals(4, run.exit, run.toString());
        run.assertSays("the node's certificate is not signed by a CA this Java trusts",
                "for a private CA set caCertificate (ELASTICSEARCH_CA_CERTIFICATE) to its PEM file");
        run.assertClean();
        assertNothingCreated();
    }

    @Test
    void aWrongApiKeyIsExitFourAndNoPartOfItIsPrinted() {
        String wrong = SecuredNode.sameIdOtherSecret(secured.apiKey);
        String pair = new String(Base64.getDecoder().decode(wrong), StandardCharsets.UTF_8);
        Map<String, String> settings = secured.connection();
        settings.put("apiKey", wrong);

        for (Run run : List.of(weave(settings, "db", "migrate", "elasticsearch"),
                weave(settings, "db", "migrate", "elasticsearch", "--json"))) {
            assertEquals(4, run.exit, run.toString());
            run.assertSays("refused the credentials", "HTTP 401", "check apiKey (ELASTICSEARCH_API_KEY)");
            run.assertClean();
            for (String part : List.of(wrong, pair, pair.split(":")[0], pair.split(":")[1], secured.apiKey)) {
                assertFalse(run.output.contains(part), "printed '" + part + "':\n" + run);
            }
        }
        assertNothingCreated();
    }

    @Test
    void aWrongPasswordOrNoCredentialsIsExitFour() {
        Map<String, String> wrong = secured.withBasicAuth();
        wrong.put("password", "Wr0ng-pa55-" + SecuredNode.PASSWORD.hashCode());
        Run run = weave(wrong, "db", "migrate", "elasticsearch");
        assertEquals(4, run.exit, run.toString());
        run.assertSays("refused the credentials", "HTTP 401", "check user and password");
        assertFalse(run.output.contains(wrong.get("password")), run.toString());

        Run none = weave(secured.connection(), "db", "migrate", "elasticsearch");
        assertEquals(4, none.exit, none.toString());
        none.assertSays("refused the credentials (none were given)");
        assertNothingCreated();
    }

    @Test
    void plainHttpToTheHttpsOnlyNodeIsExitFourAndPointsAtHttps() {
        Map<String, String> settings = secured.withBasicAuth();
        settings.remove("caCertificate");
        settings.put("scheme", "http");

        Run run = weave(settings, "db", "migrate", "elasticsearch");

        assertEquals(4, run.exit, run.toString());
        run.assertSays("Elasticsearch at http://" + secured.host() + ":" + secured.port(),
                "the node closed the plain HTTP connection, as one that takes HTTPS only does", "set scheme: https");
        run.assertClean();
        assertNothingCreated();
    }

    @Test
    void httpsToANodeWithoutTlsIsExitFourAndSaysSo() {
        var plain = dev.weave.local.elasticsearch.SharedElasticsearch.get();
        Map<String, String> settings = new HashMap<>(Map.of("host", plain.host(), "port", String.valueOf(plain.port()),
                "scheme", "https", "caCertificate", secured.caCertificate.toString()));

        Run run = weave(settings, "db", "migrate", "elasticsearch");

        assertEquals(4, run.exit, run.toString());
        run.assertSays("cannot connect securely to Elasticsearch at https://" + plain.host() + ":" + plain.port(),
                "the node does not speak TLS on that port", "set scheme: http");
        run.assertClean();
    }

    @Test
    void aMissingCaCertificateIsExitTwoBeforeAnyConnection() {
        Path missing = project.resolve("no-such-ca.pem");
        Run run = weave(unusedPort(missing.toString()), "db", "migrate", "elasticsearch");

        // nothing listens on that port: a connection attempt would be exit 4, so exit 2 shows none was made
        assertEquals(2, run.exit, run.toString());
        run.assertSays("target elasticsearch: caCertificate file " + missing + " does not exist",
                "set caCertificate (ELASTICSEARCH_CA_CERTIFICATE) to the PEM file of the CA");
        run.assertClean();
    }

    @Test
    void aCaCertificateThatIsNoCertificateIsExitTwoBeforeAnyConnection() throws IOException {
        Path text = Files.writeString(project.resolve("ca.txt"), "not a certificate\n");
        Path key = Files.copy(secured.caCertificate.resolveSibling("node.key"), project.resolve("node.key"));
        for (Path wrong : List.of(text, key)) {
            Run run = weave(unusedPort(wrong.toString()), "db", "migrate", "elasticsearch");
            assertEquals(2, run.exit, run.toString());
            run.assertSays("caCertificate file " + wrong + " is not a PEM certificate", "not a key");
            run.assertClean();
        }
        Run folder = weave(unusedPort(project.toString()), "db", "migrate", "elasticsearch");
        assertEquals(2, folder.exit, folder.toString());
        folder.assertSays("caCertificate file " + project + " is not a file");
    }

    @Test
    void aCaCertificateBesidePlainHttpIsExitTwo() {
        Map<String, String> settings = unusedPort(secured.caCertificate.toString());
        settings.put("scheme", "http");

        Run run = weave(settings, "db", "migrate", "elasticsearch");

        assertEquals(2, run.exit, run.toString());
        run.assertSays("caCertificate is for https, but scheme is http; set scheme: https");
    }

    private Map<String, String> unusedPort(String caCertificate) {
        Map<String, String> settings = secured.withBasicAuth();
        settings.put("port", String.valueOf(ElasticsearchFixture.freePort()));
        settings.put("caCertificate", caCertificate);
        return settings;
    }

    /** Neither the index of V1 nor a ledger: a refused run left nothing behind. */
    private void assertNothingCreated() {
        assertEquals(404, secured.client().status("HEAD", "/" + prefix + "orders"));
        assertEquals(404, secured.client().status("HEAD", "/" + prefix + "weave_schema_history"));
    }

    /** Settings as CI gives them: ELASTICSEARCH_* variables, plus the index prefix of this test. */
    private Run weave(Map<String, String> settings, String... args) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((key, value) -> env.put("ELASTICSEARCH_" + key.replaceAll("([a-z])([A-Z])", "$1_$2")
                .toUpperCase(java.util.Locale.ROOT), value));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "indexPrefix=" + prefix));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = WeaveCli.run(new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, project, false), all.toArray(String[]::new));
        Run run = new Run(all, exit, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        System.out.println(run); // kept in target/surefire-reports for a reader of the messages
        return run;
    }

    private record Run(List<String> args, int exit, String output) {

        void assertSays(String... parts) {
            for (String part : parts) {
                assertTrue(output.contains(part), "expected '" + part + "' in:\n" + this);
            }
        }

        /** No stack trace, no password, no API key, whatever went wrong. */
        void assertClean() {
            assertFalse(output.contains("\tat ") || output.contains("Exception"), "a stack trace:\n" + this);
            assertFalse(output.contains(SecuredNode.PASSWORD), "the password:\n" + this);
            assertFalse(output.contains(SecuredNode.get().apiKey), "the API key:\n" + this);
        }

        @Override
        public String toString() {
            return "weave " + String.join(" ", args) + " -> exit " + exit + "\n" + output;
        }
    }
}
