package dev.weave.store.neo4j;

import dev.weave.conformance.StoreFixture;
import dev.weave.local.neo4j.Neo4jServer;
import dev.weave.local.neo4j.SharedNeo4j;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fresh targets on the one real Neo4j of this test JVM. Community edition has one user database, so a
 * fresh target is the reset graph (tests run one after the other). The objects the suite creates are
 * either nodes {@code (:WeaveTestObject {name})} (data statements: a migration runs in one transaction
 * with its ledger entry) or uniqueness constraints named after the object (schema statements: the failing
 * script mixes schema and data, so it runs statement by statement and its failure is recorded).
 * {@link #securedNodes()} is the node fixture on the TLS-only server ({@link SecuredNeo4j}), reached with
 * {@code bolt+s://localhost} and the test CA as {@code caCertificate}.
 */
final class Neo4jFixture implements StoreFixture {

    enum Objects { NODES, CONSTRAINTS }

    static final Neo4jFixture NODES = new Neo4jFixture(Objects.NODES);
    static final Neo4jFixture CONSTRAINTS = new Neo4jFixture(Objects.CONSTRAINTS);

    final Neo4jServer server;
    private final Objects objects;
    /** What every target of this fixture adds to the uri and credentials (the TLS fixture: caCertificate). */
    private final Map<String, String> connection;
    private Driver driver;

    private Neo4jFixture(Objects objects) {
        this(objects, SharedNeo4j.get(), Map.of());
    }

    private Neo4jFixture(Objects objects, Neo4jServer server, Map<String, String> connection) {
        this.objects = objects;
        this.server = server;
        this.connection = connection;
    }

    /** Starts the TLS server on first use (once per JVM); call it from the tests that need it only. */
    static Neo4jFixture securedNodes() {
        SecuredNeo4j secured = SecuredNeo4j.get();
        return new Neo4jFixture(Objects.NODES, secured.server,
                Map.of(CaCertificate.SETTING, secured.caCertificate.toString()));
    }

    @Override
    public String storeType() {
        return "neo4j";
    }

    @Override
    public String extension() {
        return ".cypher";
    }

    @Override
    public Map<String, String> freshTarget(String name) {
        server.reset();
        return settings();
    }

    /** The node suite leaves the database to the server's default; the constraint suite names it. */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(Map.of("uri", server.boltUri(), "user", server.user(),
                "password", server.password()));
        settings.putAll(connection);
        if (objects == Objects.CONSTRAINTS) {
            settings.put("database", Neo4jServer.DATABASE);
        }
        return Map.copyOf(settings);
    }

    @Override
    public String createObject(String name) {
        return objects == Objects.NODES
                ? "CREATE (:WeaveTestObject {name: '" + name + "'});\n"
                // one label per constraint: Neo4j refuses two constraints on the same label and property
                : "CREATE CONSTRAINT " + name + " FOR (o:" + name + ") REQUIRE o.id IS UNIQUE;\n";
    }

    @Override
    public String dropObject(String name) {
        return objects == Objects.NODES
                ? "MATCH (o:WeaveTestObject {name: '" + name + "'}) DELETE o;\n"
                : "DROP CONSTRAINT " + name + ";\n";
    }

    /** A runtime error (division by zero) in the statement on line 3. */
    @Override
    public String failingScript(String createdFirst) {
        return createObject(createdFirst) + "\nRETURN 1 / 0;\n";
    }

    @Override
    public boolean objectExists(Map<String, String> target, String name) {
        try (Session session = driver().session()) {
            String query = objects == Objects.NODES
                    ? "MATCH (o:WeaveTestObject {name: $name}) RETURN count(o) > 0"
                    : "SHOW CONSTRAINTS YIELD name WHERE name = $name RETURN count(*) > 0";
            return session.run(query, Values.parameters("name", name)).single().get(0).asBoolean();
        }
    }

    @Override
    public boolean transactional() {
        return objects == Objects.NODES;
    }

    @Override
    public Map<String, String> unreachableTarget(String name) {
        Map<String, String> nowhere = new HashMap<>(connection);
        nowhere.putAll(Map.of("uri", server.boltUri().replaceFirst(":\\d+$", ":" + freePort()), "user", "neo4j",
                "password", "irrelevant"));
        return Map.copyOf(nowhere);
    }

    @Override
    public Optional<Map<String, String>> wrongCredentialsTarget(String name) {
        Map<String, String> wrong = new HashMap<>(connection);
        wrong.putAll(Map.of("uri", server.boltUri(), "user", server.user(), "password", "wrong-password-7f3a"));
        return Optional.of(Map.copyOf(wrong));
    }

    /** One driver for the fixture's own checks, kept for the JVM's life like the server. */
    synchronized Driver driver() {
        if (driver == null) {
            driver = server.openDriver();
        }
        return driver;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
