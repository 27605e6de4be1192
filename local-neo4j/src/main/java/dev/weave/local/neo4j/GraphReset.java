package dev.weave.local.neo4j;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

import java.util.List;

/**
 * Brings a database back to how a new one looks, for per-test isolation on Community edition (one user
 * database, so no fresh database per test): all nodes (with their relationships) deleted in batches, all
 * constraints and indexes dropped. The two token LOOKUP indexes stay: a new database has them too, and
 * label scans without them are slow.
 */
public final class GraphReset {

    private static final int BATCH = 10_000;

    private GraphReset() {
    }

    public static void reset(Driver driver, String database) {
        try (Session session = driver.session(SessionConfig.forDatabase(database))) {
            // In batches: one transaction over a big graph would need all of it in memory at once.
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF " + BATCH + " ROWS").consume();
            // Constraints first: dropping a constraint drops the index it owns.
            for (String name : names(session, "SHOW CONSTRAINTS YIELD name RETURN name")) {
                session.run("DROP CONSTRAINT " + quote(name) + " IF EXISTS").consume();
            }
            for (String name : names(session, "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name")) {
                session.run("DROP INDEX " + quote(name) + " IF EXISTS").consume();
            }
        }
    }

    private static List<String> names(Session session, String query) {
        return session.run(query).list((Record r) -> r.get("name").asString());
    }

    /** A schema name as a Cypher identifier: backticks, with any backtick inside doubled. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
