package dev.weave.store.elasticsearch;

import dev.weave.spi.TargetSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Release against renewal on the real node: with a tiny lease the renewal thread writes the lock document
 * every few milliseconds, so releases keep landing while a renewal is in flight. After every release the
 * lock document must be gone, read straight from the node: a release that leaves our own lock behind
 * makes the next runner wait a whole lease for nothing (issue 13). Every third release is made from an
 * interrupted thread.
 */
class LeaseReleaseTest {

    /** Renewed every 10 ms: a renewal is in flight at a good share of the moments a release can start. */
    private static final Duration LEASE = Duration.ofMillis(30);
    /** Per lane, after its first cycle (which creates its lock index). */
    private static final Duration RUN_FOR = Duration.ofSeconds(6);
    /** Lanes of their own lock index each, side by side: more cycles in the time (each lock write is fsynced). */
    private static final int LANES = 2;

    @TempDir
    Path folder;

    @Test
    void everyReleaseLeavesNoLockBehindEvenWithARenewalInFlight() throws Exception {
        List<TargetOnNode> targets = new ArrayList<>();
        for (int i = 0; i < LANES; i++) {
            targets.add(new TargetOnNode("leaseRelease" + i, folder)); // the first starts the shared node
        }
        ExecutorService pool = Executors.newFixedThreadPool(LANES);
        try {
            List<Future<Integer>> lanes = new ArrayList<>();
            for (TargetOnNode t : targets) {
                lanes.add(pool.submit(() -> cycle(t)));
            }
            int cycles = 0;
            for (Future<Integer> lane : lanes) {
                try {
                    cycles += lane.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError a) {
                        throw a;
                    }
                    throw e;
                }
            }
            // a floor only against a test that degenerated: how many fit depends on the machine's load
            assertTrue(cycles >= 10 * LANES, "only " + cycles + " acquire/release cycles ran");
            System.out.println("LeaseReleaseTest: " + cycles + " acquire/release cycles in " + LANES + " lanes, lease "
                    + LEASE.toMillis() + " ms, all released");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Takes and releases one target's lock for {@link #RUN_FOR}; after each release the document must be gone. */
    private static int cycle(TargetOnNode t) {
        ElasticsearchEndpoint endpoint = ElasticsearchEndpoint.of(new TargetSettings(t.name, "elasticsearch", t.settings(), Duration.ZERO));
        String lockDocument = "/" + t.lockIndex() + "/_doc/" + LeaseLock.ID;
        int cycles = 0;
        try (Cluster cluster = Cluster.open(endpoint)) {
            OwnIndices own = new OwnIndices(cluster);
            long end = Long.MAX_VALUE;
            while (System.nanoTime() < end) {
                LeaseLock lock = LeaseLock.acquire(cluster, own, t.lockIndex(), LEASE, Duration.ofSeconds(5), t.name);
                // held for a random part of a renewal period or two, so the release meets every phase of a
                // renewal (the load the test applies, not a wait for something to happen)
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(LEASE.toMillis() * 2 / 3)));
                // every third release from an interrupted thread, as when migrate-all is stopped: the interrupt
                // must not cut the release short, and the caller must get it back
                boolean interrupt = cycles % 3 == 2;
                if (interrupt) {
                    Thread.currentThread().interrupt();
                }
                lock.close();
                cycles++;
                assertEquals(interrupt, Thread.interrupted(), t.name + ": release " + cycles + " kept the caller's interrupt");
                HttpResponse<String> left = t.node.send("GET", lockDocument, null);
                assertEquals(404, left.statusCode(), t.name + ": release " + cycles + " left the lock document behind: " + left.body());
                if (cycles == 1) {
                    end = System.nanoTime() + RUN_FOR.toNanos();
                }
            }
        }
        return cycles;
    }
}
