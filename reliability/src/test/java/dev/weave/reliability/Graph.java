package dev.weave.reliability;

import dev.weave.local.neo4j.LocalNeo4j;
import dev.weave.local.neo4j.Neo4jServer;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a Neo4j server straight over Bolt, to check what Weave did without asking Weave. */
final class Graph implements AutoCloseable {

    /** The lock node of a database, as the Neo4j adapter's lease lock writes it (lease end on the server's clock). */
    record Lock(String owner, long since, long leaseUntil) {
    }

    final String boltUri;
    final String user;
    final String password;
    private final Driver driver;

    Graph(Neo4jServer server) {
        this.boltUri = server.boltUri();
        this.user = server.user();
        this.password = server.password();
        this.driver = server.openDriver();
    }

    /** NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD as a user would set them. */
    Map<String, String> env() {
        return Map.of("NEO4J_URI", boltUri, "NEO4J_USER", user, "NEO4J_PASSWORD", password);
    }

    /** Community edition has one database: every node, constraint and index goes (see GraphReset). */
    void reset() {
        dev.weave.local.neo4j.GraphReset.reset(driver, Neo4jServer.DATABASE);
    }

    long count(String cypher) {
        try (Session session = driver.session()) {
            Value v = session.run(cypher).single().get(0);
            return v.isNull() ? 0 : v.asLong();
        }
    }

    List<LedgerRow> ledger() {
        try (Session session = driver.session()) {
            return session.run("MATCH (m:__WeaveMigration) RETURN m ORDER BY m.rank").list((Record r) -> {
                Value m = r.get("m");
                return new LedgerRow(m.get("rank").asInt(), m.get("version").asString(null), m.get("type").asString(""),
                        m.get("script").asString(""), m.get("success").asBoolean(false));
            });
        }
    }

    Optional<Lock> lock() {
        try (Session session = driver.session()) {
            List<Record> rows = session.run("MATCH (l:__WeaveLock) RETURN l.owner AS owner,"
                    + " l.since.epochMillis AS since, l.leaseUntil AS until").list();
            return rows.isEmpty() ? Optional.empty()
                    : Optional.of(new Lock(rows.get(0).get("owner").asString(""), rows.get(0).get("since").asLong(0),
                    rows.get(0).get("until").asLong(0)));
        }
    }

    /** The server's clock, in epoch ms (the lease is kept on it). */
    long serverMillis() {
        return count("RETURN timestamp()");
    }

    /** Whether some transaction is running a query that contains {@code fragment}. */
    boolean running(String fragment) {
        try (Session session = driver.session()) {
            return session.run("SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $f RETURN count(*) AS n",
                    Values.parameters("f", fragment)).single().get("n").asLong() > 0;
        }
    }

    /**
     * Holds a write lock on {@code (:Gate {name})} in an open transaction until closed: a migration that
     * writes the gate ({@code MATCH (g:Gate {name: '...'}) SET g.passed = true}) waits right there. A
     * deterministic "slow statement", where Community edition has no sleep procedure.
     */
    AutoCloseable holdGate(String name) {
        try (Session session = driver.session()) {
            session.run("MERGE (:Gate {name: $name})", Values.parameters("name", name)).consume();
        }
        Session session = driver.session();
        org.neo4j.driver.Transaction tx = session.beginTransaction();
        tx.run("MATCH (g:Gate {name: $name}) SET g.held = true", Values.parameters("name", name)).consume();
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                try {
                    tx.rollback();
                } finally {
                    session.close();
                }
            }
        };
    }

    /** The Cypher a migration uses to pass a gate. */
    static String passGate(String name) {
        return "MATCH (g:Gate {name: '" + name + "'}) SET g.passed = coalesce(g.passed, 0) + 1;\n";
    }

    /** Starts a server of its own on {@code home} (kept between starts): for the outage test. */
    static LocalNeo4j startDedicated(Path home, int port, String password) {
        try {
            return LocalNeo4j.start(home, port, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.closeAsync();
    }
}
