package dev.weave.reliability;

import dev.weave.local.elasticsearch.LocalElasticsearch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Promise: passwords and API keys never appear in anything Weave prints (stdout, stderr), in its JSON, or in
 * any file it writes, on success and on every failure path.
 *
 * <p>Real processes with every configured secret in play at once (PostgreSQL and Neo4j passwords, an
 * Elasticsearch node with security on, reached by user and password or by API key), given through the
 * environment, flags and weave.yaml; wrong ones too. After each run the output, the JSON and every file
 * the run left in the project, its home and its temporary folder are searched for each secret in the
 * forms it could leak in (as is, URL-encoded, inside a Basic authorization header, the API key's parts).
 */
@ResourceLock(Resources.NEO4J)
class SecretsTest {

    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String ES_USER = Servers.SECURED_USER;
    private static final String ES_PASSWORD = Servers.SECURED_PASSWORD;
    private static LocalElasticsearch secured;
    private static String apiKey;
    private static String apiKeySecret;

    private final Set<String> secrets = new LinkedHashSet<>();
    private final Set<String> paths = new TreeSet<>();
    private int runs;

    /**
     * Security on; no valid API key can be made on this Elasticsearch build (the security index needs an
     * analysis module the integ-test-zip leaves out), so the API key is well-formed and refused by the node.
     */
    @BeforeAll
    static void startSecuredElasticsearch() {
        secured = Servers.securedElasticsearch();
        apiKeySecret = "Api-K3y-secret-5526";
        apiKey = Base64.getEncoder().encodeToString(("weaveKeyId:" + apiKeySecret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void noSecretInAnyOutputJsonOrFileOnSuccessAndOnEveryFailurePath() throws Exception {
        Graph graph = Servers.neo4j();
        graph.reset();
        String db = "secrets_app";
        Pg pg = Servers.pg();
        pg.recreate(db);
        String pgPassword = Servers.postgres().password();
        String wrongPg = "wrong-PG-pw-5521";
        String wrongEs = "wrong-ES-pw-5522";
        String wrongKey = Base64.getEncoder().encodeToString("nokey:wrong-key-5523".getBytes(StandardCharsets.UTF_8));
        String wrongNeo = "wrong-NEO-pw-5524";
        String yamlPassword = "Yaml-Only-pw-5525";
        secret(pgPassword, graph.password, ES_PASSWORD, apiKey, apiKeySecret, wrongPg, wrongEs, wrongKey, "wrong-key-5523",
                wrongNeo, yamlPassword);
        secrets.add(basic(ES_USER, ES_PASSWORD));
        secrets.add(basic(ES_USER, wrongEs));

        Path project = Work.project("secrets");
        Path pgDir = project.resolve(".weave/migrations").resolve(db);
        Work.write(pgDir.resolve("V1__users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);\n");
        Work.write(project.resolve(".weave/migrations/elasticsearch/scripts/V1__items.http"), "PUT /secrets_items\n");
        Work.write(project.resolve(".weave/migrations/neo4j/cypher/V1__a.cypher"), "CREATE (:SecretsTest);\n");
        Work.write(project.resolve("weave.yaml"), "stores:\n  elasticsearch: { indexPrefix: secrets_ }\n");
        Map<String, String> env = new HashMap<>(Servers.env());
        env.put("ELASTICSEARCH_HOST", secured.host());
        env.put("ELASTICSEARCH_PORT", String.valueOf(secured.port()));
        env.put("ELASTICSEARCH_USER", ES_USER);
        env.put("ELASTICSEARCH_PASSWORD", ES_PASSWORD);

        // success, as a person and as a machine reads it
        expect(0, project, env, "db", "migrate-all");
        expect(0, project, env, "db", "migrate-all", "--json");
        expect(0, project, env, "db", "info", db, "--json");
        expect(0, project, env, "db", "history", "elasticsearch", "--json");
        expect(0, project, env, "db", "validate-all", "--json");
        expect(0, project, env, "db", "migrate", db, "--password", pgPassword, "--dry-run");
        expect(0, project, env, "db", "migrate-neo4j", "info");

        // wrong credentials, for each store, through the environment and through flags
        expect(4, project, WeaveProcess.with(env, "POSTGRES_PASSWORD", wrongPg), "db", "migrate", db);
        expect(4, project, env, "db", "migrate", db, "--password", wrongPg, "--json");
        expect(4, project, WeaveProcess.with(env, "ELASTICSEARCH_PASSWORD", wrongEs), "db", "migrate", "elasticsearch");
        expect(4, project, WeaveProcess.with(env, "ELASTICSEARCH_PASSWORD", wrongEs), "db", "validate-all", "--json");
        Map<String, String> byKey = WeaveProcess.with(env, "ELASTICSEARCH_API_KEY", apiKey);
        byKey.remove("ELASTICSEARCH_USER");
        byKey.remove("ELASTICSEARCH_PASSWORD");
        expect(4, project, byKey, "db", "migrate-elasticsearch", "info", "--json");
        expect(4, project, WeaveProcess.with(byKey, "ELASTICSEARCH_API_KEY", wrongKey), "db", "migrate", "elasticsearch");
        Map<String, String> noCredentials = new HashMap<>(env);
        noCredentials.remove("ELASTICSEARCH_USER");
        noCredentials.remove("ELASTICSEARCH_PASSWORD");
        expect(4, project, noCredentials, "db", "migrate", "elasticsearch");
        expect(4, project, WeaveProcess.with(env, "NEO4J_PASSWORD", wrongNeo), "db", "migrate", "neo4j");
        expect(4, project, env, "db", "migrate-all", "--json", "--password", wrongNeo, "--no-include-postgres",
                "--no-include-elasticsearch");

        // unreachable, with the passwords set
        int unused = unusedPort();
        expect(4, project, WeaveProcess.with(env, "POSTGRES_PORT", String.valueOf(unused)), "db", "migrate", db);
        expect(4, project, WeaveProcess.with(env, "ELASTICSEARCH_PORT", String.valueOf(unused)), "db", "migrate", "elasticsearch");
        expect(4, project, WeaveProcess.with(env, "NEO4J_URI", "bolt://127.0.0.1:" + unused), "db", "migrate", "neo4j", "--json");

        // a migration that fails in the store
        Work.write(pgDir.resolve("V2__broken.sql"), "INSERT INTO users VALUES ('not a number');\n");
        Work.write(project.resolve(".weave/migrations/elasticsearch/scripts/V2__broken.http"), "PUT /Secrets_Upper\n");
        Work.write(project.resolve(".weave/migrations/neo4j/cypher/V2__broken.cypher"), "RETURN 1 / 0;\n");
        expect(1, project, env, "db", "migrate-all", "--keep-going");
        // Elasticsearch now refuses (its ledger holds a failed entry): 3 is the worst exit of the targets
        expect(3, project, WeaveProcess.with(env, "WEAVE_DEBUG", "1"), "db", "migrate-all", "--json", "--keep-going");
        expect(3, project, env, "db", "validate-all");
        Files.delete(pgDir.resolve("V2__broken.sql"));
        Files.delete(project.resolve(".weave/migrations/elasticsearch/scripts/V2__broken.http"));
        Files.delete(project.resolve(".weave/migrations/neo4j/cypher/V2__broken.cypher"));
        expect(0, project, env, "db", "repair", "elasticsearch");
        expect(0, project, env, "db", "repair", "neo4j");

        // another runner holds the lock
        try (Connection holder = pg.connect(db); Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + Pg.LOCK_CLASS + ", " + Pg.LOCK_KEY + ")");
            Work.write(pgDir.resolve("V3__more.sql"), "CREATE TABLE more (id INT);\n");
            expect(5, project, env, "db", "migrate", db, "--lock-timeout", "1s", "--password", pgPassword);
            expect(5, project, env, "db", "migrate-all", "--lock-timeout", "1s", "--json");
        }

        // configuration mistakes next to the passwords
        Path yaml = project.resolve("weave.yaml");
        Work.write(yaml, "lockTimout: 5s\nstores:\n  postgres: { password: \"" + yamlPassword + "\" }\n");
        expect(2, project, env, "db", "migrate", db);
        Work.write(yaml, "stores:\n  postgres: { password: \"" + yamlPassword + "\" }\ntargets:\n  app: { store: postgres, folder: " + db
                + ", settings: { port: \"x" + yamlPassword + "\" } }\n");
        expect(2, project, env, "db", "migrate", "app", "--json");
        Work.write(yaml, "stores:\n  postgres: { password: \"" + yamlPassword + "\", port: [5432\n");
        expect(2, project, env, "db", "migrate", db);
        Work.write(yaml, "stores:\n  postgres:\n    password: " + yamlPassword + "\n    password: " + yamlPassword + "\n");
        expect(2, project, env, "db", "migrate", db, "--json");
        Files.delete(yaml);
        expect(2, project, WeaveProcess.with(env, "ELASTICSEARCH_API_KEY", apiKey), "db", "migrate", "elasticsearch");
        expect(2, project, WeaveProcess.with(env, "NEO4J_URI", "bolt://neo4j:" + graph.password + "@127.0.0.1:7687"),
                "db", "migrate", "neo4j");
        expect(2, project, env, "db", "migrate", db, "--password", pgPassword, "--lock-timeout", "soon");

        Figures.set("secrets.runsScanned", runs);
        Figures.set("secrets.secretsSearchedFor", secrets.size());
        Figures.set("secrets.exitCodesCovered", paths);
        assertTrue(paths.containsAll(List.of("exit0", "exit1", "exit2", "exit3", "exit4", "exit5")), paths.toString());
    }

    private void secret(String... values) {
        for (String v : values) {
            secrets.add(v);
            secrets.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs weave, checks the exit code, and searches everything it printed or wrote for every secret. */
    private void expect(int exit, Path project, Map<String, String> env, String... args) throws IOException {
        long before = System.currentTimeMillis() - 1000;
        WeaveProcess.Result run = WeaveProcess.run(project, env, LIMIT, args);
        runs++;
        paths.add("exit" + run.exit());
        Figures.add("secrets.exit" + run.exit(), 1);
        assertEquals(exit, run.exit(), "weave " + String.join(" ", args) + ": exit code\n" + run);
        List<String> leaks = new ArrayList<>();
        for (String secret : secrets) {
            if (run.out().contains(secret)) {
                leaks.add("stdout");
            }
            if (run.err().contains(secret)) {
                leaks.add("stderr");
            }
        }
        if (List.of(args).contains("--json") && !run.out().isBlank()) {
            Json.of(run); // stdout is one JSON document, searched above
        }
        for (Path root : List.of(project, Work.dir("home"), Work.dir("tmp"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (Files.getLastModifiedTime(f).toMillis() < before || f.toString().endsWith("weave.yaml")) {
                        continue; // the test's own files: weave.yaml holds a password on purpose
                    }
                    Figures.add("secrets.filesScanned", 1);
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    for (String secret : secrets) {
                        if (text.contains(secret)) {
                            leaks.add(f.toString());
                        }
                    }
                }
            }
        }
        if (!leaks.isEmpty()) {
            Figures.add("secrets.leaks", 1);
            fail("a secret leaked into " + leaks + ":\n" + run);
        }
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
