package dev.weave.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weave.api.MigrateAllOptions;
import dev.weave.api.MigrateAllResult;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.core.WorkingDirectory;
import dev.weave.local.PostgresServer;
import dev.weave.local.elasticsearch.ElasticsearchServer;
import dev.weave.local.neo4j.Neo4jServer;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.neo4j.driver.Driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One tree migrated once per JVM: PostgreSQL targets into template databases, Neo4j and Elasticsearch in place.
 * Each test class gets its copy from {@link #forClass()}.
 */
final class MigratedStores implements ExtensionContext.Store.CloseableResource {

    static final String POSTGRES = "postgres";
    static final String NEO4J = "neo4j";
    static final String ELASTICSEARCH = "elasticsearch";

    /** Database names of one JVM: another JVM's tests on the same server never collide with them. */
    private static final String JVM = "weave_" + ProcessHandle.current().pid();
    private static final AtomicInteger CLASSES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WeaveConfig base;
    private final Map<String, String> storeOf;
    private final Map<String, String> templates = new LinkedHashMap<>();
    private PostgresServer postgres;
    private Neo4jServer neo4j;
    private ElasticsearchServer elasticsearch;
    private Driver driver;
    private RestClient rest;

    private MigratedStores(WeaveConfig base, Map<String, String> storeOf) {
        this.base = base;
        this.storeOf = storeOf;
    }

    static MigratedStores migrate(WeaveTest test) {
        Path cwd = Path.of("").toAbsolutePath();
        WeaveConfig.Builder builder = WeaveConfig.builder().environment(Map.of()).installedBy("weave-junit");
        if (!test.config().isEmpty()) {
            Path yaml = cwd.resolve(test.config());
            if (!Files.isRegularFile(yaml)) {
                throw new IllegalStateException("@WeaveTest(config = \"" + test.config() + "\"): no such file " + yaml);
            }
            WorkingDirectory.readConfigFile(yaml, builder, Map.of());
        }
        if (test.config().isEmpty() || !test.location().equals(".weave/migrations")) {
            builder.location(cwd.resolve(test.location()));
        }
        WeaveConfig base = builder.build();
        Weave probe = Weave.create(base);
        Set<String> only = Set.of(test.targets());
        Map<String, String> storeOf = new LinkedHashMap<>();
        for (String target : probe.targets()) {
            if (only.isEmpty() || only.contains(target)) {
                storeOf.put(target, probe.storeType(target));
            }
        }
        if (storeOf.isEmpty()) {
            throw new IllegalStateException("@WeaveTest: no targets under " + base.location()
                    + (only.isEmpty() ? "" : " named " + only));
        }
        MigratedStores stores = new MigratedStores(base, storeOf);
        stores.start();
        stores.migrateTemplates(only);
        return stores;
    }

    /** The servers this tree needs, side by side (Neo4j and Elasticsearch take seconds to start). */
    private void start() {
        CompletableFuture<Neo4jServer> graph = storeOf.containsValue(NEO4J)
                ? CompletableFuture.supplyAsync(Servers::neo4j) : CompletableFuture.completedFuture(null);
        CompletableFuture<ElasticsearchServer> search = storeOf.containsValue(ELASTICSEARCH)
                ? CompletableFuture.supplyAsync(Servers::elasticsearch) : CompletableFuture.completedFuture(null);
        postgres = storeOf.containsValue(POSTGRES) ? Servers.postgres() : null;
        neo4j = graph.join();
        elasticsearch = search.join();
        if (neo4j != null) {
            neo4j.reset(); // a scratch server: the migrations start from an empty graph
            driver = neo4j.openDriver();
        }
        if (elasticsearch != null) {
            rest = RestClient.builder(HttpHost.create(elasticsearch.url())).build();
        }
    }

    private void migrateTemplates(Set<String> only) {
        Map<String, String> databases = new LinkedHashMap<>();
        storeOf.forEach((target, store) -> {
            if (store.equals(POSTGRES)) {
                String template = name(JVM + "_template", target);
                postgres.dropDatabase(template);
                postgres.createDatabase(template);
                templates.put(target, template);
                databases.put(target, template);
            }
        });
        MigrateAllResult result = weaveOn(databases).migrateAll(new MigrateAllOptions(Set.of(), only, 4, false, false));
        if (result.exitCode() != 0) {
            List<String> failures = new ArrayList<>();
            result.targets().stream().filter(t -> t.exitCode() != 0)
                    .forEach(t -> failures.add(t.target() + ": " + t.error()));
            throw new IllegalStateException("@WeaveTest: the migrations under " + base.location() + " do not apply: "
                    + String.join("; ", failures));
        }
    }

    /** A fresh copy for one test class: its own PostgreSQL databases, an emptied graph and emptied indices. */
    ClassStores forClass() {
        int n = CLASSES.incrementAndGet();
        Map<String, String> databases = new LinkedHashMap<>();
        for (Map.Entry<String, String> template : templates.entrySet()) {
            String database = name(JVM + "_" + n, template.getKey());
            copy(template.getValue(), database);
            databases.put(template.getKey(), database);
        }
        if (driver != null) {
            try (var session = driver.session()) {
                session.run("MATCH (n) WHERE none(l IN labels(n) WHERE l STARTS WITH '__Weave') DETACH DELETE n").consume();
            }
        }
        if (rest != null) {
            emptyIndices();
        }
        return new ClassStores(this, databases);
    }

    Weave weaveOn(Map<String, String> databases) {
        WeaveConfig.Builder builder = base.toBuilder();
        storeOf.forEach((target, store) -> {
            switch (store) {
                case POSTGRES -> {
                    builder.targetSetting(target, "host", postgres.host());
                    builder.targetSetting(target, "port", String.valueOf(postgres.port()));
                    builder.targetSetting(target, "user", postgres.user());
                    if (postgres.password() != null) {
                        builder.targetSetting(target, "password", postgres.password());
                    }
                    builder.targetSetting(target, "database", databases.get(target));
                }
                case NEO4J -> {
                    builder.targetSetting(target, "uri", neo4j.boltUri());
                    builder.targetSetting(target, "user", neo4j.user());
                    builder.targetSetting(target, "password", neo4j.password());
                }
                case ELASTICSEARCH -> {
                    builder.targetSetting(target, "host", elasticsearch.host());
                    builder.targetSetting(target, "port", String.valueOf(elasticsearch.port()));
                }
                default -> throw new IllegalStateException("@WeaveTest has no isolation for " + store + " targets ("
                        + target + ") yet: PostgreSQL, Neo4j and Elasticsearch only");
            }
        });
        return Weave.create(builder.build());
    }

    /** Template copies need the template idle: Weave's sessions end a moment after their connections close. */
    private void copy(String template, String database) {
        postgres.dropDatabase(database);
        String sql = "CREATE DATABASE \"" + database + "\" TEMPLATE \"" + template + "\"";
        long deadline = System.nanoTime() + 30_000_000_000L;
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), postgres.password());
             Statement st = c.createStatement()) {
            while (true) {
                try {
                    st.execute(sql);
                    return;
                } catch (SQLException e) {
                    if (!"55006".equals(e.getSQLState()) || System.nanoTime() > deadline) {
                        throw new IllegalStateException(sql + ": " + e.getMessage(), e);
                    }
                    waitUntilIdle(st, template);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + postgres.host() + ":" + postgres.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Until the server lists no session on the template: it says when the leaving sessions are gone. */
    private static void waitUntilIdle(Statement st, String template) throws SQLException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + template + "'")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return;
                }
            }
            st.execute("SELECT pg_sleep(0.01)");
        }
    }

    /**
     * Deletes every document of the user's indices (Weave's own {@code weave_*} and hidden ones kept) by id, in
     * rounds of a search and a {@code _bulk}: {@code _delete_by_query} lives in a module a minimal node may lack.
     */
    private void emptyIndices() {
        try {
            while (true) {
                Request search = new Request("GET", "/*,-.*,-weave_*/_search");
                search.addParameter("expand_wildcards", "open");
                search.addParameter("allow_no_indices", "true");
                search.setJsonEntity("{\"size\":1000,\"_source\":false,\"query\":{\"match_all\":{}}}");
                JsonNode hits = JSON.readTree(rest.performRequest(search).getEntity().getContent()).path("hits").path("hits");
                if (hits.isEmpty()) {
                    return;
                }
                StringBuilder bulk = new StringBuilder();
                for (JsonNode hit : hits) {
                    ObjectNode delete = JSON.createObjectNode();
                    delete.putObject("delete").put("_index", hit.path("_index").asText()).put("_id", hit.path("_id").asText());
                    bulk.append(JSON.writeValueAsString(delete)).append('\n');
                }
                Request deletes = new Request("POST", "/_bulk");
                deletes.addParameter("refresh", "true");
                deletes.setJsonEntity(bulk.toString());
                rest.performRequest(deletes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the indices of " + elasticsearch.url() + ": " + e.getMessage(), e);
        }
    }

    void drop(Iterable<String> databases) {
        for (String database : databases) {
            postgres.dropDatabase(database);
        }
    }

    List<String> targets() {
        return List.copyOf(storeOf.keySet());
    }

    Set<String> postgresTargets() {
        return new LinkedHashSet<>(templates.keySet());
    }

    PostgresServer postgres() {
        if (postgres == null) {
            throw new IllegalStateException("this tree has no PostgreSQL target");
        }
        return postgres;
    }

    Neo4jServer neo4j() {
        if (neo4j == null) {
            throw new IllegalStateException("this tree has no Neo4j target");
        }
        return neo4j;
    }

    Driver neo4jDriver() {
        neo4j();
        return driver;
    }

    ElasticsearchServer elasticsearch() {
        if (elasticsearch == null) {
            throw new IllegalStateException("this tree has no Elasticsearch target");
        }
        return elasticsearch;
    }

    RestClient restClient() {
        elasticsearch();
        return rest;
    }

    /** Database names: lower-case identifiers of at most 63 characters. */
    private static String name(String prefix, String target) {
        String name = (prefix + "_" + target.toLowerCase().replaceAll("[^a-z0-9_]", "_"));
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    @Override
    public void close() {
        if (postgres != null) {
            drop(templates.values());
        }
        if (driver != null) {
            driver.closeAsync();
        }
        if (rest != null) {
            try {
                rest.close();
            } catch (IOException ignored) {
                // the JVM is ending
            }
        }
    }
}
