package dev.weave.reliability;

import dev.weave.local.LocalPostgres;
import dev.weave.local.elasticsearch.LocalElasticsearch;
import dev.weave.local.neo4j.LocalNeo4j;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: when the server goes away in the middle of a migration, the runner stops with a clear error
 * and a documented exit code (4: the store could not be reached, naming the migration it cut off),
 * the ledger tells the truth once the server is back, and a plain retry (here {@code --wait}, started while
 * the server is still down) finishes the job with every migration applied exactly once.
 *
 * <p>Each store gets a server of its own, started for this test on a kept data directory, stopped (its
 * real process) while a migration is in its slow statement, and started again on the same data and port.
 */
@Execution(ExecutionMode.CONCURRENT)
class ServerOutageTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    /**
     * How long a retry waits for its server to come back (--wait) and the test for the retry: a restart of Neo4j or
     * Elasticsearch on its kept data took over 90 s on a 2-core machine under two CPU hogs and other builds. Bounds, not
     * durations: on a quiet machine the retry ends as soon as the server answers.
     */
    private static final Duration RESTART = Duration.ofSeconds(300);

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void postgresGoesAwayMidMigrationAndComesBack() throws Exception {
        Path data = Files.createTempDirectory("weave-reliability-pg-outage-");
        String password = "outage-Pw-" + Long.toHexString(System.nanoTime());
        LocalPostgres server = LocalPostgres.start(data, 0, password);
        try {
            int port = server.port();
            Pg pg = new Pg(server.host(), port, server.user(), password);
            String db = "outage_app";
            pg.recreate(db);
            Path project = Work.project("outage-postgres");
            Path dir = project.resolve(".weave/migrations").resolve(db);
            Work.write(dir.resolve("V1__users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);\nINSERT INTO users VALUES (1);\n");
            Work.write(dir.resolve("V2__backfill.sql"), "CREATE TABLE backfill (id INT);\n"
                    + "INSERT INTO backfill SELECT generate_series(1, 1000);\nSELECT pg_sleep(30);\n"
                    + "INSERT INTO backfill SELECT generate_series(1001, 2000);\n");
            Work.write(dir.resolve("V3__more.sql"), "INSERT INTO users VALUES (2);\n");
            Map<String, String> env = Map.of("POSTGRES_HOST", server.host(), "POSTGRES_PORT", String.valueOf(port),
                    "POSTGRES_USER", server.user(), "POSTGRES_PASSWORD", password);
            String address = "postgresql://" + server.host() + ":" + port + "/" + db;

            WeaveProcess.Result cut;
            try (WeaveProcess runner = WeaveProcess.start(project, env, "db", "migrate", db)) {
                runner.awaitWhileRunning(() -> pg.running(db, "pg_sleep(30)"), "V2's slow statement", LIMIT);
                server.close(); // pg_ctl stop -m fast: the server process goes away, sessions are cut
                cut = runner.await(LIMIT);
            }
            assertClearFailure("postgres", cut, address, "V2__backfill.sql");

            WeaveProcess.Result down = WeaveProcess.run(project, env, LIMIT, "db", "migrate", db);
            assertEquals(4, down.exit(), "migrate while the server is down: " + down);
            assertTrue(down.err().contains("cannot reach PostgreSQL at " + address), down.err());
            Figures.add("outage.unreachableRuns", 1);

            try (WeaveProcess retry = WeaveProcess.start(project, env, "db", "migrate", db, "--wait", RESTART.toSeconds() + "s")) {
                // the retry says that it waits, naming the server; only then is the server started again
                retry.awaitWhileRunning(() -> retry.out().contains(db + ": waiting for postgres at " + address + " (attempt 1, "),
                        "its first 'waiting for postgres' line", LIMIT);
                server = LocalPostgres.start(data, port, password);
                Pg back = new Pg(server.host(), port, server.user(), password);
                WeaveProcess.Result done = retry.await(RESTART.plus(LIMIT));
                assertEquals(0, done.exit(), "retry with --wait once the server is back: " + done);
                Ledgers.assertConsistent("postgres after the outage", back.ledger(db),
                        List.of("V1__users.sql", "V2__backfill.sql", "V3__more.sql"));
                assertEquals(2000, back.count(db, "SELECT count(*) FROM backfill"));
                assertEquals(2, back.count(db, "SELECT count(*) FROM users"));
            }
            Figures.add("outage.cleanRetries", 1);
            Figures.append("outage.stores", "postgres");
        } finally {
            stopQuietly(server);
            Directories.deleteQuietly(data);
        }
    }

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void elasticsearchGoesAwayMidMigrationAndComesBack() throws Exception {
        Path data = Files.createTempDirectory("weave-reliability-es-outage-");
        LocalElasticsearch server = LocalElasticsearch.start(data, 0);
        try {
            int port = server.port();
            Es es = Es.of(server.url());
            String p = "outage_";
            Path project = Work.project("outage-elasticsearch");
            Path dir = project.resolve(".weave/migrations/elasticsearch/scripts");
            Work.write(project.resolve("weave.yaml"), "stores:\n  elasticsearch: { indexPrefix: " + p + ", lockLease: 2s }\n");
            Work.write(dir.resolve("V1__items.http"), "PUT /" + p + "items\n\n{\"settings\": {\"number_of_replicas\": 0}}\n");
            Work.write(dir.resolve("V2__fill.http"), "PUT /" + p + "items/_doc/1?refresh=true\n\n{\"n\": 1}\n"
                    + "###\nGET /_nodes/hot_threads?interval=3s\n"
                    + "###\nPUT /" + p + "items/_doc/2?refresh=true\n\n{\"n\": 2}\n");
            Work.write(dir.resolve("V3__more.http"), "PUT /" + p + "items/_doc/3?refresh=true\n\n{\"n\": 3}\n");
            Map<String, String> env = Map.of("ELASTICSEARCH_HOST", server.host(), "ELASTICSEARCH_PORT", String.valueOf(port));
            String address = "http://" + server.host() + ":" + port;

            WeaveProcess.Result cut;
            try (WeaveProcess runner = WeaveProcess.start(project, env, "db", "migrate", "elasticsearch")) {
                runner.awaitWhileRunning(() -> es.docExists(p + "items", "1"), "V2's first request", LIMIT);
                Thread.sleep(300); // now in the slow request
                server.close(); // SIGTERM to the node's process tree: it goes away
                cut = runner.await(LIMIT);
            }
            assertClearFailure("elasticsearch", cut, address, "V2__fill.http");

            WeaveProcess.Result down = WeaveProcess.run(project, env, LIMIT, "db", "migrate", "elasticsearch");
            assertEquals(4, down.exit(), "migrate while the node is down: " + down);
            assertTrue(down.err().contains("cannot reach Elasticsearch at " + address), down.err());
            Figures.add("outage.unreachableRuns", 1);

            try (WeaveProcess retry = WeaveProcess.start(project, env, "db", "migrate", "elasticsearch", "--wait", RESTART.toSeconds() + "s")) {
                retry.awaitWhileRunning(() -> retry.out().contains("elasticsearch: waiting for elasticsearch at " + address
                        + " (attempt 1, "), "its first 'waiting for elasticsearch' line", LIMIT);
                server = LocalElasticsearch.start(data, port);
                // the ledger tells the truth: V1 recorded; V2 was cut off, so it is not recorded as success
                WeaveProcess.Result done = retry.await(RESTART.plus(LIMIT));
                assertEquals(0, done.exit(), "retry with --wait once the node is back: " + done);
                Ledgers.assertConsistent("elasticsearch after the outage", es.ledger(p),
                        List.of("V1__items.http", "V2__fill.http", "V3__more.http"));
                assertEquals(3, es.count(p + "items"));
            }
            Figures.add("outage.cleanRetries", 1);
            Figures.append("outage.stores", "elasticsearch");
        } finally {
            stopQuietly(server);
            Directories.deleteQuietly(data);
        }
    }

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void neo4jGoesAwayMidMigrationAndComesBack() throws Exception {
        Path home = Files.createTempDirectory("weave-reliability-neo4j-outage-");
        String password = "outage-Neo-" + Long.toHexString(System.nanoTime());
        LocalNeo4j server = Graph.startDedicated(home, 0, password);
        try {
            int port = server.boltPort();
            Path project = Work.project("outage-neo4j");
            Path dir = project.resolve(".weave/migrations/neo4j/cypher");
            Work.write(project.resolve("weave.yaml"), "stores:\n  neo4j: { lockLease: 2s }\n");
            Work.write(dir.resolve("V1__constraint.cypher"), "CREATE CONSTRAINT item_id IF NOT EXISTS FOR (i:Item) REQUIRE i.id IS UNIQUE;\n");
            Work.write(dir.resolve("V2__items.cypher"), "UNWIND range(1, 1000) AS i CREATE (:Item {id: i});\n"
                    + Graph.passGate("v2") + "CREATE (:Effect {script: 'V2__items.cypher'});\n");
            Work.write(dir.resolve("V3__more.cypher"), "CREATE (:Item {id: 1001});\n");
            Map<String, String> env = Map.of("NEO4J_URI", server.boltUri(), "NEO4J_USER", server.user(), "NEO4J_PASSWORD", password);
            String address = "bolt://127.0.0.1:" + port;

            WeaveProcess.Result cut;
            try (Graph graph = new Graph(server); WeaveProcess runner = WeaveProcess.start(project, env, "db", "migrate", "neo4j")) {
                AutoCloseable gate = graph.holdGate("v2");
                runner.awaitWhileRunning(() -> graph.running("Gate {name: 'v2'}"), "V2 waiting at its gate", LIMIT);
                server.close(); // a kept server stops cleanly (SIGTERM); open transactions are cut
                try {
                    gate.close();
                } catch (Exception ignored) {
                    // the server is gone, and the gate with it
                }
                cut = runner.await(LIMIT);
            }
            assertClearFailure("neo4j", cut, address, "V2__items.cypher");

            WeaveProcess.Result down = WeaveProcess.run(project, env, LIMIT, "db", "migrate", "neo4j");
            assertEquals(4, down.exit(), "migrate while the server is down: " + down);
            assertTrue(down.err().contains("cannot reach Neo4j at " + address), down.err());
            Figures.add("outage.unreachableRuns", 1);

            try (WeaveProcess retry = WeaveProcess.start(project, env, "db", "migrate", "neo4j", "--wait", RESTART.toSeconds() + "s")) {
                retry.awaitWhileRunning(() -> retry.out().contains("neo4j: waiting for neo4j at " + address + " (attempt 1, "),
                        "its first 'waiting for neo4j' line", LIMIT);
                server = Graph.startDedicated(home, port, password);
                WeaveProcess.Result done = retry.await(RESTART.plus(LIMIT));
                assertEquals(0, done.exit(), "retry with --wait once the server is back: " + done);
                try (Graph graph = new Graph(server)) {
                    Ledgers.assertConsistent("neo4j after the outage", graph.ledger(),
                            List.of("V1__constraint.cypher", "V2__items.cypher", "V3__more.cypher"));
                    assertEquals(1001, graph.count("MATCH (i:Item) RETURN count(i)"));
                    assertEquals(1, graph.count("MATCH (e:Effect) RETURN count(e)"));
                }
            }
            Figures.add("outage.cleanRetries", 1);
            Figures.append("outage.stores", "neo4j");
        } finally {
            stopQuietly(server);
            Directories.deleteQuietly(home);
        }
    }

    private static void stopQuietly(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception ignored) {
            // stopped already
        }
    }

    /**
     * Exit 4 (the store could not be reached), naming the migration that was cut off and the server, saying the
     * file is not the problem; no stack trace, no internal error.
     */
    private static void assertClearFailure(String store, WeaveProcess.Result run, String address, String script) {
        Log.info(store + ": server stopped mid-migration: exit " + run.exit() + "\n" + run.err());
        Figures.append("outage.exitWhenServerWentAway", store + "=" + run.exit());
        assertEquals(4, run.exit(), store + ": a server that went away is exit 4: " + run);
        assertTrue(run.err().contains(address), store + ": the message names the server: " + run);
        assertTrue(run.err().contains(script), store + ": the message names the migration that was cut off: " + run);
        assertTrue(run.err().contains("the file itself may well be fine"), store + ": " + run);
        assertFalse(run.err().contains("fix the file"), store + ": the file was not the problem: " + run);
        assertFalse(run.all().contains("\tat ") || run.all().contains("internal error"), store + ": " + run);
    }

}
