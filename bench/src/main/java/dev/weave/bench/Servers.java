package dev.weave.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weave.local.LocalPostgres;
import dev.weave.local.elasticsearch.LocalElasticsearch;
import dev.weave.local.neo4j.LocalNeo4j;
import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The real servers every tool talks to, started once for the whole run without Docker (the project's own
 * {@code LocalPostgres}, {@code LocalNeo4j}, {@code LocalElasticsearch}, each with its temporary data), and what the
 * harness does on them between measurements: a fresh database, a cleaned graph, a cleaned node, and the checks that
 * a tool really applied its migrations.
 */
final class Servers implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<Store> stores;
    private volatile LocalPostgres postgres;
    private volatile LocalNeo4j neo4j;
    private volatile LocalElasticsearch elasticsearch;
    private volatile Driver neo4jDriver;
    private volatile RestClient es;
    private int databases;

    private Servers(Set<Store> stores) {
        this.stores = stores;
    }

    /** Starts the servers of {@code stores} at the same time (each is its own process; together ~10 s, not ~25). */
    static Servers start(Set<Store> stores, java.util.function.Consumer<String> log) throws IOException {
        Servers s = new Servers(EnumSet.copyOf(stores));
        Runtime.getRuntime().addShutdownHook(new Thread(s::close, "weave-bench-servers-stop"));
        java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<?>> started = new ArrayList<>();
            if (stores.contains(Store.POSTGRES)) {
                started.add(starter.submit(() -> {
                    log.accept("starting PostgreSQL");
                    s.postgres = LocalPostgres.startTemporary();
                    return null;
                }));
            }
            if (stores.contains(Store.NEO4J)) {
                started.add(starter.submit(() -> {
                    log.accept("starting Neo4j");
                    s.neo4j = LocalNeo4j.startTemporary();
                    s.neo4jDriver = s.neo4j.openDriver();
                    return null;
                }));
            }
            if (stores.contains(Store.ELASTICSEARCH)) {
                started.add(starter.submit(() -> {
                    log.accept("starting Elasticsearch");
                    s.elasticsearch = LocalElasticsearch.startTemporary();
                    s.es = RestClient.builder(new HttpHost(s.elasticsearch.host(), s.elasticsearch.port(), "http")).build();
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : started) {
                f.get();
            }
            log.accept("servers up");
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.close();
            throw new IOException("interrupted while starting the servers", e);
        } catch (java.util.concurrent.ExecutionException e) {
            s.close();
            throw new IOException("a server did not start: " + e.getCause().getMessage(), e.getCause());
        } finally {
            starter.shutdown();
        }
    }

    Set<Store> stores() {
        return stores;
    }

    Connections connections(String pgDatabase) {
        return new Connections(
                postgres == null ? null : postgres.host(), postgres == null ? 0 : postgres.port(),
                postgres == null ? null : postgres.user(), postgres == null ? null : postgres.password(), pgDatabase,
                neo4j == null ? null : neo4j.boltUri(), neo4j == null ? null : neo4j.user(),
                neo4j == null ? null : neo4j.password(),
                elasticsearch == null ? null : elasticsearch.host(), elasticsearch == null ? 0 : elasticsearch.port());
    }

    // ---- fresh state

    /** A new, empty database; its name. */
    String freshDatabase() {
        String name = "bench_" + (++databases);
        postgres.dropDatabase(name);
        postgres.createDatabase(name);
        return name;
    }

    void dropDatabase(String name) {
        postgres.dropDatabase(name);
    }

    /** Community edition has one user database: every node, relationship, constraint and index goes. */
    void resetGraph() {
        neo4j.reset();
    }

    /** Every index but the node's own (dot-prefixed) ones: the migrations' indices and every tool's ledger. */
    void resetNode() throws IOException {
        JsonNode indices = JSON.readTree(es("GET", "/_cat/indices?format=json&h=index&expand_wildcards=all"));
        List<String> names = new ArrayList<>();
        for (JsonNode i : indices) {
            String name = i.path("index").asText();
            if (!name.startsWith(".")) {
                names.add(name);
            }
        }
        for (String name : names) {
            es("DELETE", "/" + name);
        }
    }

    void reset(Store store) throws IOException {
        switch (store) {
            case NEO4J -> resetGraph();
            case ELASTICSEARCH -> resetNode();
            case POSTGRES -> {
            }
        }
    }

    // ---- did the tool really apply the migrations?

    /**
     * Checks the ledger of {@code tool} (none for the floor) holds {@code n} successful entries and that the
     * migrations' effects are all there; throws naming what is missing.
     */
    void verify(Store store, Tool tool, int n, String pgDatabase) throws IOException, SQLException {
        switch (store) {
            case POSTGRES -> verifyPostgres(tool, n, pgDatabase);
            case NEO4J -> verifyNeo4j(tool, n);
            case ELASTICSEARCH -> verifyElasticsearch(tool, n);
        }
    }

    private void verifyPostgres(Tool tool, int n, String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
             Statement st = c.createStatement()) {
            if (tool == Tool.WEAVE) {
                expect("Weave ledger rows", n, count(st, "SELECT count(*) FROM weave_schema_history WHERE success"));
            } else if (tool == Tool.PEER) {
                expect("Flyway ledger rows", n,
                        count(st, "SELECT count(*) FROM flyway_schema_history WHERE success AND type = 'SQL'"));
            }
            expect("tables t_<n>", Generator.pgTables(n), count(st,
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t_[0-9]+$'"));
            int last = Generator.pgTable(n);
            expect("rows of t_" + last, n - last, count(st, "SELECT count(*) FROM t_" + last));
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void verifyNeo4j(Tool tool, int n) {
        try (Session session = neo4jDriver.session()) {
            if (tool == Tool.WEAVE) {
                expect("Weave ledger nodes", n, single(session, "MATCH (m:__WeaveMigration) WHERE m.success RETURN count(m)"));
            } else if (tool == Tool.PEER) {
                expect("neo4j-migrations ledger nodes", n, single(session,
                        "MATCH (m:__Neo4jMigration) WHERE m.version <> 'BASELINE' RETURN count(m)"));
            }
            expect("TAGGED relationships", Generator.neo4jDataFiles(n),
                    single(session, "MATCH (:Tag)<-[r:TAGGED]-() RETURN count(r)"));
            long constraints = 0;
            for (int i = 1; i <= n; i += 100) {
                constraints++;
            }
            expect("constraints c_<n>", constraints,
                    single(session, "SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH 'c_' RETURN count(*)"));
        }
    }

    private static long single(Session session, String query) {
        Record r = session.run(query).single();
        return r.get(0).asLong();
    }

    private void verifyElasticsearch(Tool tool, int n) throws IOException {
        es("POST", "/_refresh?expand_wildcards=all");
        if (tool == Tool.WEAVE) {
            expect("Weave ledger documents", n, esCount("/weave_schema_history/_count"));
        } else if (tool == Tool.PEER) {
            expect("elasticsearch-evolution history documents", n, esCount("/es_evolution/_count"));
        }
        expect("documents in bench_*", Generator.esDocuments(n), esCount("/bench_*/_count"));
        JsonNode indices = JSON.readTree(es("GET", "/_cat/indices/bench_*?format=json&h=index"));
        expect("indices bench_*", Generator.esIndices(n), indices.size());
    }

    private long esCount(String path) throws IOException {
        return JSON.readTree(es("GET", path)).path("count").asLong(-1);
    }

    private static void expect(String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + ": expected " + expected + ", found " + actual);
        }
    }

    private String es(String method, String path) throws IOException {
        Request r = new Request(method, path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
        if (path.contains("?")) {
            for (String p : path.substring(path.indexOf('?') + 1).split("&")) {
                String[] kv = p.split("=", 2);
                r.addParameter(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        Response response;
        try {
            response = es.performRequest(r);
        } catch (ResponseException e) {
            throw new IOException(method + " " + path + ": " + e.getMessage(), e);
        }
        return response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
    }

    // ---- versions for the report

    String postgresVersion() {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), postgres.password());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        } catch (SQLException e) {
            return "PostgreSQL (version unknown)";
        }
    }

    String neo4jVersion() {
        try (Session session = neo4jDriver.session()) {
            Record r = session.run("CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0], edition").single();
            return r.get(0).asString() + " " + r.get(1).asString() + " " + r.get(2).asString();
        } catch (RuntimeException e) {
            return "Neo4j (version unknown)";
        }
    }

    String elasticsearchVersion() {
        try {
            JsonNode nodes = JSON.readTree(es("GET", "/_nodes/_local?filter_path=nodes.*.version,nodes.*.build_flavor"));
            JsonNode node = nodes.path("nodes").elements().next();
            return "Elasticsearch " + node.path("version").asText() + " (integ-test-zip, single node)";
        } catch (IOException | RuntimeException e) {
            return "Elasticsearch (version unknown)";
        }
    }

    @Override
    public synchronized void close() {
        if (neo4jDriver != null) {
            neo4jDriver.closeAsync();
            neo4jDriver = null;
        }
        if (es != null) {
            try {
                es.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            es = null;
        }
        for (AutoCloseable server : new AutoCloseable[] {elasticsearch, neo4j, postgres}) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception ignored) {
                    // stopping everything we started, whatever fails
                }
            }
        }
        elasticsearch = null;
        neo4j = null;
        postgres = null;
    }
}
