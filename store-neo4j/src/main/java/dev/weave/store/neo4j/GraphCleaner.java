package dev.weave.store.neo4j;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Empties a database for {@code clean --all}: every node with its relationships (in batches, so a big graph
 * does not have to fit in one transaction), every constraint and every index the migrations created. The
 * two token LOOKUP indexes stay: every new database has them, and label scans without them are slow.
 */
final class GraphCleaner {

    private static final int BATCH = 10_000;

    private final Driver driver;
    private final String database;

    GraphCleaner(Driver driver, String database) {
        this.driver = driver;
        this.database = database;
    }

    List<String> dropAll() {
        List<String> removed = new ArrayList<>();
        try (Session session = driver.session(SessionConfig.forDatabase(database))) {
            long nodes = session.run("MATCH (n) RETURN count(n) AS n").single().get("n").asLong();
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF " + BATCH + " ROWS").consume();
            if (nodes > 0) {
                removed.add(nodes + " nodes with their relationships");
            }
            // Constraints first: dropping one drops the index it owns.
            for (String name : session.run("SHOW CONSTRAINTS YIELD name RETURN name").list(r -> r.get(0).asString())) {
                session.run("DROP CONSTRAINT " + Constraints.quote(name) + " IF EXISTS").consume();
                removed.add("constraint " + name);
            }
            for (String name : session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name")
                    .list(r -> r.get(0).asString())) {
                session.run("DROP INDEX " + Constraints.quote(name) + " IF EXISTS").consume();
                removed.add("index " + name);
            }
        }
        return removed;
    }
}
