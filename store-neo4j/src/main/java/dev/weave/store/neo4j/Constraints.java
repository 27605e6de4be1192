package dev.weave.store.neo4j;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.Neo4jException;

/** Weave's own uniqueness constraints (ledger and lock), created on first use by whichever runner comes first. */
final class Constraints {

    private static final int ATTEMPTS = 5;

    private Constraints() {
    }

    /**
     * Creates the constraint unless it exists. Runners starting together may race on it (Neo4j then fails
     * one of them with an equivalent-schema or deadlock error): a failure counts as done when the
     * constraint is there afterwards.
     */
    static void ensure(Driver driver, String database, String name, String create) {
        if (exists(driver, database, name)) {
            return; // the usual case, and a read is cheaper than a schema transaction
        }
        for (int attempt = 1; ; attempt++) {
            try (Session session = driver.session(SessionConfig.forDatabase(database))) {
                session.run(create).consume();
                return;
            } catch (Neo4jException e) {
                if (exists(driver, database, name)) {
                    return;
                }
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                sleep(50L * attempt);
            }
        }
    }

    static boolean exists(Driver driver, String database, String name) {
        try (Session session = driver.session(SessionConfig.forDatabase(database))) {
            return session.run("SHOW CONSTRAINTS YIELD name WHERE name = $name RETURN count(*) AS n",
                    Values.parameters("name", name)).single().get("n").asLong() > 0;
        }
    }

    /** @return whether it existed */
    static boolean drop(Driver driver, String database, String name) {
        boolean existed = exists(driver, database, name);
        if (existed) {
            try (Session session = driver.session(SessionConfig.forDatabase(database))) {
                session.run("DROP CONSTRAINT " + quote(name) + " IF EXISTS").consume();
            }
        }
        return existed;
    }

    /** A schema name as a Cypher identifier: backticks, any backtick inside doubled. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
