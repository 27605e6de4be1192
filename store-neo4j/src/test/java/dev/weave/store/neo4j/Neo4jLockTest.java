package dev.weave.store.neo4j;

import dev.weave.api.CleanResult;
import dev.weave.error.ExitCode;
import dev.weave.error.LockTimeoutException;
import dev.weave.error.StoreErrorException;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.spi.StoreConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Value;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The :__WeaveLock node: leases renewed while held, taken over after a dead holder's lease, never by two runners. */
class Neo4jLockTest {

    @TempDir
    Path folder;

    private GraphTarget target;

    @BeforeEach
    void freshGraph() {
        // short leases keep the tests short; 1.5 s still allows two missed renewals on a busy machine
        target = new GraphTarget(folder, Map.of("lockLease", "1500ms"));
    }

    @Test
    void aHeldLockIsRenewedPastItsLeaseAndKeepsOthersOut() throws Exception {
        try (StoreConnection holder = target.connect(); StoreConnection.Lock held = holder.lock(Duration.ofSeconds(5))) {
            Thread.sleep(3_500); // more than two leases: only renewal keeps it

            try (StoreConnection other = target.connect()) {
                LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> other.lock(Duration.ofMillis(500)));
                assertEquals(ExitCode.LOCK_NOT_ACQUIRED, e.kind());
                assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
                assertTrue(e.getMessage().contains("lease (1500 ms)"), e.getMessage());
            }
            assertTrue(target.count("MATCH (l:__WeaveLock) RETURN l.leaseUntil - timestamp()") > 0, "the lease runs");
        }
        assertEquals(0, target.count("MATCH (l:__WeaveLock) RETURN count(l)"), "released on close");
        try (StoreConnection next = target.connect(); StoreConnection.Lock ignored = next.lock(Duration.ofMillis(200))) {
            assertEquals(1, target.count("MATCH (l:__WeaveLock) RETURN count(l)"));
        }
    }

    @Test
    void aLockLeftByAKilledRunIsTakenOverOnceItsLeaseRanOut() throws Exception {
        target.write("V1__a.cypher", "CREATE (:A);\n");
        long holderPid = lockInAJvmAndKillIt("2s");

        LockTimeoutException early = assertThrows(LockTimeoutException.class,
                () -> target.weave(b -> b.lockTimeout(Duration.ofMillis(300))).migrate(GraphTarget.NAME));
        assertTrue(early.getMessage().contains("pid " + holderPid), early.getMessage());
        assertEquals(0, target.count("MATCH (a:A) RETURN count(a)"));

        long t0 = System.nanoTime();
        try (StoreConnection next = target.connect(); StoreConnection.Lock ignored = next.lock(Duration.ofSeconds(20))) {
            Value lock = target.query("MATCH (l:__WeaveLock) RETURN l").get(0).get("l");
            assertTrue(lock.get("takenOverFrom").asString().contains("pid " + holderPid), lock.toString());
            assertTrue(lock.get("owner").asString().contains("pid " + ProcessHandle.current().pid()), lock.toString());
        }
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "waited for the lease, not for the timeout");
        target.weave().migrate(GraphTarget.NAME);
        assertEquals(1, target.count("MATCH (a:A) RETURN count(a)"));
    }

    @Test
    void anExpiredLockIsTakenOverByExactlyOneOfManyRunners() throws Exception {
        try (StoreConnection first = target.connect(); StoreConnection.Lock ignored = first.lock(Duration.ofSeconds(1))) {
            // the constraint exists now; below, the node is made to look like a dead runner's
        }
        target.query("CREATE (:__WeaveLock {database: 'neo4j', owner: 'weave dead@gone pid 1 run 0', leaseUntil: timestamp() - 1})");
        int runners = 4;
        ExecutorService pool = Executors.newFixedThreadPool(runners);
        List<StoreConnection> connections = new ArrayList<>();
        try {
            List<Callable<StoreConnection.Lock>> attempts = new ArrayList<>();
            for (int i = 0; i < runners; i++) {
                StoreConnection c = target.connect();
                connections.add(c);
                attempts.add(() -> c.lock(Duration.ofMillis(1500)));
            }
            int won = 0;
            int timedOut = 0;
            for (Future<StoreConnection.Lock> f : pool.invokeAll(attempts)) {
                try {
                    f.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof LockTimeoutException, e.getCause().toString());
                    timedOut++;
                }
            }
            assertEquals(1, won, "exactly one runner took the stale lock over");
            assertEquals(runners - 1, timedOut);
            assertEquals(1, target.count("MATCH (l:__WeaveLock) RETURN count(l)"));
        } finally {
            pool.shutdownNow();
            connections.forEach(StoreConnection::close);
        }
    }

    @Test
    void aRunWhoseLockWasTakenOverCannotWriteTheLedger() {
        try (StoreConnection run = target.connect(); StoreConnection.Lock ignored = run.lock(Duration.ofSeconds(1))) {
            run.createLedger();
            // what a takeover does once this run's lease has run out
            target.query("MATCH (l:__WeaveLock) SET l.owner = 'weave other@host pid 2 run 1'");

            StoreErrorException e = assertThrows(StoreErrorException.class, () -> run.appendEntry(new LedgerEntry(1, "1",
                    "baseline", EntryType.BASELINE, "baseline", null, "me", Instant.now(), 0, true)));

            assertTrue(e.getMessage().contains("no longer held by this run"), e.getMessage());
            assertTrue(run.readLedger().isEmpty());
        }
        assertEquals(1, target.count("MATCH (l:__WeaveLock) RETURN count(l)"), "the new holder's lock stays");
    }

    @Test
    void cleanRemovesWeavesNodesConstraintsAndLockButNotTheGraph() {
        target.write("V1__a.cypher", "CREATE CONSTRAINT a_id FOR (a:A) REQUIRE a.id IS UNIQUE;\n");
        target.write("V2__b.cypher", "CREATE (:A {id: 1});\n");
        target.weave().migrate(GraphTarget.NAME);
        assertEquals(List.of("__weave_lock_database", "__weave_migration_rank", "a_id"), target.constraintNames());

        CleanResult result = target.weave().clean(GraphTarget.NAME, true, false);

        assertEquals(List.of("ledger: 2 :__WeaveMigration nodes of database neo4j", "constraint __weave_migration_rank",
                "constraint __weave_lock_database", "recorded schema :__WeaveSchema", "lock node :__WeaveLock"),
                result.removed());
        assertEquals(List.of("a_id"), target.constraintNames());
        assertEquals(0, target.count("MATCH (n) WHERE n:__WeaveMigration OR n:__WeaveLock OR n:__WeaveSchema RETURN count(n)"));
        assertEquals(1, target.count("MATCH (a:A) RETURN count(a)"));

        CleanResult all = target.weave().clean(GraphTarget.NAME, true, true);
        assertTrue(all.removed().contains("constraint a_id"), all.removed().toString());
        assertEquals(0, target.count("MATCH (n) RETURN count(n)"));
        assertEquals(List.of(), target.constraintNames());
    }

    /** SIGKILL: no shutdown hook, no release; only the lease can free the lock. */
    private long lockInAJvmAndKillIt(String lease) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), lease)).redirectErrorStream(true);
        builder.environment().put("NEO4J_URI", target.settings().get("uri"));
        builder.environment().put("NEO4J_USER", target.settings().get("user"));
        builder.environment().put("NEO4J_PASSWORD", target.settings().get("password"));
        Process holder = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("LOCKED")) {
                    holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    assertFalse(holder.isAlive());
                    return holder.pid();
                }
                seen.append(line).append('\n');
            }
            throw new AssertionError("the lock holder ended before it held the lock:\n" + seen);
        } finally {
            holder.destroyForcibly();
        }
    }
}
