package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.api.MigrateResult;
import dev.weave.error.ExitCode;
import dev.weave.error.LockTimeoutException;
import dev.weave.model.LedgerEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lease lock on the real node: dead holders, live holders, renewal, and runners racing for it. */
class LeaseLockTest {

    @TempDir
    Path folder;
    private TargetOnNode t;

    @BeforeEach
    void target(TestInfo info) {
        t = new TargetOnNode(info.getTestMethod().orElseThrow().getName(), folder);
        t.write("V1__a.http", "PUT /${p}a\n");
    }

    @Test
    void aDeadRunnersLockIsTakenOverOnceItsLeaseRunsOut() {
        leaveLock("dead-runner@gone pid 1", System.currentTimeMillis() + 1_500);
        long start = System.nanoTime();

        MigrateResult result = t.weave(b -> b.lockTimeout(Duration.ofSeconds(20))).migrate(t.name);

        long waited = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, result.applied().size());
        assertTrue(waited >= 1_300, "not before the lease ran out: waited " + waited + " ms");
        assertTrue(waited < 10_000, "soon after the lease ran out: waited " + waited + " ms");
        assertEquals(404, t.node.status("GET", "/" + t.lockIndex() + "/_doc/lock"), "released after the run");
    }

    @Test
    void aLiveRunnersLockKeepsOthersOutWithExitFive() {
        leaveLock("busy-runner@build-7 pid 4242", System.currentTimeMillis() + 60_000);

        LockTimeoutException e = assertThrows(LockTimeoutException.class,
                () -> t.weave(b -> b.lockTimeout(Duration.ofSeconds(1))).migrate(t.name));

        assertEquals(ExitCode.LOCK_NOT_ACQUIRED, e.kind());
        assertTrue(e.getMessage().contains("busy-runner@build-7 pid 4242"), e.getMessage());
        assertTrue(e.getMessage().contains("waited 1 s"), e.getMessage());
        assertFalse(t.exists("/" + t.prefix + "a"));
        assertEquals("busy-runner@build-7 pid 4242", lockDocument().path("owner").asText(), "the holder's lock is untouched");
    }

    /** Lease 2 s, a migration of ~4 s: without renewal a second runner would take the lock over mid-run. */
    @Test
    void renewalKeepsALongMigrationsLock() throws Exception {
        t.set("lockLease", "2s");
        t.write("V2__slow.http", "# sampling hot threads takes the whole interval\n"
                + "GET /_nodes/hot_threads?interval=4s&snapshots=1&threads=1\n");
        CompletableFuture<MigrateResult> first = CompletableFuture.supplyAsync(() -> t.weave().migrate(t.name));
        awaitLockDocument();
        long firstSeqNo = lockDocumentSeqNo();
        Thread.sleep(2_500);

        LockTimeoutException second = assertThrows(LockTimeoutException.class,
                () -> t.weave(b -> b.lockTimeout(Duration.ofMillis(800))).migrate(t.name));

        assertTrue(second.getMessage().contains("holds the lock"), second.getMessage());
        assertTrue(lockDocumentSeqNo() > firstSeqNo, "the holder renewed its lease");
        MigrateResult result = first.get(60, TimeUnit.SECONDS);
        assertEquals(2, result.applied().size());
        assertEquals(2, t.weave().history(t.name).entries().size());
    }

    @Test
    void runnersWithShortLeasesApplyEachMigrationOnce() throws Exception {
        t.set("lockLease", "2s");
        for (int i = 2; i <= 6; i++) {
            t.write("V" + i + "__m" + i + ".http", "PUT /${p}m" + i + "\n###\nPOST /${p}m" + i + "/_doc?refresh=true\n{\"n\": " + i + "}\n");
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<MigrateResult>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> t.weave().migrate(t.name)));
            }
            int applied = 0;
            for (Future<MigrateResult> run : runs) {
                applied += run.get(120, TimeUnit.SECONDS).applied().size();
            }
            assertEquals(6, applied);
        } finally {
            pool.shutdownNow();
        }
        List<LedgerEntry> ledger = t.weave().history(t.name).entries();
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), ledger.stream().map(LedgerEntry::version).toList());
        assertTrue(ledger.stream().allMatch(LedgerEntry::success));
    }

    /** What a runner that died while holding the lock leaves behind. */
    private void leaveLock(String owner, long expiresAt) {
        String now = java.time.Instant.now().toString();
        var response = t.node.send("PUT", "/" + t.lockIndex() + "/_doc/lock?refresh=true", "{\"owner\": \"" + owner
                + "\", \"acquired_at\": \"" + now + "\", \"renewed_at\": \"" + now + "\", \"expires_at\": " + expiresAt + "}");
        assertEquals(201, response.statusCode(), response.body());
    }

    private JsonNode lockDocument() {
        return t.node.json("GET", "/" + t.lockIndex() + "/_doc/lock", null).path("_source");
    }

    private long lockDocumentSeqNo() {
        return t.node.json("GET", "/" + t.lockIndex() + "/_doc/lock", null).path("_seq_no").asLong(-1);
    }

    private void awaitLockDocument() throws InterruptedException {
        for (int i = 0; i < 100 && t.node.status("GET", "/" + t.lockIndex() + "/_doc/lock") != 200; i++) {
            Thread.sleep(50);
        }
    }
}
