package dev.weave.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Promise: a runner killed with SIGKILL at any point leaves a ledger that tells the truth, its lock is
 * taken over (PostgreSQL: at once, the session lock dies with the connection; Elasticsearch and Neo4j: once
 * the lease has run out, never before), and the documented recovery (migrate again; or repair, then
 * migrate) brings the target to every migration applied exactly once.
 *
 * <p>Each store gets fresh targets per kill point and migrations with slow statements (PostgreSQL
 * {@code pg_sleep}, Elasticsearch {@code hot_threads} sampling, Neo4j a gate node whose write lock the
 * test holds), and callbacks that run under the lock before and after the migrations. Kill points are
 * chosen by what the store shows (a statement running, a ledger entry written, a document or index
 * created) plus a delay, and by plain delays from the start.
 *
 * <p>The three stores' tests run at the same time (they share nothing, and mostly wait).
 */
class CrashRecoveryTest {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    private static final Duration LEASE = Duration.ofSeconds(3);
    /**
     * A waiter polls every 200 ms (Elasticsearch) or up to 500 ms (Neo4j), and it is started after the kill:
     * the margin is mostly its own JVM start, which took 11 s once on a 2-core machine loaded with a benchmark
     * beside the suite. The bound only catches a takeover that never comes in reasonable time; taking over
     * before the lease ran out is what matters, and it is checked exactly, on the lock's own timestamps.
     */
    private static final Duration TAKEOVER_MARGIN = Duration.ofSeconds(20);

    // ------------------------------------------------------------------ PostgreSQL

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    @Execution(ExecutionMode.CONCURRENT)
    void postgresKilledAnywhereLeavesNothingHalfAppliedAndReleasesItsLockAtOnce() throws Exception {
        Pg pg = Servers.pg();
        List<String> scripts = List.of("V1__users.sql", "V2__backfill.sql", "V3__emails.sql");
        List<String> hit = new ArrayList<>();
        String[] db = new String[1];
        List<KillPoint> points = List.of(
                KillPoint.after("JVM starting (50 ms)", 50),
                KillPoint.after("connecting (450 ms)", 450),
                KillPoint.when("lock held, beforeMigrate callback running", () -> pg.running(db[0], "pg_sleep(0.31)"), 150),
                KillPoint.when("V1 committed, V2 starting", () -> pg.ledger(db[0]).size() >= 1, 0),
                KillPoint.when("V2 half done (first INSERT run, sleeping)", () -> pg.running(db[0], "pg_sleep(0.81)"), 100),
                KillPoint.when("V2 nearly done", () -> pg.running(db[0], "pg_sleep(0.81)"), 650),
                KillPoint.when("V3 mid (UPDATE run, sleeping)", () -> pg.running(db[0], "pg_sleep(0.41)"), 150),
                KillPoint.when("all committed, afterMigrate callback (lock held)", () -> pg.running(db[0], "pg_sleep(0.32)"), 100),
                KillPoint.after("1.6 s after start", 1600),
                KillPoint.after("2.6 s after start", 2600));
        int i = 0;
        for (KillPoint point : points) {
            db[0] = "crash_pg_" + ++i;
            pg.recreate(db[0]);
            Path project = Work.project("crash-postgres-" + i);
            Path dir = project.resolve(".weave/migrations").resolve(db[0]);
            Work.write(dir.resolve("beforeMigrate.sql"), "SELECT pg_sleep(0.31);\n");
            Work.write(dir.resolve("V1__users.sql"), "CREATE TABLE users (id INT PRIMARY KEY, email TEXT);\n"
                    + "INSERT INTO users (id) VALUES (1), (2);\n");
            Work.write(dir.resolve("V2__backfill.sql"), "CREATE TABLE backfill (id INT);\n"
                    + "INSERT INTO backfill SELECT generate_series(1, 1000);\n"
                    + "SELECT pg_sleep(0.81);\n"
                    + "INSERT INTO backfill SELECT generate_series(1001, 2000);\n");
            Work.write(dir.resolve("V3__emails.sql"), "UPDATE users SET email = 'u' || id || '@example.org';\n"
                    + "SELECT pg_sleep(0.41);\n"
                    + "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
            Work.write(dir.resolve("afterMigrate.sql"), "SELECT pg_sleep(0.32);\n");

            Instant killedAt;
            try (WeaveProcess runner = WeaveProcess.start(project, Servers.env(), "db", "migrate", db[0])) {
                if (!point.killAt(runner, RUN_LIMIT)) {
                    missed("postgres", point, runner);
                    continue;
                }
                killedAt = runner.killedAt();
            }
            killed("postgres", point);
            String where = "postgres, killed at '" + point + "'";

            // the session lock died with the connection
            waitUntil(() -> !pg.lockHeld(db[0]), Duration.ofSeconds(10), where + ": the lock was not released");
            Figures.max("crash.postgres.lockReleasedAfterKillMaxMs", Duration.between(killedAt, Instant.now()).toMillis());

            // the ledger tells the truth: a recorded migration is there whole, an unrecorded one not at all
            List<LedgerRow> ledger = pg.ledger(db[0]);
            Ledgers.assertRanks(where, ledger);
            ledger.forEach(r -> assertTrue(r.success(), where + ": a transactional file never leaves a failed entry: " + ledger));
            boolean v1 = Ledgers.recordedAsSuccess(ledger, "V1__users.sql");
            boolean v2 = Ledgers.recordedAsSuccess(ledger, "V2__backfill.sql");
            boolean v3 = Ledgers.recordedAsSuccess(ledger, "V3__emails.sql");
            assertEquals(v1, pg.tableExists(db[0], "users"), where + ": V1 recorded " + v1);
            assertEquals(v2 ? 2000 : -1, pg.tableExists(db[0], "backfill") ? pg.count(db[0], "SELECT count(*) FROM backfill") : -1,
                    where + ": V2 recorded " + v2 + ", so its table must be there whole or not at all");
            if (v1) {
                assertEquals(v3 ? 2 : 0, pg.count(db[0], "SELECT count(email) FROM users"), where + ": V3 recorded " + v3);
            }
            Figures.append("crash.postgres.ledgerAfterKill", ledger.size() + "/3");

            // recovery, as documented: run migrate again
            WeaveProcess.Result again = WeaveProcess.run(project, Servers.env(), RUN_LIMIT, "db", "migrate", db[0], "--lock-timeout", "30s");
            assertEquals(0, again.exit(), where + ": migrate again: " + again);
            Figures.add("crash.postgres.recoveredByMigrateAgain", 1);
            Ledgers.assertConsistent(where, pg.ledger(db[0]), scripts);
            assertEquals(2000, pg.count(db[0], "SELECT count(*) FROM backfill"), where);
            assertEquals(2, pg.count(db[0], "SELECT count(email) FROM users"), where);
            hit.add(point.name());
        }
        assertTrue(hit.size() >= points.size() - 2, "too many kill points missed: only " + hit);
    }

    // ------------------------------------------------------------------ Elasticsearch

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    @Execution(ExecutionMode.CONCURRENT)
    void elasticsearchKilledAnywhereNeverRecordsALieAndItsLeaseIsTakenOverOnlyOnceExpired() throws Exception {
        Es es = Servers.es();
        List<String> scripts = List.of("V1__items.http", "V2__fill.http", "V3__log.http");
        String[] p = new String[1];
        List<KillPoint> points = List.of(
                KillPoint.after("JVM starting (50 ms)", 50),
                KillPoint.when("lock held, beforeMigrate callback running", () -> es.lock(p[0]).isPresent(), 150),
                KillPoint.when("V1 recorded, V2 starting", () -> es.ledger(p[0]).size() >= 1, 0),
                KillPoint.when("V2 mid (first document written, slow request)", () -> es.docExists(p[0] + "items", "1"), 300),
                KillPoint.when("V2 requests done, ledger write due", () -> es.docExists(p[0] + "items", "2"), 0),
                KillPoint.when("V3 mid (index created, slow request)", () -> es.exists(p[0] + "log"), 200),
                KillPoint.when("V3 done or being recorded", () -> es.count(p[0] + "log") >= 1, 0),
                KillPoint.when("all recorded, afterMigrate callback (lock held)", () -> es.ledger(p[0]).size() >= 3, 100),
                KillPoint.after("2.5 s after start", 2500));
        int i = 0;
        int hits = 0;
        for (KillPoint point : points) {
            p[0] = "crash_es" + ++i + "_";
            Path project = Work.project("crash-elasticsearch-" + i);
            Path dir = project.resolve(".weave/migrations/elasticsearch/scripts");
            Work.write(project.resolve("weave.yaml"), "stores:\n  elasticsearch: { indexPrefix: " + p[0] + ", lockLease: "
                    + LEASE.toSeconds() + "s }\n");
            String noReplicas = "\n{\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 0}}\n";
            Work.write(dir.resolve("beforeMigrate.http"), "GET /_nodes/hot_threads?interval=300ms\n");
            Work.write(dir.resolve("V1__items.http"), "PUT /" + p[0] + "items\n" + noReplicas);
            Work.write(dir.resolve("V2__fill.http"), "PUT /" + p[0] + "items/_doc/1?refresh=true\n\n{\"n\": 1}\n"
                    + "###\nGET /_nodes/hot_threads?interval=900ms\n"
                    + "###\nPUT /" + p[0] + "items/_doc/2?refresh=true\n\n{\"n\": 2}\n");
            Work.write(dir.resolve("V3__log.http"), "PUT /" + p[0] + "log\n" + noReplicas
                    + "###\nGET /_nodes/hot_threads?interval=500ms\n"
                    + "###\nPOST /" + p[0] + "log/_doc?refresh=true\n\n{\"v\": 3}\n");
            Work.write(dir.resolve("afterMigrate.http"), "GET /_nodes/hot_threads?interval=300ms\n");

            Instant killedAt;
            try (WeaveProcess runner = WeaveProcess.start(project, Servers.env(), "db", "migrate", "elasticsearch")) {
                if (!point.killAt(runner, RUN_LIMIT)) {
                    missed("elasticsearch", point, runner);
                    continue;
                }
                killedAt = runner.killedAt();
            }
            hits++;
            killed("elasticsearch", point);
            String where = "elasticsearch, killed at '" + point + "'";
            Optional<Es.Lock> dead = es.lock(p[0]);

            // the ledger tells the truth: success only for a migration whose every request went through
            List<LedgerRow> ledger = es.ledger(p[0]);
            Ledgers.assertRanks(where, ledger);
            ledger.forEach(r -> assertTrue(r.success(), where + ": a kill is not a failure: " + ledger));
            if (Ledgers.recordedAsSuccess(ledger, "V1__items.http")) {
                assertTrue(es.exists(p[0] + "items"), where);
            }
            if (Ledgers.recordedAsSuccess(ledger, "V2__fill.http")) {
                assertTrue(es.docExists(p[0] + "items", "1") && es.docExists(p[0] + "items", "2"), where);
            }
            if (Ledgers.recordedAsSuccess(ledger, "V3__log.http")) {
                assertEquals(1, es.count(p[0] + "log"), where);
            }
            Figures.append("crash.elasticsearch.ledgerAfterKill", ledger.size() + "/3");

            // recovery, as documented: migrate again; the dead runner's lock is taken over once its lease ran out
            WeaveProcess.Result again;
            try (WeaveProcess recovery = WeaveProcess.start(project, Servers.env(), "db", "migrate", "elasticsearch",
                    "--lock-timeout", "30s")) {
                if (dead.isPresent()) {
                    Es.Lock taken = awaitNewOwner(() -> es.lock(p[0]), dead.get().owner(), recovery, where);
                    if (taken != null) {
                        long takeover = Duration.between(killedAt, taken.acquiredAt()).toMillis();
                        assertFalse(taken.acquiredAt().toEpochMilli() < dead.get().expiresAt() - 50,
                                where + ": the lock was taken at " + taken.acquiredAt() + ", before the dead runner's lease ended at "
                                        + Instant.ofEpochMilli(dead.get().expiresAt()));
                        assertTrue(takeover <= LEASE.plus(TAKEOVER_MARGIN).toMillis(),
                                where + ": takeover " + takeover + " ms after the kill, lease " + LEASE.toMillis() + " ms");
                        Figures.add("crash.elasticsearch.takeoversMeasured", 1);
                        Figures.max("crash.elasticsearch.takeoverAfterKillMaxMs", takeover);
                        Figures.append("crash.elasticsearch.takeoverAfterKillMs", String.valueOf(takeover));
                        Figures.append("crash.elasticsearch.takeoverAfterLeaseEndMs",
                                String.valueOf(taken.acquiredAt().toEpochMilli() - dead.get().expiresAt()));
                    }
                }
                again = recovery.await(RUN_LIMIT);
            }
            recover(where, project, again, "elasticsearch", "crash.elasticsearch", Map.of(
                    "V1__items.http", () -> es.delete(p[0] + "items"),
                    "V3__log.http", () -> es.delete(p[0] + "log")), () -> es.ledger(p[0]));
            Ledgers.assertConsistent(where, es.ledger(p[0]), scripts);
            assertTrue(es.docExists(p[0] + "items", "1") && es.docExists(p[0] + "items", "2"), where);
            assertEquals(1, es.count(p[0] + "log"), where + ": V3's document exactly once");
            assertTrue(es.lock(p[0]).isEmpty(), where + ": the recovering runner released the lock");
        }
        assertTrue(hits >= points.size() - 2, "too many kill points missed: " + hits + " of " + points.size());
    }

    // ------------------------------------------------------------------ Neo4j

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(Resources.NEO4J)
    void neo4jKilledAnywhereNeverRecordsALieAndItsLeaseIsTakenOverOnlyOnceExpired() throws Exception {
        Graph graph = Servers.neo4j();
        List<String> scripts = List.of("V1__constraint.cypher", "V2__items.cypher", "V3__names.cypher");
        List<KillPoint> points = List.of(
                KillPoint.after("JVM starting (50 ms)", 50),
                KillPoint.when("lock held, beforeMigrate callback waiting", () -> graph.running("Gate {name: 'before'}"), 100),
                KillPoint.when("V1 recorded, V2 starting", () -> graph.ledger().size() >= 1, 0),
                KillPoint.when("V2 mid (items created, transaction open)", () -> graph.running("Gate {name: 'v2'}"), 100),
                KillPoint.when("V3 mid (index and names committed, statement by statement)",
                        () -> graph.running("Gate {name: 'v3'}"), 100),
                KillPoint.when("all recorded, afterMigrate callback (lock held)", () -> graph.running("Gate {name: 'after'}"), 100),
                KillPoint.after("2.5 s after start", 2500));
        int i = 0;
        int hits = 0;
        for (KillPoint point : points) {
            i++;
            graph.reset();
            Path project = Work.project("crash-neo4j-" + i);
            Path dir = project.resolve(".weave/migrations/neo4j/cypher");
            Work.write(project.resolve("weave.yaml"), "stores:\n  neo4j: { lockLease: " + LEASE.toSeconds() + "s }\n");
            Work.write(dir.resolve("beforeMigrate.cypher"), Graph.passGate("before"));
            Work.write(dir.resolve("V1__constraint.cypher"), "CREATE CONSTRAINT item_id IF NOT EXISTS FOR (i:Item) REQUIRE i.id IS UNIQUE;\n");
            Work.write(dir.resolve("V2__items.cypher"), "UNWIND range(1, 1000) AS i CREATE (:Item {id: i});\n"
                    + Graph.passGate("v2") + "CREATE (:Effect {script: 'V2__items.cypher'});\n");
            Work.write(dir.resolve("V3__names.cypher"), "CREATE INDEX item_name IF NOT EXISTS FOR (i:Item) ON (i.name);\n"
                    + "MATCH (i:Item) SET i.name = 'item ' + i.id;\n"
                    + Graph.passGate("v3") + "MERGE (:Effect {script: 'V3__names.cypher'});\n");
            Work.write(dir.resolve("afterMigrate.cypher"), Graph.passGate("after"));

            Instant killedAt;
            List<AutoCloseable> gates = new ArrayList<>();
            try {
                // the runner waits at each gate until it has been seen waiting there for a while
                List<String> names = List.of("before", "v2", "v3", "after");
                for (String gate : names) {
                    gates.add(graph.holdGate(gate));
                }
                try (WeaveProcess runner = WeaveProcess.start(project, Servers.env(), "db", "migrate", "neo4j")) {
                    Thread gateKeeper = new Thread(() -> openGatesOneByOne(graph, names, gates, runner), "gate-keeper");
                    gateKeeper.setDaemon(true);
                    gateKeeper.start();
                    boolean hit = point.killAt(runner, RUN_LIMIT);
                    gateKeeper.interrupt();
                    gateKeeper.join();
                    if (!hit) {
                        missed("neo4j", point, runner);
                        continue;
                    }
                    killedAt = runner.killedAt();
                }
            } finally {
                closeAll(gates);
            }
            hits++;
            killed("neo4j", point);
            String where = "neo4j, killed at '" + point + "'";
            // the dead runner's transactions end once their gate is open: an open one rolls back, never commits
            waitUntil(() -> !graph.running("Gate {name:"), Duration.ofSeconds(20), where + ": the dead runner's statements still run");
            Optional<Graph.Lock> dead = graph.lock();

            List<LedgerRow> ledger = graph.ledger();
            Ledgers.assertRanks(where, ledger);
            ledger.forEach(r -> assertTrue(r.success(), where + ": a kill is not a failure: " + ledger));
            boolean v2 = Ledgers.recordedAsSuccess(ledger, "V2__items.cypher");
            assertEquals(v2 ? 1000 : 0, graph.count("MATCH (i:Item) RETURN count(i)"),
                    where + ": V2 (one transaction with its ledger entry) recorded " + v2);
            assertEquals(v2 ? 1 : 0, graph.count("MATCH (e:Effect {script: 'V2__items.cypher'}) RETURN count(e)"), where);
            if (Ledgers.recordedAsSuccess(ledger, "V3__names.cypher")) {
                assertEquals(0, graph.count("MATCH (i:Item) WHERE i.name IS NULL RETURN count(i)"), where);
                assertEquals(1, graph.count("MATCH (e:Effect {script: 'V3__names.cypher'}) RETURN count(e)"), where);
            }
            Figures.append("crash.neo4j.ledgerAfterKill", ledger.size() + "/3");

            WeaveProcess.Result again;
            try (WeaveProcess recovery = WeaveProcess.start(project, Servers.env(), "db", "migrate", "neo4j", "--lock-timeout", "30s")) {
                if (dead.isPresent()) {
                    Graph.Lock taken = awaitNewOwner(graph::lock, dead.get().owner(), recovery, where);
                    if (taken != null) {
                        long takeover = taken.since() - killedAt.toEpochMilli();
                        assertFalse(taken.since() < dead.get().leaseUntil() - 50, where + ": the lock was taken at "
                                + Instant.ofEpochMilli(taken.since()) + ", before the dead runner's lease ended at "
                                + Instant.ofEpochMilli(dead.get().leaseUntil()));
                        assertTrue(takeover <= LEASE.plus(TAKEOVER_MARGIN).toMillis(),
                                where + ": takeover " + takeover + " ms after the kill, lease " + LEASE.toMillis() + " ms");
                        Figures.add("crash.neo4j.takeoversMeasured", 1);
                        Figures.max("crash.neo4j.takeoverAfterKillMaxMs", takeover);
                        Figures.append("crash.neo4j.takeoverAfterKillMs", String.valueOf(takeover));
                        Figures.append("crash.neo4j.takeoverAfterLeaseEndMs", String.valueOf(taken.since() - dead.get().leaseUntil()));
                    }
                }
                again = recovery.await(RUN_LIMIT);
            }
            recover(where, project, again, "neo4j", "crash.neo4j", Map.of(), graph::ledger);
            Ledgers.assertConsistent(where, graph.ledger(), scripts);
            assertEquals(1000, graph.count("MATCH (i:Item) RETURN count(i)"), where);
            assertEquals(0, graph.count("MATCH (i:Item) WHERE i.name IS NULL RETURN count(i)"), where);
            assertEquals(1, graph.count("MATCH (e:Effect {script: 'V2__items.cypher'}) RETURN count(e)"), where);
            assertEquals(1, graph.count("MATCH (e:Effect {script: 'V3__names.cypher'}) RETURN count(e)"), where);
            assertTrue(graph.lock().isEmpty(), where + ": the recovering runner released the lock");
        }
        assertTrue(hits >= points.size() - 2, "too many kill points missed: " + hits + " of " + points.size());
    }

    /** Lets the runner through the gates one by one, each once it has waited there 400 ms (until the kill). */
    private static void openGatesOneByOne(Graph graph, List<String> names, List<AutoCloseable> gates, WeaveProcess runner) {
        try {
            for (int g = 0; g < gates.size(); g++) {
                String fragment = "Gate {name: '" + names.get(g) + "'}";
                while (runner.isAlive() && !graph.running(fragment)) {
                    Thread.sleep(20);
                }
                Thread.sleep(400);
                gates.get(g).close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (runner.isAlive()) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void closeAll(List<AutoCloseable> gates) {
        for (AutoCloseable gate : gates) {
            try {
                gate.close();
            } catch (Exception ignored) {
                // closed already by the gate keeper
            }
        }
    }

    // ------------------------------------------------------------------ shared steps

    /**
     * The documented recovery after the runner's "migrate again": exit 0 is done; exit 1 with a failed entry
     * (a migration re-ran into what its killed run had half done) is fixed by undoing that by hand,
     * {@code weave db repair}, then {@code weave db migrate}.
     */
    private static void recover(String where, Path project, WeaveProcess.Result again, String target, String figure,
                                Map<String, Runnable> undoByHand, java.util.function.Supplier<List<LedgerRow>> ledger) {
        if (again.exit() == 0) {
            Figures.add(figure + ".recoveredByMigrateAgain", 1);
            return;
        }
        assertEquals(1, again.exit(), where + ": migrate again: " + again);
        assertTrue(again.err().contains("recorded as failed") && again.err().contains("weave db repair " + target),
                where + ": the failure must say how to recover: " + again);
        List<LedgerRow> failed = ledger.get().stream().filter(r -> !r.success()).toList();
        assertEquals(1, failed.size(), where + ": one failed entry: " + ledger.get());
        Runnable undo = undoByHand.get(failed.get(0).script());
        if (undo == null) {
            fail(where + ": no known way to undo " + failed.get(0) + ": " + again);
        }
        undo.run();
        WeaveProcess.Result repair = WeaveProcess.run(project, Servers.env(), RUN_LIMIT, "db", "repair", target);
        assertEquals(0, repair.exit(), where + ": repair: " + repair);
        WeaveProcess.Result migrate = WeaveProcess.run(project, Servers.env(), RUN_LIMIT, "db", "migrate", target, "--lock-timeout", "30s");
        assertEquals(0, migrate.exit(), where + ": migrate after repair: " + migrate);
        Figures.add(figure + ".recoveredByRepairThenMigrate", 1);
    }

    /** Polls the lock until someone other than {@code deadOwner} holds it; null if the recovery ended first. */
    private static <L> L awaitNewOwner(java.util.function.Supplier<Optional<L>> lock, String deadOwner, WeaveProcess recovery,
                                       String where) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<L> now = lock.get();
            if (now.isPresent() && !owner(now.get()).equals(deadOwner)) {
                return now.get();
            }
            if (!recovery.isAlive()) {
                Figures.add("crash.takeoverNotObserved", 1);
                return null;
            }
            Thread.sleep(25);
        }
        fail(where + ": the dead runner's lock was not taken over within 30 s");
        return null;
    }

    private static String owner(Object lock) {
        return lock instanceof Es.Lock e ? e.owner() : ((Graph.Lock) lock).owner();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit, String message)
            throws InterruptedException {
        long t0 = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - t0 > limit.toNanos()) {
                fail(message + " within " + limit);
            }
            Thread.sleep(10);
        }
    }

    private static void killed(String store, KillPoint point) {
        Log.info(store + ": killed at '" + point + "'");
        Figures.add("crash." + store + ".kills", 1);
        Figures.add("crash.kills", 1);
        Figures.append("crash." + store + ".killPoints", point.name());
    }

    private static void missed(String store, KillPoint point, WeaveProcess runner) {
        Figures.add("crash." + store + ".missedKillPoints", 1);
        Figures.append("crash." + store + ".missed", point.name() + " (exit " + runner.result().exit() + ")");
    }
}
