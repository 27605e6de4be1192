package dev.weave.local.neo4j;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;

/**
 * A running Neo4j 5 server reachable over Bolt with auth enabled, wherever it runs (its own process on
 * this machine, or a container). Community edition: one user database ({@code neo4j}), so tests share it
 * and {@link #reset()} it between test classes.
 */
public interface Neo4jServer {

    String USER = "neo4j";
    String DATABASE = "neo4j";

    /** {@code bolt://127.0.0.1:<port>} (a TLS server: {@code bolt+s://localhost:<port>}), without credentials. */
    String boltUri();

    /** The admin user, {@value #USER}. */
    default String user() {
        return USER;
    }

    String password();

    /** A new driver logged in as the admin user (trusting the server's test CA, for TLS); the caller closes it. */
    default Driver openDriver() {
        return GraphDatabase.driver(boltUri(), AuthTokens.basic(user(), password()),
                Config.builder().withLogging(Logging.none()).withUserAgent("weave-local-neo4j").build());
    }

    /** Empties the user database: every node and relationship, every constraint and index (see {@link GraphReset}). */
    default void reset() {
        Driver driver = openDriver();
        try {
            GraphReset.reset(driver, DATABASE);
        } finally {
            driver.closeAsync(); // a synchronous close waits out Netty's quiet period (~200 ms) for nothing
        }
    }
}
