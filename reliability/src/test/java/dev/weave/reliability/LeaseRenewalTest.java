package dev.weave.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: a lease lock (Elasticsearch, Neo4j) is renewed for as long as its runner lives, however long
 * the migration takes, so a second runner does not get in; and a runner that stops renewing (paused past
 * its lease) loses the lock and records nothing more.
 */
class LeaseRenewalTest {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration LIMIT = Duration.ofSeconds(90);

    // ------------------------------------------------------------------ renewal

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @Execution(ExecutionMode.CONCURRENT)
    void elasticsearchLeaseIsRenewedThroughAMigrationLongerThanItAndKeepsASecondRunnerOut() throws Exception {
        Es es = Servers.es();
        String p = "lease_";
        Path project = Work.project("lease-elasticsearch");
        Work.write(project.resolve("weave.yaml"), "stores:\n  elasticsearch: { indexPrefix: " + p + ", lockLease: "
                + LEASE.toMillis() + "ms }\n");
        // held at its gate until the second runner has given up: at least two leases, however loaded the machine
        String gate = p + "gate";
        es.delete(gate);
        Work.write(project.resolve(".weave/migrations/elasticsearch/scripts/V1__long.http"),
                Es.passGate(gate) + "###\nPOST /" + p + "effects/_doc?refresh=true\n\n{\"script\": \"V1__long.http\"}\n");
        try (WeaveProcess first = WeaveProcess.start(project, Servers.env(), "db", "migrate", "elasticsearch")) {
            first.awaitWhileRunning(() -> es.lock(p).isPresent(), "the first runner's lock", LIMIT);
            String owner = es.lock(p).orElseThrow().owner();
            Watch watch = new Watch();
            WeaveProcess.Result second;
            try (WeaveProcess other = WeaveProcess.start(project, Servers.env(), "db", "migrate", "elasticsearch",
                    "--lock-timeout", (LEASE.toSeconds() * 2) + "s")) {
                while (other.isAlive()) {
                    es.lock(p).ifPresent(l -> watch.see(l.owner(), l.expiresAt(), System.currentTimeMillis()));
                    Thread.sleep(100);
                }
                second = other.await(LIMIT);
            }
            assertTrue(first.isAlive(), "the first runner is still migrating when the second gives up: " + second);
            es.lock(p).ifPresent(l -> watch.see(l.owner(), l.expiresAt(), System.currentTimeMillis()));
            es.openGate(gate);
            assertEquals(5, second.exit(), "the second runner must not get in: " + second);
            assertTrue(second.err().contains("holds the lock"), second.err());
            WeaveProcess.Result done = first.await(LIMIT);
            assertEquals(0, done.exit(), done.toString());
            watch.assertHeldThroughout("elasticsearch", owner);
        }
        Ledgers.assertConsistent("elasticsearch", es.ledger(p), List.of("V1__long.http"));
        assertEquals(1, es.count(p + "effects"), "applied once");
        Figures.add("lease.secondRunnersKeptOut", 1);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(Resources.NEO4J)
    void neo4jLeaseIsRenewedThroughAMigrationLongerThanItAndKeepsASecondRunnerOut() throws Exception {
        Graph graph = Servers.neo4j();
        graph.reset();
        Path project = Work.project("lease-neo4j");
        Work.write(project.resolve("weave.yaml"), "stores:\n  neo4j: { lockLease: " + LEASE.toMillis() + "ms }\n");
        Work.write(project.resolve(".weave/migrations/neo4j/cypher/V1__long.cypher"),
                Graph.passGate("long") + "CREATE (:Effect {script: 'V1__long.cypher'});\n");
        AutoCloseable gate = graph.holdGate("long");
        try (WeaveProcess first = WeaveProcess.start(project, Servers.env(), "db", "migrate", "neo4j")) {
            first.awaitWhileRunning(() -> graph.running("Gate {name: 'long'}"), "the first runner at its gate", LIMIT);
            String owner = graph.lock().orElseThrow().owner();
            Watch watch = new Watch();
            WeaveProcess.Result second;
            try (WeaveProcess other = WeaveProcess.start(project, Servers.env(), "db", "migrate", "neo4j",
                    "--lock-timeout", (LEASE.toSeconds() * 2) + "s")) {
                while (other.isAlive()) {
                    graph.lock().ifPresent(l -> watch.see(l.owner(), l.leaseUntil(), graph.serverMillis()));
                    Thread.sleep(100);
                }
                second = other.await(LIMIT);
            }
            // keep the first runner waiting a while longer, then let it finish
            Thread.sleep(LEASE.toMillis());
            graph.lock().ifPresent(l -> watch.see(l.owner(), l.leaseUntil(), graph.serverMillis()));
            gate.close();
            assertEquals(5, second.exit(), "the second runner must not get in: " + second);
            assertTrue(second.err().contains("holds the lock"), second.err());
            WeaveProcess.Result done = first.await(LIMIT);
            assertEquals(0, done.exit(), done.toString());
            watch.assertHeldThroughout("neo4j", owner);
        } finally {
            gate.close();
        }
        Ledgers.assertConsistent("neo4j", graph.ledger(), List.of("V1__long.cypher"));
        assertEquals(1, graph.count("MATCH (e:Effect) RETURN count(e)"), "applied once");
        Figures.add("lease.secondRunnersKeptOut", 1);
    }

    // ------------------------------------------------------------------ a runner that stops renewing

    /**
     * The first runner is paused (SIGSTOP) in the middle of a migration, longer than its lease; a second
     * runner takes the lock over and migrates; the first is resumed while the second is still at work. The
     * ledger must end with the migration recorded once, by the runner that holds the lock, and the paused
     * runner must stop with an error instead of recording anything.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @Execution(ExecutionMode.CONCURRENT)
    void elasticsearchRunnerPausedPastItsLeaseLosesTheLockAndRecordsNothing() throws Exception {
        Es es = Servers.es();
        String p = "stall_";
        Path project = Work.project("stall-elasticsearch");
        Work.write(project.resolve("weave.yaml"), "stores:\n  elasticsearch: { indexPrefix: " + p + ", lockLease: "
                + LEASE.toMillis() + "ms }\n");
        Work.write(project.resolve(".weave/migrations/elasticsearch/scripts/V1__slow.http"),
                "PUT /" + p + "items/_doc/1?refresh=true\n\n{\"n\": 1}\n"
                        + "###\nGET /_nodes/hot_threads?interval=1500ms\n");
        WeaveProcess.Result paused;
        WeaveProcess.Result taker;
        try (WeaveProcess first = WeaveProcess.start(project, Servers.env(), "db", "migrate", "elasticsearch")) {
            first.awaitWhileRunning(() -> es.docExists(p + "items", "1"), "the first runner's first request", LIMIT);
            Thread.sleep(300); // inside the slow last request: once it answers, the runner goes on to record
            first.signal("STOP");
            long stoppedAt = System.currentTimeMillis();
            try (WeaveProcess second = WeaveProcess.start(project, Servers.env(), "db", "migrate", "elasticsearch",
                    "--lock-timeout", "30s")) {
                second.awaitWhileRunning(() -> es.lock(p).map(l -> l.acquiredAt().toEpochMilli() > stoppedAt).orElse(false),
                        "the second runner taking the lock over", LIMIT);
                Thread.sleep(400); // the second runner is inside the migration now
                first.signal("CONT");
                paused = first.await(LIMIT);
                taker = second.await(LIMIT);
            }
        }
        assertStaleRunnerRecordedNothing("elasticsearch", paused, taker, es.ledger(p), "V1__slow.http");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(Resources.NEO4J)
    void neo4jRunnerPausedPastItsLeaseLosesTheLockAndRecordsNothing() throws Exception {
        Graph graph = Servers.neo4j();
        graph.reset();
        Path project = Work.project("stall-neo4j");
        Work.write(project.resolve("weave.yaml"), "stores:\n  neo4j: { lockLease: " + LEASE.toMillis() + "ms }\n");
        Work.write(project.resolve(".weave/migrations/neo4j/cypher/V1__slow.cypher"),
                "CREATE (:Item {n: 1});\n" + Graph.passGate("stall") + "CREATE (:Effect {script: 'V1__slow.cypher'});\n");
        WeaveProcess.Result paused;
        WeaveProcess.Result taker;
        AutoCloseable gate = graph.holdGate("stall");
        try (WeaveProcess first = WeaveProcess.start(project, Servers.env(), "db", "migrate", "neo4j")) {
            first.awaitWhileRunning(() -> graph.running("Gate {name: 'stall'}"), "the first runner at its gate", LIMIT);
            String firstOwner = graph.lock().orElseThrow().owner();
            first.signal("STOP");
            try (WeaveProcess second = WeaveProcess.start(project, Servers.env(), "db", "migrate", "neo4j",
                    "--lock-timeout", "30s")) {
                second.awaitWhileRunning(() -> graph.lock().map(l -> !l.owner().equals(firstOwner)).orElse(false),
                        "the second runner taking the lock over", LIMIT);
                gate.close(); // both runners' migrations may pass the gate now
                Thread.sleep(400);
                first.signal("CONT");
                paused = first.await(LIMIT);
                taker = second.await(LIMIT);
            }
        } finally {
            gate.close();
        }
        assertStaleRunnerRecordedNothing("neo4j", paused, taker, graph.ledger(), "V1__slow.cypher");
        assertEquals(1, graph.count("MATCH (e:Effect) RETURN count(e)"),
                "one transaction with its ledger entry: the paused runner's was rolled back");
    }

    private static void assertStaleRunnerRecordedNothing(String store, WeaveProcess.Result paused, WeaveProcess.Result taker,
                                                         List<LedgerRow> ledger, String script) {
        Log.info(store + " stall: paused runner " + paused + "\ntaking runner " + taker);
        Figures.append("lease.pausedRunnerExit", store + "=" + paused.exit());
        assertEquals(0, taker.exit(), store + ": the runner holding the lock finishes: " + taker);
        Ledgers.assertConsistent(store, ledger, List.of(script));
        assertNotEquals(0, paused.exit(), store + ": the paused runner lost its lock and must not report success: " + paused);
        assertTrue(paused.err().contains("lock"), store + ": the paused runner says it lost the lock: " + paused);
        Figures.add("lease.pausedRunnersFenced", 1);
    }

    /** What the lock looked like while the second runner tried to get in. */
    private static final class Watch {
        private final Set<String> owners = new HashSet<>();
        private final Set<Long> leaseEnds = new HashSet<>();
        private int samples;
        private long lapsed;

        void see(String owner, long leaseUntil, long now) {
            samples++;
            owners.add(owner);
            leaseEnds.add(leaseUntil);
            if (leaseUntil < now) {
                lapsed++;
            }
        }

        void assertHeldThroughout(String store, String owner) {
            Log.info(store + ": " + samples + " samples of the lock, " + leaseEnds.size() + " lease ends, owners " + owners);
            assertEquals(Set.of(owner), owners, store + ": one owner throughout");
            assertEquals(0, lapsed, store + ": the lease never ran out while its runner lived");
            assertTrue(leaseEnds.size() >= 3, store + ": renewed at least 3 times while the second runner waited: " + leaseEnds);
            Figures.add("lease." + store + ".renewalsSeen", leaseEnds.size() - 1L);
        }
    }
}
