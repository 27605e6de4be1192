package dev.weave.store.neo4j;

import dev.weave.local.neo4j.Neo4jServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Release against renewal on the real server: with the shortest lease the renewal thread writes the lock node
 * every 100 ms, so releases keep landing while a renewal is in flight; every third release is made from an
 * interrupted thread, as when migrate-all is stopped. After every release the lock node must be gone, read
 * straight from the graph: a release that leaves our own lock behind makes the next runner wait a whole
 * lease for nothing (issue 13).
 */
class Neo4jLockReleaseTest {

    private static final Duration LEASE = Duration.ofMillis(300);
    private static final Duration RUN_FOR = Duration.ofSeconds(6);

    @TempDir
    Path folder;

    @Test
    void everyReleaseLeavesNoLockBehindEvenWithARenewalInFlightOrAnInterrupt() {
        GraphTarget target = new GraphTarget(folder);
        int cycles = 0;
        long end = Long.MAX_VALUE;
        while (System.nanoTime() < end) {
            LeaseLock lock = LeaseLock.acquire(target.fixture.driver(), Neo4jServer.DATABASE, LEASE, Duration.ofSeconds(5),
                    GraphTarget.NAME, "the test graph");
            // held for a random part of one or two renewal periods, so the release meets every phase of a renewal
            // (the load the test applies, not a wait for something to happen)
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(150)));
            boolean interrupt = cycles % 3 == 2;
            if (interrupt) {
                Thread.currentThread().interrupt();
            }
            lock.close();
            cycles++;
            assertEquals(interrupt, Thread.interrupted(), "release " + cycles + " kept the caller's interrupt");
            assertEquals(0, target.count("MATCH (l:__WeaveLock) RETURN count(l)"), "release " + cycles + " left the lock node behind");
            if (cycles == 1) {
                end = System.nanoTime() + RUN_FOR.toNanos();
            }
        }
        // a floor only against a test that degenerated: how many fit depends on the machine's load
        assertTrue(cycles >= 20, "only " + cycles + " acquire/release cycles ran");
        System.out.println("Neo4jLockReleaseTest: " + cycles + " acquire/release cycles, lease " + LEASE.toMillis()
                + " ms, all released");
    }
}
